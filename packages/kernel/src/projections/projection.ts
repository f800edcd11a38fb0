import type { Event, RecordedEvent } from '../events/event.js';
import type { Collection, Document, IndexSpec } from '../readStore/readStore.js';

/** What a handler may touch: its own projection's collections, inside the transaction of the batch. */
export interface ProjectionContext<C extends string = string> {
  /** The collection behind a logical name, bound to the batch's transaction (the version being built). */
  collection<T extends Document = Document>(logicalName: C): Collection<T>;
}

export type ProjectionHandler<Ev extends RecordedEvent, C extends string> = (event: Ev, context: ProjectionContext<C>) => Promise<void> | void;

/** One handler per event type the projection handles; the event arrives typed by the union `E`. */
export type ProjectionHandlers<E extends Event, C extends string> = {
  readonly [K in E['type']]?: ProjectionHandler<RecordedEvent<K, Extract<E, { readonly type: K }>['data']>, C>;
};

export interface CollectionDeclaration {
  readonly indexes?: readonly IndexSpec[];
}

export interface ProjectionDefinition<E extends Event = Event, C extends string = string> {
  /** Stable identity of the read model, part of its collection names: lower camel or kebab case. */
  readonly name: string;
  /**
   * Bump it whenever the handlers would build different documents from the same events: the runtime then
   * rebuilds the projection from the start into fresh collections and swaps them in once caught up.
   */
  readonly version: number;
  readonly collections: { readonly [L in C]: CollectionDeclaration };
  /**
   * Handlers must be deterministic (no clock, no random, no reads outside `context`): a rebuild must produce the
   * same documents as the live run did. Use the event's `occurredAt` for time.
   */
  readonly handlers: ProjectionHandlers<E, C>;
}

/** A projection ready for the runtime: the definition plus the event types it subscribes to. */
export interface Projection<E extends Event = Event, C extends string = string> extends ProjectionDefinition<E, C> {
  /** Derived from `handlers`, sorted: the subscription filter. */
  readonly eventTypes: readonly string[];
  readonly logicalNames: readonly C[];
}

/** The erased shape the runtime works with; every `Projection<E, C>` is assignable to it. */
export interface AnyProjection {
  readonly name: string;
  readonly version: number;
  readonly collections: { readonly [logical: string]: CollectionDeclaration };
  readonly eventTypes: readonly string[];
  readonly logicalNames: readonly string[];
  readonly handlers: object;
}

const NAME = /^[a-z][a-zA-Z0-9-]{0,62}$/;
const LOGICAL = /^[a-z][a-zA-Z0-9_-]{0,62}$/;

/**
 * Declares a projection. Names are restricted to letters, digits and dashes because they become part of the
 * physical collection names (`<name>.<logical>.v<version>`) that every read store must accept.
 */
export const defineProjection = <E extends Event = Event, C extends string = string>(definition: ProjectionDefinition<E, C>): Projection<E, C> => {
  if (!NAME.test(definition.name)) throw new TypeError(`projection name ${JSON.stringify(definition.name)} must match ${String(NAME)}`);
  if (!Number.isSafeInteger(definition.version) || definition.version < 1) {
    throw new TypeError(`projection ${definition.name}: version must be a positive integer`);
  }
  const logicalNames = Object.keys(definition.collections) as C[];
  if (logicalNames.length === 0) throw new TypeError(`projection ${definition.name}: declare at least one collection`);
  for (const logical of logicalNames) {
    if (!LOGICAL.test(logical)) throw new TypeError(`projection ${definition.name}: collection name ${JSON.stringify(logical)} must match ${String(LOGICAL)}`);
  }
  const handlers = definition.handlers as Readonly<Record<string, unknown>>;
  const eventTypes = Object.keys(handlers)
    .filter((type) => typeof handlers[type] === 'function')
    .sort();
  if (eventTypes.length === 0) throw new TypeError(`projection ${definition.name}: declare at least one handler`);
  return { ...definition, eventTypes, logicalNames: [...logicalNames].sort() };
};

/** Looks up the handler of an event type on the erased shape. */
export const handlerFor = (projection: AnyProjection, type: string): ProjectionHandler<RecordedEvent, string> | undefined => {
  const handler: unknown = (projection.handlers as Readonly<Record<string, unknown>>)[type];
  return typeof handler === 'function' ? (handler as ProjectionHandler<RecordedEvent, string>) : undefined;
};

/**
 * The physical collection names of one build of a projection. The first build of a version gets the plain
 * names; a forced rebuild of the same version (after fixing data outside the events, say) gets `.r<n>`, so a
 * build never writes into collections that clients are reading.
 */
export const physicalNames = (projection: AnyProjection, version: number, generation: number): Readonly<Record<string, string>> =>
  Object.fromEntries(
    projection.logicalNames.map((logical) => [logical, `${projection.name}.${logical}.v${version}${generation === 0 ? '' : `.r${generation}`}`]),
  );
