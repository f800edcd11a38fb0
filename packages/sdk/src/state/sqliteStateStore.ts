import Database from 'better-sqlite3';
import { systemClock } from '@shopstream/kernel';
import type { JsonValue } from '@shopstream/kernel';
import { DEFAULT_SWEEP_INTERVAL_MS, checkIncrement, checkKey, checkLimit, checkTtl, decodeValue, encodeValue } from './stateStore.js';
import type { ShopStateStore, StateEntry } from './stateStore.js';
import type { StateStoreOptions } from './memoryStateStore.js';

export interface SqliteStateStoreOptions extends StateStoreOptions {
  /** The database file, shared by every process of the shop on this machine (not the event store's file). */
  readonly path: string;
  /** How long a write waits for another process's transaction before failing. */
  readonly busyTimeoutMs?: number;
}

interface Row {
  readonly ns: string;
  readonly key: string;
  readonly value: string;
  readonly version: number;
  readonly expires_at: number | null;
}

const toEntry = (row: Row): StateEntry => ({
  namespace: row.ns,
  key: row.key,
  value: decodeValue(row.value),
  version: row.version,
  expiresAt: row.expires_at,
});

/**
 * Shared state in a SQLite file (WAL). Every read-modify-write runs in a BEGIN IMMEDIATE transaction, which
 * takes the file's write lock before reading, so compare-and-set and increments from several processes on
 * one file serialise instead of losing updates.
 */
export const sqliteStateStore = (options: SqliteStateStoreOptions): ShopStateStore => {
  const clock = options.clock ?? systemClock;
  const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5_000 });
  db.pragma('journal_mode = WAL');
  // Sessions and counters are cheap to lose in a power cut and expensive to fsync on every request.
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS shop_state (
    ns TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (ns, key)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS shop_state_expiry ON shop_state (expires_at) WHERE expires_at IS NOT NULL;`);

  const now = () => clock.now().getTime();
  const select = db.prepare<[string, string], Row>('SELECT ns, key, value, version, expires_at FROM shop_state WHERE ns = ? AND key = ?');
  const selectLive = db.prepare<[string, string, number], Row>(
    'SELECT ns, key, value, version, expires_at FROM shop_state WHERE ns = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?)',
  );
  const upsert = db.prepare<[string, string, string, number, number | null]>(`
    INSERT INTO shop_state (ns, key, value, version, expires_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, version = excluded.version, expires_at = excluded.expires_at`);
  const remove = db.prepare<[string, string]>('DELETE FROM shop_state WHERE ns = ? AND key = ?');
  // substr rather than LIKE: a prefix matches exactly, whatever case or wildcard characters it holds.
  const list = db.prepare<{ ns: string; prefix: string; at: number; limit: number }, Row>(`
    SELECT ns, key, value, version, expires_at FROM shop_state
    WHERE ns = @ns AND substr(key, 1, length(@prefix)) = @prefix AND (expires_at IS NULL OR expires_at > @at)
    ORDER BY key LIMIT @limit`);
  const sweepExpired = db.prepare<[number]>('DELETE FROM shop_state WHERE expires_at IS NOT NULL AND expires_at <= ?');

  const isLive = (row: Row | undefined, at: number): row is Row => row !== undefined && (row.expires_at === null || row.expires_at > at);

  const put = db.transaction((namespace: string, key: string, text: string, ttlMs: number | undefined, ifVersion: number | 'absent' | undefined): boolean => {
    const at = now();
    const current = select.get(namespace, key);
    const alive = isLive(current, at) ? current : undefined;
    if (ifVersion === 'absent' && alive) return false;
    if (typeof ifVersion === 'number' && alive?.version !== ifVersion) return false;
    upsert.run(namespace, key, text, (current?.version ?? 0) + 1, ttlMs === undefined ? null : at + ttlMs);
    return true;
  });
  const del = db.transaction((namespace: string, key: string, ifVersion: number | undefined): boolean => {
    const alive = selectLive.get(namespace, key, now());
    if (!alive) return false;
    if (ifVersion !== undefined && alive.version !== ifVersion) return false;
    remove.run(namespace, key);
    return true;
  });
  const increment = db.transaction((namespace: string, key: string, by: number, ttlMs: number): number => {
    const at = now();
    const current = select.get(namespace, key);
    const alive = isLive(current, at) ? current : undefined;
    const count = alive ? Number(decodeValue(alive.value)) + by : by;
    upsert.run(namespace, key, encodeValue(count), (current?.version ?? 0) + 1, alive ? alive.expires_at : at + ttlMs);
    return count;
  });

  const sweep = (): number => (db.open ? sweepExpired.run(now()).changes : 0);
  const interval = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  const timer = interval > 0 ? setInterval(sweep, interval) : undefined;
  timer?.unref();

  return {
    get: async (namespace, key) => {
      checkKey(namespace, key);
      const row = selectLive.get(namespace, key, now());
      return row ? toEntry(row) : null;
    },
    put: async (namespace, key, value: JsonValue, putOptions = {}) => {
      checkKey(namespace, key);
      checkTtl(putOptions.ttlMs);
      return put.immediate(namespace, key, encodeValue(value), putOptions.ttlMs, putOptions.ifVersion);
    },
    delete: async (namespace, key, deleteOptions = {}) => {
      checkKey(namespace, key);
      return del.immediate(namespace, key, deleteOptions.ifVersion);
    },
    increment: async (namespace, key, incrementOptions) => {
      checkKey(namespace, key);
      const by = checkIncrement(incrementOptions);
      return increment.immediate(namespace, key, by, incrementOptions.ttlMs);
    },
    list: async (namespace, listOptions = {}) => {
      checkLimit(listOptions.limit);
      return list.all({ ns: namespace, prefix: listOptions.prefix ?? '', at: now(), limit: listOptions.limit ?? -1 }).map(toEntry);
    },
    sweep: async () => sweep(),
    close: async () => {
      if (timer) clearInterval(timer);
      if (db.open) db.close();
    },
  };
};
