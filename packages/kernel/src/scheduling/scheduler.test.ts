import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { EventStore } from '../eventStore/eventStore.js';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { eventRegistry } from '../events/registry.js';
import { projectionRuntime } from '../projections/runtime.js';
import type { ReadStore } from '../readStore/readStore.js';
import { memoryReadStore } from '../readStore/memoryReadStore.js';
import { deciderSpecification } from '../testing/deciderSpecification.js';
import { ManualClock } from '../time/clock.js';
import { durableScheduler, pendingTimeouts } from './scheduler.js';
import { timeoutDecider, timeoutEvents } from './timeouts.js';

const start = '2026-06-01T10:00:00.000Z';

/** One scheduler "instance": its own projection runtime and scheduler over shared stores. */
const instance = async (eventStore: EventStore, readStore: ReadStore, clock: ManualClock) => {
  const runtime = projectionRuntime({ eventStore, readStore, projections: [pendingTimeouts], clock });
  await runtime.start();
  const scheduler = durableScheduler({ eventStore, pending: runtime.collection('timeouts', 'pending'), clock });
  const sync = async () => runtime.waitFor(await eventStore.headPosition());
  return { runtime, scheduler, sync };
};

const firedIds = async (eventStore: EventStore) =>
  (await eventStore.readAll({ filter: { eventTypes: ['TimeoutFired'] } })).map((e) => (e.data as { timeoutId: string }).timeoutId).sort();

describe('timeout decider', () => {
  const spec = deciderSpecification(timeoutDecider, { now: new Date(start) });
  const scheduled = { type: 'TimeoutScheduled' as const, data: { timeoutId: 't1', kind: 'payment-expiry', due: '2026-06-01T10:30:00.000Z', payload: { orderId: 'o1' } } };
  const schedule = { kind: 'schedule' as const, timeoutId: 't1', timeoutKind: 'payment-expiry', due: '2026-06-01T10:30:00.000Z', payload: { orderId: 'o1' } };

  it('schedules once; the same request again is a no-op, a different one a conflict', () => {
    spec.given([]).when(schedule).then([scheduled]);
    spec.given([scheduled]).when(schedule).then([]);
    spec.given([scheduled]).when({ ...schedule, due: '2026-06-01T11:00:00.000Z' }).thenFails('TimeoutAlreadyScheduled');
  });

  it('fires only when due, and only once', () => {
    spec.given([scheduled]).when({ kind: 'fire' }).thenFails('TimeoutNotDue');
    const now = new Date('2026-06-01T10:30:00.000Z');
    spec.given([scheduled]).when({ kind: 'fire' }, { now }).then([
      { type: 'TimeoutFired', data: { ...scheduled.data, firedAt: now.toISOString() } },
    ]);
    const fired = { type: 'TimeoutFired' as const, data: { ...scheduled.data, firedAt: now.toISOString() } };
    spec.given([scheduled, fired]).when({ kind: 'fire' }, { now }).thenFails('TimeoutAlreadyFired');
    spec.given([]).when({ kind: 'fire' }).thenFails('TimeoutNotScheduled');
  });

  it('cancels a pending timeout, not a fired one', () => {
    const cancelled = { type: 'TimeoutCancelled' as const, data: { timeoutId: 't1', reason: 'paid' } };
    spec.given([scheduled]).when({ kind: 'cancel', reason: 'paid' }).then([cancelled]);
    spec.given([scheduled, cancelled]).when({ kind: 'cancel', reason: 'again' }).then([]);
    spec.given([scheduled, cancelled]).when({ kind: 'fire' }, { now: new Date('2026-07-01T00:00:00.000Z') }).thenFails('TimeoutAlreadyCancelled');
    spec.given([]).when({ kind: 'cancel', reason: 'x' }).thenFails('TimeoutNotScheduled');
    spec.given([scheduled, { type: 'TimeoutFired', data: { ...scheduled.data, firedAt: start } }]).when({ kind: 'cancel', reason: 'late' }).thenFails('TimeoutAlreadyFired');
  });
});

describe('durableScheduler', () => {
  it('fires what is due, in order of due time, and leaves the rest', async () => {
    const clock = new ManualClock(start);
    const eventStore = memoryEventStore({ registry: eventRegistry(timeoutEvents) });
    const { scheduler, sync, runtime } = await instance(eventStore, memoryReadStore(), clock);
    for (const [id, minutes] of [['late', 60], ['soon', 5], ['mid', 30]] as const) {
      expect(E.isRight(await scheduler.schedule({ timeoutId: id, kind: 'test', due: new Date(Date.parse(start) + minutes * 60_000) }))).toBe(true);
    }
    await sync();
    expect(await scheduler.fireDue()).toBe(0);
    clock.advance(31 * 60_000);
    expect(await scheduler.fireDue()).toBe(2);
    expect((await eventStore.readAll({ filter: { eventTypes: ['TimeoutFired'] } })).map((e) => (e.data as { timeoutId: string }).timeoutId)).toEqual(['soon', 'mid']);
    await sync();
    expect(await scheduler.fireDue()).toBe(0);
    await runtime.stop();
  });

  it('fires a timeout in the chain that scheduled it: its correlation and trace, caused by the TimeoutScheduled', async () => {
    const text = fc.stringMatching(/^[a-z0-9-]{1,24}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          correlationId: text,
          causationId: fc.option(text),
          actor: fc.option(fc.record({ kind: fc.constantFrom('customer' as const, 'staff' as const, 'system' as const), id: text })),
          traceparent: fc.option(fc.constant('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')),
          tracestate: fc.option(fc.constant('vendor=1')),
        }),
        async (metadata) => {
          const clock = new ManualClock(start);
          const eventStore = memoryEventStore({ registry: eventRegistry(timeoutEvents) });
          const { scheduler, sync, runtime } = await instance(eventStore, memoryReadStore(), clock);
          expect(E.isRight(await scheduler.schedule({ timeoutId: 't1', kind: 'test', due: start }, { metadata }))).toBe(true);
          await sync();
          expect(await scheduler.fireDue()).toBe(1);
          const [scheduled, fired] = await eventStore.readStream('timeout-t1');
          expect(fired?.type).toBe('TimeoutFired');
          expect(fired?.metadata).toEqual({
            correlationId: metadata.correlationId,
            causationId: scheduled?.id,
            actor: { kind: 'system', id: 'scheduler' },
            traceparent: metadata.traceparent,
            tracestate: metadata.tracestate,
          });
          await runtime.stop();
        },
      ),
      { numRuns: 30 },
    );
  });

  it('never fires a timeout twice, with two instances polling at once', async () => {
    const clock = new ManualClock(start);
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const a = await instance(eventStore, readStore, clock);
    const b = await instance(eventStore, memoryReadStore(), clock);
    for (let i = 0; i < 20; i++) await a.scheduler.schedule({ timeoutId: `t${i}`, kind: 'test', due: start });
    await Promise.all([a.sync(), b.sync()]);
    const [firedByA, firedByB] = await Promise.all([a.scheduler.fireDue(), b.scheduler.fireDue()]);
    expect(firedByA + firedByB).toBe(20);
    expect(await firedIds(eventStore)).toHaveLength(20);
    expect(new Set(await firedIds(eventStore)).size).toBe(20);
    await Promise.all([a.runtime.stop(), b.runtime.stop()]);
  });

  it('survives a restart: nothing scheduled is lost and nothing fired fires again', async () => {
    const clock = new ManualClock(start);
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const first = await instance(eventStore, readStore, clock);
    await first.scheduler.schedule({ timeoutId: 'a', kind: 'test', due: start });
    await first.scheduler.schedule({ timeoutId: 'b', kind: 'test', due: '2026-06-01T12:00:00.000Z' });
    await first.scheduler.schedule({ timeoutId: 'c', kind: 'test', due: '2026-06-01T12:00:00.000Z' });
    await first.scheduler.cancel('c', 'no longer needed');
    await first.sync();
    expect(await first.scheduler.fireDue()).toBe(1);
    await first.runtime.stop();

    clock.set('2026-06-01T13:00:00.000Z');
    const second = await instance(eventStore, readStore, clock);
    await second.sync();
    expect(await second.scheduler.fireDue()).toBe(1);
    expect(await firedIds(eventStore)).toEqual(['a', 'b']);
    await second.runtime.stop();
  });

  it('polls on its own once started, and stops', async () => {
    const clock = new ManualClock(start);
    const eventStore = memoryEventStore();
    const { scheduler, sync, runtime } = await instance(eventStore, memoryReadStore(), clock);
    await scheduler.schedule({ timeoutId: 'x', kind: 'test', due: start });
    await sync();
    const scheduler2 = durableScheduler({ eventStore, pending: runtime.collection('timeouts', 'pending'), clock, pollIntervalMs: 5 });
    scheduler2.start();
    const deadline = Date.now() + 5_000;
    while ((await firedIds(eventStore)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await scheduler2.stop();
    expect(await firedIds(eventStore)).toEqual(['x']);
    expect(await scheduler.fireDue()).toBe(0);
    await runtime.stop();
  });
});
