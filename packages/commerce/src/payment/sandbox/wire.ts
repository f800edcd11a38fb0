import { createHmac, timingSafeEqual } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import { NonNegativeMoney } from '../../shared/money.js';
import { PaymentMethod } from '../model.js';
import type { PaymentOutcome } from '../model.js';
import { headerValue } from '../provider.js';
import type { NotificationHeaders, NotificationRejected, ProviderNotification } from '../provider.js';

/**
 * The sandbox's notification wire format: a JSON body, signed like the real providers sign theirs, with
 * HMAC-SHA256 over `timestamp.body` under a secret per provider, the timestamp in its own header so that
 * a captured notification cannot be replayed outside the tolerance window.
 */
export const TIMESTAMP_HEADER = 'x-sandbox-timestamp';
export const SIGNATURE_HEADER = 'x-sandbox-signature';

export const NotificationBody = z.strictObject({
  id: z.string().min(1),
  type: z.enum(['payment.authorised', 'payment.captured', 'payment.declined', 'payment.expired', 'refund.succeeded', 'refund.failed']),
  method: PaymentMethod,
  providerReference: z.string().min(1),
  merchantReference: z.string().min(1),
  passback: z.string().min(1),
  amount: NonNegativeMoney,
  createdAt: z.iso.datetime(),
  declineCode: z.string().min(1).optional(),
  refundId: z.string().min(1).optional(),
  providerRefundReference: z.string().min(1).optional(),
  failureReason: z.string().min(1).optional(),
});
export type NotificationBody = z.infer<typeof NotificationBody>;

/** A notification as it leaves the provider: what an HTTP POST to the shop's webhook would carry. */
export interface SignedNotification {
  readonly method: PaymentMethod;
  readonly rawBody: string;
  readonly headers: Readonly<Record<string, string>>;
}

export const signature = (secret: string, timestamp: string, rawBody: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');

export const signNotification = (secret: string, body: NotificationBody, now: Date): SignedNotification => {
  const rawBody = JSON.stringify(body);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    method: body.method,
    rawBody,
    headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `v1=${signature(secret, timestamp, rawBody)}` },
  };
};

const rejected = (reason: NotificationRejected['reason'], detail: string): Either<NotificationRejected, never> =>
  E.left({ _tag: 'NotificationRejected', reason, detail });

const toNotification = (body: NotificationBody): Either<NotificationRejected, ProviderNotification> => {
  const common = {
    notificationId: body.id,
    method: body.method,
    providerReference: body.providerReference,
    merchantReference: body.merchantReference,
    orderId: body.passback,
    occurredAt: body.createdAt,
  };
  const payment = (outcome: PaymentOutcome): Either<NotificationRejected, ProviderNotification> => E.right({ ...common, subject: { kind: 'payment', outcome } });
  switch (body.type) {
    case 'payment.authorised':
      return payment({ kind: 'authorised', amount: body.amount });
    case 'payment.captured':
      return payment({ kind: 'captured', amount: body.amount });
    case 'payment.declined':
      return payment({ kind: 'declined', code: body.declineCode ?? 'declined' });
    case 'payment.expired':
      return payment({ kind: 'expired' });
    case 'refund.succeeded':
      if (!body.refundId || !body.providerRefundReference) return rejected('malformed_body', 'a refund notification names the refund');
      return E.right({ ...common, subject: { kind: 'refund', refundId: body.refundId, outcome: { kind: 'succeeded', providerRefundReference: body.providerRefundReference } } });
    case 'refund.failed':
      if (!body.refundId) return rejected('malformed_body', 'a refund notification names the refund');
      return E.right({ ...common, subject: { kind: 'refund', refundId: body.refundId, outcome: { kind: 'failed', reason: body.failureReason ?? 'refund failed' } } });
  }
};

/**
 * Verifies in the order that leaks least: the signature first (compared in constant time), then the
 * freshness of the (now authenticated) timestamp, then the body's shape.
 */
export const verifySignedNotification = (
  options: { readonly secret: string; readonly method: PaymentMethod; readonly now: Date; readonly toleranceSeconds: number },
  rawBody: string,
  headers: NotificationHeaders,
): Either<NotificationRejected, ProviderNotification> => {
  const timestamp = headerValue(headers, TIMESTAMP_HEADER);
  const signed = headerValue(headers, SIGNATURE_HEADER);
  if (timestamp === undefined || signed === undefined) return rejected('missing_signature', `${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} are required`);
  if (!/^\d{1,12}$/.test(timestamp)) return rejected('bad_signature', 'the timestamp is not a number of seconds');
  const given = Buffer.from(signed.startsWith('v1=') ? signed.slice(3) : '', 'hex');
  const expected = Buffer.from(signature(options.secret, timestamp, rawBody), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return rejected('bad_signature', 'the signature does not match');
  const skew = Math.abs(options.now.getTime() / 1000 - Number(timestamp));
  if (skew > options.toleranceSeconds) return rejected('stale_timestamp', `signed ${Math.round(skew)} s away from now`);

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return rejected('malformed_body', 'the body is not JSON');
  }
  const parsed = NotificationBody.safeParse(json);
  if (!parsed.success) return rejected('malformed_body', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  if (parsed.data.method !== options.method) return rejected('wrong_method', `a ${parsed.data.method} notification sent to the ${options.method} provider`);
  return toNotification(parsed.data);
};
