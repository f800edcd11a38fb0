/**
 * A projector process for the crash tests: runs the projection runtime over the SQLite event and read stores
 * until it is killed. Usage: projectorProcess.ts <events.db> <read.db> <carts version> <batch size>
 * Prints `ready` once the stores are open and `started` once every checkpoint is loaded.
 */
import { projectionRuntime } from '@shopstream/kernel';
import { sqliteEventStore, sqliteReadStore } from '@shopstream/store-sqlite';
import { cartProjection, checkoutsPerDay } from '../../packages/kernel/src/projections/fixtures.js';

const [eventsPath, readPath, version, batchSize] = process.argv.slice(2);
if (!eventsPath || !readPath || !version || !batchSize) throw new Error('usage: projectorProcess.ts <events.db> <read.db> <version> <batch size>');

const eventStore = sqliteEventStore({ path: eventsPath, pollIntervalMs: 5 });
const readStore = sqliteReadStore({ path: readPath });
const runtime = projectionRuntime({
  eventStore,
  readStore,
  projections: [cartProjection(Number(version)), checkoutsPerDay()],
  batchSize: Number(batchSize),
  retireAfterMs: 0,
});
process.stdout.write('ready\n');
await runtime.start();
process.stdout.write('started\n');
process.on('SIGTERM', () => {
  runtime
    .stop()
    .then(() => Promise.all([eventStore.close(), readStore.close()]))
    .then(() => process.exit(0), () => process.exit(1));
});
