import type { Notification, Notifier } from '@shopstream/commerce/identity';
import type { HostLogger } from './logging.js';

/**
 * Where email and SMS go when the sandbox is off and no real provider is wired: nowhere, with a log line saying
 * so (never the code itself). The host still needs the codes it asks for on its admin's behalf (verifying the
 * admin's email, resetting a password it lost in a crash), so it keeps the last code sent to each contact it
 * watches, and only those.
 */
export interface HostNotifier extends Notifier {
  watch(contact: string): void;
  codeSentTo(contact: string): string | null;
}

export const hostNotifier = (logger: HostLogger): HostNotifier => {
  const watched = new Set<string>();
  const codes = new Map<string, string>();
  return {
    send: async (notification: Notification) => {
      logger.warn('notification not sent: no email or SMS provider is configured (sandbox off)', { channel: notification.channel, template: notification.template });
      const code = notification.params['code'];
      if (watched.has(notification.to) && code !== undefined) codes.set(notification.to, code);
    },
    watch: (contact) => {
      watched.add(contact);
    },
    codeSentTo: (contact) => codes.get(contact) ?? null,
  };
};
