import { defineReactor, reactorRuntime } from '@shopstream/kernel';
import type { Clock, EventStore, ReactorRuntime, ReadStore, RecordedEvent } from '@shopstream/kernel';
import { commerceEvents } from '@shopstream/commerce';
import type { ShopHook } from '../facade/shop.js';

export const HOOKS_REACTOR = 'shop-hooks';

/**
 * Integrators' hooks as one checkpointed reactor over every event type: a hook sees each event after commit,
 * at least once. A hook that throws is retried; the checkpoint only moves past an event once every hook for it
 * returned, so a restart after `stop()` neither loses an event nor delivers one again that all hooks had
 * finished (after a crash, those whose checkpoint write had not landed are delivered again).
 */
export interface ShopHooks {
  on(eventType: string, hook: ShopHook): () => void;
  readonly runtime: ReactorRuntime;
  /** Whether any hook is registered: the reactor only runs for a shop that has hooks. */
  any(): boolean;
}

export const shopHooks = (options: { readonly eventStore: EventStore; readonly readStore: ReadStore; readonly clock: Clock; readonly maxAttempts: number }): ShopHooks => {
  const hooks = new Map<string, Set<ShopHook>>();
  const deliver = async (event: RecordedEvent) => {
    const forType = [...(hooks.get(event.type) ?? []), ...(hooks.get('*') ?? [])];
    for (const hook of forType) await hook(event);
  };
  const handlers: Record<string, (event: RecordedEvent) => Promise<void>> = {};
  for (const definition of commerceEvents) handlers[definition.type] = deliver;
  const reactor = defineReactor({ name: HOOKS_REACTOR, handlers });
  const runtime = reactorRuntime({ ...options, reactors: [reactor], retry: { maxAttempts: options.maxAttempts } });
  return {
    runtime,
    any: () => [...hooks.values()].some((set) => set.size > 0),
    on: (eventType, hook) => {
      const set = hooks.get(eventType) ?? new Set<ShopHook>();
      set.add(hook);
      hooks.set(eventType, set);
      return () => {
        set.delete(hook);
      };
    },
  };
};
