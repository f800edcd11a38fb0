import { commandHandler, randomIds, systemClock } from '@shopstream/kernel';
import type { Actor, Clock, CommandResult, IdGenerator } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { PaymentCommand } from './commands.js';
import { paymentDecider, paymentStream } from './decider.js';
import type { PaymentEvent } from './events.js';
import type { PaymentMethod } from './model.js';
import type { PaymentProvider } from './provider.js';
import type { PaymentServiceConfig, PaymentServiceError } from './serviceTypes.js';
import { isOpen } from './state.js';
import type { AttemptState, OpenPaymentState, PaymentState } from './state.js';

/** What every part of the payment service shares: the configuration, the command handler and the providers. */
export interface ServiceContext {
  readonly config: PaymentServiceConfig;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Decides and appends one command on the order's payment stream. */
  readonly run: (orderId: string, command: PaymentCommand, actor?: Actor) => Promise<Either<PaymentServiceError, CommandResult<PaymentState, PaymentEvent>>>;
  readonly load: (orderId: string) => Promise<PaymentState>;
  readonly providerFor: (method: PaymentMethod) => Either<PaymentServiceError, PaymentProvider>;
}

export const serviceContext = (config: PaymentServiceConfig): ServiceContext => {
  const clock = config.clock ?? systemClock;
  const ids = config.ids ?? randomIds;
  const handle = config.handler ?? commandHandler({ store: config.store, decider: paymentDecider, clock, ids });
  return {
    config,
    clock,
    ids,
    run: (orderId, command, actor) => handle(paymentStream(orderId), command, actor ? { metadata: { actor } } : {}),
    // The cached state when the stream's head is still where it was folded to: one head read, not the whole stream.
    load: async (orderId) => (await handle.current(paymentStream(orderId))).state,
    providerFor: (method) => {
      const provider = config.providers[method];
      return provider ? E.right(provider) : E.left({ _tag: 'ProviderNotConfigured', method });
    },
  };
};

export const attemptIn = (state: PaymentState, orderId: string, attemptId: string): Either<PaymentServiceError, { payment: OpenPaymentState; attempt: AttemptState }> => {
  const attempt = isOpen(state) ? state.attempts.find((a) => a.attemptId === attemptId) : undefined;
  return isOpen(state) && attempt ? E.right({ payment: state, attempt }) : E.left({ _tag: 'UnknownPaymentAttempt', orderId, attemptId });
};

export const eventsOf = (result: CommandResult<PaymentState, PaymentEvent>): PaymentEvent[] => result.events.map((e) => ({ type: e.type, data: e.data }) as PaymentEvent);

export const flaggedIn = (events: readonly PaymentEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'PaymentAttemptFlaggedForReversal' ? [e.data.attemptId] : []));
