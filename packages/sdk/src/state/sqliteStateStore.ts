import Database from 'better-sqlite3';
import { checkIncrement, checkKey, checkLimit, checkTtl, decodeValue, encodeValue, sweeper, systemClock } from '@shopstream/kernel';
import type { JsonValue, ShopStateStore, StateEntry, StateStoreOptions } from '@shopstream/kernel';

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
 * Shared state in a SQLite file (WAL). Every write takes the file's write lock before it reads what it tests:
 * puts and deletes, compare-and-set included, are one statement each (SQLite's own transaction), an increment
 * a BEGIN IMMEDIATE transaction, so writes from several processes on one file serialise instead of losing updates.
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
  // Each write below is one statement, so SQLite runs it in a transaction of its own that takes the write lock
  // before it reads the row it tests: as atomic across processes as BEGIN IMMEDIATE, SELECT, write and COMMIT.
  const write = db.prepare<{ ns: string; key: string; value: string; expires: number | null }>(`
    INSERT INTO shop_state (ns, key, value, version, expires_at) VALUES (@ns, @key, @value, 1, @expires)
    ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, version = shop_state.version + 1, expires_at = excluded.expires_at`);
  // An expired entry counts as absent: it is written over, and its version moves on from where it was.
  const writeIfAbsent = db.prepare<{ ns: string; key: string; value: string; expires: number | null; at: number }>(`
    INSERT INTO shop_state (ns, key, value, version, expires_at) VALUES (@ns, @key, @value, 1, @expires)
    ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, version = shop_state.version + 1, expires_at = excluded.expires_at
    WHERE shop_state.expires_at IS NOT NULL AND shop_state.expires_at <= @at`);
  const writeIfVersion = db.prepare<{ ns: string; key: string; value: string; expires: number | null; at: number; version: number }>(`
    UPDATE shop_state SET value = @value, version = version + 1, expires_at = @expires
    WHERE ns = @ns AND key = @key AND version = @version AND (expires_at IS NULL OR expires_at > @at)`);
  const remove = db.prepare<{ ns: string; key: string; at: number; version: number | null }>(`
    DELETE FROM shop_state
    WHERE ns = @ns AND key = @key AND (expires_at IS NULL OR expires_at > @at) AND (@version IS NULL OR version = @version)`);
  // substr rather than LIKE: a prefix matches exactly, whatever case or wildcard characters it holds.
  const list = db.prepare<{ ns: string; prefix: string; at: number; limit: number }, Row>(`
    SELECT ns, key, value, version, expires_at FROM shop_state
    WHERE ns = @ns AND substr(key, 1, length(@prefix)) = @prefix AND (expires_at IS NULL OR expires_at > @at)
    ORDER BY key LIMIT @limit`);
  const sweepExpired = db.prepare<[number]>('DELETE FROM shop_state WHERE expires_at IS NOT NULL AND expires_at <= ?');

  const isLive = (row: Row | undefined, at: number): row is Row => row !== undefined && (row.expires_at === null || row.expires_at > at);

  const put = (ns: string, key: string, value: string, ttlMs: number | undefined, ifVersion: number | 'absent' | undefined): boolean => {
    const at = now();
    const expires = ttlMs === undefined ? null : at + ttlMs;
    if (ifVersion === undefined) return write.run({ ns, key, value, expires }).changes > 0;
    if (ifVersion === 'absent') return writeIfAbsent.run({ ns, key, value, expires, at }).changes > 0;
    return writeIfVersion.run({ ns, key, value, expires, at, version: ifVersion }).changes > 0;
  };
  // A read, then a write computed in JavaScript: this one needs the transaction.
  const increment = db.transaction((namespace: string, key: string, by: number, ttlMs: number): number => {
    const at = now();
    const current = select.get(namespace, key);
    const alive = isLive(current, at) ? current : undefined;
    const count = alive ? Number(decodeValue(alive.value)) + by : by;
    upsert.run(namespace, key, encodeValue(count), (current?.version ?? 0) + 1, alive ? alive.expires_at : at + ttlMs);
    return count;
  });

  const sweeping = sweeper(() => (db.open ? sweepExpired.run(now()).changes : 0), options.sweepIntervalMs);

  return {
    get: async (namespace, key) => {
      checkKey(namespace, key);
      const row = selectLive.get(namespace, key, now());
      return row ? toEntry(row) : null;
    },
    put: async (namespace, key, value: JsonValue, putOptions = {}) => {
      checkKey(namespace, key);
      checkTtl(putOptions.ttlMs);
      return put(namespace, key, encodeValue(value), putOptions.ttlMs, putOptions.ifVersion);
    },
    delete: async (namespace, key, deleteOptions = {}) => {
      checkKey(namespace, key);
      return remove.run({ ns: namespace, key, at: now(), version: deleteOptions.ifVersion ?? null }).changes > 0;
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
    sweep: () => sweeping.sweep(),
    close: async () => {
      await sweeping.stop();
      if (db.open) db.close();
    },
  };
};
