import { ManualClock } from '../time/clock.js';
import type { JsonValue } from '../readStore/readStore.js';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ShopStateStore } from '../state/stateStore.js';

export interface StateStoreContractOptions {
  /** A new, empty store reading the time from `clock`, with no background sweep. */
  readonly create: (clock: ManualClock) => ShopStateStore | Promise<ShopStateStore>;
  /** The same storage opened again, when the store persists. */
  readonly reopen?: (clock: ManualClock) => ShopStateStore | Promise<ShopStateStore>;
  /** A new, empty store that sweeps by itself every `sweepIntervalMs`, when the store sweeps in the background. */
  readonly sweeping?: (clock: ManualClock, sweepIntervalMs: number) => ShopStateStore | Promise<ShopStateStore>;
}

/** The behaviour every ShopStateStore must show. */
export const stateStoreContract = (name: string, options: StateStoreContractOptions): void => {
  describe(`ShopStateStore contract: ${name}`, () => {
    const opened: ShopStateStore[] = [];
    const open = async (clock = new ManualClock()) => {
      const store = await options.create(clock);
      opened.push(store);
      return { store, clock };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('returns nothing for a missing key, and a written value as JSON with version 1', async () => {
      const { store } = await open();
      expect(await store.get('sessions', 's-1')).toBeNull();
      const value = { userId: 'u-1', roles: ['customer'], name: '张三', cart: null };
      expect(await store.put('sessions', 's-1', value)).toBe(true);
      expect(await store.get('sessions', 's-1')).toEqual({ namespace: 'sessions', key: 's-1', value, version: 1, expiresAt: null });
      expect(await store.get('other', 's-1')).toBeNull();
    });

    it('round-trips any JSON value', async () => {
      const { store } = await open();
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (value) => {
          await store.put('json', 'k', value);
          expect((await store.get('json', 'k'))?.value).toEqual(JSON.parse(JSON.stringify(value)));
        }),
        { numRuns: 40 },
      );
    });

    it('compare-and-set writes only over the expected version, or only where nothing lives', async () => {
      const { store } = await open();
      expect(await store.put('idem', 'key-1', { status: 'pending' }, { ifVersion: 'absent' })).toBe(true);
      expect(await store.put('idem', 'key-1', { status: 'other' }, { ifVersion: 'absent' })).toBe(false);
      expect(await store.put('idem', 'key-1', { status: 'stale' }, { ifVersion: 2 })).toBe(false);
      expect(await store.put('idem', 'key-1', { status: 'done' }, { ifVersion: 1 })).toBe(true);
      expect(await store.get('idem', 'key-1')).toMatchObject({ value: { status: 'done' }, version: 2 });
      expect(await store.put('idem', 'missing', 1, { ifVersion: 1 })).toBe(false);
      expect(await store.get('idem', 'missing')).toBeNull();
    });

    it('every successful write moves the version on by one; a refused one changes nothing (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }), { minLength: 1, maxLength: 25 }), async (expectations) => {
          const { store } = await open();
          let version = 0;
          for (const [i, ifVersion] of expectations.entries()) {
            const wrote = await store.put('cas', 'k', i, ifVersion === undefined ? {} : { ifVersion: ifVersion === 0 ? 'absent' : ifVersion });
            expect(wrote).toBe(ifVersion === undefined || ifVersion === version);
            if (wrote) version += 1;
            const entry = await store.get('cas', 'k');
            expect(entry?.version ?? 0).toBe(version);
          }
          await store.close();
        }),
        { numRuns: 30 },
      );
    });

    it('concurrent read-modify-write loops with compare-and-set lose no update', async () => {
      const { store } = await open();
      const bump = async () => {
        for (;;) {
          const entry = await store.get('counters', 'cas');
          const next = (typeof entry?.value === 'number' ? entry.value : 0) + 1;
          if (await store.put('counters', 'cas', next, { ifVersion: entry?.version ?? 'absent' })) return;
        }
      };
      await Promise.all(Array.from({ length: 30 }, bump));
      expect((await store.get('counters', 'cas'))?.value).toBe(30);
    });

    it('an entry expires after its ttl: invisible to reads, free for an absent-only write', async () => {
      const { store, clock } = await open();
      await store.put('sessions', 's-1', 'alive', { ttlMs: 1_000 });
      expect(await store.get('sessions', 's-1')).toMatchObject({ value: 'alive', expiresAt: clock.now().getTime() + 1_000 });
      clock.advance(999);
      expect((await store.get('sessions', 's-1'))?.value).toBe('alive');
      clock.advance(1);
      expect(await store.get('sessions', 's-1')).toBeNull();
      expect(await store.list('sessions')).toEqual([]);
      expect(await store.delete('sessions', 's-1')).toBe(false);
      expect(await store.put('sessions', 's-1', 'again', { ifVersion: 'absent' })).toBe(true);
      expect((await store.get('sessions', 's-1'))?.value).toBe('again');
    });

    it('a put without ttl clears an earlier expiry', async () => {
      const { store, clock } = await open();
      await store.put('sessions', 's-1', 1, { ttlMs: 10 });
      await store.put('sessions', 's-1', 2);
      clock.advance(1_000);
      expect(await store.get('sessions', 's-1')).toMatchObject({ value: 2, expiresAt: null });
    });

    it('delete removes a live entry, and with ifVersion only at that version', async () => {
      const { store } = await open();
      await store.put('outbox', 'd-1', { n: 1 });
      await store.put('outbox', 'd-1', { n: 2 });
      expect(await store.delete('outbox', 'd-1', { ifVersion: 1 })).toBe(false);
      expect(await store.get('outbox', 'd-1')).not.toBeNull();
      expect(await store.delete('outbox', 'd-1', { ifVersion: 2 })).toBe(true);
      expect(await store.get('outbox', 'd-1')).toBeNull();
      expect(await store.delete('outbox', 'd-1')).toBe(false);
    });

    it('increment counts in a fixed window that restarts once it has expired', async () => {
      const { store, clock } = await open();
      expect(await store.increment('rate', 'ip-1', { ttlMs: 60_000 })).toBe(1);
      clock.advance(30_000);
      expect(await store.increment('rate', 'ip-1', { ttlMs: 60_000 })).toBe(2);
      expect(await store.increment('rate', 'ip-1', { by: 5, ttlMs: 60_000 })).toBe(7);
      // The window started with the first increment, not the last.
      expect((await store.get('rate', 'ip-1'))?.expiresAt).toBe(new Date('2026-01-01T00:01:00.000Z').getTime());
      clock.advance(30_000);
      expect(await store.increment('rate', 'ip-1', { ttlMs: 60_000 })).toBe(1);
      expect(await store.increment('rate', 'ip-2', { ttlMs: 60_000 })).toBe(1);
    });

    it('concurrent increments are all counted (property: the count is the sum)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: -3, max: 10 }), { minLength: 1, maxLength: 30 }), async (steps) => {
          const { store } = await open();
          const results = await Promise.all(steps.map((by) => store.increment('rate', 'k', { by, ttlMs: 1_000 })));
          const total = steps.reduce((sum, by) => sum + by, 0);
          expect((await store.get('rate', 'k'))?.value).toBe(total);
          expect(results).toContain(total);
          await store.close();
        }),
        { numRuns: 25 },
      );
    });

    it('lists live entries of a namespace in key order, by prefix, up to a limit', async () => {
      const { store, clock } = await open();
      for (const key of ['b-2', 'a-1', 'b-1', 'b_%', 'B-3', 'b-10', '中-1']) await store.put('outbox', key, key);
      await store.put('outbox', 'b-0', 'expiring', { ttlMs: 5 });
      await store.put('elsewhere', 'b-1', 'x');
      clock.advance(5);
      const keys = async (prefix?: string, limit?: number) => (await store.list('outbox', { prefix, limit })).map((entry) => entry.key);
      expect(await keys()).toEqual(['B-3', 'a-1', 'b-1', 'b-10', 'b-2', 'b_%', '中-1']);
      expect(await keys('b-')).toEqual(['b-1', 'b-10', 'b-2']);
      expect(await keys('b_')).toEqual(['b_%']);
      expect(await keys('b', 2)).toEqual(['b-1', 'b-10']);
      expect(await keys('', 0)).toEqual([]);
      expect(await keys('zz')).toEqual([]);
      expect(await store.list('outbox', { prefix: 'a' })).toEqual([{ namespace: 'outbox', key: 'a-1', value: 'a-1', version: 1, expiresAt: null }]);
    });

    it('sweep deletes expired entries and keeps live ones', async () => {
      const { store, clock } = await open();
      await store.put('s', 'short', 1, { ttlMs: 10 });
      await store.increment('s', 'counter', { ttlMs: 10 });
      await store.put('s', 'long', 2, { ttlMs: 10_000 });
      await store.put('s', 'forever', 3);
      clock.advance(10);
      expect(await store.sweep()).toBe(2);
      expect(await store.sweep()).toBe(0);
      expect((await store.list('s')).map((entry) => entry.key)).toEqual(['forever', 'long']);
    });

    it('refuses empty names, bad ttls and values that are not JSON', async () => {
      const { store } = await open();
      await expect(store.get('', 'k')).rejects.toThrow(TypeError);
      await expect(store.put('ns', '', 1)).rejects.toThrow(TypeError);
      await expect(store.put('ns', 'k', 1, { ttlMs: 0 })).rejects.toThrow(TypeError);
      await expect(store.increment('ns', 'k', { ttlMs: 1.5 })).rejects.toThrow(TypeError);
      await expect(store.put('ns', 'k', undefined as unknown as JsonValue)).rejects.toThrow(TypeError);
    });

    if (options.sweeping) {
      const sweeping = options.sweeping;
      it('sweeps expired entries by itself every sweepIntervalMs, and stops when closed', async () => {
        // Only the interval timers are faked: the store's is the one timer counted, and I/O keeps its own.
        vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
        try {
          const clock = new ManualClock();
          const store = await sweeping(clock, 1_000);
          expect(vi.getTimerCount()).toBe(1);
          await store.put('s', 'short', 1, { ttlMs: 10 });
          await store.put('s', 'forever', 2);
          clock.advance(10);
          await vi.advanceTimersByTimeAsync(1_000);
          // The background sweep deleted it already: a sweep now (which waits for one under way) finds nothing.
          expect(await store.sweep()).toBe(0);
          expect((await store.list('s')).map((entry) => entry.key)).toEqual(['forever']);
          await store.close();
          expect(vi.getTimerCount()).toBe(0);
        } finally {
          vi.useRealTimers();
        }
      });
    }

    if (options.reopen) {
      const reopen = options.reopen;
      it('keeps entries, versions and expiries across a reopen', async () => {
        const { store, clock } = await open();
        await store.put('sessions', 's-1', { userId: 'u-1' }, { ttlMs: 60_000 });
        await store.put('sessions', 's-1', { userId: 'u-1', seen: 2 }, { ttlMs: 60_000 });
        await store.close();
        const again = await reopen(clock);
        opened.push(again);
        expect(await again.get('sessions', 's-1')).toEqual({
          namespace: 'sessions',
          key: 's-1',
          value: { userId: 'u-1', seen: 2 },
          version: 2,
          expiresAt: clock.now().getTime() + 60_000,
        });
      });
    }
  });
};
