/**
 * A writer process for the multi-process and crash tests: appends batches of 1-4 events to its own streams,
 * each with the exact expected revision, and prints one JSON line per acknowledged append. Every event
 * carries its batch id, its index in the batch and the batch size, so a reader can tell a whole batch from a
 * torn one.
 *
 * Given a shared stream name it appends only there, as another process may too: on a conflict it takes the
 * actual revision from the refusal and tries again, so every refusal is one the store was right to make.
 *
 * node --conditions=@shopstream/source --import tsx packages/store-sqlite/scripts/appendLoop.ts \
 *   <file> <writer> <appends (0: until killed)> <seed> <normal|full> [shared stream]
 */
import { isEventStoreError } from '@shopstream/kernel';
import type { AppendResult } from '@shopstream/kernel';
import { sqliteEventStore } from '../src/index.js';
import type { Durability } from '../src/index.js';

export interface Acknowledged {
  readonly writer: string;
  readonly batch: number;
  readonly stream: string;
  /** The revision of the batch's last event. */
  readonly revision: number;
  /** The position of the batch's last event. */
  readonly position: number;
  readonly count: number;
}

export interface BatchMark {
  readonly writer: string;
  readonly batch: number;
  readonly index: number;
  readonly of: number;
}

/** mulberry32: a small seeded generator, so a failing run can be repeated from its seed. */
const random = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const main = async () => {
  const [path, writer = 'w0', appendsArg = '0', seedArg = '1', durabilityArg = 'normal', shared] = process.argv.slice(2);
  if (!path) throw new Error('usage: appendLoop.ts <file> <writer> <appends> <seed> <normal|full>');
  const appends = Number(appendsArg);
  const next = random(Number(seedArg));
  const store = sqliteEventStore({ path, durability: durabilityArg as Durability });
  const streams = shared ? [{ name: shared, revision: -1 }] : Array.from({ length: 4 }, (_, i) => ({ name: `crash${writer}-${i}`, revision: -1 }));
  for (let batch = 0; appends === 0 || batch < appends; batch++) {
    const target = streams[Math.floor(next() * streams.length)] ?? streams[0];
    if (!target) throw new Error('no streams');
    const of = 1 + Math.floor(next() * 4);
    // Payloads of up to a few KB, so a batch spans several pages and a torn write would show.
    const events = Array.from({ length: of }, (_, index) => ({
      type: 'Tick',
      data: { writer, batch, index, of, pad: 'x'.repeat(Math.floor(next() * 3000)) } satisfies BatchMark & { pad: string },
    }));
    const append = async (): Promise<AppendResult> => {
      for (;;) {
        try {
          return await store.append(target.name, events, { expectedRevision: target.revision === -1 ? 'no_stream' : target.revision });
        } catch (error) {
          if (!shared || !isEventStoreError(error) || error.detail._tag !== 'WrongExpectedRevision') throw error;
          target.revision = error.detail.actual;
        }
      }
    };
    const result = await append();
    target.revision = result.nextExpectedRevision;
    const ack: Acknowledged = { writer, batch, stream: target.name, revision: result.nextExpectedRevision, position: result.position, count: of };
    // stdout to a pipe is written synchronously on Linux, so a printed line was acknowledged before the next append.
    process.stdout.write(`${JSON.stringify(ack)}\n`);
  }
  await store.close();
};

await main();
