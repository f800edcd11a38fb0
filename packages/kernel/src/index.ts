// Events
export type { Actor, Event, EventMetadata, NewEvent, RecordedEvent } from './events/event.js';
export { toEvent } from './events/event.js';
export { streamName, categoryOf, idOf } from './events/streamName.js';
export { canonicalJson, jsonProblem } from './events/canonicalJson.js';
export { GENESIS_HASH, eventHash, verifyStreamIntegrity } from './events/integrity.js';
export type { HashedFields, IntegrityFinding } from './events/integrity.js';
export { defineEvent, eventRegistry } from './events/registry.js';
export type { EventOf, EventRegistry, EventTypeDefinition, RegistryOptions, Upcaster, ValidationOutcome } from './events/registry.js';

// Event store port
export type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionMessage,
} from './eventStore/eventStore.js';
export { EventStoreError, isEventStoreError } from './eventStore/errors.js';
export type { EventStoreErrorDetail, EventStoreErrorTag } from './eventStore/errors.js';
export { memoryEventStore } from './eventStore/memoryEventStore.js';
export type { MemoryEventStoreOptions } from './eventStore/memoryEventStore.js';

// Building blocks for other EventStore implementations
export {
  checkExpectation,
  checkExpectedRevision,
  checkStreamName,
  matchesFilter,
  normaliseAllRead,
  normaliseStreamRead,
  prepareEvents,
  recordedFrom,
  replayOfEarlierAppend,
  upcastRecorded,
} from './eventStore/appendRules.js';
export type { PreparedEvent, PrepareContext } from './eventStore/appendRules.js';
export { AppendNotifier, catchUpSubscription } from './eventStore/catchUpSubscription.js';
export { firstAfterPosition } from './eventStore/positions.js';
export type { ScannedBatch, SubscriptionSource } from './eventStore/catchUpSubscription.js';

// Deciders and command handling
export type { Decider, DecisionContext } from './decider/decider.js';
export { fold, inSequence } from './decider/decider.js';
export { commandHandler } from './commandHandling/commandHandler.js';
export type { CommandHandler, CommandHandlerConfig, CommandResult, ConcurrencyConflict, CurrentState, HandleOptions } from './commandHandling/commandHandler.js';
export { defaultRetryPolicy, backoffDelay } from './commandHandling/retry.js';
export type { RetryPolicy } from './commandHandling/retry.js';

// Snapshots
export { memorySnapshotStore } from './snapshots/snapshotStore.js';
export type { Snapshot, SnapshotStore } from './snapshots/snapshotStore.js';

// Shop state port: what several host processes of one shop share besides the log (sessions, idempotency records,
// rate-limit counters, a webhook outbox); its checks, JSON encoding and background sweep for other implementations
export { DEFAULT_SWEEP_INTERVAL_MS, checkIncrement, checkKey, checkLimit, checkTtl, decodeValue, encodeValue } from './state/stateStore.js';
export type { DeleteOptions, IncrementOptions, ListOptions, PutOptions, ShopStateStore, StateEntry, StateStoreOptions } from './state/stateStore.js';
export { sweeper } from './state/sweeper.js';
export type { Sweeper } from './state/sweeper.js';
export { memoryStateStore } from './state/memoryStateStore.js';

// Personal-data keys port: each data subject's keys, kept apart from the log, so deleting them crypto-shreds the
// subject's personal data; the master-key wrapping and error every persistent implementation shares
export { DATA_KEY_BYTES, KeyStoreError, isKeyStoreError, newDataKey } from './keys/keyStore.js';
export type { DataKey, KeyReader, KeyStore, KeyStoreErrorDetail, PersistentKeyStore } from './keys/keyStore.js';
export { memoryKeyStore } from './keys/memoryKeyStore.js';
export {
  CHECK_LABEL,
  MASTER_KEY_BYTES,
  checkMasterKey,
  generateMasterKey,
  keyLabel,
  newCheckValue,
  parseMasterKey,
  unwrap,
  unwrapDataKey,
  wrap,
  wrapDataKey,
} from './keys/masterKey.js';
export { PersistentKeyStoreError, isPersistentKeyStoreError } from './keys/errors.js';
export type { PersistentKeyStoreErrorDetail } from './keys/errors.js';

// Time and ids
export { ManualClock, randomIds, sequentialIds, systemClock } from './time/clock.js';
export type { Clock, IdGenerator } from './time/clock.js';
export { timeOfTimeOrderedId, timeOrderedIdGenerator, timeOrderedIds } from './time/timeOrderedIds.js';
export type { TimeOrderedIdSources } from './time/timeOrderedIds.js';


// Projections
export { defineProjection } from './projections/projection.js';
export type {
  AnyProjection,
  CollectionDeclaration,
  Projection,
  ProjectionContext,
  ProjectionDefinition,
  ProjectionHandler,
  ProjectionHandlers,
} from './projections/projection.js';
export { projectionRuntime } from './projections/runtime.js';
export type { ProjectionRuntime, ProjectionRuntimeOptions, WaitOptions } from './projections/runtime.js';
export type { BuildProgress, ProjectionLag, ProjectionStatus } from './projections/status.js';
export type { ProjectorState } from './projections/projector.js';
export type { Build, CheckpointDocument, ProjectionFailure } from './projections/checkpoint.js';
export { CHECKPOINTS as PROJECTION_CHECKPOINTS } from './projections/checkpoint.js';
export type { ReadModelCollection } from './projections/readModel.js';
export { ProjectionError, isProjectionError } from './projections/errors.js';
export type { ProjectionErrorDetail, ProjectionErrorTag } from './projections/errors.js';

// Processes: reactors (at-least-once reactions that issue commands) and durable timeouts
export { defineReactor } from './processes/reactor.js';
export type { AnyReactor, Reaction, ReactionContext, ReactionHandlers, Reactor } from './processes/reactor.js';
export { REACTOR_CHECKPOINTS, reactorRuntime } from './processes/reactorRuntime.js';
export type { ReactedEvent, ReactorFailure, ReactorRuntime, ReactorRuntimeOptions, ReactorStatus } from './processes/reactorRuntime.js';
export { durableScheduler, pendingTimeouts } from './scheduling/scheduler.js';
export type { DurableScheduler, DurableSchedulerOptions, PendingTimeout, ScheduleRequest } from './scheduling/scheduler.js';
export { TimeoutCancelled, TimeoutFired, TimeoutScheduled, timeoutDecider, timeoutEvents } from './scheduling/timeouts.js';
export type { TimeoutCommand, TimeoutError, TimeoutEvent, TimeoutPayload, TimeoutState } from './scheduling/timeouts.js';

// Read store port
export type {
  BulkOperation,
  Collection,
  Document,
  Filter,
  FindOptions,
  IndexSpec,
  JsonPrimitive,
  JsonValue,
  Page,
  PageOptions,
  Pipeline,
  Projection as FindProjection,
  ReadStore,
  ReadStoreErrorDetail,
  ReadStoreErrorTag,
  ReadStoreSession,
  SortSpec,
  Update,
  UpdateOptions,
  UpdateResult,
} from './readStore/readStore.js';
export { ReadStoreError, isReadStoreError } from './readStore/readStore.js';
export { memoryReadStore } from './readStore/memoryReadStore.js';
export type { MemoryReadStoreOptions, StoredCollection } from './readStore/memoryReadStore.js';
export type { CollectionChanges, ReadStoreChanges } from './readStore/engine.js';
export type { DeclaredIndex } from './readStore/indexes.js';
export { declareIndex } from './readStore/indexes.js';

// Building blocks for other ReadStore implementations: the portable subset's checks and the shared cursor format
export { checkCollectionName } from './readStore/names.js';
export { validateFilter, validateProjection, validateSort, validateUpdate } from './readStore/subset.js';
export { validatePipeline } from './readStore/pipelineSubset.js';
export { checkBulkOperation } from './readStore/bulk.js';
export type { CheckedBulkOperation } from './readStore/bulk.js';
export { decodeCursor, encodeCursor } from './readStore/pagination.js';
export { sortKeyComparator, sortKeyExtractor } from './readStore/evaluate.js';
export { indexKeysOf } from './readStore/indexes.js';
export { sameJson } from './readStore/values.js';
