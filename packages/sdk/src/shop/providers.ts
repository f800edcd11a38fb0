import type { Clock, IdGenerator } from '@shopstream/kernel';
import { alipaySandbox, cardSandbox, notificationQueue, unionPaySandbox, wechatPaySandbox } from '@shopstream/commerce/payment';
import type { NotificationQueue, PaymentMethod, PaymentProvider, SandboxProvider } from '@shopstream/commerce/payment';
import { sandboxCarrier } from '@shopstream/commerce/shipping';
import type { Carrier, SandboxCarrier } from '@shopstream/commerce/shipping';

/** Only ever used by sandboxes, which move no money: a known secret is harmless there, and makes test webhooks easy to sign. */
export const DEFAULT_SANDBOX_SECRET = 'shopstream-sandbox-secret';

export interface SandboxProviders {
  readonly byMethod: Readonly<Record<PaymentMethod, SandboxProvider>>;
  /** Where the sandboxes put the notifications a real provider would POST to the webhook. */
  readonly queue: NotificationQueue;
}

export const sandboxProviders = (secret: string, clock: Clock, ids: IdGenerator, onNotification: () => void): SandboxProviders => {
  const queue = notificationQueue();
  const deliver = (notification: Parameters<NotificationQueue['sink']>[0]) => {
    queue.sink(notification);
    onNotification();
  };
  const config = { secret, clock, deliver, ids };
  return {
    queue,
    byMethod: { alipay: alipaySandbox(config), wechat_pay: wechatPaySandbox(config), unionpay: unionPaySandbox(config), card: cardSandbox(config) },
  };
};

export type AdvanceableClock = Clock & { advance(ms: number): void };

export const canAdvance = (clock: Clock): clock is AdvanceableClock => typeof (clock as Partial<{ advance: unknown }>).advance === 'function';

/** The shop's own clock when a test moves it; otherwise the shop's time plus however far the sandbox was moved on. */
const carrierClock = (clock: Clock): AdvanceableClock => {
  if (canAdvance(clock)) return clock;
  let offset = 0;
  return {
    now: () => new Date(clock.now().getTime() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
};

/**
 * The sandbox carrier. When its time runs ahead of the shop's (moved on by hand over a real clock), its pushes
 * are checked against its own time, or the freshness check would take them for stale.
 */
export const defaultCarrier = (secret: string, clock: Clock): SandboxCarrier => {
  const own = carrierClock(clock);
  const carrier = sandboxCarrier({ secret, clock: own });
  if (own === clock) return carrier;
  return { ...carrier, verifyNotification: (notification) => carrier.verifyNotification(notification, own.now()) };
};

export type ProviderMap = Partial<Readonly<Record<PaymentMethod, PaymentProvider>>>;
export type { Carrier };
