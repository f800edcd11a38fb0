import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { NewEvent, RecordedEvent } from '../../events/event.js';
import { EventStoreError } from '../../eventStore/errors.js';
import type { AppendResult, EventStore, ExpectedRevision } from '../../eventStore/eventStore.js';
import { memoryEventStore } from '../../eventStore/memoryEventStore.js';
import type { ContractContext } from './support.js';

const STREAMS = ['cart-1', 'cart-2', 'order-1'];

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

/** Positions are each store's own (contiguous here, byte offsets on EventStoreDB); everything else must agree. */
const withoutPosition = ({ position: _, ...event }: RecordedEvent) => event;

/** What an append did, as plain data: the result, or the refusal's detail. */
const outcome = async (attempt: Promise<AppendResult>) => {
  try {
    const { nextExpectedRevision, events } = await attempt;
    return { ok: { nextExpectedRevision, events: events.map(withoutPosition) } };
  } catch (error) {
    if (error instanceof EventStoreError) return { refused: error.detail };
    throw error;
  }
};

/**
 * Plays the operations against a store; the batches and revisions depend only on the operations. Event ids are
 * `idBase` plus a counter: the same for both stores of a run, new for every run, so that runs against a shared
 * server never meet each other's ids.
 */
const play = async (store: EventStore, operations: readonly Operation[], idBase: string) => {
  const batches: { stream: string; events: NewEvent[]; expected: ExpectedRevision }[] = [];
  const outcomes = [];
  let nextId = 1;
  const fresh = (n: number): NewEvent => ({ id: `${idBase}${n.toString(16).padStart(12, '0')}`, type: 'Counted', data: { n }, occurredAt: '2026-01-01T00:00:00.000Z' });
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

/**
 * The kernel's append rules (expected revisions, repeated ids as retries, ids clashing across streams, the hash
 * chain) give the same outcome in every store as in the memory store, for any sequence of fresh, repeated and
 * clashing appends; the logs agree but for positions, which only have to increase (and run without holes where
 * the store promises that).
 */
export const sameRulesCases = (context: ContractContext, gaplessPositions: boolean): void => {
  it('gives the same result or refusal as the memory store for any sequence of fresh, repeated and clashing appends, and the same log', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        const idBase = `${randomUUID().slice(0, 24)}`;
        const memory = memoryEventStore();
        const store = await context.make();
        const expected = await play(memory, operations, idBase);
        const actual = await play(store, operations, idBase);
        await memory.close();
        expect(actual.outcomes).toEqual(expected.outcomes);
        expect(actual.log.map(withoutPosition)).toEqual(expected.log.map(withoutPosition));
        const positions = actual.log.map((event) => event.position);
        if (gaplessPositions) expect(positions).toEqual(positions.map((_, i) => i + 1));
        else expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(new Set(positions).size).toBe(positions.length);
      }),
      { numRuns: context.numRuns },
    );
  });
};
