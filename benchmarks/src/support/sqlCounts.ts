/**
 * Counts the SQL statements this process runs over one phase, by statement text: steadier than timing for
 * telling what a change saved (appends, stream and head reads, read-store and state-store writes per order).
 * Patches better-sqlite3's statement methods while `body` runs, so every SQLite store of the process is counted.
 */
import Database from 'better-sqlite3';

type Method = 'run' | 'get' | 'all' | 'iterate';
const METHODS: readonly Method[] = ['run', 'get', 'all', 'iterate'];

export interface SqlCount {
  readonly sql: string;
  readonly method: Method;
  readonly calls: number;
}

/** Runs `body` and answers, when `enabled`, every statement run meanwhile with its count, most frequent first. */
export const countingSql = async <T>(enabled: boolean, body: () => Promise<T>): Promise<{ result: T; counts: SqlCount[] }> => {
  if (!enabled) return { result: await body(), counts: [] };
  const probe = new Database(':memory:');
  const prototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<Method, (...args: unknown[]) => unknown>;
  probe.close();
  const counts = new Map<string, SqlCount>();
  const originals = METHODS.map((method) => [method, prototype[method]] as const);
  const originalGet = prototype.get;
  /** The collection of each read-store row, by rowid, for the rewrites by rowid. */
  const collections = new Map<number, string>();
  const lookups = new Map<Database.Database, Database.Statement>();
  /** A row written before counting began: its collection read from its database, not counted. */
  const collectionOf = (database: Database.Database, rowid: number): string => {
    let lookup = lookups.get(database);
    if (lookup === undefined) {
      lookup = database.prepare('SELECT collection FROM read_documents WHERE rowid = ?').pluck();
      lookups.set(database, lookup);
    }
    const found = originalGet.call(lookup, rowid);
    const collection = typeof found === 'string' ? found : 'an unknown row';
    collections.set(rowid, collection);
    return collection;
  };
  for (const [method, original] of originals) {
    prototype[method] = function (this: { readonly source: string; readonly database: Database.Database }, ...args: unknown[]) {
      // The read store's statements are counted per collection, to say which projection wrote: an insert or a
      // delete names it first, a rewrite by rowid is traced to the insert that made its row.
      const rewrite = this.source.startsWith('UPDATE read_documents') && this.source.includes('rowid');
      const named = !rewrite && this.source.includes('read_documents') && typeof args[0] === 'string' ? args[0] : undefined;
      const collection = rewrite ? (collections.get(args[1] as number) ?? collectionOf(this.database, args[1] as number)) : named;
      const detail = collection === undefined ? '' : ` [${collection}]`;
      const key = `${method} ${this.source}${detail}`;
      const seen = counts.get(key);
      counts.set(key, { sql: this.source.replace(/\s+/g, ' ').trim() + detail, method, calls: (seen?.calls ?? 0) + 1 });
      const result = original.apply(this, args);
      if (named !== undefined && typeof result === 'number' && this.source.includes('RETURNING rowid')) collections.set(result, named);
      return result;
    };
  }
  try {
    const result = await body();
    return { result, counts: [...counts.values()].sort((a, b) => b.calls - a.calls) };
  } finally {
    for (const [method, original] of originals) prototype[method] = original;
  }
};
