import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, ManualClock } from '@shopstream/kernel';
import { digest } from '../state/statePort.js';
import { memoryStateStore } from '@shopstream/sdk';
import { idempotencyRecords } from './idempotency.js';

const json = fc.jsonValue({ maxDepth: 3 });

describe('idempotency records', () => {
  it('of concurrent claims of one key exactly one runs; the rest see it in flight, then replay it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), json, async (n, body) => {
        const records = idempotencyRecords(memoryStateStore({ clock: new ManualClock(), sweepIntervalMs: 0 }), { retentionMs: 60_000, inFlightMs: 10_000 });
        const request = { method: 'POST', path: '/x', body };
        const claims = await Promise.all(Array.from({ length: n }, () => records.claim('user:1', 'k', request)));
        const claimed = claims.filter((c) => c._tag === 'Claimed');
        expect(claimed).toHaveLength(1);
        expect(claims.filter((c) => c._tag === 'InFlight')).toHaveLength(n - 1);
        const winner = claimed[0];
        if (winner?._tag !== 'Claimed') throw new Error('one claim won');
        await winner.complete({ status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
        const again = await records.claim('user:1', 'k', request);
        expect(again).toEqual({ _tag: 'Replay', response: { status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' } });
      }),
      { numRuns: 30 },
    );
  });

  it('a different payload under the same key is KeyReused; another scope is a new claim', async () => {
    await fc.assert(
      fc.asyncProperty(json, json, async (a, b) => {
        fc.pre(canonicalJson(a) !== canonicalJson(b));
        const records = idempotencyRecords(memoryStateStore({ clock: new ManualClock(), sweepIntervalMs: 0 }));
        await records.claim('user:1', 'k', { method: 'POST', path: '/x', body: a });
        expect((await records.claim('user:1', 'k', { method: 'POST', path: '/x', body: b }))._tag).toBe('KeyReused');
        expect((await records.claim('user:1', 'k', { method: 'POST', path: '/y', body: a }))._tag).toBe('KeyReused');
        expect((await records.claim('user:2', 'k', { method: 'POST', path: '/x', body: b }))._tag).toBe('Claimed');
      }),
      { numRuns: 40 },
    );
  });

  it('a released claim (a fault) frees the key, and an abandoned one frees itself after inFlightMs', async () => {
    const clock = new ManualClock();
    const records = idempotencyRecords(memoryStateStore({ clock, sweepIntervalMs: 0 }), { retentionMs: 60_000, inFlightMs: 5_000 });
    const request = { method: 'POST', path: '/x', body: null };
    const first = await records.claim('ip:1', 'k', request);
    if (first._tag !== 'Claimed') throw new Error('claimed');
    await first.release();
    expect((await records.claim('ip:1', 'k', request))._tag).toBe('Claimed');
    expect((await records.claim('ip:1', 'k', request))._tag).toBe('InFlight');
    clock.advance(5_000);
    expect((await records.claim('ip:1', 'k', request))._tag).toBe('Claimed');
  });

  it('a payload is the same request whatever the order of its keys', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer()), async (record) => {
        const records = idempotencyRecords(memoryStateStore({ clock: new ManualClock(), sweepIntervalMs: 0 }));
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        const first = await records.claim('user:1', 'k', { method: 'POST', path: '/x', body: record });
        if (first._tag !== 'Claimed') throw new Error('claimed');
        await first.complete({ status: 200, headers: {}, body: '{}' });
        expect((await records.claim('user:1', 'k', { method: 'POST', path: '/x', body: reversed }))._tag).toBe('Replay');
      }),
      { numRuns: 50 },
    );
  });

  it('keeps neither the response nor a plain digest of the request: what the store holds cannot be read without the client key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), fc.string({ minLength: 8, maxLength: 40 }).filter((text) => !/["\\]/.test(text)), async (key, secret) => {
        const state = memoryStateStore({ clock: new ManualClock(), sweepIntervalMs: 0 });
        const records = idempotencyRecords(state);
        const request = { method: 'POST', path: '/me/addresses', body: { phone: secret } };
        const claim = await records.claim('user:1', key, request);
        if (claim._tag !== 'Claimed') throw new Error('claimed');
        const response = { status: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: secret }) };
        await claim.complete(response);
        const stored = JSON.stringify((await state.get('http-idempotency', digest('user:1', key)))?.value);
        expect(stored).toContain('"sealed"');
        expect(stored).not.toContain(secret);
        // An unkeyed hash of the request, which anyone could recompute from a guess, is not what is kept.
        expect(stored).not.toContain(digest('POST', '/me/addresses', canonicalJson(request.body)));
        expect(await records.claim('user:1', key, request)).toEqual({ _tag: 'Replay', response });
      }),
      { numRuns: 30 },
    );
  });

  it("a stored record that was tampered with, or is not this code's, is never replayed", async () => {
    const state = memoryStateStore({ clock: new ManualClock(), sweepIntervalMs: 0 });
    const records = idempotencyRecords(state);
    const request = { method: 'POST', path: '/checkout', body: { cartId: 'c-1' } };
    const claim = await records.claim('user:1', 'k-1', request);
    if (claim._tag !== 'Claimed') throw new Error('claimed');
    await claim.complete({ status: 201, headers: {}, body: '{"orderId":"o-1"}' });
    const id = digest('user:1', 'k-1');
    const record = (await state.get('http-idempotency', id))?.value as { sealed: { data: string } };
    const flipped = Buffer.from(record.sealed.data, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    await state.put('http-idempotency', id, { ...record, sealed: { ...record.sealed, data: flipped.toString('base64') } }, { ttlMs: 60_000 });
    expect((await records.claim('user:1', 'k-1', request))._tag).toBe('KeyReused');
    await state.put('http-idempotency', id, { state: 'done', fingerprint: 'f', response: { status: 201, headers: {}, body: '{}' } }, { ttlMs: 60_000 });
    expect((await records.claim('user:1', 'k-1', request))._tag).toBe('KeyReused');
  });
});
