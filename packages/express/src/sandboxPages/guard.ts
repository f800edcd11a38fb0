import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The browser's nonce: SameSite=Strict, so a form another site submits arrives without it. */
export const PAGE_COOKIE = 'shopstream_sandbox_page';

const NONCE = /^[A-Za-z0-9_-]{43}$/;

/** The value of one cookie in a Cookie header. */
export const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
};

/** What a request says about where it comes from. */
export interface Provenance {
  /** The Cookie header. */
  readonly cookie: string | undefined;
  /** The Sec-Fetch-Site header, which browsers set and pages cannot. */
  readonly fetchSite: string | undefined;
}

/** Why a choice posted to a page was refused before the sandbox heard of it. */
export type ChoiceRefusal = 'cross_site' | 'missing_cookie' | 'bad_token';

export interface PageGuard {
  /**
   * The token a page's form carries for this payment in this browser, and the nonce to set in the browser's cookie
   * when it has none yet (`setNonce`).
   */
  issue(cookie: string | undefined, reference: string): { readonly token: string; readonly setNonce?: string };
  /** Null when a posted choice comes from a page this browser was shown for this payment; why not otherwise. */
  check(request: Provenance, reference: string, token: string): ChoiceRefusal | null;
}

/**
 * CSRF defence for pages with no session: a double-submit token bound to the payment. Each browser gets a random
 * nonce in a SameSite=Strict, HttpOnly cookie; the form carries HMAC(key, reference, nonce). Another site can
 * neither read the token (the page is not readable cross-origin nor framed) nor make the browser send the cookie
 * with its POST, and a token fetched by a server of its own is bound to that server's nonce, not the customer's.
 * Browsers that say where a request comes from (Sec-Fetch-Site) are refused anything but same-origin first.
 */
export const pageGuard = (key: Uint8Array = randomBytes(32)): PageGuard => {
  const tokenFor = (reference: string, nonce: string) => createHmac('sha256', key).update(`${reference}\n${nonce}`).digest('base64url');
  return {
    issue: (cookie, reference) => {
      const existing = cookieValue(cookie, PAGE_COOKIE);
      if (existing !== undefined && NONCE.test(existing)) return { token: tokenFor(reference, existing) };
      const nonce = randomBytes(32).toString('base64url');
      return { token: tokenFor(reference, nonce), setNonce: nonce };
    },
    check: ({ cookie, fetchSite }, reference, token) => {
      if (fetchSite !== undefined && fetchSite !== 'same-origin') return 'cross_site';
      const nonce = cookieValue(cookie, PAGE_COOKIE);
      if (nonce === undefined || !NONCE.test(nonce)) return 'missing_cookie';
      const expected = Buffer.from(tokenFor(reference, nonce));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'bad_token';
    },
  };
};
