import { commandHandler, defineReactor } from '@shopstream/kernel';
import type { Clock, CommandHandler, ConcurrencyConflict, EventStore, HandleOptions, IdGenerator, Reactor, TimeoutEvent } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { afterSalesStream, caseClaims, caseClaimsStream } from '../afterSales/index.js';
import type {
  AfterSalesCase,
  AfterSalesError,
  AfterSalesEvent,
  CaseClaimCommand,
  CaseClaimEvent,
  ClaimLedger,
  RequestAfterSales,
} from '../afterSales/index.js';
import type { PaymentEvent } from '../payment/index.js';
import { GOODWILL_REFUND_CHECK, finishGoodwillRefund, goodwillRefundOutcome, goodwillRefundTimeoutId } from './goodwillRefunds.js';
import { CASE_CLAIMS, carryOver, moneyOf } from './ledgerFacts.js';
import { ProcessFault, settle } from './outcome.js';
import type { ProcessPorts } from './ports.js';
import { causedBy } from './ports.js';

export { CASE_CLAIMS };
/** The timeout that completes a case whose claim was recorded but whose opening never got appended. */
export const CASE_CLAIM_CHECK = 'case-claim-check';
/** How long an open has to append its case after its claim before the process finishes it (or gives the claim back). */
export const CASE_CLAIM_GRACE_MS = 60_000;

export const caseClaimTimeoutId = (caseId: string): string => `case-claim:${caseId}`;

export type CaseClaimsHandler = CommandHandler<ClaimLedger, CaseClaimCommand, CaseClaimEvent, AfterSalesError>;

/** The handler of the orders' claim ledgers. The host and the processes may each have one: the store decides between them. */
export const caseClaimsHandler = ({ eventStore, clock, ids }: { readonly eventStore: EventStore; readonly clock: Clock; readonly ids: IdGenerator }): CaseClaimsHandler =>
  commandHandler({ store: eventStore, decider: caseClaims, clock, ids });

export type OpenCaseError = AfterSalesError | ConcurrencyConflict;

/**
 * Opens a case in two appends: its claim on the order's ledger (where concurrent opens of one order are
 * decided one after the other, each on what the others took), then the case itself, with exactly the facts the
 * ledger decided on. A case refused after its claim was recorded gives the claim back. An open that stops
 * between the two appends (a crash, a lost connection) is finished by the case-claims process after
 * `CASE_CLAIM_GRACE_MS`, or by a retry with the same case id, whichever comes first.
 *
 * `casesOfOrder` names the order's cases known before its ledger existed; it is asked only once per order.
 */
export const openCase = async (
  ports: Pick<ProcessPorts, 'handlers' | 'read'>,
  claims: CaseClaimsHandler,
  request: RequestAfterSales,
  casesOfOrder: () => Promise<readonly string[]>,
  options: HandleOptions = {},
): Promise<Either<OpenCaseError, { readonly state: AfterSalesCase; readonly revision: number }>> => {
  const { handlers, read } = ports;
  const orderId = request.order.orderId;
  const ledgerStream = caseClaimsStream(orderId);
  const ledger = await claims.current(ledgerStream);
  const carriedOver = ledger.state.started ? [] : await carryOver(read, orderId, await casesOfOrder());
  // The ledger's revision is the store's business: an If-Match is about the case, not the order.
  const claimOptions: HandleOptions = options.metadata === undefined ? {} : { metadata: options.metadata };
  const facts = await moneyOf(read, orderId, request.order.lines[0]?.paid.currency ?? 'CNY');
  const claimed = await claims(ledgerStream, { type: 'ClaimCase', request, money: facts, carriedOver }, claimOptions);
  if (E.isLeft(claimed)) return claimed;
  const claim = claimed.right.state.claims[request.caseId];
  const spent = E.left<OpenCaseError>({ _tag: 'CaseAlreadyOpened', caseId: request.caseId });
  // Claimed before the ledger, or given back by an earlier attempt: the id is spent.
  if (claim === undefined || claim.request === null || claim.standing === 'released') return spent;
  const fresh = claimed.right.events.length > 0;

  const opened = await handlers.afterSales(afterSalesStream(request.caseId), claim.request, options);
  if (E.isRight(opened)) {
    const state = opened.right.state;
    return state.status === 'none' ? spent : E.right({ state, revision: opened.right.nextExpectedRevision });
  }
  if (opened.left._tag === 'CaseAlreadyOpened') {
    const { state, revision } = await handlers.afterSales.current(afterSalesStream(request.caseId));
    // The process finished this very open first (a case of this order under an id the ledger had not seen is this one).
    if (fresh && state.status !== 'none' && state.orderId === orderId) return E.right({ state, revision });
    if (state.status === 'none' || state.orderId !== orderId) await release(claims, orderId, request.caseId, claimOptions);
    return spent;
  }
  if (fresh) await release(claims, orderId, request.caseId, claimOptions);
  return opened;
};

const release = async (claims: CaseClaimsHandler, orderId: string, caseId: string, options: HandleOptions): Promise<void> => {
  settle(CASE_CLAIMS, 'ReleaseCaseClaim', await claims(caseClaimsStream(orderId), { type: 'ReleaseCaseClaim', orderId, caseId, reason: 'not_opened' }, options), []);
};

export type CaseClaimsEvent = AfterSalesEvent | CaseClaimEvent | TimeoutEvent | PaymentEvent;

/**
 * Keeps each order's claim ledger in step with its cases: a case rejected or withdrawn gives its claim back, a
 * settled one keeps its units and holds only what it paid; a goodwill refund's claim follows the payment's answer.
 * Each step is idempotent: the ledger records a claim's release or settlement once. It also finishes opens and
 * goodwill refunds that stopped after their claim (see `openCase`, `refundGoodwill`).
 */
export const caseClaimsProcess = (ports: ProcessPorts, claims: CaseClaimsHandler): Reactor<CaseClaimsEvent> => {
  const { handlers, read, scheduler } = ports;

  const giveBack = async (orderId: string, caseId: string, reason: 'rejected' | 'cancelled' | 'not_opened', options: HandleOptions): Promise<void> => {
    settle(CASE_CLAIMS, 'ReleaseCaseClaim', await claims(caseClaimsStream(orderId), { type: 'ReleaseCaseClaim', orderId, caseId, reason }, options), []);
  };

  /** A case settled: its claim now holds what the case paid out in all (nothing for a replacement or a repair). */
  const settled = async (orderId: string, caseId: string, options: HandleOptions): Promise<void> => {
    const found = await read.afterSalesCase(caseId);
    if (found === null) return;
    settle(CASE_CLAIMS, 'SettleCaseClaim', await claims(caseClaimsStream(orderId), { type: 'SettleCaseClaim', orderId, caseId, paid: found.refunded }, options), []);
  };

  /** An open that stopped between its claim and its case: finish it with the claim's request, or give the claim back. */
  const finish = async (orderId: string, caseId: string, options: HandleOptions): Promise<void> => {
    const claim = (await claims.current(caseClaimsStream(orderId))).state.claims[caseId];
    if (claim?.standing !== 'held' || claim.request === null) return;
    const existing = await read.afterSalesCase(caseId);
    if (existing !== null) {
      // The id was taken by a case of another order: this claim never became a case.
      if (existing.orderId !== orderId) await giveBack(orderId, caseId, 'not_opened', options);
      return;
    }
    const opened = await handlers.afterSales(afterSalesStream(caseId), claim.request, options);
    if (E.isRight(opened)) return;
    // A conflict that outlasted the handler's retries is a fault: the timeout is handled again.
    if (opened.left._tag === 'ConcurrencyConflict') throw new ProcessFault(CASE_CLAIMS, 'RequestAfterSales', opened.left);
    // Opened meanwhile by the open itself, retried: nothing to give back.
    if (opened.left._tag === 'CaseAlreadyOpened' && (await read.afterSalesCase(caseId))?.orderId === orderId) return;
    await giveBack(orderId, caseId, 'not_opened', options);
  };

  return defineReactor<CaseClaimsEvent>({
    name: CASE_CLAIMS,
    handlers: {
      CaseClaimed: async (event) => {
        const { orderId, caseId, at } = event.data;
        const scheduled = await scheduler.schedule(
          { timeoutId: caseClaimTimeoutId(caseId), kind: CASE_CLAIM_CHECK, due: new Date(Date.parse(at) + CASE_CLAIM_GRACE_MS).toISOString(), payload: { orderId, caseId } },
          causedBy(event, CASE_CLAIMS),
        );
        settle(CASE_CLAIMS, 'ScheduleTimeout', scheduled, []);
      },
      GoodwillRefundClaimed: async (event) => {
        const { orderId, refundId, at } = event.data;
        const scheduled = await scheduler.schedule(
          {
            timeoutId: goodwillRefundTimeoutId(orderId, refundId),
            kind: GOODWILL_REFUND_CHECK,
            due: new Date(Date.parse(at) + CASE_CLAIM_GRACE_MS).toISOString(),
            payload: { orderId, refundId },
          },
          causedBy(event, CASE_CLAIMS),
        );
        settle(CASE_CLAIMS, 'ScheduleTimeout', scheduled, []);
      },
      TimeoutFired: async (event) => {
        const { kind, payload, timeoutId } = event.data;
        if (kind === CASE_CLAIM_CHECK) {
          const { orderId, caseId } = payload;
          if (typeof orderId !== 'string' || typeof caseId !== 'string') throw new Error(`${CASE_CLAIMS}: timeout ${timeoutId} names no claim`);
          await finish(orderId, caseId, causedBy(event, CASE_CLAIMS));
        } else if (kind === GOODWILL_REFUND_CHECK) {
          const { orderId, refundId } = payload;
          if (typeof orderId !== 'string' || typeof refundId !== 'string') throw new Error(`${CASE_CLAIMS}: timeout ${timeoutId} names no refund`);
          await finishGoodwillRefund(ports, claims, orderId, refundId, causedBy(event, CASE_CLAIMS));
        }
      },
      // The payment's answer to a refund, however it came (the call, a notification, a query): a goodwill refund's claim follows it.
      PaymentRefunded: (event) => goodwillRefundOutcome(claims, event.data.orderId, event.data.refundId, 'succeeded', causedBy(event, CASE_CLAIMS)),
      PaymentRefundFailed: (event) => goodwillRefundOutcome(claims, event.data.orderId, event.data.refundId, 'failed', causedBy(event, CASE_CLAIMS)),
      CaseRejected: (event) => giveBack(event.data.orderId, event.data.caseId, 'rejected', causedBy(event, CASE_CLAIMS)),
      CaseCancelled: (event) => giveBack(event.data.orderId, event.data.caseId, 'cancelled', causedBy(event, CASE_CLAIMS)),
      RefundIssued: (event) => settled(event.data.orderId, event.data.caseId, causedBy(event, CASE_CLAIMS)),
      ComplaintResolved: (event) => settled(event.data.orderId, event.data.caseId, causedBy(event, CASE_CLAIMS)),
      ReplacementShipped: (event) => settled(event.data.orderId, event.data.caseId, causedBy(event, CASE_CLAIMS)),
      RepairedItemReturned: (event) => settled(event.data.orderId, event.data.caseId, causedBy(event, CASE_CLAIMS)),
    },
  });
};
