import { z } from 'zod';
import { SandboxControlError } from '@shopstream/commerce/payment';
import type { SandboxTransaction } from '@shopstream/commerce/payment';
import type { SandboxCallOptions, ShopSandbox } from '@shopstream/sdk';
import { problem } from '../problem/problem.js';
import type { RouteContext } from '../routing/context.js';
import { ok, refused, route } from '../routing/route.js';
import type { AnyRoute, HandlerInput, Reply } from '../routing/route.js';
import { JsonObject, List, callOptions } from './support.js';

/**
 * The request a sandbox switch serves: what the provider's notification or the carrier's pushes record carries its
 * `X-Request-Id` as correlation and its trace (the provider or carrier as actor), as the events of any command do.
 */
const served = (input: Pick<HandlerInput<unknown, unknown, unknown>, 'caller' | 'expectedRevision' | 'req' | 'res'>): SandboxCallOptions => {
  const { metadata } = callOptions(input);
  return metadata === undefined ? {} : { metadata };
};

const Reference = z.strictObject({ providerReference: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/) });

const transaction = (t: SandboxTransaction) => ({
  providerReference: t.providerReference,
  merchantReference: t.merchantReference,
  orderId: t.orderId,
  status: t.status,
  amount: t.amount,
});

/**
 * Plays the customer on a provider's page: a reference no sandbox issued is 404, a payment past what the control
 * plays (already paid, declined or expired) 409.
 */
const playing = async (play: () => Promise<SandboxTransaction>): Promise<Reply> => {
  try {
    return ok(transaction(await play()));
  } catch (error) {
    if (!(error instanceof SandboxControlError)) throw error;
    const { refusal } = error;
    return refusal._tag === 'UnknownSandboxTransaction'
      ? refused(problem(404, 'NotFound', 'no sandbox payment has this provider reference', { code: 'NotFound' }))
      : refused(problem(409, 'SandboxPaymentSettled', `the sandbox payment is ${refusal.status}: the customer can no longer act on it`, { code: 'SandboxPaymentSettled', paymentStatus: refusal.status }));
  }
};

/**
 * The sandbox's switches over HTTP, each group mounted only when the shop runs that part of the sandbox (a shop
 * given providers, a carrier or a notifier of its own has no switches for them: 404, as for any unknown route):
 * what a customer does on a provider's page (pay, decline, walk away), time for parcels, and the outbox of
 * verification codes. Completing or declining makes the sandbox provider send its signed notification, which the
 * shop handles exactly as it handles one arriving at the payment webhook.
 */
export const sandboxRoutes = (sandbox: ShopSandbox, _context: RouteContext): AnyRoute[] => [
  ...(sandbox.payments.runs ? paymentSwitches(sandbox) : []),
  ...(sandbox.carrier.runs ? carrierSwitches(sandbox) : []),
  ...(sandbox.outbox.runs ? outboxSwitches(sandbox) : []),
];

const paymentSwitches = (sandbox: ShopSandbox): AnyRoute[] => [
  route({
    operationId: 'sandboxCompletePayment',
    method: 'post',
    path: '/sandbox/payments/:providerReference/complete',
    summary: "Sandbox: the customer pays on the provider's page",
    tag: 'sandbox',
    access: 'signedIn',
    params: Reference,
    response: JsonObject,
    errors: [404, 409],
    handler: (input) => playing(() => sandbox.payments.complete(input.params.providerReference, served(input))),
  }),
  route({
    operationId: 'sandboxDeclinePayment',
    method: 'post',
    path: '/sandbox/payments/:providerReference/decline',
    summary: 'Sandbox: the issuer declines the payment',
    tag: 'sandbox',
    access: 'signedIn',
    params: Reference,
    body: z.strictObject({ code: z.string().min(1).max(64).optional() }).optional(),
    response: JsonObject,
    errors: [404, 409],
    handler: (input) => playing(() => sandbox.payments.decline(input.params.providerReference, input.body?.code, served(input))),
  }),
  route({
    operationId: 'sandboxTimeOutPayment',
    method: 'post',
    path: '/sandbox/payments/:providerReference/time-out',
    summary: 'Sandbox: the customer never acts; no notification ever comes',
    tag: 'sandbox',
    access: 'signedIn',
    params: Reference,
    response: JsonObject,
    errors: [404, 409],
    handler: ({ params }) => playing(() => sandbox.payments.timeOut(params.providerReference)),
  }),
];

const carrierSwitches = (sandbox: ShopSandbox): AnyRoute[] => [
  route({
    operationId: 'sandboxAdvanceCarrier',
    method: 'post',
    path: '/sandbox/carrier/advance',
    summary: 'Sandbox: move carrier time on; the tracking pushes due go to the carrier webhook handler',
    tag: 'sandbox',
    access: 'admin',
    body: z.strictObject({ ms: z.number().int().min(0).max(60 * 86_400_000) }),
    response: z.strictObject({ delivered: z.number() }),
    handler: async (input) => ok({ delivered: await sandbox.carrier.advance(input.body.ms, served(input)) }),
  }),
];

const outboxSwitches = (sandbox: ShopSandbox): AnyRoute[] => [
  route({
    operationId: 'sandboxOutbox',
    method: 'get',
    path: '/sandbox/outbox',
    summary: 'Sandbox: the messages sent, verification codes included (admin)',
    tag: 'sandbox',
    access: 'admin',
    response: List,
    handler: async () => ok({ items: sandbox.outbox.sent.map((message) => ({ ...message })) }),
  }),
];
