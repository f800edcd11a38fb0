import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventStoreError } from '../../eventStore/errors.js';
import { event, rejected } from './support.js';
import type { ContractContext } from './support.js';

/** Expected revisions, contiguous revisions and positions, idempotent retries. */
export const appendingCases = ({ make, stream, numRuns }: ContractContext): void => {
  describe('expected revision', () => {
    it('no_stream creates a stream and refuses an existing one', async () => {
      const store = await make();
      const s = stream();
      const first = await store.append(s, [event(), event()], { expectedRevision: 'no_stream' });
      expect(first.nextExpectedRevision).toBe(1);
      expect(first.events.map((e) => e.revision)).toEqual([0, 1]);
      const error = await rejected(store.append(s, [event()], { expectedRevision: 'no_stream' }), 'WrongExpectedRevision');
      expect(error.detail).toMatchObject({ stream: s, expected: 'no_stream', actual: 1 });
    });

    it('stream_exists refuses a missing stream and accepts an existing one', async () => {
      const store = await make();
      const s = stream();
      const error = await rejected(store.append(s, [event()], { expectedRevision: 'stream_exists' }), 'WrongExpectedRevision');
      expect(error.detail).toMatchObject({ expected: 'stream_exists', actual: -1 });
      expect(await store.streamRevision(s)).toBe(-1);
      await store.append(s, [event()], { expectedRevision: 'any' });
      const result = await store.append(s, [event()], { expectedRevision: 'stream_exists' });
      expect(result.nextExpectedRevision).toBe(1);
    });

    it('an exact revision must match the last revision', async () => {
      const store = await make();
      const s = stream();
      await rejected(store.append(s, [event()], { expectedRevision: 0 }), 'WrongExpectedRevision');
      await store.append(s, [event()]);
      const ahead = await rejected(store.append(s, [event()], { expectedRevision: 5 }), 'WrongExpectedRevision');
      expect(ahead.detail).toMatchObject({ expected: 5, actual: 0 });
      const ok = await store.append(s, [event(), event(), event()], { expectedRevision: 0 });
      expect(ok.nextExpectedRevision).toBe(3);
      const behind = await rejected(store.append(s, [event()], { expectedRevision: 0 }), 'WrongExpectedRevision');
      expect(behind.detail).toMatchObject({ expected: 0, actual: 3 });
      expect(await store.streamRevision(s)).toBe(3);
    });

    it('any appends whatever the stream holds, and is the default', async () => {
      const store = await make();
      const s = stream();
      await store.append(s, [event()], { expectedRevision: 'any' });
      await store.append(s, [event()]);
      expect(await store.streamRevision(s)).toBe(1);
    });

    it('refuses an expectation that is no mode', async () => {
      const store = await make();
      await rejected(store.append(stream(), [event()], { expectedRevision: -3 }), 'InvalidReadOptions');
      await rejected(store.append(stream(), [event()], { expectedRevision: 'sometimes' as never }), 'InvalidReadOptions');
    });

    it('of N appenders at the same expected revision exactly one wins', async () => {
      const store = await make();
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 2, max: 8 }), fc.integer({ min: -1, max: 3 }), async (appenders, existing) => {
          const s = stream();
          for (let i = 0; i <= existing; i++) await store.append(s, [event()]);
          const expectedRevision = existing === -1 ? ('no_stream' as const) : existing;
          const outcomes = await Promise.allSettled(
            Array.from({ length: appenders }, (_, i) => store.append(s, [event('Attempt', { i })], { expectedRevision })),
          );
          const winners = outcomes.filter((o) => o.status === 'fulfilled');
          const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(winners).toHaveLength(1);
          for (const loser of losers) {
            expect(loser.reason).toBeInstanceOf(EventStoreError);
            expect((loser.reason as EventStoreError).detail).toMatchObject({ _tag: 'WrongExpectedRevision', actual: existing + 1 });
          }
          const stored = await store.readStream(s);
          expect(stored).toHaveLength(existing + 2);
        }),
        { numRuns },
      );
    });
  });

  describe('revisions and positions', () => {
    it('keeps stream revisions contiguous and global positions strictly increasing, over any sequence of appends', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ stream: fc.integer({ min: 0, max: 3 }), count: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 20 }),
          async (appends) => {
            const store = await make();
            const names = [stream('a'), stream('b'), stream('c'), stream('d')];
            let lastPosition = await store.headPosition();
            for (const { stream: which, count } of appends) {
              const name = names[which] as string;
              const result = await store.append(name, Array.from({ length: count }, (_, i) => event('Counted', { i })));
              expect(result.events).toHaveLength(count);
              for (const recorded of result.events) {
                expect(recorded.position).toBeGreaterThan(lastPosition);
                lastPosition = recorded.position;
              }
              expect(result.position).toBe(lastPosition);
            }
            expect(await store.headPosition()).toBe(lastPosition);
            for (const name of names) {
              const events = await store.readStream(name);
              expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
            }
            const all = await store.readAll();
            expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort((a, b) => a - b));
            expect(new Set(all.map((e) => e.position)).size).toBe(all.length);
            expect(all).toHaveLength(appends.reduce((sum, a) => sum + a.count, 0));
          },
        ),
        { numRuns },
      );
    });

    it('records the metadata it is given and fills in what is missing', async () => {
      const store = await make();
      const s = stream();
      const id = randomUUID();
      const [given] = (
        await store.append(s, [
          event('Tagged', { x: 1 }, {
            id,
            occurredAt: '2026-03-04T05:06:07.008Z',
            metadata: {
              correlationId: 'corr-1',
              causationId: 'cause-1',
              actor: { kind: 'customer', id: 'c-1' },
              traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
            },
          }),
        ])
      ).events;
      expect(given).toMatchObject({
        id,
        type: 'Tagged',
        data: { x: 1 },
        schemaVersion: 1,
        stream: s,
        revision: 0,
        occurredAt: '2026-03-04T05:06:07.008Z',
        metadata: {
          correlationId: 'corr-1',
          causationId: 'cause-1',
          actor: { kind: 'customer', id: 'c-1' },
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          tracestate: null,
        },
      });
      const [filled] = (await store.append(s, [event('Plain')])).events;
      expect(filled?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(filled?.metadata).toEqual({ correlationId: filled?.id, causationId: null, actor: null, traceparent: null, tracestate: null });
      expect(Number.isNaN(Date.parse(filled?.occurredAt ?? ''))).toBe(false);
      const read = await store.readStream(s);
      expect(read[0]).toEqual(given);
      expect(read[1]).toEqual(filled);
    });
  });

  describe('idempotent retries', () => {
    for (const mode of ['any', 'no_stream', 'exact'] as const) {
      it(`appending the same ids again with the same expectation (${mode}) returns the first result and writes nothing`, async () => {
        const store = await make();
        const s = stream();
        const expectedRevision = mode === 'exact' ? 0 : mode;
        if (mode !== 'no_stream') await store.append(s, [event('Before')]);
        const batch = [event('A', { n: 1 }, { id: randomUUID() }), event('B', { n: 2 }, { id: randomUUID() })];
        const first = await store.append(s, batch, { expectedRevision });
        const head = await store.headPosition();
        const again = await store.append(s, batch, { expectedRevision });
        expect(again).toEqual(first);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(s)).toHaveLength(mode === 'no_stream' ? 2 : 3);
      });
    }

    it('the same ids with an expectation that did not hold for the first append are a conflict', async () => {
      const store = await make();
      const s = stream();
      const batch = [event('A', { n: 1 }, { id: randomUUID() })];
      await store.append(s, batch, { expectedRevision: 'no_stream' });
      await store.append(s, [event('Later')]);
      await rejected(store.append(s, batch, { expectedRevision: 1 }), 'WrongExpectedRevision');
      expect(await store.streamRevision(s)).toBe(1);
    });

    it('an id already stored elsewhere is refused, and nothing of the batch is written', async () => {
      const store = await make();
      const id = randomUUID();
      const s1 = stream();
      const s2 = stream();
      await store.append(s1, [event('A', {}, { id })]);
      await rejected(store.append(s2, [event('B', {}, { id })]), 'DuplicateEventId');
      await rejected(store.append(s2, [event('C'), event('B', {}, { id })]), 'DuplicateEventId');
      expect(await store.streamRevision(s2)).toBe(-1);
    });

    it('ids are compared without regard to case, as UUIDs are', async () => {
      const store = await make();
      const s = stream();
      const id = randomUUID();
      const first = await store.append(s, [event('A', {}, { id })], { expectedRevision: 'no_stream' });
      const again = await store.append(s, [event('A', {}, { id: id.toUpperCase() })], { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
    });
  });
};
