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
  for (const [method, original] of originals) {
    prototype[method] = function (this: { readonly source: string }, ...args: unknown[]) {
      // The read store's statements name their collection first: counted apart, they say which projection wrote.
      const detail = this.source.includes('read_documents') && typeof args[0] === 'string' ? ` [${args[0]}]` : '';
      const key = `${method} ${this.source}${detail}`;
      const seen = counts.get(key);
      counts.set(key, { sql: this.source.replace(/\s+/g, ' ').trim() + detail, method, calls: (seen?.calls ?? 0) + 1 });
      return original.apply(this, args);
    };
  }
  try {
    const result = await body();
    return { result, counts: [...counts.values()].sort((a, b) => b.calls - a.calls) };
  } finally {
    for (const [method, original] of originals) prototype[method] = original;
  }
};
