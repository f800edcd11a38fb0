import { describe, expect, it } from 'vitest';
import { categoryOf, idOf, streamName } from './streamName.js';

describe('stream names', () => {
  it('are <category>-<id>, and the id may contain dashes', () => {
    const name = streamName('order', '7d3c2a4e-1b2c-4d5e-8f90-123456789abc');
    expect(name).toBe('order-7d3c2a4e-1b2c-4d5e-8f90-123456789abc');
    expect(categoryOf(name)).toBe('order');
    expect(idOf(name)).toBe('7d3c2a4e-1b2c-4d5e-8f90-123456789abc');
  });

  it('refuse a category with a dash or an empty id', () => {
    expect(() => streamName('or-der', 'x')).toThrow(TypeError);
    expect(() => streamName('order', '')).toThrow(TypeError);
  });
});
