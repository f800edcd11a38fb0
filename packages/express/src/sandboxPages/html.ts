import type { Money } from '@shopstream/commerce';
import type { PaymentMethod, SandboxTransaction } from '@shopstream/commerce/payment';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element or a double- or single-quoted attribute: every value a page shows goes through it. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** Markup this module built: interpolated as is, never escaped again. */
export class Markup {
  constructor(readonly html: string) {}
}

type Part = string | number | Markup | readonly Markup[];

const render = (part: Part): string =>
  part instanceof Markup ? part.html : typeof part === 'string' || typeof part === 'number' ? escapeHtml(String(part)) : part.map((m) => m.html).join('');

/** A tagged template that escapes every interpolated value unless it is Markup. */
export const html = (strings: TemplateStringsArray, ...parts: readonly Part[]): Markup =>
  new Markup(strings.map((literal, i) => (i === 0 ? '' : render(parts[i - 1] ?? '')) + literal).join(''));

/** How many minor digits a currency has (2 for CNY, 0 for JPY); 2 for a code Intl does not know. */
const minorDigits = (currency: string): number => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
};

/** The amount in major units with its currency (`88.00 CNY`), from the integer of minor units without floats. */
export const formatAmount = (amount: Money): string => {
  const digits = minorDigits(amount.currency);
  if (digits === 0) return `${amount.amount} ${amount.currency}`;
  const minor = String(amount.amount).padStart(digits + 1, '0');
  return `${minor.slice(0, -digits)}.${minor.slice(-digits)} ${amount.currency}`;
};

/** How each provider's page introduces itself, and the reasons its customer (or issuer) may decline with. */
export const PROVIDER_PAGES: Readonly<Record<PaymentMethod, { readonly name: string; readonly lead: string; readonly declines: readonly (readonly [code: string, label: string])[] }>> = {
  alipay: {
    name: 'Alipay cashier (sandbox)',
    lead: 'Sign in to Alipay and confirm the payment.',
    declines: [
      ['BUYER_BALANCE_NOT_ENOUGH', 'Balance not enough'],
      ['BUYER_BANKCARD_BALANCE_NOT_ENOUGH', 'Bank card balance not enough'],
      ['PAYMENT_FAIL', 'Payment failed'],
    ],
  },
  wechat_pay: {
    name: 'WeChat Pay (sandbox)',
    lead: 'You scanned this code in WeChat. Confirm the payment.',
    declines: [
      ['NOTENOUGH', 'Balance not enough'],
      ['USERPAYING', 'Payment password not confirmed'],
      ['PAYERROR', 'Payment error'],
    ],
  },
  unionpay: {
    name: 'UnionPay online payment (sandbox)',
    lead: 'Enter the card and the SMS code your bank sent, then confirm.',
    declines: [
      ['insufficient_funds', 'Insufficient funds'],
      ['card_declined', 'The bank declined the card'],
      ['sms_code_wrong', 'Wrong SMS code'],
    ],
  },
  card: {
    name: '3-D Secure (sandbox)',
    lead: 'Your bank asks you to confirm this card payment.',
    declines: [
      ['authentication_failed', 'Authentication failed'],
      ['card_declined', 'The bank declined the card'],
      ['insufficient_funds', 'Insufficient funds'],
    ],
  },
};

const STYLE =
  'body{font:15px system-ui,sans-serif;margin:0;background:#f3f4f6;color:#111}main{max-width:30em;margin:3em auto;background:#fff;padding:1.5em 2em;border-radius:8px;box-shadow:0 1px 4px #0002}' +
  'h1{font-size:1.3em}dl{display:grid;grid-template-columns:auto 1fr;gap:.3em 1em}dt{color:#555}dd{margin:0}.amount{font-size:1.6em;font-weight:600}' +
  'form{margin:1em 0}button{font:inherit;padding:.5em 1.2em;margin-right:.5em}code{word-break:break-all}.note{color:#555;font-size:.9em}';

/** The whole document: one inline style with the response's nonce; no script, nothing loaded from elsewhere. */
export const htmlDocument = (title: string, nonce: string, main: Markup): string =>
  html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style nonce="${nonce}">${new Markup(STYLE)}</style></head><body><main>${main}</main></body></html>`
    .html;

/** Merchant, order, amount and method, from the sandbox's own record of the payment. */
export const paymentFacts = (t: SandboxTransaction): Markup =>
  html`<dl><dt>Merchant</dt><dd>${t.merchantName}</dd><dt>Order</dt><dd>${t.description}</dd><dt>Method</dt><dd>${PROVIDER_PAGES[t.method].name}</dd><dt>Reference</dt><dd><code>${t.providerReference}</code></dd><dt>Amount</dt><dd class="amount">${formatAmount(t.amount)}</dd></dl>`;
