import { systemClock } from '../time/clock.js';
import { checkIncrement, checkKey, checkLimit, checkTtl, decodeValue, encodeValue } from './stateStore.js';
import type { ShopStateStore, StateEntry, StateStoreOptions } from './stateStore.js';
import { sweeper } from './sweeper.js';

interface Stored {
  readonly text: string;
  readonly version: number;
  readonly expiresAt: number | null;
}

/** Shared state in process memory: one host instance only, gone when the process ends. */
export const memoryStateStore = (options: StateStoreOptions = {}): ShopStateStore => {
  const clock = options.clock ?? systemClock;
  const namespaces = new Map<string, Map<string, Stored>>();
  const now = () => clock.now().getTime();
  const live = (stored: Stored | undefined): Stored | undefined =>
    stored !== undefined && (stored.expiresAt === null || stored.expiresAt > now()) ? stored : undefined;
  const entries = (namespace: string) => {
    let map = namespaces.get(namespace);
    if (!map) namespaces.set(namespace, (map = new Map<string, Stored>()));
    return map;
  };
  const toEntry = (namespace: string, key: string, stored: Stored): StateEntry => ({
    namespace,
    key,
    value: decodeValue(stored.text),
    version: stored.version,
    expiresAt: stored.expiresAt,
  });

  const sweep = (): number => {
    let removed = 0;
    for (const map of namespaces.values()) {
      for (const [key, stored] of map) {
        if (!live(stored)) {
          map.delete(key);
          removed += 1;
        }
      }
    }
    return removed;
  };
  const sweeping = sweeper(sweep, options.sweepIntervalMs);

  return {
    get: async (namespace, key) => {
      checkKey(namespace, key);
      const stored = live(namespaces.get(namespace)?.get(key));
      return stored ? toEntry(namespace, key, stored) : null;
    },
    put: async (namespace, key, value, putOptions = {}) => {
      checkKey(namespace, key);
      checkTtl(putOptions.ttlMs);
      const text = encodeValue(value);
      const map = entries(namespace);
      const current = map.get(key);
      const alive = live(current);
      const expected = putOptions.ifVersion;
      if (expected === 'absent' && alive) return false;
      if (typeof expected === 'number' && alive?.version !== expected) return false;
      // Versions keep counting past an expiry until the entry is swept, which only makes a stale compare-and-set
      // less likely to match; callers must not rely on a version after an expiry or a delete.
      const version = (current?.version ?? 0) + 1;
      map.set(key, { text, version, expiresAt: putOptions.ttlMs === undefined ? null : now() + putOptions.ttlMs });
      return true;
    },
    delete: async (namespace, key, deleteOptions = {}) => {
      checkKey(namespace, key);
      const map = namespaces.get(namespace);
      const alive = live(map?.get(key));
      if (!map || !alive) return false;
      if (deleteOptions.ifVersion !== undefined && alive.version !== deleteOptions.ifVersion) return false;
      map.delete(key);
      return true;
    },
    increment: async (namespace, key, incrementOptions) => {
      checkKey(namespace, key);
      const by = checkIncrement(incrementOptions);
      const map = entries(namespace);
      const current = map.get(key);
      const alive = live(current);
      const count = alive ? Number(decodeValue(alive.text)) + by : by;
      const expiresAt = alive ? alive.expiresAt : now() + incrementOptions.ttlMs;
      map.set(key, { text: encodeValue(count), version: (current?.version ?? 0) + 1, expiresAt });
      return count;
    },
    list: async (namespace, listOptions = {}) => {
      checkLimit(listOptions.limit);
      const map = namespaces.get(namespace);
      if (!map) return [];
      const prefix = listOptions.prefix ?? '';
      const keys = [...map.keys()].filter((key) => key.startsWith(prefix)).sort(compareKeys);
      const found: StateEntry[] = [];
      for (const key of keys) {
        if (listOptions.limit !== undefined && found.length >= listOptions.limit) break;
        const stored = live(map.get(key));
        if (stored) found.push(toEntry(namespace, key, stored));
      }
      return found;
    },
    sweep: () => sweeping.sweep(),
    close: () => sweeping.stop(),
  };
};

/** Byte order of the UTF-8 keys, which is SQLite's BINARY collation, so both stores list in one order. */
export const compareKeys = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
