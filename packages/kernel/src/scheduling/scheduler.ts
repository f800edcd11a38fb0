import * as E from 'fp-ts/lib/Either.js';
import { commandHandler } from '../commandHandling/commandHandler.js';
import type { ConcurrencyConflict, HandleOptions } from '../commandHandling/commandHandler.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { streamName } from '../events/streamName.js';
import { defineProjection } from '../projections/projection.js';
import type { ReadModelCollection } from '../projections/readModel.js';
import type { Document } from '../readStore/readStore.js';
import type { Clock, IdGenerator } from '../time/clock.js';
import { systemClock } from '../time/clock.js';
import { timeoutDecider } from './timeouts.js';
import type { TimeoutError, TimeoutEvent, TimeoutPayload } from './timeouts.js';

export interface PendingTimeout extends Document {
  readonly _id: string;
  readonly kind: string;
  readonly due: string;
}

/** The timeouts not yet fired or cancelled, ordered by when they are due: what the scheduler polls. */
export const pendingTimeouts = defineProjection<TimeoutEvent, 'pending'>({
  name: 'timeouts',
  version: 1,
  collections: { pending: { indexes: [{ keys: { due: 1 } }] } },
  handlers: {
    TimeoutScheduled: async ({ data }, context) => {
      await context.collection<PendingTimeout>('pending').replaceOne({ _id: data.timeoutId, kind: data.kind, due: data.due }, { upsert: true });
    },
    TimeoutFired: async ({ data }, context) => {
      await context.collection('pending').deleteOne({ _id: data.timeoutId });
    },
    TimeoutCancelled: async ({ data }, context) => {
      await context.collection('pending').deleteOne({ _id: data.timeoutId });
    },
  },
});

export interface ScheduleRequest {
  /** Chosen by the caller and deterministic (e.g. `payment-expiry:<orderId>`), so scheduling again is a no-op. */
  readonly timeoutId: string;
  readonly kind: string;
  readonly due: Date | string;
  readonly payload?: TimeoutPayload;
}

export interface DurableSchedulerOptions {
  readonly eventStore: EventStore;
  /** The live `pending` collection of the `pendingTimeouts` projection, e.g. `runtime.collection('timeouts', 'pending')`. */
  readonly pending: ReadModelCollection<PendingTimeout>;
  readonly clock?: Clock;
  /** The ids of the events it records. Default time-ordered UUIDs; a shop with injected ids passes its own, so a replayed run records the same ids. */
  readonly ids?: IdGenerator;
  /** How often `start()` looks for due timeouts. Default 1 s. */
  readonly pollIntervalMs?: number;
  /** Timeouts fired per poll at most. Default 100. */
  readonly batchSize?: number;
  readonly onError?: (error: unknown) => void;
}

export interface DurableScheduler {
  schedule(request: ScheduleRequest, options?: HandleOptions): Promise<E.Either<TimeoutError | ConcurrencyConflict, number | null>>;
  cancel(timeoutId: string, reason: string, options?: HandleOptions): Promise<E.Either<TimeoutError | ConcurrencyConflict, number | null>>;
  /** Fires every timeout due now; returns how many this call fired. Safe to run on several instances at once. */
  fireDue(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

const SCHEDULER = { kind: 'system', id: 'scheduler' } as const;

/**
 * Timeouts that survive restarts. Scheduling appends `TimeoutScheduled` to the timeout's own stream; firing
 * appends `TimeoutFired` there, once, guarded by the stream's revision; whatever must happen then is a reactor
 * on `TimeoutFired`, so the firing and the reaction are both recorded and neither is lost nor repeated.
 */
export const durableScheduler = (options: DurableSchedulerOptions): DurableScheduler => {
  const clock = options.clock ?? systemClock;
  const handle = commandHandler({ store: options.eventStore, decider: timeoutDecider, clock, ...(options.ids === undefined ? {} : { ids: options.ids }) });
  const stream = (timeoutId: string) => streamName('timeout', timeoutId);
  const positionOf = <L>(result: E.Either<L, { position: number | null }>) => E.map((r: { position: number | null }) => r.position)(result);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let polling: Promise<void> = Promise.resolve();
  let stopped = true;

  /**
   * A timeout fires in the chain that scheduled it: the correlation and trace of its `TimeoutScheduled`, which
   * is the cause, so an auditor follows a request to what its deadline did days later.
   */
  const firing = async (timeoutId: string): Promise<HandleOptions> => {
    const [scheduled] = await options.eventStore.readStream(stream(timeoutId), { maxCount: 1, raw: true });
    return {
      metadata: {
        actor: SCHEDULER,
        ...(scheduled === undefined
          ? {}
          : {
              correlationId: scheduled.metadata.correlationId,
              causationId: scheduled.id,
              traceparent: scheduled.metadata.traceparent,
              tracestate: scheduled.metadata.tracestate,
            }),
      },
    };
  };

  const fireDue = async (): Promise<number> => {
    const due = await options.pending.find({ due: { $lte: clock.now().toISOString() } }, { sort: { due: 1 }, limit: options.batchSize ?? 100 });
    let fired = 0;
    for (const timeout of due) {
      const result = await handle(stream(timeout._id), { kind: 'fire' }, await firing(timeout._id));
      // Fired or cancelled by someone else meanwhile, or not yet projected as gone: nothing to do.
      if (E.isRight(result) && result.right.events.length > 0) fired++;
    }
    return fired;
  };

  const poll = () => {
    if (stopped) return;
    polling = fireDue()
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(poll, options.pollIntervalMs ?? 1_000);
      });
  };

  return {
    schedule: async (request, handleOptions) =>
      positionOf(
        await handle(
          stream(request.timeoutId),
          { kind: 'schedule', timeoutId: request.timeoutId, timeoutKind: request.kind, due: new Date(request.due).toISOString(), payload: request.payload ?? {} },
          handleOptions,
        ),
      ),
    cancel: async (timeoutId, reason, handleOptions) => positionOf(await handle(stream(timeoutId), { kind: 'cancel', reason }, handleOptions)),
    fireDue,
    start: () => {
      if (!stopped) return;
      stopped = false;
      poll();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await polling;
    },
  };
};
