/**
 * `node --conditions=@shopstream/source --import tsx benchmarks/src/support/projectionWork.ts [events] [projection...]`:
 * what each projection asks of the read store per event type, rebuilt alone from the cached simulated history
 * (`simulatedHistory`, the rebuild scenario's; default 100,000 events) into the in-memory engine. Per event type:
 * events handled, read-store calls per event by method, characters of JSON written per event (`replaceOne`
 * documents), and the handler's wall time per event (the memory engine does not wait on I/O, so it is about CPU).
 * It answers "which events rewrite which documents, how often and how big", which a CPU profile does not.
 */
import { memoryReadStore, pendingTimeouts, projectionRuntime } from '@shopstream/kernel';
import type { AnyProjection, Collection, Document, ProjectionContext, RecordedEvent } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { readModelProjections } from '@shopstream/read-models';
import { sqliteEventStore } from '@shopstream/store-sqlite';
import { simulatedHistory } from './simulatedHistory.js';

interface PerType {
  events: number;
  micros: number;
  bytesWritten: number;
  calls: Record<string, number>;
}

const METHODS = ['get', 'find', 'findOne', 'findPage', 'count', 'aggregate', 'replaceOne', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'bulkWrite'] as const;

/** The projection with every handler wrapped: its context counts calls and written characters into `stats`. */
const instrumented = (projection: AnyProjection, stats: Map<string, PerType>): AnyProjection => {
  const handlers = projection.handlers as Readonly<Record<string, (event: RecordedEvent, ctx: ProjectionContext) => Promise<void> | void>>;
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([type, handler]) => [
      type,
      async (event: RecordedEvent, ctx: ProjectionContext) => {
        let entry = stats.get(type);
        if (entry === undefined) {
          entry = { events: 0, micros: 0, bytesWritten: 0, calls: {} };
          stats.set(type, entry);
        }
        const counted = entry;
        const counting: ProjectionContext = {
          collection: <T extends Document>(logical: string): Collection<T> => {
            const inner = ctx.collection<T>(logical);
            return new Proxy(inner, {
              get(target, key, receiver) {
                const value: unknown = Reflect.get(target, key, receiver);
                if (typeof key !== 'string' || typeof value !== 'function' || !(METHODS as readonly string[]).includes(key)) return value;
                return (...args: unknown[]) => {
                  const label = `${logical}.${key}`;
                  counted.calls[label] = (counted.calls[label] ?? 0) + 1;
                  if (key === 'replaceOne') counted.bytesWritten += JSON.stringify(args[0]).length;
                  return (value as (...a: unknown[]) => unknown).apply(target, args);
                };
              },
            });
          },
        };
        const started = performance.now();
        await handler(event, counting);
        counted.micros += (performance.now() - started) * 1000;
        counted.events += 1;
      },
    ]),
  );
  return { ...projection, handlers: wrapped };
};

const round1 = (n: number) => Math.round(n * 10) / 10;

const main = async () => {
  const [sizeArgument, ...names] = process.argv.slice(2);
  const history = await simulatedHistory(1, Number(sizeArgument ?? 100_000));
  const all = [pendingTimeouts, ...readModelProjections];
  const chosen = names.length === 0 ? all : all.filter((projection) => names.includes(projection.name));
  for (const projection of chosen) {
    const stats = new Map<string, PerType>();
    const eventStore = sqliteEventStore({ path: history.eventsPath, registry: commerceEventRegistry() });
    const readStore = memoryReadStore();
    const runtime = projectionRuntime({ eventStore, readStore, projections: [instrumented(projection, stats)], batchSize: 256, catchUpBatchSize: 4096 });
    const head = await eventStore.headPosition();
    await runtime.start();
    await runtime.waitFor(head, { timeoutMs: 60 * 60_000 });
    await runtime.stop();
    await eventStore.close();
    await readStore.close();
    const rows = [...stats.entries()].sort(([, a], [, b]) => b.micros - a.micros);
    const total = rows.reduce((sum, [, s]) => sum + s.micros, 0);
    const written = rows.reduce((sum, [, s]) => sum + s.bytesWritten, 0);
    console.log(`\n${projection.name}: ${round1(total / head)} µs of handler time per log event, ${round1(written / head)} chars written per log event`);
    for (const [type, s] of rows) {
      const calls = Object.entries(s.calls)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([label, n]) => `${label} ${round1(n / s.events)}`)
        .join(', ');
      console.log(
        `  ${type.padEnd(34)} ${String(s.events).padStart(7)} ev  ${round1(s.micros / s.events).toString().padStart(6)} µs/ev  ${round1((100 * s.micros) / total).toString().padStart(5)}%  ` +
          `${Math.round(s.bytesWritten / s.events).toString().padStart(6)} ch/ev  ${calls}`,
      );
    }
  }
};

await main();
