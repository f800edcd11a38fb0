import { AppendNotifier } from '@shopstream/kernel';

/** Where the log stood when a subscription last read it. */
export interface LogVersion {
  /** SQLite's count of commits by other connections, as this connection sees it. */
  readonly external: number;
  /** Commits through this store. */
  readonly local: number;
}

/**
 * Wakes subscriptions when the log may have grown. Appends through this store call `appended()` and wake them
 * at once. Appends by other connections (another process, or another store on the same file) change
 * `PRAGMA data_version`, which is polled every `pollIntervalMs` while at least one subscription waits, and not
 * at all otherwise.
 *
 * A subscription takes `version()` before it reads the log and hands it to `wait`, which returns at once if
 * anything committed in between: a wake-up sent while the subscription was between its read and its wait is
 * not lost.
 */
export class ChangeWatcher {
  private readonly notifier = new AppendNotifier();
  private readonly waiting = new Set<LogVersion>();
  private localAppends = 0;
  private timer: NodeJS.Timeout | undefined;
  /**
   * `PRAGMA data_version` as read earlier in this turn of the event loop, so the dozens of subscriptions an
   * append wakes ask SQLite once, not once each. An earlier value is always safe to act on: it only makes a
   * reader treat commits since as unseen, and the poll reads afresh.
   */
  private external: number | undefined;

  constructor(
    private readonly dataVersion: () => number,
    private readonly pollIntervalMs: number,
  ) {}

  version(): LogVersion {
    return { external: this.externalNow(), local: this.localAppends };
  }

  appended(): void {
    this.localAppends += 1;
    this.notifier.notify();
  }

  async wait(seen: LogVersion, signal: AbortSignal): Promise<void> {
    if (signal.aborted || seen.local !== this.localAppends || seen.external !== this.externalNow()) return;
    this.waiting.add(seen);
    this.timer ??= setInterval(() => this.poll(), this.pollIntervalMs);
    try {
      await this.notifier.wait(signal);
    } finally {
      this.waiting.delete(seen);
      if (this.waiting.size === 0) this.stopPolling();
    }
  }

  /** Releases every waiter and the timer. */
  close(): void {
    this.stopPolling();
    this.notifier.notify();
  }

  private poll(): void {
    let external: number;
    try {
      external = this.remember(this.dataVersion());
    } catch {
      // Not this timer's fault to report: the woken subscriptions read the log and meet the same fault there.
      this.notifier.notify();
      return;
    }
    for (const seen of this.waiting) {
      if (seen.external !== external) {
        this.notifier.notify();
        return;
      }
    }
  }

  private externalNow(): number {
    return this.external ?? this.remember(this.dataVersion());
  }

  private remember(external: number): number {
    if (this.external === undefined) {
      setImmediate(() => {
        this.external = undefined;
      }).unref();
    }
    this.external = external;
    return external;
  }

  private stopPolling(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
