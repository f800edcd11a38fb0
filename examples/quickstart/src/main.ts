import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { streamName, verifyStreamIntegrity } from '@shopstream/kernel';
import type { RecordedEvent } from '@shopstream/kernel';
import { sqliteEventStore } from '@shopstream/store-sqlite';

// The embedded default: one SQLite file, kept between runs, so each run adds a new cart to the same log.
const dataDir = process.env.SHOPSTREAM_DATA_DIR ?? './data';
mkdirSync(dataDir, { recursive: true });
const store = sqliteEventStore({ path: join(dataDir, 'events.db') });

const show = (event: RecordedEvent) =>
  `${event.stream}@${event.revision} #${event.position} ${event.type} ${JSON.stringify(event.data)} ${event.hash.slice(0, 12)}`;

const cart = streamName('cart', crypto.randomUUID());

// A subscription to every cart event from here on; it is woken by each append as it commits.
const subscription = store.subscribe({ after: await store.headPosition(), filter: { streamCategories: ['cart'] } });
const watched = (async () => {
  for await (const message of subscription) {
    if (message.type !== 'event') continue;
    console.log(`subscription saw ${show(message.event)}`);
    if (message.event.stream === cart && message.event.revision === 1) return;
  }
})();

await store.append(cart, [{ type: 'ItemAdded', data: { sku: 'HUAWEI-MATE60-512G', quantity: 1 } }], { expectedRevision: 'no_stream' });
await store.append(cart, [{ type: 'ItemAdded', data: { sku: 'XIAOMI-BAND-9', quantity: 2 } }], { expectedRevision: 0 });
await watched;
await subscription.stop();

const events = await store.readStream(cart);
for (const event of events) console.log(`read back ${show(event)}`);
const findings = verifyStreamIntegrity(await store.readStream(cart, { raw: true }));
console.log(`hash chain of ${cart}: ${findings.length === 0 ? 'intact' : JSON.stringify(findings)}`);
console.log(`${await store.headPosition()} events in ${join(dataDir, 'events.db')}`);
await store.close();
