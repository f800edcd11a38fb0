import { describe, expect, it } from 'vitest';
import { contactHasher } from './contactHasher.js';

const pepper = (fill: number) => new Uint8Array(32).fill(fill);

describe('contactHasher', () => {
  it('gives the same hex hash for the same contact, and a different one under another pepper', () => {
    const a = contactHasher(pepper(1));
    const h = a.hash('phone', '+8613800138000');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash('phone', '+8613800138000')).toBe(h);
    expect(contactHasher(pepper(2)).hash('phone', '+8613800138000')).not.toBe(h);
    expect(a.hash('phone', '+8613800138001')).not.toBe(h);
  });

  it('keeps kinds apart', () => {
    const a = contactHasher(pepper(1));
    expect(a.hash('email', 'x')).not.toBe(a.hash('phone', 'x'));
  });

  it('refuses a short pepper', () => {
    expect(() => contactHasher(new Uint8Array(16))).toThrow(RangeError);
  });
});
