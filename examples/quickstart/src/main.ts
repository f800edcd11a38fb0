import { memoryEventStore, streamName } from '@shopstream/kernel';

const store = memoryEventStore();
const cart = streamName('cart', crypto.randomUUID());

await store.append(cart, [{ type: 'ItemAdded', data: { sku: 'HUAWEI-MATE60-512G', quantity: 1 } }], { expectedRevision: 'no_stream' });
await store.append(cart, [{ type: 'ItemAdded', data: { sku: 'XIAOMI-BAND-9', quantity: 2 } }], { expectedRevision: 0 });

for (const event of await store.readStream(cart)) {
  console.log(`${event.stream}@${event.revision} #${event.position} ${event.type} ${JSON.stringify(event.data)} ${event.hash.slice(0, 12)}`);
}
await store.close();
