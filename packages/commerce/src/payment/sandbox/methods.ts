import { sandboxProvider } from './engine.js';
import { SANDBOX_PAGE_PATHS, WECHAT_REFERENCE_PREFIX, sandboxPageUrl, wechatQrPayload } from './pages.js';
import type { MethodProfile, SandboxConfig, SandboxProvider } from './types.js';

/** Alipay: the customer is redirected to the cashier page; success arrives as an asynchronous notification. */
export const alipayProfile: MethodProfile = {
  method: 'alipay',
  referencePrefix: '2026',
  nextAction: (t, request, baseUrl) => {
    const url = sandboxPageUrl(baseUrl, SANDBOX_PAGE_PATHS.alipay);
    url.searchParams.set('trade_no', t.providerReference);
    if (request.returnUrl) url.searchParams.set('return_url', request.returnUrl);
    return { kind: 'redirect', url: url.toString() };
  },
  decidesAtOnce: () => false,
  manualCapture: false,
  asyncRefunds: false,
};

/** WeChat Pay native: a QR payload the customer scans in WeChat; refunds settle by notification. */
export const wechatPayProfile: MethodProfile = {
  method: 'wechat_pay',
  referencePrefix: WECHAT_REFERENCE_PREFIX,
  nextAction: (t) => ({ kind: 'qr_code', payload: wechatQrPayload(t.providerReference) }),
  decidesAtOnce: () => false,
  manualCapture: false,
  asyncRefunds: true,
};

/** UnionPay gateway: an auto-submitted form to the front transaction endpoint. */
export const unionPayProfile: MethodProfile = {
  method: 'unionpay',
  referencePrefix: 'up',
  nextAction: (t, request, baseUrl) => ({
    kind: 'form_post',
    url: sandboxPageUrl(baseUrl, SANDBOX_PAGE_PATHS.unionpay).toString(),
    fields: {
      version: '5.1.0',
      txnType: '01',
      orderId: t.merchantReference,
      txnAmt: String(t.amount.amount),
      currency: t.amount.currency,
      tn: t.providerReference,
      ...(request.returnUrl ? { frontUrl: request.returnUrl } : {}),
    },
  }),
  decidesAtOnce: () => false,
  manualCapture: false,
  asyncRefunds: false,
};

/**
 * A card gateway. Test tokens steer it as Stripe's test cards do: `tok_3ds...` asks for a 3-D Secure
 * challenge, `tok_declined...` is declined; any other token is decided at once.
 */
export const cardProfile = (capture: 'automatic' | 'manual'): MethodProfile => ({
  method: 'card',
  referencePrefix: 'ch_',
  nextAction: (t, request, baseUrl) =>
    request.card?.token.startsWith('tok_3ds') ? { kind: 'three_ds_challenge', url: sandboxPageUrl(baseUrl, `${SANDBOX_PAGE_PATHS.card}/${t.providerReference}`).toString() } : { kind: 'none' },
  decidesAtOnce: (request) => !request.card?.token.startsWith('tok_3ds'),
  impliedScenario: (request) => (request.card?.token.startsWith('tok_declined') ? { kind: 'decline', code: 'card_declined' } : undefined),
  manualCapture: capture === 'manual',
  asyncRefunds: false,
});

export const alipaySandbox = (config: SandboxConfig): SandboxProvider => sandboxProvider(alipayProfile, config);
export const wechatPaySandbox = (config: SandboxConfig): SandboxProvider => sandboxProvider(wechatPayProfile, config);
export const unionPaySandbox = (config: SandboxConfig): SandboxProvider => sandboxProvider(unionPayProfile, config);
export const cardSandbox = (config: SandboxConfig & { readonly capture?: 'automatic' | 'manual' }): SandboxProvider =>
  sandboxProvider(cardProfile(config.capture ?? 'automatic'), config);
