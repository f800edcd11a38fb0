import { commandHandler, randomIds, systemClock } from '@shopstream/kernel';
import type { Actor, Clock, CommandResult, ConcurrencyConflict, HandleOptions, IdGenerator } from '@shopstream/kernel';
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

/**
 * One caller's call as the commands it runs see it: the caller's metadata (correlation, causation, actor, trace)
 * goes on every command, including the reversals and refunds the call sets off, so each event it records says
 * whose request it served; the revision the caller saw pins the first command only, the one that decides on the
 * state they saw (the commands after it decide on what the call itself recorded).
 */
export interface Call {
  /** The options of the call's next command; the first one takes the pinned revision, if any. */
  readonly next: () => HandleOptions;
  /**
   * Before a provider is asked to act on a payment read at `revision`: a ConcurrencyConflict while the call is
   * still pinned to another revision, so a stale If-Match never reaches a provider.
   */
  readonly stale: (orderId: string, revision: number) => ConcurrencyConflict | null;
}

export const callOf = (options: HandleOptions = {}): Call => {
  const base: HandleOptions = options.metadata === undefined ? {} : { metadata: options.metadata };
  let pinned = options.expectedRevision;
  return {
    next: () => {
      if (pinned === undefined) return base;
      const first = { ...base, expectedRevision: pinned };
      pinned = undefined;
      return first;
    },
    stale: (orderId, revision) =>
      pinned === undefined || pinned === revision ? null : { _tag: 'ConcurrencyConflict', stream: paymentStream(orderId), expected: pinned, actual: revision, attempts: 1 },
  };
};

/** A provider's own call (a notification): the request's correlation and trace, recorded as the provider's act. */
export const providerCall = (options: HandleOptions | undefined, actor: Actor): Call => callOf({ ...options, metadata: { ...options?.metadata, actor } });

/** What every part of the payment service shares: the configuration, the command handler and the providers. */
export interface ServiceContext {
  readonly config: PaymentServiceConfig;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Decides and appends one command of a call on the order's payment stream. */
  readonly run: (orderId: string, command: PaymentCommand, call: Call) => Promise<Either<PaymentServiceError, CommandResult<PaymentState, PaymentEvent>>>;
  readonly load: (orderId: string) => Promise<PaymentState>;
  /** The payment and the revision it was folded to, for a call that asks a provider before it records anything. */
  readonly current: (orderId: string) => Promise<{ readonly state: PaymentState; readonly revision: number }>;
  readonly providerFor: (method: PaymentMethod) => Either<PaymentServiceError, PaymentProvider>;
}

export const serviceContext = (config: PaymentServiceConfig): ServiceContext => {
  const clock = config.clock ?? systemClock;
  const ids = config.ids ?? randomIds;
  const handle = config.handler ?? commandHandler({ store: config.store, decider: paymentDecider, clock, ids });
  // The cached state when the stream's head is still where it was folded to: one head read, not the whole stream.
  const current = (orderId: string) => handle.current(paymentStream(orderId));
  return {
    config,
    clock,
    ids,
    run: (orderId, command, call) => handle(paymentStream(orderId), command, call.next()),
    load: async (orderId) => (await current(orderId)).state,
    current,
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
