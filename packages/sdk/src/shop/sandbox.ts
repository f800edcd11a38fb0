import * as E from 'fp-ts/lib/Either.js';
import type { HandleOptions } from '@shopstream/kernel';
import { normaliseContact } from '@shopstream/commerce/identity';
import { paymentStream, SandboxControlError } from '@shopstream/commerce/payment';
import type { PaymentMethod, SandboxProvider, SandboxTransaction } from '@shopstream/commerce/payment';
import type { SignedNotification } from '@shopstream/commerce/shipping';
import type { SandboxCallOptions, ShopSandbox } from '../facade/sandbox/api.js';
import type { ShopContext } from './context.js';
import { settleChain } from './settling.js';
import type { ChainSettling } from './settling.js';

const missing = (what: string): never => {
  throw new Error(`the shop runs with its own ${what}: the sandbox controls for it are not available`);
};

const SETTLE_TIMEOUT_MS = 5_000;

/** What a delivery is handled with: the metadata of the request the sandbox action serves, if it was given one. */
const handling = (options: SandboxCallOptions | undefined): HandleOptions | undefined => (options?.metadata === undefined ? undefined : { metadata: options.metadata });

/**
 * The sandbox controls: play the customer on a provider's page, move parcels along, read codes from the outbox.
 * Each action hands what the sandbox sent to the shop's webhook handlers and settles, as a real host would: a
 * payment action waits for what its notification set off, the carrier's for the whole shop.
 */
export const shopSandbox = (context: ShopContext, settle: () => Promise<void>, chain: ChainSettling): ShopSandbox => {
  const providers = (): Readonly<Record<PaymentMethod, SandboxProvider>> => context.sandboxProviders?.byMethod ?? missing('payment providers');
  const carrier = () => context.sandboxCarrier ?? missing('carrier');

  /** The provider that issued a reference: each sandbox knows only its own transactions. */
  const owning = (providerReference: string): SandboxProvider => {
    for (const provider of Object.values(providers())) if (provider.control.transaction(providerReference)) return provider;
    throw new SandboxControlError({ _tag: 'UnknownSandboxTransaction', reference: providerReference });
  };

  /**
   * Plays the customer, hands the notification over, then waits for the payment's events it recorded and what
   * they set off in the processes (the order paid, its stock committed, its risk scored) and the read models.
   */
  const act = async (providerReference: string, play: (provider: SandboxProvider) => SandboxTransaction, options?: SandboxCallOptions): Promise<SandboxTransaction> => {
    const provider = owning(providerReference);
    // Opened before the notification is sent: the payment's events and every reaction to them are in it.
    const recording = context.appends.record();
    try {
      const transaction = context.playingAs(handling(options), () => play(provider));
      // This payment's notifications only: other buyers' are delivered side by side, not waited for.
      await context.deliverPaymentNotificationsOf(transaction.orderId);
      const stream = paymentStream(transaction.orderId);
      const recorded = recording.events.filter((event) => event.stream === stream);
      await settleChain(chain, recorded, () => recording.events, SETTLE_TIMEOUT_MS);
      return transaction;
    } finally {
      recording.close();
    }
  };

  const deliverPushes = async (pushes: readonly SignedNotification[], options?: SandboxCallOptions): Promise<number> => {
    const handle = handling(options);
    for (const push of pushes) {
      const handled = await context.shipping.handleNotification(push, handle);
      if (E.isLeft(handled)) context.onError(handled.left, 'sandbox carrier push');
    }
    await settle();
    return pushes.length;
  };

  return {
    payments: {
      get runs() {
        return context.sandboxProviders !== null;
      },
      transaction: (reference) => {
        for (const provider of Object.values(providers())) {
          const transaction = provider.control.transaction(reference);
          if (transaction) return transaction;
        }
        return undefined;
      },
      complete: (reference, options) => act(reference, (p) => p.control.resolve(reference, { kind: 'succeed' }), options),
      decline: (reference, code, options) => act(reference, (p) => p.control.resolve(reference, { kind: 'decline', ...(code === undefined ? {} : { code }) }), options),
      timeOut: (reference) => act(reference, (p) => p.control.resolve(reference, { kind: 'timeout' })),
      expire: (reference, options) => act(reference, (p) => p.control.expire(reference), options),
      deliverNotifications: async () => {
        const delivered = await context.deliverPaymentNotifications();
        await settle();
        return delivered;
      },
      provider: (method) => providers()[method],
    },
    carrier: {
      get runs() {
        return context.sandboxCarrier !== null;
      },
      advance: (ms, options) => deliverPushes(carrier().advance(ms), options),
      tick: (options) => deliverPushes(carrier().tick(), options),
      setScenario: (shipmentId, scenario) => carrier().setScenario(shipmentId, scenario),
      get control() {
        return carrier();
      },
    },
    outbox: {
      get runs() {
        return context.outbox !== null;
      },
      get sent() {
        return context.outbox?.sent ?? missing('notifier');
      },
      codeSentTo: (contact) => {
        const outbox = context.outbox ?? missing('notifier');
        const normalised = normaliseContact(contact);
        const to = E.isRight(normalised) ? normalised.right.value : contact;
        return outbox.lastTo(to)?.params['code'] ?? null;
      },
    },
  };
};
