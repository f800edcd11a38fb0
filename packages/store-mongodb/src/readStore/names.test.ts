import { isReadStoreError, memoryReadStore } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectionNaming } from './names.js';
import { isMongoStoreSetupError } from '../setup.js';

const refusal = (work: () => unknown): string | null => {
  try {
    work();
    return null;
  } catch (error) {
    if (isReadStoreError(error)) return error.detail._tag;
    throw error;
  }
};

describe('collection names', () => {
  it('maps a port name to prefix + name in the database, and back', () => {
    const naming = collectionNaming('shop', 'acme_');
    expect(naming.toMongo('orders')).toBe('acme_orders');
    expect(naming.fromMongo('acme_orders')).toBe('orders');
    expect(naming.fromMongo('other_orders')).toBeUndefined();
    expect(collectionNaming('shop').toMongo('orders')).toBe('orders');
  });

  it('refuses exactly the names the embedded store refuses, with the same tag', () => {
    const embedded = memoryReadStore();
    const naming = collectionNaming('shop', 'p_');
    const names = fc.oneof(fc.string(), fc.constantFrom('', 'system.views', 'a$b', 'a\0b', 'x'.repeat(120), 'x'.repeat(121), 'orders.by_day'));
    fc.assert(
      fc.property(names, (name) => {
        expect(refusal(() => naming.toMongo(name))).toBe(refusal(() => embedded.collection(name)));
      }),
    );
  });

  it('gives back every name it maps, and no name of another prefix', () => {
    const naming = collectionNaming('shop', 'a_');
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((name) => refusal(() => naming.toMongo(name)) === null), (name) => {
        expect(naming.fromMongo(naming.toMongo(name))).toBe(name);
        expect(collectionNaming('shop', 'b_').fromMongo(naming.toMongo(name))).toBeUndefined();
      }),
    );
  });

  it('refuses a name that would make the namespace longer than MongoDB allows', () => {
    const naming = collectionNaming('d'.repeat(63), 'p'.repeat(80));
    expect(naming.toMongo('n'.repeat(111))).toBe(`${'p'.repeat(80)}${'n'.repeat(111)}`);
    expect(refusal(() => naming.toMongo('n'.repeat(112)))).toBe('InvalidCollectionName');
    // Bytes count, not characters: 40 three-byte characters are 120 bytes.
    expect(refusal(() => naming.toMongo('订'.repeat(40)))).toBe('InvalidCollectionName');
  });

  it('refuses a prefix that would make a system name', () => {
    expect(refusal(() => collectionNaming('shop', 'sys').toMongo('tem.views'))).toBe('InvalidCollectionName');
  });

  it('refuses a database or prefix MongoDB cannot hold, before connecting', () => {
    const thrown = (work: () => unknown): unknown => {
      try {
        work();
      } catch (error) {
        return error;
      }
      return null;
    };
    for (const database of ['', 'a.b', 'a b', 'a/b', 'a$b', 'x'.repeat(64)]) {
      const caught = thrown(() => collectionNaming(database));
      expect(isMongoStoreSetupError(caught, 'InvalidOption') && caught.detail).toMatchObject({ option: 'database' });
    }
    for (const prefix of ['a$', 'system.x', 'a\0']) {
      const caught = thrown(() => collectionNaming('shop', prefix));
      expect(isMongoStoreSetupError(caught, 'InvalidOption') && caught.detail).toMatchObject({ option: 'prefix' });
    }
  });
});
