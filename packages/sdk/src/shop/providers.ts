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

/** Where the sandbox providers' pages are served and the merchant they show (`ShopConfig.sandboxPages`). */
export interface SandboxPages {
  /**
   * The public URL the pages are served under: a host mounting `@shopstream/express` gives its own
   * (`http://localhost:3000`, or with the router's mount path, `https://shop.example/api`), so each payment's next
   * action opens a page that exists. Default `https://sandbox.pay.shopstream.test`, a reserved name that never
   * resolves: without a host, payments are driven through `shop.sandbox.payments`.
   */
  readonly baseUrl?: string;
  /** The merchant the pages show. Default `ShopStream sandbox merchant`. */
  readonly merchantName?: string;
}

/**
 * Checks the pages' settings when the shop is created: a base URL that is not an absolute http(s) URL would only
 * fail later, at a customer's payment.
 */
export const sandboxPages = (pages: SandboxPages = {}): SandboxPages => {
  if (pages.baseUrl !== undefined && !/^https?:$/.test(URL.canParse(pages.baseUrl) ? new URL(pages.baseUrl).protocol : '')) {
    throw new Error(`sandboxPages.baseUrl must be an absolute http or https URL, not ${JSON.stringify(pages.baseUrl)}`);
  }
  if (pages.merchantName !== undefined && pages.merchantName.trim() === '') throw new Error('sandboxPages.merchantName must not be blank');
  return pages;
};

export const sandboxProviders = (
  settings: { readonly secret: string; readonly clock: Clock; readonly ids: IdGenerator; readonly pages: SandboxPages },
  onNotification: (notification: Parameters<NotificationQueue['sink']>[0]) => void,
): SandboxProviders => {
  const queue = notificationQueue();
  const deliver = (notification: Parameters<NotificationQueue['sink']>[0]) => {
    queue.sink(notification);
    onNotification(notification);
  };
  const { secret, clock, ids, pages } = settings;
  const config = {
    secret,
    clock,
    ids,
    deliver,
    ...(pages.baseUrl === undefined ? {} : { baseUrl: pages.baseUrl }),
    ...(pages.merchantName === undefined ? {} : { merchantName: pages.merchantName }),
  };
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
