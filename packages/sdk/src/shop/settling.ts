export interface ChainSettling {
  /** Resolves once every reactor of the shop (processes, risk, hooks, webhooks) includes `position`. */
  readonly reactors: (position: number, timeoutMs: number) => Promise<void>;
  /** Resolves once every projection that handles one of `types` includes `position`. */
  readonly projections: (position: number, types: ReadonlySet<string>, timeoutMs: number) => Promise<void>;
}

interface Recorded {
  readonly type: string;
  readonly position: number;
  readonly metadata: { readonly correlationId: string };
}

/**
 * Waits for what a set of events set off, and for nothing else. Only reactors append, so each round waits until
 * every reactor has passed the chain's last event (its reactions are then recorded, in the correlation of what
 * they react to), then looks for events of the same correlation after it, and goes on from the last of those
 * until a round finds none. The read models are waited for once, at the end, and only those that handle a type
 * of event in the chain. Unlike a settle of the whole shop, which waits for a moment when nothing more is
 * appended, this ends under a load of other customers' orders.
 *
 * `appended` answers what the shop has appended since before the seeds were (an `AppendRecording`): the shop's
 * reactors append through the shop's store, so their reactions are found there without reading the log, where
 * each round used to read every event any customer had appended after the chain's last.
 */
export const settleChain = async (settling: ChainSettling, seeds: readonly Recorded[], appended: () => readonly Recorded[], timeoutMs: number): Promise<void> => {
  if (seeds.length === 0) return;
  const correlations = new Set(seeds.map((event) => event.metadata.correlationId));
  const types = new Set(seeds.map((event) => event.type));
  let last = Math.max(...seeds.map((event) => event.position));
  for (;;) {
    await settling.reactors(last, timeoutMs);
    const later = appended().filter((event) => event.position > last && correlations.has(event.metadata.correlationId));
    if (later.length === 0) break;
    for (const event of later) types.add(event.type);
    last = Math.max(...later.map((event) => event.position));
  }
  await settling.projections(last, types, timeoutMs);
};
