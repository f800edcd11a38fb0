import { Lane } from './lane.js';
import type { LaneDependencies } from './lane.js';
import type { Projector } from './projector.js';

/**
 * Decides which projectors run together. Projectors at one position share a lane: on a fresh start that is all
 * of them. One that stands elsewhere (a rebuild, a new version, one restarted after a failure, one whose stored
 * checkpoint differs after a crash) runs in a lane of its own, so it never holds up the live ones, and joins
 * another lane once both are idle at the head at the same position. Every change of lanes runs after the one
 * before it, so a lane is only ever halted and replaced by one change at a time.
 */
export class Lanes {
  private readonly lanes = new Set<Lane>();
  private queue: Promise<void> = Promise.resolve();
  private running = false;

  constructor(private readonly deps: Omit<LaneDependencies, 'moved' | 'idle'>) {}

  /** Prepares every projector, then runs those that prepared in one lane per position. */
  start(projectors: readonly Projector[]): Promise<void> {
    return this.exclusive(async () => {
      this.running = true;
      const prepared = await Promise.all(projectors.map(async (projector) => ((await projector.prepare()) ? projector : null)));
      this.launchByPosition(prepared.filter((projector): projector is Projector => projector !== null));
    });
  }

  /** Lets each lane finish the batch in progress, then stops every projector. */
  stop(projectors: readonly Projector[]): Promise<void> {
    return this.exclusive(async () => {
      this.running = false;
      const lanes = [...this.lanes];
      this.lanes.clear();
      await Promise.all(lanes.map((lane) => lane.halt()));
      for (const projector of projectors) projector.stopped();
    });
  }

  /** Takes the projector out of its lane and starts a fresh build of it in a lane of its own. */
  rebuild(projector: Projector): Promise<void> {
    const swapped = projector.rebuildRequested();
    this.later(async () => {
      await this.detach(projector);
      await this.restart(projector);
    });
    return swapped;
  }

  /** Starts a failed projector again, from the event it stopped on. */
  retry(projector: Projector): Promise<void> {
    return this.exclusive(async () => {
      if (projector.state !== 'failed') return;
      await this.restart(projector);
    });
  }

  private exclusive(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** For changes asked from inside a lane, which cannot wait for them: the change halts lanes. */
  private later(work: () => Promise<void>): void {
    // The work handles its projectors' faults itself; whatever still escapes is a bug that must not crash the host.
    this.exclusive(work).catch(() => undefined);
  }

  private async restart(projector: Projector): Promise<void> {
    if (!this.running) return projector.stopped();
    if (await projector.prepare()) this.launch([projector]);
  }

  private async detach(projector: Projector): Promise<void> {
    const lane = [...this.lanes].find((candidate) => candidate.projectors.includes(projector));
    if (!lane) return;
    this.lanes.delete(lane);
    await lane.halt();
    lane.remove(projector);
    this.launchByPosition(lane.projectors);
  }

  /** Two lanes idle at the head at one position become one; positions that moved apart meanwhile stay apart. */
  private async merge(a: Lane, b: Lane): Promise<void> {
    if (!this.running || !this.lanes.has(a) || !this.lanes.has(b)) return;
    this.lanes.delete(a);
    this.lanes.delete(b);
    await Promise.all([a.halt(), b.halt()]);
    this.launchByPosition([...a.projectors, ...b.projectors]);
  }

  private launchByPosition(projectors: readonly Projector[]): void {
    const byPosition = new Map<number, Projector[]>();
    for (const projector of projectors) {
      const group = byPosition.get(projector.position);
      if (group) group.push(projector);
      else byPosition.set(projector.position, [projector]);
    }
    for (const group of byPosition.values()) this.launch(group);
  }

  private launch(projectors: readonly Projector[]): void {
    if (projectors.length === 0) return;
    for (const lane of this.lanes) if (lane.projectors.length === 0) this.lanes.delete(lane);
    const lane = new Lane(projectors, {
      ...this.deps,
      moved: (projector) => this.later(() => this.restart(projector)),
      idle: (idle) => {
        const other = [...this.lanes].find((candidate) => candidate !== idle && candidate.idlePosition === idle.idlePosition);
        if (other) this.later(() => this.merge(other, idle));
      },
    });
    this.lanes.add(lane);
    lane.start();
  }
}
