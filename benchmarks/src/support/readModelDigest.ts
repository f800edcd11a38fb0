/**
 * `node --conditions=@shopstream/source --import tsx benchmarks/src/support/readModelDigest.ts [events] [projection...]`:
 * rebuilds the shop's projections (all, or those named) from the cached simulated history into the in-memory engine
 * and prints one SHA-256 per logical collection over its documents in `_id` order (JSON text), and one over all of
 * them. Two trees that print the same digests built the same documents from the same history: run it in the tree
 * before a change to a read model and after, and compare (the physical names carry the projection's version, so the
 * digests are keyed by projection and logical collection, read through the runtime's live build).
 */
import { createHash } from 'node:crypto';
import { memoryReadStore, pendingTimeouts, projectionRuntime } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { readModelProjections } from '@shopstream/read-models';
import { sqliteEventStore } from '@shopstream/store-sqlite';
import { simulatedHistory } from './simulatedHistory.js';

const main = async () => {
  const [sizeArgument, ...names] = process.argv.slice(2);
  const history = await simulatedHistory(1, Number(sizeArgument ?? 100_000));
  const all = [pendingTimeouts, ...readModelProjections];
  const chosen = names.length === 0 ? all : all.filter((projection) => names.includes(projection.name));
  const eventStore = sqliteEventStore({ path: history.eventsPath, registry: commerceEventRegistry() });
  const readStore = memoryReadStore();
  const runtime = projectionRuntime({ eventStore, readStore, projections: chosen, batchSize: 256, catchUpBatchSize: 4096 });
  const head = await eventStore.headPosition();
  await runtime.start();
  await runtime.waitFor(head, { timeoutMs: 60 * 60_000 });
  const whole = createHash('sha256');
  let documents = 0;
  for (const projection of chosen) {
    for (const logical of projection.logicalNames) {
      const found = await runtime.collection(projection.name, logical).find({}, { sort: { _id: 1 } });
      const text = found.map((document) => JSON.stringify(document)).join('\n');
      const digest = createHash('sha256').update(text).digest('hex');
      whole.update(`${projection.name}.${logical}\n${text}\n`);
      documents += found.length;
      console.log(`${`${projection.name}.${logical}`.padEnd(40)} ${String(found.length).padStart(7)}  ${digest.slice(0, 16)}`);
    }
  }
  console.log(`all: ${documents} documents at position ${head}, sha256 ${whole.digest('hex')}`);
  await runtime.stop();
  await eventStore.close();
  await readStore.close();
};

await main();
