import { createHmac, timingSafeEqual } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';

export const SIGNATURE_HEADER = 'ShopStream-Signature';
export const EVENT_ID_HEADER = 'ShopStream-Event-Id';
export const EVENT_TYPE_HEADER = 'ShopStream-Event-Type';

/** Five minutes either way, as Stripe does: enough for clock drift and queues, short enough against replays. */
export const DEFAULT_TOLERANCE_SEC = 300;

const hmacHex = (secret: string, timestampSec: number, rawBody: string | Uint8Array): string =>
  createHmac('sha256', secret)
    .update(`${timestampSec}.`, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest('hex');

/** The `ShopStream-Signature` header value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const signWebhookPayload = (secret: string, rawBody: string | Uint8Array, timestampSec: number): string => {
  if (!Number.isSafeInteger(timestampSec) || timestampSec < 0) throw new TypeError('the timestamp must be whole unix seconds');
  return `t=${timestampSec},v1=${hmacHex(secret, timestampSec, rawBody)}`;
};

export type WebhookSignatureProblem =
  | { readonly _tag: 'SignatureMissing' }
  | { readonly _tag: 'SignatureMalformed'; readonly header: string }
  | { readonly _tag: 'SignatureTooOld'; readonly timestampSec: number; readonly nowSec: number; readonly toleranceSec: number }
  | { readonly _tag: 'SignatureMismatch' };

export interface VerifyOptions {
  /** How far the signed time may be from now, either way. */
  readonly toleranceSec?: number;
  /** Now, for tests; the system time otherwise. */
  readonly now?: Date;
}

/**
 * For receivers: checks a delivery's `ShopStream-Signature` against the raw request body (the exact bytes, not
 * re-serialised JSON) and the endpoint's secret, in constant time. Several `v1=` values (during a secret
 * rotation the sender may sign with both) pass when any one matches.
 */
export const verifyWebhookSignature = (
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: VerifyOptions = {},
): Either<WebhookSignatureProblem, { readonly timestampSec: number }> => {
  if (header === null || header === undefined || header.trim() === '') return E.left({ _tag: 'SignatureMissing' });
  let timestampSec: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value, ...rest] = part.trim().split('=');
    if (rest.length > 0 || value === undefined) return E.left({ _tag: 'SignatureMalformed', header });
    if (name === 't' && /^\d{1,15}$/.test(value)) timestampSec = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestampSec === undefined || signatures.length === 0) return E.left({ _tag: 'SignatureMalformed', header });
  const toleranceSec = options.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  const nowSec = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSec - timestampSec) > toleranceSec) return E.left({ _tag: 'SignatureTooOld', timestampSec, nowSec, toleranceSec });
  const expected = Buffer.from(hmacHex(secret, timestampSec, rawBody), 'hex');
  // Compare against every candidate, so the time taken does not tell which one (if any) matched.
  let matched = false;
  for (const signature of signatures) matched = timingSafeEqual(expected, Buffer.from(signature, 'hex')) || matched;
  return matched ? E.right({ timestampSec }) : E.left({ _tag: 'SignatureMismatch' });
};
