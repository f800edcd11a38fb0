import { deciderSpecification } from '@shopstream/kernel/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import type { PaymentCommand } from './commands.js';
import { paymentDecider } from './decider.js';
import type { PaymentEvent } from './events.js';
import { CardDetails } from './model.js';
import type { PaymentOutcome } from './model.js';
import { isOpen } from './state.js';
import type { OpenPaymentState } from './state.js';

const T0 = '2026-01-01T00:00:00.000Z';
const EXPIRES = '2026-01-01T00:15:00.000Z';
const at = (iso: string) => ({ now: new Date(iso) });
const spec = deciderSpecification(paymentDecider, { now: new Date(T0) });
const orderId = 'order-1';
const amount = money(4690);
const card = { token: 'tok_visa_4242', brand: 'visa' as const, last4: '4242' };

const history = (...steps: (PaymentCommand | readonly [PaymentCommand, string])[]): PaymentEvent[] => {
  let state = paymentDecider.initialState();
  const events: PaymentEvent[] = [];
  for (const step of steps) {
    const [command, when] = 'type' in step ? [step, T0] : step;
    const decision = paymentDecider.decide(command, state, at(when));
    if (E.isLeft(decision)) throw new Error(`${command.type} refused: ${JSON.stringify(decision.left)}`);
    for (const event of decision.right) {
      state = paymentDecider.evolve(state, event);
      events.push(event);
    }
  }
  return events;
};
const stateAfter = (events: readonly PaymentEvent[]): OpenPaymentState => {
  const state = events.reduce(paymentDecider.evolve, paymentDecider.initialState());
  if (!isOpen(state)) throw new Error('no attempt started');
  return state;
};

const start = (attemptId: string, extra: Partial<Extract<PaymentCommand, { type: 'StartPaymentAttempt' }>['data']> = {}): PaymentCommand => ({
  type: 'StartPaymentAttempt',
  data: { orderId, attemptId, method: 'alipay', amount, expiresAt: EXPIRES, ...extra },
});
const initiated = (attemptId: string, providerReference = `ref-${attemptId}`): PaymentCommand => ({
  type: 'RecordPaymentInitiation',
  data: { orderId, attemptId, providerReference, nextAction: { kind: 'redirect', url: `https://pay.example/${providerReference}` } },
});
const outcome = (attemptId: string, result: PaymentOutcome, notificationId: string | null = 'n1', providerReference = `ref-${attemptId}`): PaymentCommand => ({
  type: 'RecordPaymentOutcome',
  data: {
    orderId,
    attemptId,
    providerReference,
    outcome: result,
    source: notificationId === null ? { kind: 'response' } : { kind: 'notification', notificationId },
  },
});
const captured = (attemptId: string, notificationId: string | null = 'n1') => outcome(attemptId, { kind: 'captured', amount }, notificationId);
const refund = (refundId: string, value: number, attemptId = 'a1'): PaymentCommand => ({
  type: 'RequestPaymentRefund',
  data: { orderId, refundId, attemptId, amount: money(value), reason: 'return' },
});
const refundOutcome = (refundId: string, succeeded: boolean, notificationId: string | null = null): PaymentCommand => ({
  type: 'RecordPaymentRefundOutcome',
  data: {
    orderId,
    refundId,
    outcome: succeeded ? { kind: 'succeeded', providerRefundReference: `rf-${refundId}` } : { kind: 'failed', reason: 'account closed' },
    source: notificationId === null ? { kind: 'response' } : { kind: 'notification', notificationId },
  },
});

describe('StartPaymentAttempt', () => {
  it('starts an attempt', () => {
    spec
      .given([])
      .when(start('a1'))
      .then([{ type: 'PaymentAttemptStarted', data: { orderId, attemptId: 'a1', method: 'alipay', amount, startedAt: T0, expiresAt: EXPIRES } }]);
  });

  it('keeps only the card token, brand and last four digits', () => {
    spec
      .given([])
      .when(start('a1', { method: 'card', card }))
      .then([{ type: 'PaymentAttemptStarted', data: { orderId, attemptId: 'a1', method: 'card', amount, card, startedAt: T0, expiresAt: EXPIRES } }]);
  });

  it('lets the customer start another attempt while none has paid', () => {
    const decision = spec.given(history(start('a1'), initiated('a1'))).when(start('a2', { method: 'wechat_pay' })).decision();
    expect(decision).toMatchObject(E.right([{ type: 'PaymentAttemptStarted', data: { attemptId: 'a2', method: 'wechat_pay' } }]));
  });

  it('treats the same start again as a retry', () => {
    spec.given(history(start('a1'))).when(start('a1')).then([]);
  });

  it('refuses an attempt id reused for something else', () => {
    spec.given(history(start('a1'))).when(start('a1', { amount: money(1) })).then({ _tag: 'AttemptIdReused', attemptId: 'a1' });
  });

  it('refuses a new attempt once an attempt has paid', () => {
    spec.given(history(start('a1'), initiated('a1'), captured('a1'))).when(start('a2')).then({ _tag: 'OrderAlreadyPaid', orderId, attemptId: 'a1' });
  });

  it('refuses another currency, a zero amount and an expiry in the past', () => {
    spec.given(history(start('a1'))).when(start('a2', { amount: money(4690, 'USD') })).then({ _tag: 'PaymentCurrencyMismatch', expected: 'CNY', received: 'USD' });
    spec.given([]).when(start('a1', { amount: money(0) })).then({ _tag: 'PaymentAmountNotPositive', amount: money(0) });
    spec.given([]).when(start('a1', { expiresAt: T0 })).then({ _tag: 'AttemptExpiryNotInFuture', expiresAt: T0, now: T0 });
  });

  it('needs card details for a card, and refuses them for other methods', () => {
    spec.given([]).when(start('a1', { method: 'card' })).then({ _tag: 'CardDetailsRequired', attemptId: 'a1' });
    spec.given([]).when(start('a1', { method: 'unionpay', card })).then({ _tag: 'CardDetailsNotAccepted', attemptId: 'a1', method: 'unionpay' });
  });

  it('refuses a command routed to the wrong order', () => {
    spec
      .given(history(start('a1')))
      .when({ type: 'StartPaymentAttempt', data: { orderId: 'order-2', attemptId: 'a2', method: 'alipay', amount, expiresAt: EXPIRES } })
      .then({ _tag: 'PaymentOrderMismatch', orderId, commandOrderId: 'order-2' });
  });
});

describe('RecordPaymentInitiation', () => {
  it("records the provider's reference and the customer's next action", () => {
    spec
      .given(history(start('a1')))
      .when(initiated('a1'))
      .then([
        { type: 'PaymentActionRequired', data: { orderId, attemptId: 'a1', providerReference: 'ref-a1', nextAction: { kind: 'redirect', url: 'https://pay.example/ref-a1' } } },
      ]);
    expect(stateAfter(history(start('a1'), initiated('a1'))).attempts[0]?.status).toBe('action_required');
  });

  it('records the answer to an initiate retried after a failure', () => {
    const failure: PaymentCommand = { type: 'RecordPaymentInitiationFailure', data: { orderId, attemptId: 'a1', reason: 'ProviderUnavailable' } };
    expect(spec.given(history(start('a1'), failure)).when(initiated('a1')).decision()).toMatchObject(E.right([{ type: 'PaymentActionRequired' }]));
    expect(stateAfter(history(start('a1'), failure, initiated('a1'))).attempts[0]?.status).toBe('action_required');
  });

  it('adds nothing when a notification already settled the attempt', () => {
    spec.given(history(start('a1'), captured('a1'))).when(initiated('a1')).then([]);
  });

  it('refuses another provider reference than the one already known', () => {
    spec
      .given(history(start('a1'), initiated('a1')))
      .when(initiated('a1', 'ref-other'))
      .then({ _tag: 'ProviderReferenceMismatch', attemptId: 'a1', expected: 'ref-a1', received: 'ref-other' });
  });

  it('refuses an unknown attempt', () => {
    spec.given(history(start('a1'))).when(initiated('a9')).then({ _tag: 'UnknownPaymentAttempt', orderId, attemptId: 'a9' });
    spec.given([]).when(initiated('a1')).then({ _tag: 'UnknownPaymentAttempt', orderId, attemptId: 'a1' });
  });
});

describe('RecordPaymentInitiationFailure', () => {
  const failed: PaymentCommand = { type: 'RecordPaymentInitiationFailure', data: { orderId, attemptId: 'a1', reason: 'provider unavailable' } };

  it('records that the provider could not start the payment', () => {
    spec.given(history(start('a1'))).when(failed).then([{ type: 'PaymentInitiationFailed', data: { orderId, attemptId: 'a1', reason: 'provider unavailable', failedAt: T0 } }]);
    spec.given(history(start('a1'), failed)).when(failed).then([]);
  });

  it('refuses an attempt the provider already answered', () => {
    spec.given(history(start('a1'), initiated('a1'))).when(failed).then({ _tag: 'AttemptNotPending', attemptId: 'a1', status: 'action_required' });
  });
});

describe('RecordPaymentOutcome', () => {
  it('records a capture from a notification', () => {
    spec
      .given(history(start('a1'), initiated('a1')))
      .when(captured('a1'))
      .then([
        {
          type: 'PaymentCaptured',
          data: { orderId, attemptId: 'a1', providerReference: 'ref-a1', amount, source: { kind: 'notification', notificationId: 'n1' }, capturedAt: T0 },
        },
      ]);
    const state = stateAfter(history(start('a1'), initiated('a1'), captured('a1')));
    expect(state.captured).toEqual(amount);
    expect(state.notifications).toEqual(['ref-a1:n1']);
  });

  it('ignores a duplicate notification, and the same news by another route', () => {
    const paid = history(start('a1'), initiated('a1'), captured('a1'));
    spec.given(paid).when(captured('a1')).then([]);
    spec.given(paid).when(captured('a1', 'n2')).then([]);
    spec.given(paid).when(captured('a1', null)).then([]);
    spec.given(paid).when(outcome('a1', { kind: 'declined', code: 'late' }, 'n3')).then([]);
  });

  it('accepts a capture that overtakes the answer to initiate', () => {
    expect(spec.given(history(start('a1'))).when(captured('a1')).decision()).toMatchObject(E.right([{ type: 'PaymentCaptured' }]));
    const state = stateAfter(history(start('a1'), captured('a1')));
    expect(state.attempts[0]).toMatchObject({ status: 'captured', providerReference: 'ref-a1' });
  });

  it('records an authorisation, and then its capture', () => {
    spec
      .given(history(start('a1', { method: 'card', card }), initiated('a1')))
      .when(outcome('a1', { kind: 'authorised', amount }, null))
      .then([{ type: 'PaymentAuthorised', data: { orderId, attemptId: 'a1', providerReference: 'ref-a1', amount, source: { kind: 'response' }, authorisedAt: T0 } }]);
    const authorised = history(start('a1', { method: 'card', card }), initiated('a1'), outcome('a1', { kind: 'authorised', amount }, null));
    spec.given(authorised).when(outcome('a1', { kind: 'authorised', amount }, 'n7')).then([]);
    expect(spec.given(authorised).when(captured('a1', null)).decision()).toMatchObject(E.right([{ type: 'PaymentCaptured' }]));
  });

  it('records a decline and a provider-side expiry', () => {
    spec
      .given(history(start('a1'), initiated('a1')))
      .when(outcome('a1', { kind: 'declined', code: 'insufficient_funds', message: 'balance too low' }))
      .then([
        {
          type: 'PaymentDeclined',
          data: {
            orderId,
            attemptId: 'a1',
            providerReference: 'ref-a1',
            code: 'insufficient_funds',
            message: 'balance too low',
            source: { kind: 'notification', notificationId: 'n1' },
            declinedAt: T0,
          },
        },
      ]);
    spec
      .given(history(start('a1'), initiated('a1')))
      .when(outcome('a1', { kind: 'expired' }))
      .then([{ type: 'PaymentAttemptExpired', data: { orderId, attemptId: 'a1', providerReference: 'ref-a1', source: { kind: 'notification', notificationId: 'n1' }, expiredAt: T0 } }]);
    spec.given(history(start('a1'), initiated('a1'), outcome('a1', { kind: 'expired' }))).when(outcome('a1', { kind: 'expired' }, 'n2')).then([]);
  });

  it('records a payment that succeeds after we timed the attempt out', () => {
    const timedOut = history(start('a1'), initiated('a1'), [{ type: 'TimeOutPaymentAttempt', data: { orderId, attemptId: 'a1' } }, EXPIRES]);
    expect(spec.given(timedOut).when(captured('a1')).decision()).toEqual(
      E.right([
        {
          type: 'PaymentCaptured',
          data: { orderId, attemptId: 'a1', providerReference: 'ref-a1', amount, source: { kind: 'notification', notificationId: 'n1' }, capturedAt: T0 },
        },
      ]),
    );
  });

  it('flags a second attempt that pays an order already paid, for refund', () => {
    spec
      .given(history(start('a1'), initiated('a1'), start('a2'), initiated('a2'), captured('a1')))
      .when(captured('a2'))
      .then([
        {
          type: 'PaymentCaptured',
          data: { orderId, attemptId: 'a2', providerReference: 'ref-a2', amount, source: { kind: 'notification', notificationId: 'n1' }, capturedAt: T0 },
        },
        { type: 'PaymentAttemptFlaggedForReversal', data: { orderId, attemptId: 'a2', reason: 'double_payment', amount, flaggedAt: T0 } },
      ]);
  });

  it('flags a payment made on an attempt we had voided', () => {
    const voided = history(start('a1'), initiated('a1'), { type: 'VoidPaymentAttempt', data: { orderId, attemptId: 'a1', reason: 'customer switched method' } });
    expect(spec.given(voided).when(captured('a1')).decision()).toMatchObject(
      E.right([{ type: 'PaymentCaptured' }, { type: 'PaymentAttemptFlaggedForReversal', data: { reason: 'paid_after_void' } }]),
    );
  });

  it('refuses an amount other than the attempt asked for', () => {
    spec
      .given(history(start('a1'), initiated('a1')))
      .when(outcome('a1', { kind: 'captured', amount: money(1) }))
      .then({ _tag: 'OutcomeAmountMismatch', attemptId: 'a1', expected: amount, received: money(1) });
  });

  it('refuses news about another provider transaction, or an unknown attempt', () => {
    spec
      .given(history(start('a1'), initiated('a1')))
      .when(outcome('a1', { kind: 'captured', amount }, 'n1', 'ref-other'))
      .then({ _tag: 'ProviderReferenceMismatch', attemptId: 'a1', expected: 'ref-a1', received: 'ref-other' });
    spec.given(history(start('a1'))).when(captured('a9')).then({ _tag: 'UnknownPaymentAttempt', orderId, attemptId: 'a9' });
  });
});

describe('TimeOutPaymentAttempt', () => {
  const timeOut: PaymentCommand = { type: 'TimeOutPaymentAttempt', data: { orderId, attemptId: 'a1' } };

  it('gives up waiting once the attempt has expired', () => {
    spec.given(history(start('a1'), initiated('a1'))).when(timeOut, at(EXPIRES)).then([{ type: 'PaymentAttemptTimedOut', data: { orderId, attemptId: 'a1', timedOutAt: EXPIRES } }]);
    spec.given(history(start('a1'), initiated('a1'), [timeOut, EXPIRES])).when(timeOut, at(EXPIRES)).then([]);
  });

  it('refuses before the expiry, and for an attempt already settled', () => {
    spec.given(history(start('a1'), initiated('a1'))).when(timeOut, at('2026-01-01T00:14:59.999Z')).then({ _tag: 'AttemptNotExpired', attemptId: 'a1', expiresAt: EXPIRES });
    spec.given(history(start('a1'), initiated('a1'), captured('a1'))).when(timeOut, at(EXPIRES)).then({ _tag: 'AttemptNotPending', attemptId: 'a1', status: 'captured' });
  });
});

describe('VoidPaymentAttempt', () => {
  const voidIt: PaymentCommand = { type: 'VoidPaymentAttempt', data: { orderId, attemptId: 'a1', reason: 'order cancelled' } };

  it('voids a pending attempt or an authorisation', () => {
    spec.given(history(start('a1'), initiated('a1'))).when(voidIt).then([{ type: 'PaymentAttemptVoided', data: { orderId, attemptId: 'a1', reason: 'order cancelled', voidedAt: T0 } }]);
    const authorised = history(start('a1', { method: 'card', card }), initiated('a1'), outcome('a1', { kind: 'authorised', amount }, null));
    expect(spec.given(authorised).when(voidIt).decision()).toMatchObject(E.right([{ type: 'PaymentAttemptVoided' }]));
    spec.given(history(start('a1'), voidIt)).when(voidIt).then([]);
  });

  it('refuses a captured attempt (it is refunded instead)', () => {
    spec.given(history(start('a1'), captured('a1'))).when(voidIt).then({ _tag: 'AttemptNotVoidable', attemptId: 'a1', status: 'captured' });
  });
});

describe('RequestPaymentRefund', () => {
  const paid = history(start('a1'), initiated('a1'), captured('a1'));

  it('reserves the amount while the provider is asked', () => {
    spec.given(paid).when(refund('r1', 1000)).then([{ type: 'PaymentRefundRequested', data: { orderId, refundId: 'r1', attemptId: 'a1', amount: money(1000), reason: 'return', requestedAt: T0 } }]);
    expect(stateAfter(history(start('a1'), initiated('a1'), captured('a1'), refund('r1', 1000))).attempts[0]?.refundPending).toEqual(money(1000));
  });

  it('treats the same request again as a retry, and refuses the id for another refund', () => {
    const refunding = history(start('a1'), initiated('a1'), captured('a1'), refund('r1', 1000));
    spec.given(refunding).when(refund('r1', 1000)).then([]);
    spec.given(refunding).when(refund('r1', 999)).then({ _tag: 'RefundIdReused', refundId: 'r1' });
  });

  it('refuses another currency and a zero amount', () => {
    spec
      .given(paid)
      .when({ type: 'RequestPaymentRefund', data: { orderId, refundId: 'r1', attemptId: 'a1', amount: money(1, 'USD'), reason: 'x' } })
      .then({ _tag: 'PaymentCurrencyMismatch', expected: 'CNY', received: 'USD' });
    spec.given(paid).when(refund('r1', 0)).then({ _tag: 'PaymentAmountNotPositive', amount: money(0) });
  });

  it('refuses an attempt that took no money', () => {
    spec.given(history(start('a1'), initiated('a1'))).when(refund('r1', 1)).then({ _tag: 'AttemptNotCaptured', attemptId: 'a1', status: 'action_required' });
  });

  it('never refunds more than was captured, counting refunds still pending', () => {
    const refunding = history(start('a1'), initiated('a1'), captured('a1'), refund('r1', 4000));
    spec.given(refunding).when(refund('r2', 691)).then({ _tag: 'RefundExceedsCaptured', attemptId: 'a1', requested: money(691), refundable: money(690) });
    // A refused refund gives its reservation back.
    const refused = history(start('a1'), initiated('a1'), captured('a1'), refund('r1', 4000), refundOutcome('r1', false));
    expect(spec.given(refused).when(refund('r2', 4690)).decision()).toMatchObject(E.right([{ type: 'PaymentRefundRequested' }]));
  });
});

describe('RecordPaymentRefundOutcome', () => {
  const requested = history(start('a1'), initiated('a1'), captured('a1'), refund('r1', 1000));

  it('records a refund the provider made', () => {
    spec
      .given(requested)
      .when(refundOutcome('r1', true))
      .then([
        {
          type: 'PaymentRefunded',
          data: { orderId, refundId: 'r1', attemptId: 'a1', amount: money(1000), providerRefundReference: 'rf-r1', source: { kind: 'response' }, refundedAt: T0 },
        },
      ]);
    const state = stateAfter(history(start('a1'), initiated('a1'), captured('a1'), refund('r1', 1000), refundOutcome('r1', true)));
    expect(state.refunded).toEqual(money(1000));
    expect(state.attempts[0]).toMatchObject({ refunded: money(1000), refundPending: money(0) });
  });

  it('records a refused refund and frees the reserved amount', () => {
    spec
      .given(requested)
      .when(refundOutcome('r1', false, 'n5'))
      .then([
        {
          type: 'PaymentRefundFailed',
          data: { orderId, refundId: 'r1', attemptId: 'a1', amount: money(1000), reason: 'account closed', source: { kind: 'notification', notificationId: 'n5' }, failedAt: T0 },
        },
      ]);
  });

  it('keeps the first answer: duplicates and later answers change nothing', () => {
    const settled = history(start('a1'), initiated('a1'), captured('a1'), refund('r1', 1000), refundOutcome('r1', true, 'n5'));
    spec.given(settled).when(refundOutcome('r1', true, 'n5')).then([]);
    spec.given(settled).when(refundOutcome('r1', false)).then([]);
  });

  it('refuses an unknown refund', () => {
    spec.given(requested).when(refundOutcome('r9', true)).then({ _tag: 'UnknownRefund', orderId, refundId: 'r9' });
    spec.given([]).when(refundOutcome('r1', true)).then({ _tag: 'UnknownRefund', orderId, refundId: 'r1' });
  });
});

describe('every command about an attempt', () => {
  it('refuses an attempt the order does not have', () => {
    const given = history(start('a1'));
    const commands: PaymentCommand[] = [
      initiated('a9'),
      { type: 'RecordPaymentInitiationFailure', data: { orderId, attemptId: 'a9', reason: 'x' } },
      captured('a9'),
      { type: 'TimeOutPaymentAttempt', data: { orderId, attemptId: 'a9' } },
      { type: 'VoidPaymentAttempt', data: { orderId, attemptId: 'a9', reason: 'x' } },
      refund('r1', 1, 'a9'),
    ];
    for (const command of commands) spec.given(given).when(command).then({ _tag: 'UnknownPaymentAttempt', orderId, attemptId: 'a9' });
  });
});

describe('card details', () => {
  it('accept a token, a brand and four digits, and refuse anything that looks like a card number', () => {
    expect(CardDetails.safeParse(card).success).toBe(true);
    expect(CardDetails.safeParse({ ...card, token: '4242 4242 4242 4242' }).success).toBe(false);
    expect(CardDetails.safeParse({ ...card, token: '4242424242424242' }).success).toBe(false);
    expect(CardDetails.safeParse({ ...card, last4: '42424' }).success).toBe(false);
    expect(CardDetails.safeParse({ ...card, cvv: '123' }).success).toBe(false);
  });
});
