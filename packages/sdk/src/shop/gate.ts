import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { isKeyStoreError } from '@shopstream/commerce/privacy';
import { isProjectionError } from '@shopstream/kernel';
import type { HandleOptions, ProjectionRuntime } from '@shopstream/kernel';
import type { CallOptions } from '../facade/call.js';
import type { ShopError } from '../facade/errors.js';
import type { ShopStatus } from '../facade/shop.js';
import type { AppendWatch, AppendWindow } from './appendWatch.js';

/** How every facade command runs: admitted only while the shop runs, counted until done, then read-your-writes. */
export interface CommandGate {
  run<T>(options: CallOptions | undefined, work: (handle: HandleOptions) => Promise<Either<ShopError, T>>): Promise<Either<ShopError, T>>;
  /** Resolves once no command is under way. */
  drained(): Promise<void>;
}

/** A projection as the gate sees it: its name in the runtime and the event types it handles. */
export interface ProjectionTypes {
  readonly name: string;
  readonly eventTypes: readonly string[];
}

export interface GateConfig {
  readonly status: () => ShopStatus;
  /** The shop's event store, its appends watched: what a command recorded, and where. */
  readonly appends: AppendWatch;
  readonly projections: ProjectionRuntime;
  /** The projections `projections` runs, with their event types. */
  readonly projectionTypes: readonly ProjectionTypes[];
  readonly readYourWrites: boolean;
  readonly timeoutMs: number;
  /** When the account of a user whose personal data was erased was closed; null for an account still open. */
  readonly closedAt: (userId: string) => Promise<string | null>;
}

/** The names of the projections that handle any of the given event types. */
export const projectionsHandling = (projections: readonly ProjectionTypes[]): ((types: ReadonlySet<string>) => string[]) => {
  const byType = new Map<string, string[]>();
  for (const { name, eventTypes } of projections) for (const type of eventTypes) byType.set(type, [...(byType.get(type) ?? []), name]);
  return (types) => {
    const names = new Set<string>();
    for (const type of types) for (const name of byType.get(type) ?? []) names.add(name);
    return [...names];
  };
};

export const handleOptions = (options: CallOptions | undefined): HandleOptions => ({
  ...(options?.metadata === undefined ? {} : { metadata: options.metadata }),
  ...(options?.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }),
});

export const commandGate = (config: GateConfig): CommandGate => {
  let inFlight = 0;
  let idle: (() => void)[] = [];

  const settleOne = () => {
    inFlight -= 1;
    if (inFlight === 0) {
      const waiting = idle;
      idle = [];
      for (const resolve of waiting) resolve();
    }
  };

  const affected = projectionsHandling(config.projectionTypes);

  /**
   * Read-your-writes: waits until every projection that handles a type of event the command may have recorded
   * includes the last event recorded while it ran. The window holds the command's own appends and any made
   * beside it, so this covers its own events whoever's service appended them; a projection that handles none of
   * those types cannot show them, and the client's earlier commands already waited for theirs. A timeout still
   * answers the command's success (it is committed); a projection that failed is a fault worth throwing.
   */
  const catchUp = async (window: AppendWindow) => {
    const projections = affected(window.types);
    if (window.position === null || projections.length === 0) return;
    try {
      await config.projections.waitFor(window.position, { timeoutMs: config.timeoutMs, projections });
    } catch (error) {
      if (isProjectionError(error) && error.detail._tag === 'WaitTimeout') return;
      throw error;
    }
  };

  return {
    run: async (options, work) => {
      const status = config.status();
      if (status !== 'running') {
        return E.left({ _tag: 'ShopUnavailable', reason: status === 'created' || status === 'starting' ? 'not_started' : status === 'stopping' ? 'stopping' : 'stopped' });
      }
      inFlight += 1;
      const window = config.appends.open();
      try {
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await work(handleOptions(options));
        } catch (error) {
          // Whatever a command seals for a person (an address, a profile, a review's words) the key store refuses
          // once that person is erased, and erasure follows closing the account: the refusal is the closed account.
          const closedAt = isKeyStoreError(error) ? await config.closedAt(error.detail.subject) : null;
          if (closedAt === null) throw error;
          result = E.left({ _tag: 'AccountIsClosed', closedAt });
        } finally {
          window.close();
        }
        if (E.isRight(result) && (options?.readYourWrites ?? config.readYourWrites)) await catchUp(window);
        return result;
      } finally {
        settleOne();
      }
    },
    drained: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),
  };
};
