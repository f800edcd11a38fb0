import type { EventStore } from '@shopstream/kernel';

export interface ChainSettling {
  readonly eventStore: EventStore;
  /** Resolves once every process, read model, hook and webhook reactor of the shop includes `position`. */
  readonly reach: (position: number, timeoutMs: number) => Promise<void>;
}

/**
 * Waits for what a set of events set off, and for nothing else: each round waits until every runtime has
 * passed the chain's last event, then looks for events of the same correlation appended after it (the
 * processes and the risk process record their reactions in the correlation of what they react to), and goes on
 * from the last of those until a round finds none. Unlike a settle of the whole shop, which waits for a moment
 * when nothing more is appended, this ends under a load of other customers' orders.
 */
export const settleChain = async (settling: ChainSettling, seeds: readonly { readonly position: number; readonly metadata: { readonly correlationId: string } }[], timeoutMs: number): Promise<void> => {
  if (seeds.length === 0) return;
  const correlations = new Set(seeds.map((event) => event.metadata.correlationId));
  let last = Math.max(...seeds.map((event) => event.position));
  for (;;) {
    await settling.reach(last, timeoutMs);
    const later = (await settling.eventStore.readAll({ after: last })).filter((event) => correlations.has(event.metadata.correlationId));
    if (later.length === 0) return;
    last = Math.max(...later.map((event) => event.position));
  }
};
