import type { Database } from 'better-sqlite3';

/**
 * Group commit: the appends this process makes at about the same time (a shop serves many customers at once)
 * share one write transaction, so one COMMIT, the most expensive part of a small append, serves them all.
 *
 * When several requests share a transaction, each that may write more than once runs in a SAVEPOINT of its own,
 * so a refused append is rolled back alone and the others still commit. A request alone needs none (its failure
 * rolls the transaction back), nor does one that writes with at most one statement (`singleWrite`): SQLite undoes
 * a failed statement by itself, so a throw leaves nothing of it behind. `apply` itself opens no transaction. Every caller is resolved
 * or rejected only after the COMMIT (or the failure of the whole transaction), so an append that resolved is
 * exactly as durable as one committed on its own; requests take effect in the order they were submitted, which
 * is also the order of their positions.
 *
 * A request that finds the store idle commits at once, alone, exactly as a direct commit would: a lone caller
 * waits for no one. It opens a window until the event loop's next check phase (`setImmediate`), and the
 * requests issued meanwhile (by callbacks and promise continuations of the same turn, such as other customers'
 * commands resuming after the last batch) are committed together when it closes. While batches keep coming
 * the window stays open from one turn to the next; the first turn with nothing to commit closes it.
 */
export interface GroupCommit<Request, Result> {
  submit(request: Request): Promise<Result>;
  /** Commits everything submitted so far, now; the store calls it before closing the connection. */
  flush(): void;
}

export interface GroupCommitOptions<Request, Result> {
  readonly db: Database;
  /** One request's writes; runs inside the batch's transaction, and its own effects are undone if it throws. */
  readonly apply: (request: Request) => Result;
  /**
   * True when `apply` writes this request with at most one statement, so a failure leaves none of its writes
   * behind and it needs no savepoint (two statements per request fewer). Default: every request gets one.
   */
  readonly singleWrite?: (request: Request) => boolean;
  /** At the start of each transaction, inside it (the write lock held), before the first request's writes. */
  readonly began?: () => void;
  /** After each COMMIT, with the results of the requests that succeeded, in commit order. Must not throw. */
  readonly committed: (results: readonly Result[]) => void;
  /** After a transaction that failed as a whole (nothing of it committed). Must not throw. */
  readonly rolledBack?: () => void;
  /** At most this many requests per transaction, so that other processes wait for the write lock no longer. */
  readonly maxBatch?: number;
}

interface Pending<Request, Result> {
  readonly request: Request;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome<Result> = { readonly ok: true; readonly value: Result } | { readonly ok: false; readonly error: unknown };

const DEFAULT_MAX_BATCH = 256;

export const groupCommit = <Request, Result>(options: GroupCommitOptions<Request, Result>): GroupCommit<Request, Result> => {
  const { db, apply, committed, began, rolledBack } = options;
  const singleWrite = options.singleWrite ?? (() => false);
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new TypeError('maxBatch must be a positive integer');
  let queue: Pending<Request, Result>[] = [];
  // Open from a commit made at once until the next check phase; requests meanwhile wait for the batch.
  let windowOpen = false;

  // better-sqlite3 runs a transaction function called inside another transaction as a savepoint.
  const applyInSavepoint = db.transaction(apply);
  const runBatch = db.transaction((batch: readonly Pending<Request, Result>[]): Outcome<Result>[] => {
    began?.();
    const [only] = batch;
    if (only !== undefined && batch.length === 1) return [{ ok: true, value: apply(only.request) }];
    return batch.map((pending): Outcome<Result> => {
      try {
        return { ok: true, value: singleWrite(pending.request) ? apply(pending.request) : applyInSavepoint(pending.request) };
      } catch (error) {
        // Some failures (disk full, I/O error) make SQLite roll back the whole transaction, not just the
        // savepoint: then nothing of this batch will commit, and the requests after it must not run outside it.
        if (!db.inTransaction) throw error;
        return { ok: false, error };
      }
    });
  });

  const commitBatch = (batch: readonly Pending<Request, Result>[]): void => {
    let outcomes: Outcome<Result>[];
    try {
      // IMMEDIATE takes the write lock before the first read, so every expectation checked holds at COMMIT.
      outcomes = runBatch.immediate(batch);
    } catch (error) {
      // BEGIN, COMMIT or the transaction itself failed: nothing was committed, so every request failed.
      rolledBack?.();
      for (const pending of batch) pending.reject(error);
      return;
    }
    const results: Result[] = [];
    for (const outcome of outcomes) if (outcome.ok) results.push(outcome.value);
    if (results.length > 0) committed(results);
    outcomes.forEach((outcome, i) => {
      const pending = batch[i];
      if (!pending) return;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  };

  const flush = (): void => {
    while (queue.length > 0) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      commitBatch(batch);
    }
  };

  const closeWindow = (): void => {
    if (queue.length === 0) {
      windowOpen = false;
      return;
    }
    flush();
    // Appends were waiting, so the callers just answered are likely to append again in the promise
    // continuations that run next: keep the window open for one more turn so that they share a batch too,
    // rather than the first of them committing alone.
    setImmediate(closeWindow);
  };

  return {
    submit: (request) =>
      new Promise<Result>((resolve, reject) => {
        const pending = { request, resolve, reject };
        if (windowOpen) {
          queue.push(pending);
          return;
        }
        windowOpen = true;
        setImmediate(closeWindow);
        commitBatch([pending]);
      }),
    flush,
  };
};
