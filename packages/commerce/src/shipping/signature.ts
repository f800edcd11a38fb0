import { createHmac, timingSafeEqual } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { NotificationRejection, SignedNotification } from './carrier.js';

const PREFIX = 'v1=';

/** HMAC-SHA256 over `timestamp.body`, hex, with the version prefix carriers put in the header. */
export const signNotification = (secret: string, timestamp: string, body: string): string =>
  PREFIX + createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

export interface SignatureCheck {
  readonly secret: string;
  /** How far the timestamp may be from `now`, either way, before a push counts as a replay. */
  readonly toleranceSeconds: number;
}

/**
 * Checks a push's signature (in constant time) and its freshness. The timestamp is inside the signed text,
 * so a captured push cannot be replayed later with a new timestamp.
 */
export const verifySignature = (notification: SignedNotification, now: Date, check: SignatureCheck): E.Either<NotificationRejection, string> => {
  const { timestamp, signature, body } = notification;
  if (!signature || !timestamp) return E.left({ _tag: 'SignatureMissing' });
  if (!signature.startsWith(PREFIX) || !/^\d{1,12}$/.test(timestamp)) return E.left({ _tag: 'SignatureInvalid' });
  const expected = Buffer.from(signNotification(check.secret, timestamp, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return E.left({ _tag: 'SignatureInvalid' });
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > check.toleranceSeconds) {
    return E.left({ _tag: 'NotificationStale', timestamp, now: now.toISOString(), toleranceSeconds: check.toleranceSeconds });
  }
  return E.right(body);
};
