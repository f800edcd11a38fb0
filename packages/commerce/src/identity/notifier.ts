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
 * Keeps every notification in memory instead of sending it: for tests and the sandbox, where the "sent" code is
 * read back from the outbox.
 */
export interface MemoryOutbox extends Notifier {
  readonly sent: readonly Notification[];
  /** The last notification sent to this address, if any. */
  lastTo(to: string): Notification | undefined;
  clear(): void;
}

export const memoryOutbox = (): MemoryOutbox => {
  const sent: Notification[] = [];
  return {
    sent,
    send: async (notification) => {
      sent.push(notification);
    },
    lastTo: (to) => sent.filter((n) => n.to === to).at(-1),
    clear: () => {
      sent.length = 0;
    },
  };
};
