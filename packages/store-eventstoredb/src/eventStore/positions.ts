import type { Position } from '@eventstore/db-client';

/**
 * The port's global positions are numbers; EventStoreDB's are the byte offsets of events in its transaction log,
 * as bigints: increasing in commit order, not contiguous. This store hands out the commit position as is, so a
 * position read here names the same event in the server's own tools. A number holds every offset exactly up to
 * 2^53 - 1 bytes (8 PiB of log); past that an event's position cannot be told apart from its neighbours', so the
 * store refuses to hand one out rather than round it.
 */
export const toPortPosition = (commit: bigint): number => {
  if (commit < 0n || commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`EventStoreDB position ${commit} is beyond what a JavaScript number holds exactly (2^53 - 1)`);
  }
  return Number(commit);
};

/** The server position of an event this store handed out: the commit position, and for an event written alone in its transaction (every gRPC append) the prepare position is the same. */
export const toServerPosition = (position: number): Position => ({ commit: BigInt(position), prepare: BigInt(position) });
