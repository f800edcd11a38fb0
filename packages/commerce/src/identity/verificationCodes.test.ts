import { describe, expect, it } from 'vitest';
import { verificationCodes } from './verificationCodes.js';

const codes = verificationCodes(new Uint8Array(32).fill(7));

describe('verificationCodes', () => {
  it('generates six digits', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const code = codes.generate();
      expect(code).toMatch(/^\d{6}$/);
      seen.add(code);
    }
    expect(seen.size).toBeGreaterThan(190);
  });

  it('binds the hash to purpose and user, and forgives fullwidth digits and spaces', () => {
    const h = codes.hash('verify-contact', 'u1', '012345');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(codes.hash('verify-contact', 'u1', '０１２ ３４５')).toBe(h);
    expect(codes.hash('reset-password', 'u1', '012345')).not.toBe(h);
    expect(codes.hash('verify-contact', 'u2', '012345')).not.toBe(h);
    expect(codes.hash('verify-contact', 'u1', '012346')).not.toBe(h);
  });

  it('refuses a short pepper', () => {
    expect(() => verificationCodes(new Uint8Array(8))).toThrow(RangeError);
  });
});
