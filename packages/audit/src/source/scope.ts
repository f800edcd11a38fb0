import type { EventStore, RecordedEvent } from '@shopstream/kernel';

/** What part of the log a command looks at. */
export type Scope =
  | { readonly kind: 'log' }
  | { readonly kind: 'stream'; readonly stream: string }
  | { readonly kind: 'category'; readonly category: string };

export interface ScopeReadOptions {
  readonly pageSize: number;
  /** Stored payloads as they are, not upcast. */
  readonly raw: boolean;
  /** Only events after this position (exclusive). */
  readonly after?: number;
  /** Only events up to this position (inclusive): a log that grows while it is read is read as it stood. */
  readonly upTo?: number;
}

/**
 * The scope's events in pages, in log order (a stream: in revision order), so a caller holds one page at a time
 * however long the log is.
 */
export async function* readScope(store: EventStore, scope: Scope, options: ScopeReadOptions): AsyncGenerator<readonly RecordedEvent[]> {
  const { pageSize, raw } = options;
  const upTo = options.upTo ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new TypeError('pageSize must be a positive integer');
  if (scope.kind === 'stream') {
    for (let fromRevision = 0; ; ) {
      const page = await store.readStream(scope.stream, { fromRevision, maxCount: pageSize, raw });
      const after = options.after ?? 0;
      const kept = page.filter((event) => event.position > after && event.position <= upTo);
      if (kept.length > 0) yield kept;
      const last = page.at(-1);
      if (page.length < pageSize || last === undefined) return;
      fromRevision = last.revision + 1;
    }
  }
  const filter = scope.kind === 'category' ? { streamCategories: [scope.category] } : undefined;
  for (let after = options.after ?? 0; ; ) {
    const page = await store.readAll({ after, maxCount: pageSize, raw, ...(filter ? { filter } : {}) });
    const kept = page.filter((event) => event.position <= upTo);
    if (kept.length > 0) yield kept;
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined || kept.length < page.length) return;
    after = last.position;
  }
}
