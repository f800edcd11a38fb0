/** A message to a user, by template, so that wording and language live with the shop, not the domain. */
export interface Notification {
  /** Where to send it: an email address or an E.164 phone number, just opened from the vault. */
  readonly to: string;
  readonly channel: 'email' | 'sms';
  readonly template: string;
  readonly params: Readonly<Record<string, string>>;
}

/** The port to email and SMS providers. */
export interface Notifier {
  send(notification: Notification): Promise<void>;
}

/**
 * Keeps notifications in memory instead of sending them: for tests and the sandbox, where the "sent" code is read
 * back from the outbox. Bounded, so a sandbox shop that runs for weeks does not grow without end: it keeps the
 * latest `limit` notifications, and the last one sent to each of the latest `limit` addresses.
 */
export interface MemoryOutbox extends Notifier {
  /** The notifications kept, oldest first. */
  readonly sent: readonly Notification[];
  /** The last notification sent to this address, if it is still kept. */
  lastTo(to: string): Notification | undefined;
  clear(): void;
}

export interface MemoryOutboxOptions {
  /** How many notifications, and how many addresses' last ones, are kept. Default 1,000. */
  readonly limit?: number;
}

export const memoryOutbox = (options: MemoryOutboxOptions = {}): MemoryOutbox => {
  const limit = options.limit ?? 1_000;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`an outbox keeps at least 1 notification, not ${limit}`);
  // A ring: `start` is the oldest kept once it is full.
  const ring: Notification[] = [];
  let start = 0;
  // Insertion order is recency: an address sent to again moves to the end, the first one is the least recent.
  const last = new Map<string, Notification>();
  return {
    get sent() {
      return [...ring.slice(start), ...ring.slice(0, start)];
    },
    send: async (notification) => {
      if (ring.length < limit) ring.push(notification);
      else {
        ring[start] = notification;
        start = (start + 1) % limit;
      }
      last.delete(notification.to);
      last.set(notification.to, notification);
      if (last.size > limit) last.delete(last.keys().next().value as string);
    },
    lastTo: (to) => last.get(to),
    clear: () => {
      ring.length = 0;
      start = 0;
      last.clear();
    },
  };
};
