import { NO_STREAM, isCommandError, ErrorType } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreError } from '@shopstream/kernel';
import { readServerStream } from './serverReads.js';
import type { StreamNames } from './streamNames.js';

export const CLAIM_EVENT_TYPE = 'ShopStreamEventIdClaimed';

/**
 * The server has no index of event ids, so a store cannot ask it whether an id is already stored, and in which
 * stream. Each id is therefore claimed before its event is written: a stream per id, created with `no_stream`,
 * whose one event names the port stream the id belongs to. Of two appends claiming one id, the server lets
 * exactly one create the claim. A claim is written before its event, so a crash in between leaves a claim
 * whose event is missing; such a claim still binds the id to its stream (a retry there succeeds, another stream
 * is refused), which is what a retry after a crash needs.
 */
export interface IdClaims {
  /** The port stream the id is claimed for, or null when nobody has claimed it. */
  readonly owner: (eventId: string) => Promise<string | null>;
  /** Claims the id for `stream`; refuses with DuplicateEventId when another stream holds it. */
  readonly claim: (eventId: string, stream: string) => Promise<void>;
}

const ownerIn = (data: unknown): string | null =>
  typeof data === 'object' && data !== null && typeof (data as { stream?: unknown }).stream === 'string' ? (data as { stream: string }).stream : null;

export const idClaims = (client: EventStoreDBClient, names: StreamNames): IdClaims => {
  const owner = async (eventId: string): Promise<string | null> => {
    const [claim] = await readServerStream(client, names.claimStream(eventId), { direction: 'forwards', fromRevision: 0n, maxCount: 1 });
    return claim ? ownerIn(claim.data) : null;
  };
  return {
    owner,
    claim: async (eventId, stream) => {
      try {
        await client.appendToStream(
          names.claimStream(eventId),
          { id: crypto.randomUUID(), contentType: 'application/json', type: CLAIM_EVENT_TYPE, data: { stream }, metadata: undefined },
          { expectedRevision: NO_STREAM },
        );
      } catch (error) {
        if (!(error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION)) throw error;
        const holder = await owner(eventId);
        if (holder !== stream) throw new EventStoreError({ _tag: 'DuplicateEventId', stream, eventId, existingStream: holder ?? 'unknown' });
      }
    },
  };
};
