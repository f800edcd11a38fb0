import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAGE_COOKIE, cookieValue, pageGuard } from './guard.js';
import { escapeHtml, formatAmount, html, Markup } from './html.js';
import { safeReturnUrl } from './returnUrl.js';
import { outcomePage, paymentPage, settledPaymentPage, unknownPaymentPage } from './views.js';
import type { SandboxTransaction } from '@shopstream/commerce/payment';

const unescape = (text: string) => text.replace(/&lt;|&gt;|&quot;|&#39;|&amp;/g, (e) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' })[e] ?? e);

describe('escaping', () => {
  it('leaves no markup character in any value, and loses nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const escaped = escapeHtml(value);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(unescape(escaped)).toBe(value);
      }),
    );
  });

  it('html escapes every interpolated value and keeps markup it built', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, attribute) => {
        const built = html`<p title="${attribute}">${text}${html`<b>kept</b>`}</p>`.html;
        expect(built).toBe(`<p title="${escapeHtml(attribute)}">${escapeHtml(text)}<b>kept</b></p>`);
      }),
    );
    expect(html`${'<script>alert(1)</script>'}`.html).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html`${[new Markup('<i>a</i>'), new Markup('<i>b</i>')]}`.html).toBe('<i>a</i><i>b</i>');
  });

  it('shows amounts in major units, by the currency', () => {
    expect(formatAmount({ amount: 4690, currency: 'CNY' })).toBe('46.90 CNY');
    expect(formatAmount({ amount: 500, currency: 'JPY' })).toBe('500 JPY');
    expect(formatAmount({ amount: 5, currency: 'USD' })).toBe('0.05 USD');
    expect(formatAmount({ amount: 1234, currency: 'KWD' })).toBe('1.234 KWD');
    expect(formatAmount({ amount: 9_007_199_254_740_991, currency: 'CNY' })).toBe('90071992547409.91 CNY');
    fc.assert(
      fc.property(fc.nat(), (amount) => {
        const [major = '', minor = ''] = formatAmount({ amount, currency: 'CNY' }).replace(' CNY', '').split('.');
        expect(Number(major) * 100 + Number(minor)).toBe(amount);
        expect(minor).toHaveLength(2);
      }),
    );
  });
});

describe('the pages', () => {
  it('never let a value of the record, the address or the form become markup', () => {
    const hostile = fc.string().map((text) => `<evil x='1' y="2">${text}</evil>&`);
    fc.assert(
      fc.property(hostile, hostile, hostile, fc.constantFrom<SandboxTransaction['method']>('alipay', 'wechat_pay', 'unionpay', 'card'), (merchantName, description, reference, method) => {
        const transaction = {
          method,
          providerReference: reference,
          merchantReference: 'm',
          orderId: 'o',
          amount: { amount: 4690, currency: 'CNY' },
          merchantName,
          description,
          returnUrl: `https://shop.example/?q=${encodeURIComponent(description)}`,
          status: 'pending',
          captured: 0,
          refunded: 0,
          declineCode: description,
          refunds: new Map(),
          sent: [],
        } satisfies SandboxTransaction;
        const pages = [
          paymentPage(transaction, { action: `/sandbox/pages/${reference}`, token: reference, returnUrl: safeReturnUrl(transaction.returnUrl) }),
          outcomePage(transaction, 'decline', true),
          settledPaymentPage(transaction),
          unknownPaymentPage(reference),
        ];
        for (const page of pages) {
          expect(page.main.html).not.toContain('<evil');
          expect(page.main.html).not.toContain("x='1'");
          expect(page.main.html).not.toContain('y="2"');
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('return addresses', () => {
  it('follows absolute http and https addresses only', () => {
    expect(safeReturnUrl('https://shop.example/paid?o=1')?.toString()).toBe('https://shop.example/paid?o=1');
    expect(safeReturnUrl('http://localhost:3000/back')?.toString()).toBe('http://localhost:3000/back');
    for (const refused of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '/relative', '//shop.example/x', 'weixin://wxpay', 'ftp://shop.example', 'https://user:pw@shop.example/', '']) {
      expect(safeReturnUrl(refused)).toBeNull();
    }
    expect(safeReturnUrl(undefined)).toBeNull();
  });

  it('never answers an address of another scheme', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string(), fc.constantFrom('JaVaScRiPt:alert(1)', ' javascript:x', 'vbscript:x', 'file:///etc/passwd')), (raw) => {
        const url = safeReturnUrl(raw);
        if (url !== null) expect(['http:', 'https:']).toContain(url.protocol);
      }),
    );
  });
});

describe('the page guard (CSRF)', () => {
  const guard = pageGuard(new Uint8Array(32).fill(7));
  const issued = (reference: string) => {
    const { token, setNonce } = guard.issue(undefined, reference);
    return { token, cookie: `other=1; ${PAGE_COOKIE}=${setNonce ?? ''}` };
  };

  it('accepts the token the page carried, with the cookie it set, from the same origin', () => {
    const { token, cookie } = issued('2026abc');
    expect(guard.check({ cookie, fetchSite: 'same-origin' }, '2026abc', token)).toBeNull();
    expect(guard.check({ cookie, fetchSite: undefined }, '2026abc', token)).toBeNull();
    // A browser that has the cookie keeps it: the next page's token uses the same nonce.
    const again = guard.issue(cookie, '2026def');
    expect(again.setNonce).toBeUndefined();
    expect(guard.check({ cookie, fetchSite: 'same-origin' }, '2026def', again.token)).toBeNull();
  });

  it('refuses another site, a missing cookie and a token of another payment or browser', () => {
    const { token, cookie } = issued('2026abc');
    expect(guard.check({ cookie, fetchSite: 'cross-site' }, '2026abc', token)).toBe('cross_site');
    expect(guard.check({ cookie, fetchSite: 'same-site' }, '2026abc', token)).toBe('cross_site');
    expect(guard.check({ cookie: undefined, fetchSite: undefined }, '2026abc', token)).toBe('missing_cookie');
    expect(guard.check({ cookie: `${PAGE_COOKIE}=short`, fetchSite: undefined }, '2026abc', token)).toBe('missing_cookie');
    expect(guard.check({ cookie, fetchSite: undefined }, '2026xyz', token)).toBe('bad_token');
    expect(guard.check({ cookie: issued('2026abc').cookie, fetchSite: undefined }, '2026abc', token)).toBe('bad_token');
    expect(guard.check({ cookie, fetchSite: undefined }, '2026abc', '')).toBe('bad_token');
    expect(pageGuard().check({ cookie, fetchSite: undefined }, '2026abc', token)).toBe('bad_token');
  });

  it('a token opens only its own payment in its own browser', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/), fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/), fc.string({ maxLength: 60 }), (reference, other, forged) => {
        const { token, cookie } = issued(reference);
        expect(guard.check({ cookie, fetchSite: undefined }, reference, token)).toBeNull();
        if (other !== reference) expect(guard.check({ cookie, fetchSite: undefined }, other, token)).toBe('bad_token');
        if (forged !== token) expect(guard.check({ cookie, fetchSite: undefined }, reference, forged)).toBe('bad_token');
      }),
    );
  });

  it('reads one cookie among others', () => {
    expect(cookieValue('a=1; b=2;c=3', 'b')).toBe('2');
    expect(cookieValue('ab=1', 'b')).toBeUndefined();
    expect(cookieValue(undefined, 'b')).toBeUndefined();
  });
});
