import { ManualClock, commandHandler, eventRegistry, memoryEventStore, sequentialIds } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import { afterSales, afterSalesStream } from './decider.js';
import { afterSalesEvents } from './events.js';
import { days, request } from './testing/fixtures.js';

const setup = () => {
  const clock = new ManualClock(days(2));
  const store = memoryEventStore({ registry: eventRegistry(afterSalesEvents), now: () => clock.now() });
  const handle = commandHandler({ store, decider: afterSales, clock, ids: sequentialIds(), sleep: async () => undefined });
  return { clock, store, handle, stream: afterSalesStream('case-1') };
};

describe('an after-sales case on the event store', () => {
  it('runs a no-reason return from request to closing, every event accepted by the registry', async () => {
    const { handle, store, stream } = setup();
    const steps = [
      request(),
      { type: 'ApproveCase' as const, caseId: 'case-1', approvedBy: 'staff-1', note: '' },
      { type: 'RecordReturnParcel' as const, caseId: 'case-1', customerId: 'c-1', carrier: 'sf-express', waybillNumber: 'SF1' },
      { type: 'ReceiveItem' as const, caseId: 'case-1', receivedBy: 'staff-2', condition: 'as_described' as const, note: '' },
      { type: 'IssueRefund' as const, caseId: 'case-1', refundId: 'r-1', amount: money(9_400) },
      { type: 'CloseCase' as const, caseId: 'case-1' },
    ];
    for (const command of steps) expect(E.isRight(await handle(stream, command))).toBe(true);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual([
      'AfterSalesRequested',
      'CaseApproved',
      'ReturnParcelDispatched',
      'ItemReceived',
      'RefundIssued',
      'CaseClosed',
    ]);
  });

  it('lets only one of two racing decisions through: the customer cancels while staff receive the item', async () => {
    const { handle, store, stream } = setup();
    await handle(stream, request());
    await handle(stream, { type: 'ApproveCase', caseId: 'case-1', approvedBy: 'staff-1', note: '' });
    const [cancelled, received] = await Promise.all([
      handle(stream, { type: 'CancelCase', caseId: 'case-1', customerId: 'c-1', reason: 'kept it' }),
      handle(stream, { type: 'ReceiveItem', caseId: 'case-1', receivedBy: 'staff-2', condition: 'as_described', note: '' }),
    ]);
    expect([cancelled, received].filter(E.isRight)).toHaveLength(1);
    expect([cancelled, received].filter(E.isLeft).map((r) => r.left._tag)).toEqual(['IllegalTransition']);
    const last = (await store.readStream(stream)).at(-1)?.type;
    expect(['CaseCancelled', 'ItemReceived']).toContain(last);
  });

  it('refuses a second case on the same stream', async () => {
    const { handle, stream } = setup();
    await handle(stream, request());
    expect(await handle(stream, request())).toEqual(E.left({ _tag: 'CaseAlreadyOpened', caseId: 'case-1' }));
  });
});
