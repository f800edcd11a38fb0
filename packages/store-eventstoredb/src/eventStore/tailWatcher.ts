import { END, streamNameFilter } from '@eventstore/db-client';
import type { AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';

/**
 * Wakes a store's waiting subscriptions when anything is appended to its view of the log, by this process or any
 * other: one live server subscription from the end of `$all`, shared by all the store's subscriptions, held only
 * while at least one of them exists. A reader awaits `ready()` before it reads, so the watch had begun on the
 * server before the read: an append after the read is then always seen by the watch.
 */
export class TailWatcher {
  private users = 0;
  private live: { readonly subscription: AllStreamSubscription; readonly confirmed: Promise<void> } | null = null;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly streamRegex: string,
    private readonly onAppend: () => void,
  ) {}

  acquire(): void {
    this.users += 1;
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) this.stop();
  }

  ready(): Promise<void> {
    if (!this.live) this.live = this.start();
    return this.live.confirmed;
  }

  stop(): void {
    const live = this.live;
    this.live = null;
    if (live) {
      live.subscription.removeAllListeners();
      // A stop must not fail the caller for a subscription that is already gone.
      live.subscription.on('error', () => undefined);
      live.subscription.unsubscribe().catch(() => undefined);
    }
  }

  private start(): { readonly subscription: AllStreamSubscription; readonly confirmed: Promise<void> } {
    const subscription = this.client.subscribeToAll({ fromPosition: END, filter: streamNameFilter({ regex: this.streamRegex }) });
    const confirmed = new Promise<void>((resolve, reject) => {
      subscription.once('confirmation', () => resolve());
      subscription.on('error', (error: unknown) => {
        reject(error instanceof Error ? error : new Error(String(error)));
        // The next read starts a new watch; the waiters wake now and read, so nothing appended meanwhile is missed.
        if (this.live?.subscription === subscription) this.live = null;
        this.onAppend();
      });
    });
    // Rejections reach whoever awaits `ready()`; a watch nobody awaits any more must not fail the process.
    confirmed.catch(() => undefined);
    subscription.on('data', () => this.onAppend());
    return { subscription, confirmed };
  }
}
