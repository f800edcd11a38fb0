import { describe, expect, it } from 'vitest';
import { OrderClient } from '../ordering/index.js';
import { clientIpHasher } from './clientIp.js';

describe('client IP hashes', () => {
  const hasher = clientIpHasher(new Uint8Array(32).fill(7));

  it('gives the same keyed hash for the same address, whatever its case or spacing, and another with another key', () => {
    expect(hasher.hash(' 2001:DB8::1 ')).toBe(hasher.hash('2001:db8::1'));
    expect(hasher.hash('203.0.113.9')).not.toBe(hasher.hash('203.0.113.10'));
    expect(clientIpHasher(new Uint8Array(32).fill(8)).hash('203.0.113.9')).not.toBe(hasher.hash('203.0.113.9'));
  });

  it('is what an order accepts as its client IP, where a raw address is refused', () => {
    expect(OrderClient.safeParse({ channel: 'app', ipHash: hasher.hash('203.0.113.9') }).success).toBe(true);
    expect(OrderClient.safeParse({ channel: 'app', ipHash: '203.0.113.9' }).success).toBe(false);
  });

  it('refuses a short pepper', () => {
    expect(() => clientIpHasher(new Uint8Array(16))).toThrow(RangeError);
  });
});
