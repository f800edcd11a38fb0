import { categoryOf } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import { AuditError } from '../errors.js';
import { readScope } from '../source/scope.js';
import { commerceAggregates } from './aggregates.js';
import type { Aggregate } from './aggregates.js';
import { checkPoint, isPast } from './point.js';
import type { PointInTime } from './point.js';

export interface ReplayOptions {
  /** Default: the end of the stream (its state now). */
  readonly at?: PointInTime;
  /** Keep the state after every event. Default false. */
  readonly steps?: boolean;
  /** Default: the shop's aggregates (`commerceAggregates`). */
  readonly aggregates?: ReadonlyMap<string, Aggregate>;
  readonly pageSize?: number;
}

export interface ReplayStep {
  readonly revision: number;
  readonly position: number;
  readonly occurredAt: string;
  readonly type: string;
  readonly state: unknown;
}

export interface Replay {
  readonly stream: string;
  readonly aggregate: string;
  readonly at: PointInTime;
  /** The last event folded in; -1 when the point lies before the stream's first event. */
  readonly revision: number;
  readonly position: number | null;
  readonly occurredAt: string | null;
  /** The stream's last revision now, so a reader sees how much came after the point. */
  readonly latestRevision: number;
  readonly state: unknown;
  readonly steps: readonly ReplayStep[];
}

/**
 * An aggregate's state as it stood at a point, by folding its stream's events through the decider's `evolve`
 * exactly as the shop does when it loads it (events upcast to their current schema, the decider's own fold).
 */
export const replayAggregate = async (store: EventStore, stream: string, options: ReplayOptions = {}): Promise<Replay> => {
  const at = checkPoint(options.at ?? { kind: 'end' });
  const aggregates = options.aggregates ?? commerceAggregates;
  const category = categoryOf(stream);
  const aggregate = aggregates.get(category);
  if (!aggregate) throw new AuditError({ _tag: 'UnknownAggregate', stream, category, known: [...aggregates.keys()] });
  let state = aggregate.initialState();
  let last: { revision: number; position: number; occurredAt: string } | null = null;
  const latestRevision = await store.streamRevision(stream);
  if (latestRevision === -1) throw new AuditError({ _tag: 'StreamNotFound', stream });
  const steps: ReplayStep[] = [];
  reading: for await (const page of readScope(store, { kind: 'stream', stream }, { pageSize: options.pageSize ?? 500, raw: false })) {
    for (const event of page) {
      if (isPast(at, event)) break reading;
      try {
        state = aggregate.evolve(state, { type: event.type, data: event.data });
      } catch (error) {
        throw new AuditError({ _tag: 'EvolveFailed', stream, revision: event.revision, type: event.type, reason: error instanceof Error ? error.message : String(error) });
      }
      last = { revision: event.revision, position: event.position, occurredAt: event.occurredAt };
      if (options.steps) steps.push({ ...last, type: event.type, state });
    }
  }
  return {
    stream,
    aggregate: aggregate.name,
    at,
    revision: last?.revision ?? -1,
    position: last?.position ?? null,
    occurredAt: last?.occurredAt ?? null,
    latestRevision,
    state,
    steps,
  };
};
