import { z } from 'zod';
import { NonNegativeMoney } from '../shared/money.js';

/** The ways a customer can pay. Each has its own provider behind the `PaymentProvider` port. */
export const PAYMENT_METHODS = ['alipay', 'wechat_pay', 'unionpay', 'card'] as const;
export const PaymentMethod = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/**
 * All we ever keep of a card: the provider's token, the brand and the last four digits. A token that looks
 * like a card number is refused, so a misconfigured client cannot smuggle a PAN into the event log.
 */
export const CardDetails = z.strictObject({
  token: z
    .string()
    .min(1)
    .refine((token) => !/^[\d\s-]{12,23}$/.test(token), 'a provider token, never a card number'),
  brand: z.enum(['visa', 'mastercard', 'unionpay', 'amex', 'jcb', 'discover']),
  last4: z.string().regex(/^\d{4}$/),
});
export type CardDetails = z.infer<typeof CardDetails>;

/** What the customer must do next to pay, in the form each method uses. */
export const NextAction = z.discriminatedUnion('kind', [
  /** Send the customer to the provider's cashier page (Alipay). */
  z.strictObject({ kind: z.literal('redirect'), url: z.url() }),
  /** Show a QR code the customer scans with the provider's app (WeChat Pay native: `weixin://wxpay/bizpayurl?...`). */
  z.strictObject({ kind: z.literal('qr_code'), payload: z.string().min(1) }),
  /** Auto-submit an HTML form to the provider (UnionPay's front transaction request). */
  z.strictObject({ kind: z.literal('form_post'), url: z.url(), fields: z.record(z.string(), z.string()) }),
  /** The issuer asks the cardholder to authenticate (3-D Secure). */
  z.strictObject({ kind: z.literal('three_ds_challenge'), url: z.url() }),
  /** Nothing: the provider answered at once (a card without challenge). */
  z.strictObject({ kind: z.literal('none') }),
]);
export type NextAction = z.infer<typeof NextAction>;

/** What the provider says became of an attempt. */
export const PaymentOutcome = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('authorised'), amount: NonNegativeMoney }),
  z.strictObject({ kind: z.literal('captured'), amount: NonNegativeMoney }),
  z.strictObject({ kind: z.literal('declined'), code: z.string().min(1), message: z.string().optional() }),
  /** The provider closed the transaction unpaid (its own time limit). */
  z.strictObject({ kind: z.literal('expired') }),
]);
export type PaymentOutcome = z.infer<typeof PaymentOutcome>;

export const RefundOutcome = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('succeeded'), providerRefundReference: z.string().min(1) }),
  z.strictObject({ kind: z.literal('failed'), reason: z.string().min(1) }),
]);
export type RefundOutcome = z.infer<typeof RefundOutcome>;

/**
 * How we learned an outcome: a signed notification (deduplicated by provider reference and notification
 * id), the provider's answer to our own call, or a reconciliation query.
 */
export const OutcomeSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('notification'), notificationId: z.string().min(1) }),
  z.strictObject({ kind: z.literal('response') }),
  z.strictObject({ kind: z.literal('query') }),
]);
export type OutcomeSource = z.infer<typeof OutcomeSource>;

/** Why an attempt's money must be given back: another attempt already paid the order, or we had voided this one. */
export const ReversalReason = z.enum(['double_payment', 'paid_after_void']);
export type ReversalReason = z.infer<typeof ReversalReason>;
