import type { Decider } from '@shopstream/kernel';
import { streamName } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { Money } from '../shared/money.js';
import { money } from '../shared/money.js';
import type { AfterSalesCase, AfterSalesState } from './case.js';
import { evolve, initialState } from './case.js';
import type { AfterSalesCommand } from './commands.js';
import type { AfterSalesError } from './errors.js';
import type { AfterSalesEvent, AfterSalesEventType } from './events.js';
import type { AfterSalesPolicy } from './policy.js';
import { defaultAfterSalesPolicy } from './policy.js';
import { checkRequest } from './request.js';
import { nextStatus } from './stateMachine.js';

// The state's types live beside evolve; re-exported here because other contexts import them from the decider.
export type { AfterSalesCase, AfterSalesState } from './case.js';

/** Statuses a case is in once it decided a payout (a refund, or a complaint's compensation). */
const PAID_OUT = new Set<AfterSalesCase['status']>(['refunded', 'complaint_resolved', 'closed']);

type Decision = E.Either<AfterSalesError, readonly AfterSalesEvent[]>;

const existing = (state: AfterSalesState, caseId: string): E.Either<AfterSalesError, AfterSalesCase> =>
  state.status === 'none' || state.caseId !== caseId ? E.left({ _tag: 'CaseNotFound', caseId }) : E.right(state);

/** Applies the state machine: the event must be listed from the case's status for its kind, or the command is refused. */
const move = (state: AfterSalesState, caseId: string, on: AfterSalesEventType, produce: (s: AfterSalesCase) => Decision): Decision =>
  E.flatMap(existing(state, caseId), (s) =>
    nextStatus(s.kind, s.status, on) !== undefined ? produce(s) : E.left({ _tag: 'IllegalTransition', caseId, kind: s.kind, from: s.status, event: on }),
  );

const owner = (s: AfterSalesCase, customerId: string): E.Either<AfterSalesError, AfterSalesCase> =>
  s.customerId === customerId ? E.right(s) : E.left({ _tag: 'NotCaseOwner', caseId: s.caseId, customerId });

/** A payout must be positive, in the case's currency, and keep the case's total within what was paid. */
const checkPayout = (s: AfterSalesCase, amount: Money): E.Either<AfterSalesError, Money> => {
  if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) return E.left({ _tag: 'InvalidAmount', caseId: s.caseId, amount });
  if (amount.currency !== s.refundable.currency) return E.left({ _tag: 'CurrencyMismatch', expected: s.refundable.currency, received: amount.currency });
  const left = money(s.refundable.amount - s.refunded.amount, s.refundable.currency);
  return amount.amount > left.amount ? E.left({ _tag: 'RefundExceedsPaid', caseId: s.caseId, requested: amount, refundable: left }) : E.right(amount);
};

const decideWith =
  (policy: AfterSalesPolicy) =>
  (command: AfterSalesCommand, state: AfterSalesState, { now }: { now: Date }): Decision => {
    const at = now.toISOString();
    return match(command)
      .with({ type: 'RequestAfterSales' }, (c): Decision => {
        if (state.status !== 'none') return E.left({ _tag: 'CaseAlreadyOpened', caseId: c.caseId });
        return E.flatMap(checkRequest(policy, c, now), (checked): Decision => E.right([
          {
            type: 'AfterSalesRequested',
            data: {
              caseId: c.caseId,
              orderId: c.order.orderId,
              customerId: c.customerId,
              kind: c.kind,
              reason: c.reason,
              description: c.description,
              evidence: c.evidence,
              lines: checked.lines,
              refundable: checked.refundable,
              windowStart: checked.windowStart,
              windowDays: checked.windowDays,
              requestedAt: at,
            },
          },
        ]));
      })
      .with({ type: 'ApproveCase' }, (c) =>
        move(state, c.caseId, 'CaseApproved', (s) =>
          E.right([{ type: 'CaseApproved', data: { caseId: s.caseId, orderId: s.orderId, kind: s.kind, approvedBy: c.approvedBy, note: c.note, at } }]),
        ),
      )
      .with({ type: 'RejectCase' }, (c) => {
        if (c.reason.trim().length === 0) return E.left<AfterSalesError>({ _tag: 'RejectionReasonRequired', caseId: c.caseId });
        return move(state, c.caseId, 'CaseRejected', (s) =>
          E.right([
            {
              type: 'CaseRejected',
              data: { caseId: s.caseId, orderId: s.orderId, rejectedBy: c.rejectedBy, reason: c.reason.trim(), stage: s.status === 'item_received' ? 'inspection' : 'request', at },
            },
          ]),
        );
      })
      .with({ type: 'CancelCase' }, (c) =>
        E.flatMap(E.flatMap(existing(state, c.caseId), (s) => owner(s, c.customerId)), () =>
          move(state, c.caseId, 'CaseCancelled', (s) => E.right([{ type: 'CaseCancelled', data: { caseId: s.caseId, orderId: s.orderId, customerId: c.customerId, reason: c.reason, at } }])),
        ),
      )
      .with({ type: 'RecordReturnParcel' }, (c) =>
        E.flatMap(E.flatMap(existing(state, c.caseId), (s) => owner(s, c.customerId)), () =>
          move(state, c.caseId, 'ReturnParcelDispatched', (s) =>
            s.returnParcel?.carrier === c.carrier && s.returnParcel.waybillNumber === c.waybillNumber
              ? E.right([])
              : E.right([{ type: 'ReturnParcelDispatched', data: { caseId: s.caseId, carrier: c.carrier, waybillNumber: c.waybillNumber, at } }]),
          ),
        ),
      )
      .with({ type: 'ReceiveItem' }, (c) =>
        move(state, c.caseId, 'ItemReceived', (s) => E.right([{ type: 'ItemReceived', data: { caseId: s.caseId, receivedBy: c.receivedBy, condition: c.condition, note: c.note, at } }])),
      )
      .with({ type: 'IssueRefund' }, (c) =>
        move(state, c.caseId, 'RefundIssued', (s) =>
          E.flatMap(checkPayout(s, c.amount), (amount): Decision => E.right([
            {
              type: 'RefundIssued',
              data: {
                caseId: s.caseId,
                orderId: s.orderId,
                customerId: s.customerId,
                refundId: c.refundId,
                amount,
                lines: s.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
                at,
              },
            },
          ])),
        ),
      )
      .with({ type: 'ShipReplacement' }, (c) =>
        move(state, c.caseId, 'ReplacementShipped', (s) =>
          E.right([
            {
              type: 'ReplacementShipped',
              data: { caseId: s.caseId, orderId: s.orderId, shipmentId: c.shipmentId, lines: s.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })), at },
            },
          ]),
        ),
      )
      .with({ type: 'ReturnRepairedItem' }, (c) =>
        move(state, c.caseId, 'RepairedItemReturned', (s) =>
          E.right([{ type: 'RepairedItemReturned', data: { caseId: s.caseId, orderId: s.orderId, shipmentId: c.shipmentId, repairNote: c.repairNote, at } }]),
        ),
      )
      .with({ type: 'ResolveComplaint' }, (c) =>
        move(state, c.caseId, 'ComplaintResolved', (s) => {
          const resolved = (compensation: Money | null): readonly AfterSalesEvent[] => [
            {
              type: 'ComplaintResolved',
              data: { caseId: s.caseId, orderId: s.orderId, resolution: c.resolution, compensation, refundId: c.compensation?.refundId ?? null, at },
            },
          ];
          return c.compensation === null ? E.right(resolved(null)) : E.flatMap(checkPayout(s, c.compensation.amount), (amount) => E.right(resolved(amount)));
        }),
      )
      .with({ type: 'RecordPayoutRefused' }, (c): Decision =>
        E.flatMap(existing(state, c.caseId), (s): Decision => {
          if (s.payoutRefused?.refundId === c.refundId) return E.right([]);
          // Only a case that decided a payout has one to be refused.
          if (!PAID_OUT.has(s.status)) return E.left({ _tag: 'IllegalTransition', caseId: s.caseId, kind: s.kind, from: s.status, event: 'CasePayoutRefused' });
          return E.right([
            { type: 'CasePayoutRefused', data: { caseId: s.caseId, orderId: s.orderId, refundId: c.refundId, amount: c.amount, reason: c.reason, refundable: c.refundable, at } },
          ]);
        }),
      )
      .with({ type: 'CloseCase' }, (c) => move(state, c.caseId, 'CaseClosed', (s) => E.right([{ type: 'CaseClosed', data: { caseId: s.caseId, orderId: s.orderId, at } }])))
      .exhaustive();
  };

/** An after-sales decider under a given policy (windows, evidence rules). One stream per case: `aftersales-<caseId>`. */
export const afterSalesDecider = (
  policy: AfterSalesPolicy = defaultAfterSalesPolicy,
): Decider<AfterSalesState, AfterSalesCommand, AfterSalesEvent, AfterSalesError> => ({ initialState, evolve, decide: decideWith(policy) });

/** The decider under the default policy. */
export const afterSales = afterSalesDecider();

export const afterSalesStream = (caseId: string): string => streamName('aftersales', caseId);
