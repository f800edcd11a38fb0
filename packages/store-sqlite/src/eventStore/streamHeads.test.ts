import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { verifyStreamIntegrity } from '@shopstream/kernel';
import type { AppendResult, ExpectedRevision } from '@shopstream/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteEventStore } from './sqliteEventStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-stream-heads-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
const newFile = () => join(folder, `events-${++files}.db`);

/** What an append came to, comparable across stores: the revision and events' ids, or the refusal's detail. */
const outcomeOf = async (append: Promise<AppendResult>): Promise<unknown> => {
  try {
    const result = await append;
    return { ok: result.nextExpectedRevision, ids: result.events.map((event) => event.id) };
  } catch (error) {
    return { refused: (error as { detail?: unknown }).detail ?? String(error) };
  }
};

const STREAMS = ['cart-a', 'cart-b', 'order-c'] as const;

/** A round of appends issued together through one of two connections (so they share its transactions). */
const rounds = fc.array(
  fc.record({
    through: fc.constantFrom<'first' | 'second'>('first', 'second'),
    // Reads before the appends, through either connection: a read to a stream's end shows its head too.
    reads: fc.array(
      fc.record({
        through: fc.constantFrom<'first' | 'second'>('first', 'second'),
        stream: fc.constantFrom(...STREAMS),
        fromRevision: fc.integer({ min: 0, max: 6 }),
        maxCount: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      }),
      { maxLength: 3 },
    ),
    appends: fc.array(
      fc.record({
        stream: fc.constantFrom(...STREAMS),
        expected: fc.oneof(fc.constantFrom<ExpectedRevision>('any', 'no_stream', 'stream_exists'), fc.integer({ min: 0, max: 5 })),
        count: fc.integer({ min: 1, max: 3 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  }),
  { minLength: 1, maxLength: 12 },
);

describe('stream heads cached by a connection', () => {
  it('give the outcomes, revisions and hash chains of a store that reads every head, while another connection appends to the same streams and either reads them', async () => {
    await fc.assert(
      fc.asyncProperty(rounds, async (script) => {
        const path = newFile();
        const connections = { first: sqliteEventStore({ path }), second: sqliteEventStore({ path }) };
        const reference = sqliteEventStore({ path: newFile() });
        let n = 0;
        try {
          for (const round of script) {
            const appends = round.appends.map(({ stream, expected, count }) => ({
              stream,
              expected,
              events: Array.from({ length: count }, () => ({ id: `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`, type: 'Noted', data: { n }, occurredAt: '2026-12-07T00:00:00.000Z' })),
            }));
            for (const read of round.reads) {
              const options = { fromRevision: read.fromRevision, raw: true, ...(read.maxCount === undefined ? {} : { maxCount: read.maxCount }) };
              const hashes = (await connections[read.through].readStream(read.stream, options)).map((event) => event.hash);
              expect(hashes).toEqual((await reference.readStream(read.stream, options)).map((event) => event.hash));
            }
            const store = connections[round.through];
            // Issued in one turn: all but the first share a transaction, whose heads the connection keeps.
            const together = await Promise.all(appends.map((a) => outcomeOf(store.append(a.stream, a.events, { expectedRevision: a.expected }))));
            const oneByOne: unknown[] = [];
            for (const a of appends) oneByOne.push(await outcomeOf(reference.append(a.stream, a.events, { expectedRevision: a.expected })));
            expect(together).toEqual(oneByOne);
            // Both connections answer every stream's head as the reference does, the one that did not append included.
            for (const stream of STREAMS) {
              const expected = await reference.streamRevision(stream);
              expect(await connections.first.streamRevision(stream)).toBe(expected);
              expect(await connections.second.streamRevision(stream)).toBe(expected);
            }
          }
          for (const stream of STREAMS) {
            const events = await connections.first.readStream(stream, { raw: true });
            expect(verifyStreamIntegrity(events)).toEqual([]);
            expect(events.map((event) => event.hash)).toEqual((await reference.readStream(stream, { raw: true })).map((event) => event.hash));
          }
        } finally {
          await Promise.all([connections.first.close(), connections.second.close(), reference.close()]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
