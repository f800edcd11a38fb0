import type { ReactedEvent } from '@shopstream/kernel';

export interface ChainSettling {
  /** Resolves once every reactor of the shop (processes, risk, hooks, webhooks) has finished its reactions to `events`. */
  readonly reactions: (events: readonly ReactedEvent[], timeoutMs: number) => Promise<void>;
  /** Resolves once every projection that handles one of `types` includes `position`. */
  readonly projections: (position: number, types: ReadonlySet<string>, timeoutMs: number) => Promise<void>;
}

interface Recorded extends ReactedEvent {
  readonly metadata: { readonly correlationId: string };
}

/**
 * Waits for what a set of events set off, and for nothing else. Only reactors append, so each round waits for the
 * reactions to the events found so far (a reaction records what it appends in the correlation of what it reacts
 * to), then takes the events of the same correlation appended since that it has not waited for, and ends when a
 * round finds none. It waits for those reactions themselves, not for a reactor's position to pass them: a
 * partitioned reactor's position stays behind the slowest reaction under way for any order, so waiting for it
 * made one purchase wait for others'. The read models are waited for once, at the end, up to the chain's last
 * event, and only those that handle a type of event in the chain. Unlike a settle of the whole shop, which waits
 * for a moment when nothing more is appended, this ends under a load of other customers' orders.
 *
 * `appended` answers what the shop has appended since before the seeds were (an `AppendRecording`): the shop's
 * reactors append through the shop's store, so their reactions are found there without reading the log.
 */
export const settleChain = async (settling: ChainSettling, seeds: readonly Recorded[], appended: () => readonly Recorded[], timeoutMs: number): Promise<void> => {
  if (seeds.length === 0) return;
  const correlations = new Set(seeds.map((event) => event.metadata.correlationId));
  const types = new Set(seeds.map((event) => event.type));
  const waited = new Set(seeds.map((event) => event.position));
  let last = Math.max(...waited);
  let round: readonly Recorded[] = seeds;
  while (round.length > 0) {
    await settling.reactions(round, timeoutMs);
    round = appended().filter((event) => !waited.has(event.position) && correlations.has(event.metadata.correlationId));
    for (const event of round) {
      waited.add(event.position);
      types.add(event.type);
      last = Math.max(last, event.position);
    }
  }
  await settling.projections(last, types, timeoutMs);
};
