import { EventStoreError, memoryEventStore } from '@shopstream/kernel';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventStoreDbEventStore } from './eventStoreDbEventStore.js';
import { serverModel } from './testing/serverModel.js';

const STREAMS = ['cart-1', 'cart-2', 'order-1'];
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

type Expectation = 'any' | 'no_stream' | 'stream_exists' | { readonly offset: -1 | 0 | 1 };
type Operation =
  | { readonly kind: 'fresh'; readonly stream: number; readonly count: number; readonly expect: Expectation }
  /** Appends an earlier batch again, to its own stream or another. */
  | { readonly kind: 'again'; readonly batch: number; readonly stream: number | null; readonly expect: Expectation }
  /** A fresh event followed by the first event of an earlier batch. */
  | { readonly kind: 'clash'; readonly batch: number; readonly stream: number };

const expectation = fc.oneof(
  fc.constantFrom<Expectation>('any', 'no_stream', 'stream_exists'),
  fc.constantFrom<Expectation>({ offset: -1 }, { offset: 0 }, { offset: 1 }),
);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fresh' as const), stream: fc.nat(2), count: fc.integer({ min: 1, max: 3 }), expect: expectation }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('again' as const), batch: fc.nat(20), stream: fc.option(fc.nat(2)), expect: expectation }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clash' as const), batch: fc.nat(20), stream: fc.nat(2) }) },
);

/** Positions differ between stores by design (the server's are byte offsets); everything else must not. */
const withoutPosition = ({ position: _, ...event }: RecordedEvent) => event;

const outcome = async (attempt: Promise<AppendResult>) => {
  try {
    const { nextExpectedRevision, events } = await attempt;
    return { ok: { nextExpectedRevision, events: events.map(withoutPosition) } };
  } catch (error) {
    if (error instanceof EventStoreError) return { refused: error.detail };
    throw error;
  }
};

/** Plays the operations against a store; the batches and revisions depend only on the operations. */
const play = async (store: EventStore, operations: readonly Operation[]) => {
  const batches: { stream: string; events: NewEvent[]; expected: ExpectedRevision }[] = [];
  const outcomes = [];
  let nextId = 1;
  const fresh = (n: number): NewEvent => ({ id: uuid(n), type: 'Counted', data: { n }, occurredAt: '2026-01-01T00:00:00.000Z' });
  for (const op of operations) {
    let stream: string;
    let events: NewEvent[];
    let expected: ExpectedRevision;
    const resolve = async (e: Expectation, name: string): Promise<ExpectedRevision> =>
      typeof e === 'string' ? e : Math.max(0, (await store.streamRevision(name)) + e.offset);
    if (op.kind === 'fresh') {
      stream = STREAMS[op.stream] ?? 'cart-1';
      events = Array.from({ length: op.count }, () => fresh(nextId++));
      expected = await resolve(op.expect, stream);
    } else {
      const earlier = batches[op.batch % Math.max(1, batches.length)];
      if (!earlier) continue;
      if (op.kind === 'again') {
        stream = op.stream === null ? earlier.stream : (STREAMS[op.stream] ?? 'cart-1');
        events = earlier.events;
        expected = op.stream === null && op.expect === 'any' ? earlier.expected : await resolve(op.expect, stream);
      } else {
        stream = STREAMS[op.stream] ?? 'cart-1';
        events = [fresh(nextId++), ...earlier.events.slice(0, 1)];
        expected = 'any';
      }
    }
    batches.push({ stream, events, expected });
    outcomes.push(await outcome(store.append(stream, events, { expectedRevision: expected })));
  }
  return { outcomes, log: await store.readAll() };
};

describe('the EventStoreDB adapter applies the kernel rules exactly as the memory store does (over a model of the server)', () => {
  it('gives the same result or refusal for any sequence of fresh, repeated and clashing appends, and the same log', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        const memory = memoryEventStore();
        const esdb = eventStoreDbEventStore({ client: serverModel().client });
        const expected = await play(memory, operations);
        const actual = await play(esdb, operations);
        expect(actual.outcomes).toEqual(expected.outcomes);
        expect(actual.log.map(withoutPosition)).toEqual(expected.log.map(withoutPosition));
        const positions = actual.log.map((event) => event.position);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        await Promise.all([memory.close(), esdb.close()]);
      }),
      { numRuns: 60 },
    );
  });
});
