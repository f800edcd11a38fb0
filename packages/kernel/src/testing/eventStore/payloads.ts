import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyStreamIntegrity } from '../../events/integrity.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { contractRegistry, event, rejected } from './support.js';
import type { ContractContext } from './support.js';

/** What is stored: unicode, large payloads, refused input, schema versions, the hash chain. */
export const payloadCases = ({ make, stream }: ContractContext): void => {
  describe('payloads', () => {
    it('keeps unicode in payloads, types and stream names exactly', async () => {
      const store = await make();
      const s = `商品-${randomUUID()}`;
      const data = { title: '华为 Mate 60 Pro 手机 📱', note: 'naïve café ﬁ — \u2028 line', nested: { 键: ['值', 'ä', '🧧'] } };
      await store.append(s, [event('商品已上架', data)]);
      const [read] = await store.readStream(s);
      expect(read?.data).toEqual(data);
      expect(read?.type).toBe('商品已上架');
      expect((await store.readAll({ filter: { streamCategories: ['商品'] } })).map((e) => e.stream)).toEqual([s]);
    });

    it('stores a large payload whole', async () => {
      const store = await make();
      const s = stream();
      const big = { blob: 'x'.repeat(2 * 1024 * 1024), items: Array.from({ length: 5000 }, (_, i) => ({ i, sku: `sku-${i}` })) };
      await store.append(s, [event('Big', big)]);
      const [read] = await store.readStream(s);
      expect(read?.data).toEqual(big);
    });
  });

  describe('bad input is refused with a typed error and nothing is written', () => {
    const nothingWritten = async (store: EventStore, s: string) => {
      expect(await store.streamRevision(s)).toBe(-1);
      expect(await store.headPosition()).toBe(0);
    };

    it('an empty or reserved stream name', async () => {
      const store = await make();
      await rejected(store.append('', [event()]), 'InvalidStreamName');
      await rejected(store.append('$all', [event()]), 'InvalidStreamName');
      await rejected(store.append('a\u0000b', [event()]), 'InvalidStreamName');
      expect(await store.headPosition()).toBe(0);
    });

    it('an empty list of events', async () => {
      const store = await make();
      const s = stream();
      await rejected(store.append(s, []), 'EmptyAppend');
      await nothingWritten(store, s);
    });

    it('a payload that fails its schema, even when other events of the batch are fine', async () => {
      const store = await make({ registry: contractRegistry() });
      const s = stream();
      const error = await rejected(
        store.append(s, [event('ItemAdded', { sku: 'a', quantity: 1 }), event('ItemAdded', { sku: 'b', quantity: -2 })]),
        'InvalidEvent',
      );
      expect(error.detail).toMatchObject({ index: 1, type: 'ItemAdded' });
      await rejected(store.append(s, [event('ItemAdded', { sku: 'a', quantity: 1, extra: true })]), 'InvalidEvent');
      await rejected(store.append(s, [event('NoSuchType', {})]), 'InvalidEvent');
      await nothingWritten(store, s);
    });

    it('a payload JSON cannot hold, a malformed id or time, and ids repeated within a batch', async () => {
      const store = await make();
      const s = stream();
      await rejected(store.append(s, [event('T', { n: 1n })]), 'InvalidEvent');
      await rejected(store.append(s, [event('T', { at: new Date() })]), 'InvalidEvent');
      await rejected(store.append(s, [event('T', { n: Number.NaN })]), 'InvalidEvent');
      await rejected(store.append(s, [event('T', {}, { id: 'not-a-uuid' })]), 'InvalidEvent');
      await rejected(store.append(s, [event('T', {}, { occurredAt: 'yesterday' })]), 'InvalidEvent');
      await rejected(store.append(s, [event('', {})]), 'InvalidEvent');
      const id = randomUUID();
      await rejected(store.append(s, [event('T', {}, { id }), event('T', {}, { id })]), 'InvalidEvent');
      await nothingWritten(store, s);
    });
  });

  describe('schema versions', () => {
    it('validates against the current schema and upcasts older versions on read, keeping the stored form', async () => {
      const store = await make({ registry: contractRegistry() });
      const s = stream();
      await store.append(s, [
        event('PriceSet', { sku: 'a', fen: 1999 }, { schemaVersion: 1 }),
        event('PriceSet', { sku: 'a', price: { amount: 2999, currency: 'CNY' } }),
      ]);
      const read = await store.readStream(s);
      expect(read.map((e) => [e.schemaVersion, e.data])).toEqual([
        [2, { sku: 'a', price: { amount: 1999, currency: 'CNY' } }],
        [2, { sku: 'a', price: { amount: 2999, currency: 'CNY' } }],
      ]);
      const raw = await store.readStream(s, { raw: true });
      expect(raw[0]).toMatchObject({ schemaVersion: 1, data: { sku: 'a', fen: 1999 } });
      expect((await store.readAll({ raw: true }))[0]?.data).toEqual({ sku: 'a', fen: 1999 });
      expect((await store.readAll())[0]?.data).toEqual({ sku: 'a', price: { amount: 1999, currency: 'CNY' } });
      await rejected(store.append(s, [event('PriceSet', { sku: 'a', fen: 'free' }, { schemaVersion: 1 })]), 'InvalidEvent');
      await rejected(store.append(s, [event('PriceSet', { sku: 'a' }, { schemaVersion: 3 })]), 'InvalidEvent');
    });
  });

  describe('integrity', () => {
    it('chains each event hash to the previous one in its stream', async () => {
      const store = await make();
      const s = stream();
      await store.append(s, [event('A', { n: 1 }), event('B', { n: 2 })]);
      await store.append(stream(), [event('Elsewhere')]);
      await store.append(s, [event('C', { n: 3 })]);
      const stored = await store.readStream(s, { raw: true });
      expect(verifyStreamIntegrity(stored)).toEqual([]);
      expect(new Set(stored.map((e) => e.hash)).size).toBe(3);
      const tampered = stored.map((e, i) => (i === 1 ? { ...e, data: { n: 20 } } : e));
      expect(verifyStreamIntegrity(tampered)).toEqual([expect.objectContaining({ _tag: 'HashMismatch', revision: 1 })]);
    });
  });
};
