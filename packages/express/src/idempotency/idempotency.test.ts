import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@shopstream/kernel';
import { memoryStateStore } from '@shopstream/sdk';
import { fingerprintOf, idempotencyRecords } from './idempotency.js';

const json = fc.jsonValue({ maxDepth: 3 });

describe('idempotency records', () => {
  it('of concurrent claims of one key exactly one runs; the rest see it in flight, then replay it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), json, async (n, body) => {
        const records = idempotencyRecords(memoryStateStore({ clock: new ManualClock(), sweepIntervalMs: 0 }), { retentionMs: 60_000, inFlightMs: 10_000 });
        const fingerprint = fingerprintOf('POST', '/x', body);
        const claims = await Promise.all(Array.from({ length: n }, () => records.claim('user:1', 'k', fingerprint)));
        const claimed = claims.filter((c) => c._tag === 'Claimed');
        expect(claimed).toHaveLength(1);
        expect(claims.filter((c) => c._tag === 'InFlight')).toHaveLength(n - 1);
        const winner = claimed[0];
        if (winner?._tag !== 'Claimed') throw new Error('one claim won');
        await winner.complete({ status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
        const again = await records.claim('user:1', 'k', fingerprint);
        expect(again).toEqual({ _tag: 'Replay', response: { status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' } });
      }),
      { numRuns: 30 },
    );
  });

  it('a different payload under the same key is KeyReused; another scope is a new claim', async () => {
    await fc.assert(
      fc.asyncProperty(json, json, async (a, b) => {
        fc.pre(fingerprintOf('POST', '/x', a) !== fingerprintOf('POST', '/x', b));
        const records = idempotencyRecords(memoryStateStore({ clock: new ManualClock(), sweepIntervalMs: 0 }));
        await records.claim('user:1', 'k', fingerprintOf('POST', '/x', a));
        expect((await records.claim('user:1', 'k', fingerprintOf('POST', '/x', b)))._tag).toBe('KeyReused');
        expect((await records.claim('user:2', 'k', fingerprintOf('POST', '/x', b)))._tag).toBe('Claimed');
      }),
      { numRuns: 40 },
    );
  });

  it('a released claim (a fault) frees the key, and an abandoned one frees itself after inFlightMs', async () => {
    const clock = new ManualClock();
    const records = idempotencyRecords(memoryStateStore({ clock, sweepIntervalMs: 0 }), { retentionMs: 60_000, inFlightMs: 5_000 });
    const first = await records.claim('ip:1', 'k', 'f');
    if (first._tag !== 'Claimed') throw new Error('claimed');
    await first.release();
    expect((await records.claim('ip:1', 'k', 'f'))._tag).toBe('Claimed');
    expect((await records.claim('ip:1', 'k', 'f'))._tag).toBe('InFlight');
    clock.advance(5_000);
    expect((await records.claim('ip:1', 'k', 'f'))._tag).toBe('Claimed');
  });

  it('fingerprints ignore key order but not values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(fingerprintOf('POST', '/x', record)).toBe(fingerprintOf('POST', '/x', reversed));
        expect(fingerprintOf('POST', '/x', record)).not.toBe(fingerprintOf('POST', '/y', record));
      }),
      { numRuns: 50 },
    );
  });
});
