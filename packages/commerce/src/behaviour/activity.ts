import type { Decider } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { ActivityCommand } from './commands.js';
import type { BehaviourError } from './errors.js';
import type { ActivityEvent, Subject } from './events.js';
import { dayOf } from './streams.js';

export interface ActivityPolicy {
  /** Events one subject may record in a day; beyond it is a bot or a bug, and streams must stay small. */
  readonly maxEventsPerDay: number;
  /** A product viewed again this soon is a refresh, not a second look. */
  readonly viewDedupeSeconds: number;
  /** The same search (and page) again this soon is a double submit. */
  readonly searchDedupeSeconds: number;
  readonly cartDedupeSeconds: number;
}

export const defaultActivityPolicy: ActivityPolicy = { maxEventsPerDay: 5_000, viewDedupeSeconds: 30, searchDedupeSeconds: 5, cartDedupeSeconds: 30 };

/** One subject's day, as much as dedupe and limits need. */
export interface ActivityState {
  readonly subject: Subject | null;
  readonly count: number;
  /** Last view time per product. */
  readonly lastViewed: Readonly<Record<string, string>>;
  readonly lastSearch: { readonly normalisedQuery: string; readonly page: number; readonly at: string } | null;
  readonly lastCartView: string | null;
  readonly identifiedAs: string | null;
}

/** Case-folded, width-folded and single-spaced: 「ＴＥＡ  Set」 and "tea set" are one query for reports. */
export const normaliseQuery = (query: string): string => query.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

const sameSubject = (a: Subject, b: Subject): boolean => a.kind === b.kind && a.id === b.id;

const initialState = (): ActivityState => ({ subject: null, count: 0, lastViewed: {}, lastSearch: null, lastCartView: null, identifiedAs: null });

const evolve = (state: ActivityState, event: ActivityEvent): ActivityState => {
  const counted = { ...state, count: state.count + 1 };
  return match(event)
    .with({ type: 'ProductViewed' }, ({ data }) => ({
      ...counted,
      subject: state.subject ?? data.subject,
      lastViewed: { ...state.lastViewed, [data.productId]: data.at },
    }))
    .with({ type: 'ProductsSearched' }, ({ data }) => ({
      ...counted,
      subject: state.subject ?? data.subject,
      lastSearch: { normalisedQuery: data.normalisedQuery, page: data.page, at: data.at },
    }))
    .with({ type: 'CartViewed' }, ({ data }) => ({ ...counted, subject: state.subject ?? data.subject, lastCartView: data.at }))
    .with({ type: 'SessionIdentified' }, ({ data }) => ({
      ...counted,
      subject: state.subject ?? { kind: 'session' as const, id: data.sessionId },
      identifiedAs: data.customerId,
    }))
    .exhaustive();
};

const within = (earlier: string | null | undefined, now: Date, seconds: number): boolean =>
  earlier !== null && earlier !== undefined && now.getTime() - Date.parse(earlier) < seconds * 1000;

type Decision = E.Either<BehaviourError, readonly ActivityEvent[]>;

const decideWith =
  (policy: ActivityPolicy) =>
  (command: ActivityCommand, state: ActivityState, { now }: { now: Date }): Decision => {
    const today = dayOf(now);
    if (command.day !== today) return E.left({ _tag: 'WrongDay', streamDay: command.day, today });
    if (state.subject && !sameSubject(state.subject, command.subject)) {
      return E.left({ _tag: 'SubjectMismatch', expected: state.subject, received: command.subject });
    }
    const at = now.toISOString();
    const limited = (events: readonly ActivityEvent[]): Decision =>
      events.length > 0 && state.count + events.length > policy.maxEventsPerDay ? E.left({ _tag: 'DailyLimitReached', limit: policy.maxEventsPerDay }) : E.right(events);

    return match(command)
      .with({ type: 'RecordProductView' }, (c) =>
        within(state.lastViewed[c.productId], now, policy.viewDedupeSeconds)
          ? E.right([])
          : limited([{ type: 'ProductViewed', data: { subject: c.subject, productId: c.productId, source: c.source, at } }]),
      )
      .with({ type: 'RecordSearch' }, (c): Decision => {
        const query = c.query.trim();
        const normalisedQuery = normaliseQuery(query);
        if (normalisedQuery.length === 0) return E.left({ _tag: 'EmptyQuery' });
        if (!Number.isInteger(c.resultCount) || c.resultCount < 0) return E.left({ _tag: 'InvalidCount', field: 'resultCount', value: c.resultCount });
        if (!Number.isInteger(c.page) || c.page < 1) return E.left({ _tag: 'InvalidCount', field: 'page', value: c.page });
        const last = state.lastSearch;
        if (last && last.normalisedQuery === normalisedQuery && last.page === c.page && within(last.at, now, policy.searchDedupeSeconds)) return E.right([]);
        return limited([{ type: 'ProductsSearched', data: { subject: c.subject, query, normalisedQuery, resultCount: c.resultCount, page: c.page, at } }]);
      })
      .with({ type: 'RecordCartView' }, (c): Decision => {
        if (!Number.isInteger(c.itemCount) || c.itemCount < 0) return E.left({ _tag: 'InvalidCount', field: 'itemCount', value: c.itemCount });
        return within(state.lastCartView, now, policy.cartDedupeSeconds) ? E.right([]) : limited([{ type: 'CartViewed', data: { subject: c.subject, itemCount: c.itemCount, at } }]);
      })
      .with({ type: 'IdentifySession' }, (c): Decision => {
        if (c.subject.kind !== 'session') return E.left({ _tag: 'NotASession', subject: c.subject });
        if (state.identifiedAs === c.customerId) return E.right([]);
        if (state.identifiedAs !== null) return E.left({ _tag: 'SessionAlreadyIdentified', sessionId: c.subject.id, customerId: state.identifiedAs });
        return limited([{ type: 'SessionIdentified', data: { sessionId: c.subject.id, customerId: c.customerId, at } }]);
      })
      .exhaustive();
  };

export const activityDecider = (policy: ActivityPolicy = defaultActivityPolicy): Decider<ActivityState, ActivityCommand, ActivityEvent, BehaviourError> => ({
  initialState,
  evolve,
  decide: decideWith(policy),
});

/** One subject's activity for one day (`activityStream`), under the default policy. */
export const activity = activityDecider();
