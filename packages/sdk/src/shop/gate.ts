import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { isProjectionError } from '@shopstream/kernel';
import type { EventStore, HandleOptions, ProjectionRuntime } from '@shopstream/kernel';
import type { CallOptions } from '../facade/call.js';
import type { ShopError } from '../facade/errors.js';
import type { ShopStatus } from '../facade/shop.js';

/** How every facade command runs: admitted only while the shop runs, counted until done, then read-your-writes. */
export interface CommandGate {
  run<T>(options: CallOptions | undefined, work: (handle: HandleOptions) => Promise<Either<ShopError, T>>): Promise<Either<ShopError, T>>;
  /** Resolves once no command is under way. */
  drained(): Promise<void>;
}

export interface GateConfig {
  readonly status: () => ShopStatus;
  readonly eventStore: EventStore;
  readonly projections: ProjectionRuntime;
  readonly readYourWrites: boolean;
  readonly timeoutMs: number;
}

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

  /**
   * Waits for the read models to include the head as it stands after the command: that covers the command's own
   * events whoever's service appended them. A timeout still answers the command's success (it is committed);
   * a projection that failed is a fault worth throwing.
   */
  const catchUp = async () => {
    const head = await config.eventStore.headPosition();
    try {
      await config.projections.waitFor(head, { timeoutMs: config.timeoutMs });
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
      try {
        const result = await work(handleOptions(options));
        if (E.isRight(result) && (options?.readYourWrites ?? config.readYourWrites)) await catchUp();
        return result;
      } finally {
        settleOne();
      }
    },
    drained: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),
  };
};
