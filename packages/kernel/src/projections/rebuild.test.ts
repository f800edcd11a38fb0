import { describe, expect, it, vi } from 'vitest';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { memoryReadStore } from '../readStore/memoryReadStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import type { CartEvent, Step } from './fixtures.js';
import { appendSteps, cartProjection, dump } from './fixtures.js';
import type { Projection } from './projection.js';
import type { ProjectionRuntime } from './runtime.js';
import { projectionRuntime } from './runtime.js';
import type { BuildProgress } from './status.js';
import type { CheckpointDocument } from './checkpoint.js';
import { CHECKPOINTS } from './checkpoint.js';

const history: Step[] = [
  { kind: 'open', cart: 1, customer: 1 },
  { kind: 'add', cart: 1, sku: 1, quantity: 2, unitPrice: 1250 },
  { kind: 'noise', cart: 1 },
  { kind: 'open', cart: 2, customer: 2 },
  { kind: 'add', cart: 2, sku: 2, quantity: 1, unitPrice: 990 },
  { kind: 'add', cart: 1, sku: 3, quantity: 1, unitPrice: 100 },
  { kind: 'remove', cart: 1, sku: 3 },
  { kind: 'checkout', cart: 1 },
  { kind: 'add', cart: 2, sku: 3, quantity: 4, unitPrice: 100 },
];

const gate = () => {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};

/** A projection that holds on the first checkout until the test opens the gate. */
const heldAtCheckout = (version: number) => {
  const held = gate();
  const projection = cartProjection(version, (event: CartEvent) => (event.type === 'CheckedOut' ? held.opened : undefined));
  return { projection, held };
};

const cleanBuild = async (eventStore: EventStore, projection: Projection<CartEvent, string>) => {
  const runtime = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: [projection] });
  await runtime.start();
  await runtime.waitFor(await eventStore.headPosition());
  const models = await dump(runtime, projection);
  await runtime.stop();
  return models;
};

const builtV1 = async (): Promise<{ eventStore: EventStore; readStore: ReadStore; head: number; v1: Awaited<ReturnType<typeof dump>> }> => {
  const eventStore = memoryEventStore();
  const readStore = memoryReadStore();
  const head = await appendSteps(eventStore, history);
  const runtime = projectionRuntime({ eventStore, readStore, projections: [cartProjection(1)] });
  await runtime.start();
  await runtime.waitFor(head);
  const v1 = await dump(runtime, cartProjection(1));
  await runtime.stop();
  return { eventStore, readStore, head, v1 };
};

const rebuildPosition = async (runtime: ProjectionRuntime): Promise<number> => (await runtime.status())[0]?.rebuild?.position ?? -1;

describe('rebuilding a projection', () => {
  it('builds a new version beside the live one, which keeps serving until the swap', async () => {
    const { eventStore, readStore, head, v1 } = await builtV1();
    const progress: BuildProgress[] = [];
    const { projection: v2, held } = heldAtCheckout(2);
    const runtime = projectionRuntime({ eventStore, readStore, projections: [v2], batchSize: 2, retireAfterMs: 0, onRebuildProgress: (_, p) => progress.push(p) });
    await runtime.start();
    // Held on the checkout at position 8: everything before it is in the new collections.
    await vi.waitFor(async () => expect(await rebuildPosition(runtime)).toBe(7));

    expect(await dump(runtime, v2)).toEqual(v1);
    const [rebuilding] = await runtime.status();
    expect(rebuilding).toMatchObject({
      state: 'rebuilding',
      version: 2,
      live: { version: 1, position: head, collections: { carts: 'carts.carts.v1' } },
      rebuild: { version: 2, generation: 0, position: 7, head, eventsApplied: 6, fraction: 7 / head },
    });
    expect(await readStore.listCollections()).toEqual(['carts.carts.v1', 'carts.carts.v2', 'carts.customers.v1', 'carts.customers.v2', 'projections']);
    // The live build is frozen at the old version: a new write is not visible until the new version is live.
    await runtime.waitFor(head);
    const { position: newHead } = await eventStore.append('cart-3', [{ type: 'CartOpened', data: { cartId: 'cart-3', customerId: 'customer-3' } }]);
    let visible = false;
    const written = runtime.waitFor(newHead).then(() => {
      visible = true;
    });
    await runtime.status();
    expect(visible).toBe(false);

    held.open();
    await written;
    const live = await dump(runtime, v2);
    expect(live).toEqual(await cleanBuild(eventStore, cartProjection(2)));
    expect(live).not.toEqual(v1);
    const [swapped] = await runtime.status();
    expect(swapped).toMatchObject({ state: 'live', rebuild: null, live: { version: 2, position: newHead, collections: { carts: 'carts.carts.v2' } } });

    const done = progress.map((p) => p.position);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ version: 2, eventsApplied: 9, position: newHead });
    await runtime.stop();
    expect(await readStore.listCollections()).toEqual(['carts.carts.v2', 'carts.customers.v2', 'projections']);
  });

  it('applies catch-up batches while far behind the head, then ordinary batches near it', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const steps = Array.from({ length: 30 }, (_, i): Step => ({ kind: 'open', cart: i + 1, customer: (i % 3) + 1 }));
    const head = await appendSteps(eventStore, steps);
    const sizes: number[] = [];
    let applied = 0;
    const runtime = projectionRuntime({
      eventStore,
      readStore,
      projections: [cartProjection(1)],
      batchSize: 2,
      catchUpBatchSize: 8,
      retireAfterMs: 0,
      onRebuildProgress: (_, p) => {
        sizes.push(p.eventsApplied - applied);
        applied = p.eventsApplied;
      },
    });
    await runtime.start();
    await runtime.waitFor(head);
    await runtime.rebuild('carts');
    // 30 positions: 8 at a time while more than 8 are left after the checkpoint, then 2 at a time.
    expect(sizes).toEqual([8, 8, 8, 2, 2, 2]);
    expect(await dump(runtime, cartProjection(1))).toEqual(await cleanBuild(eventStore, cartProjection(1)));
    await runtime.stop();
  });

  it('rebuilds the same version on request into fresh collections', async () => {
    const { eventStore, readStore, head, v1 } = await builtV1();
    const runtime = projectionRuntime({ eventStore, readStore, projections: [cartProjection(1)], retireAfterMs: 0 });
    await runtime.start();
    await runtime.waitFor(head);
    await runtime.rebuild('carts');
    const [status] = await runtime.status();
    expect(status?.live).toMatchObject({ version: 1, generation: 1, position: head, collections: { carts: 'carts.carts.v1.r1' } });
    expect(await dump(runtime, cartProjection(1))).toEqual(v1);
    await runtime.rebuild('carts');
    expect((await runtime.status())[0]?.live?.collections).toEqual({ carts: 'carts.carts.v1.r2', customers: 'carts.customers.v1.r2' });
    await runtime.stop();
    expect(await readStore.listCollections()).toEqual(['carts.carts.v1.r2', 'carts.customers.v1.r2', 'projections']);
  });

  it('resumes an interrupted rebuild where it stopped, and abandons it for yet another version', async () => {
    const { eventStore, readStore, head } = await builtV1();
    const { projection: v2, held } = heldAtCheckout(2);
    const first = projectionRuntime({ eventStore, readStore, projections: [v2], batchSize: 2 });
    await first.start();
    await vi.waitFor(async () => expect(await rebuildPosition(first)).toBe(7));
    // Stopping lets the batch in progress finish: the checkout is applied and recorded, then the projector stops.
    const stopping = first.stop();
    held.open();
    await stopping;

    expect(await readStore.collection<CheckpointDocument>(CHECKPOINTS).get('carts')).toMatchObject({ live: { version: 1 }, rebuild: { version: 2, position: 9 } });
    const { position: newHead } = await eventStore.append('cart-2', [{ type: 'ItemAdded', data: { cartId: 'cart-2', sku: 'sku-7', quantity: 1, unitPrice: 5 } }]);

    const applied: string[] = [];
    const resumed = cartProjection(2, (event) => void applied.push(event.type));
    const second = projectionRuntime({ eventStore, readStore, projections: [resumed], batchSize: 2 });
    await second.start();
    await second.waitFor(newHead);
    expect(applied).toEqual(['ItemAdded']);
    expect(await dump(second, resumed)).toEqual(await cleanBuild(eventStore, cartProjection(2)));
    await second.stop();

    const { projection: v3, held: held3 } = heldAtCheckout(3);
    const third = projectionRuntime({ eventStore, readStore, projections: [v3], batchSize: 2 });
    await third.start();
    await vi.waitFor(async () => expect(await rebuildPosition(third)).toBe(7));
    const stoppingThird = third.stop();
    held3.open();
    await stoppingThird;
    expect(await readStore.collection<CheckpointDocument>(CHECKPOINTS).get('carts')).toMatchObject({ live: { version: 2 }, rebuild: { version: 3, position: 9 } });
    expect(head).toBe(9);

    // Version 4 is deployed before version 3 finished: its half-built collections are dropped, not swapped in.
    const fourth = projectionRuntime({ eventStore, readStore, projections: [cartProjection(4)], retireAfterMs: 0 });
    await fourth.start();
    expect(await readStore.listCollections()).not.toContain('carts.carts.v3');
    // The live version 2 already includes the head, so waitFor would not wait for the swap; the status says when.
    await vi.waitFor(async () => expect((await fourth.status())[0]).toMatchObject({ state: 'live', live: { version: 4 } }));
    expect(await dump(fourth, cartProjection(4))).toEqual(await cleanBuild(eventStore, cartProjection(4)));
    await fourth.stop();
    expect(await readStore.listCollections()).toEqual(['carts.carts.v4', 'carts.customers.v4', 'projections']);
  });
});
