import type { Event, RecordedEvent } from '../events/event.js';

export interface ReactionContext {
  /** The time the reaction runs (from the runtime's clock), for commands that need one. */
  readonly now: Date;
}

export type Reaction<Ev extends RecordedEvent> = (event: Ev, context: ReactionContext) => Promise<void>;

export type ReactionHandlers<E extends Event> = {
  readonly [K in E['type']]?: Reaction<RecordedEvent<K, Extract<E, { readonly type: K }>['data']>>;
};

/**
 * A process manager's reactions to events: each issues commands (reserve stock, cancel an order, schedule a
 * timeout). Unlike a projection it is never rebuilt, since replaying it would act again. Delivery is at least
 * once: a reaction interrupted before its checkpoint is saved runs again after a restart, so every reaction
 * must be idempotent, which the deciders make easy (a command already applied decides no events, or a
 * domain error the reaction recognises as "already done").
 */
export interface Reactor<E extends Event = Event> {
  readonly name: string;
  readonly handlers: ReactionHandlers<E>;
  /** Derived from `handlers`: the subscription filter. */
  readonly eventTypes: readonly string[];
  /** See `ReactorPartitions`; without it, one reaction at a time in store order. */
  readonly partitions?: ReactorPartitions;
}

/**
 * Lets a reactor run reactions to unrelated events at the same time: events with the same key (an order id)
 * are still reacted to one after another in store order, events with different keys side by side, at most
 * `maxConcurrent` at once. A key of null runs alone, after everything before it and before anything after it.
 * The checkpoint only passes an event once it and every event before it have been reacted to. Only for
 * reactors whose reactions on different keys do not depend on each other's order: commands they share a
 * stream through (a SKU's stock) are still decided one at a time by the store's optimistic concurrency.
 */
export interface ReactorPartitions {
  key(event: RecordedEvent): string | null;
  readonly maxConcurrent: number;
}

/** The erased shape the runtime works with; every `Reactor<E>` is assignable to it. */
export interface AnyReactor {
  readonly name: string;
  readonly handlers: object;
  readonly eventTypes: readonly string[];
  readonly partitions?: ReactorPartitions;
}

export const defineReactor = <E extends Event>(definition: { name: string; handlers: ReactionHandlers<E>; partitions?: ReactorPartitions }): Reactor<E> => {
  if (!/^[a-z][a-zA-Z0-9-]{0,62}$/.test(definition.name)) throw new TypeError(`reactor name ${JSON.stringify(definition.name)} is not a plain identifier`);
  const limit = definition.partitions?.maxConcurrent;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) throw new TypeError(`reactor ${definition.name}: partitions.maxConcurrent must be a positive integer`);
  const handlers = definition.handlers as Readonly<Record<string, unknown>>;
  const eventTypes = Object.keys(handlers)
    .filter((type) => typeof handlers[type] === 'function')
    .sort();
  if (eventTypes.length === 0) throw new TypeError(`reactor ${definition.name}: declare at least one reaction`);
  return { ...definition, eventTypes };
};

export const reactionFor = (reactor: AnyReactor, type: string): Reaction<RecordedEvent> | undefined => {
  const handler = (reactor.handlers as Readonly<Record<string, unknown>>)[type];
  return typeof handler === 'function' ? (handler as Reaction<RecordedEvent>) : undefined;
};
