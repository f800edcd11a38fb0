import { describe, expect, it } from 'vitest';
import { defineProjection, physicalNames } from './projection.js';

const handlers = { ItemAdded: () => undefined, CartOpened: () => undefined };

describe('defineProjection', () => {
  it('derives the subscribed event types from the handlers, and names physical collections per build', () => {
    const projection = defineProjection({ name: 'cart-lines', version: 3, collections: { lines: {}, carts: {} }, handlers });
    expect(projection.eventTypes).toEqual(['CartOpened', 'ItemAdded']);
    expect(projection.logicalNames).toEqual(['carts', 'lines']);
    expect(physicalNames(projection, 3, 0)).toEqual({ carts: 'cart-lines.carts.v3', lines: 'cart-lines.lines.v3' });
    expect(physicalNames(projection, 3, 2)).toEqual({ carts: 'cart-lines.carts.v3.r2', lines: 'cart-lines.lines.v3.r2' });
  });

  it('refuses names that would not make safe collection names, bad versions, and empty declarations', () => {
    const valid = { name: 'carts', version: 1, collections: { carts: {} }, handlers };
    for (const name of ['', 'Carts', 'carts.v1', 'carts$', '1carts', 'a'.repeat(64)]) {
      expect(() => defineProjection({ ...valid, name })).toThrow(/projection name/);
    }
    for (const version of [0, -1, 1.5, Number.NaN]) expect(() => defineProjection({ ...valid, version })).toThrow(/version must be a positive integer/);
    expect(() => defineProjection({ ...valid, collections: {} })).toThrow(/at least one collection/);
    expect(() => defineProjection({ ...valid, collections: { 'by.day': {} } })).toThrow(/collection name "by.day"/);
    expect(() => defineProjection({ ...valid, handlers: {} })).toThrow(/at least one handler/);
  });
});
