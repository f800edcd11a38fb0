import type { PaymentMethod } from '../model.js';

/** Where the sandbox providers' pages live when nothing serves them: a reserved name (RFC 6761) that never resolves. */
export const DEFAULT_SANDBOX_BASE_URL = 'https://sandbox.pay.shopstream.test';

/**
 * The paths of the sandbox providers' pages, below the base URL: what the next actions point at and what a host
 * serves (`@shopstream/express`). They copy the real providers' endpoints.
 */
export const SANDBOX_PAGE_PATHS = {
  /** Alipay's cashier: `?trade_no=<providerReference>`. */
  alipay: 'alipay/gateway.do',
  /** UnionPay's front transaction endpoint, the target of the auto-submitted form (`tn` names the transaction). */
  unionpay: 'gateway/api/frontTransReq.do',
  /** The issuer's 3-D Secure challenge: `card/3ds/<providerReference>`. */
  card: 'card/3ds',
  /** What the WeChat app opens when it scans the QR payload `weixin://wxpay/bizpayurl?pr=<code>`. */
  wechat_pay: 'wxpay/bizpayurl',
} as const satisfies Record<PaymentMethod, string>;

/** A page's URL under the base, keeping the base's own path (a host may serve the API below `/api`). */
export const sandboxPageUrl = (baseUrl: string, path: string): URL => new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);

/** WeChat Pay sandbox references are the QR code's `pr` behind this prefix, so a scanned payload finds its payment. */
export const WECHAT_REFERENCE_PREFIX = '4200';

/** The WeChat Pay QR payload of a sandbox transaction; its `pr` opens the page at `SANDBOX_PAGE_PATHS.wechat_pay`. */
export const wechatQrPayload = (providerReference: string): string =>
  `weixin://wxpay/bizpayurl?pr=${providerReference.slice(WECHAT_REFERENCE_PREFIX.length)}`;

/** The provider reference a scanned WeChat Pay `pr` code stands for. */
export const wechatReferenceOf = (pr: string): string => `${WECHAT_REFERENCE_PREFIX}${pr}`;
