import { EventStoreError, categoryOf } from '@shopstream/kernel';
import type { EventFilter } from '@shopstream/kernel';

/**
 * Where the port's stream names live on the server. A store may keep its streams under a namespace (`tenant.`
 * before every name), so that several shops, or several test runs, share one cluster without seeing each other;
 * without one, names are stored as they are. Each event id's claim (see idClaims.ts) lives in a stream of a
 * category the store keeps for itself, which the store's view of `$all` leaves out.
 */
export const CLAIM_CATEGORY = 'shopstream.eventid';

const NAMESPACE = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Claims of every namespace are left out of every view, so a store without a namespace, which sees the streams
 * of namespaced stores on the same server, does not take their claims for events.
 */
const isClaimCategory = (category: string): boolean => category === CLAIM_CATEGORY || category.endsWith(`.${CLAIM_CATEGORY}`);
const CLAIMS_ANYWHERE = `(?:[^-]*\\.)?${CLAIM_CATEGORY.replaceAll('.', '\\.')}-`;

export interface StreamNames {
  /** The server's name for a port stream. */
  readonly toServer: (stream: string) => string;
  /** The port's name for a server stream, or null when the stream is not part of this store's view. */
  readonly fromServer: (serverStream: string) => string | null;
  /** The stream holding the claim on an event id. */
  readonly claimStream: (eventId: string) => string;
  /** The server-side filter (a .NET regular expression) on stream names for this store's view and the port filter. */
  readonly streamRegex: (categories?: readonly string[]) => string;
}

/** Escapes a literal for a .NET (and JavaScript) regular expression. */
export const escapeRegex = (literal: string): string => literal.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);

export const streamNames = (namespace?: string): StreamNames => {
  if (namespace !== undefined && !NAMESPACE.test(namespace)) {
    throw new TypeError(`namespace must be 1 to 64 letters, digits or underscores, not ${JSON.stringify(namespace)}`);
  }
  const prefix = namespace === undefined ? '' : `${namespace}.`;
  const claimPrefix = `${prefix}${CLAIM_CATEGORY}-`;
  return {
    toServer: (stream) => `${prefix}${stream}`,
    fromServer: (serverStream) => {
      if (!serverStream.startsWith(prefix) || isClaimCategory(categoryOf(serverStream))) return null;
      const stream = serverStream.slice(prefix.length);
      return stream.length === 0 || stream.startsWith('$') ? null : stream;
    },
    claimStream: (eventId) => `${claimPrefix}${eventId}`,
    streamRegex: (categories) =>
      categories === undefined
        ? `^${escapeRegex(prefix)}(?!\\$)(?!${CLAIMS_ANYWHERE})`
        : // A name without a dash is a category of its own, as categoryOf has it.
          `^${escapeRegex(prefix)}(?:${categories.map(escapeRegex).join('|')})(?:-|$)`,
  };
};

/** The category the store keeps for its id claims is not a port stream's to use. */
export const checkNotReserved = (stream: string): void => {
  if (typeof stream === 'string' && isClaimCategory(categoryOf(stream))) {
    throw new EventStoreError({ _tag: 'InvalidStreamName', stream, reason: `the category ${CLAIM_CATEGORY} is reserved for the store's event id claims` });
  }
};

/** EventStoreDB keeps event types starting with `$` for its own events (tombstones, metadata, links), which no read of the store hands out. */
export const checkEventTypes = (stream: string, types: readonly string[]): void => {
  const index = types.findIndex((type) => type.startsWith('$'));
  if (index >= 0) {
    throw new EventStoreError({ _tag: 'InvalidEvent', stream, index, type: types[index] as string, issues: ['event types starting with "$" are reserved for EventStoreDB\'s own events'] });
  }
};

/** The server-side filter for a read of the log: on event types when the port filter names some, else on stream names. */
export type ServerFilter = { readonly on: 'eventType' | 'streamName'; readonly regex: string };

export const serverFilter = (names: StreamNames, filter: EventFilter | undefined): ServerFilter | 'nothing' => {
  // Any empty list lets nothing through, which no regular expression needs to be asked about.
  if (filter?.eventTypes?.length === 0 || filter?.streamCategories?.length === 0) return 'nothing';
  // Types first: reading every event of a rare type from the start of the log must not cost the whole log.
  if (filter?.eventTypes) return { on: 'eventType', regex: `^(?:${[...new Set(filter.eventTypes)].map(escapeRegex).join('|')})$` };
  return { on: 'streamName', regex: names.streamRegex(filter?.streamCategories ? [...new Set(filter.streamCategories)] : undefined) };
};
