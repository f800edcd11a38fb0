import type { Shop, ShopHealth, ShopStatus } from '../facade/shop.js';
import { shopFacade } from '../facade/shopFacade.js';
import type { ShopConfig } from './config.js';
import { shopContext } from './context.js';
import { shopHooks } from './hooks.js';
import { shopSandbox } from './sandbox.js';

/**
 * Wires a shop: stores (the embedded SQLite default, memory, or your own), the domain's services, the read models,
 * the processes, the providers and the hooks. Nothing runs until `start()`.
 */
export const createShop = async (config: ShopConfig = {}): Promise<Shop> => {
  let status: ShopStatus = 'created';
  const context = shopContext(config, () => status);
  const { storage, projections, processes, gate, onError } = context;
  const hooks = shopHooks({ eventStore: storage.eventStore, readStore: storage.readStore, clock: context.clock, maxAttempts: config.hookMaxAttempts ?? 5 });
  let hooksRunning = false;
  let starting: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;

  const startHooks = async () => {
    if (hooksRunning || !hooks.any()) return;
    hooksRunning = true;
    await hooks.runtime.start();
  };

  const start = (): Promise<void> => {
    starting ??= (async () => {
      if (stopping) throw new Error('a stopped shop cannot be started again: create a new one');
      status = 'starting';
      await projections.start();
      await processes.start();
      await startHooks();
      status = 'running';
      // Notifications a sandbox provider queued before the start.
      void context.deliverPaymentNotifications().catch((error: unknown) => onError(error, 'sandbox payment notification'));
    })();
    return starting;
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const wasStarted = starting !== null;
      if (starting) await starting.catch(() => undefined);
      status = 'stopping';
      // New commands are refused from here; those under way finish, and so do the webhooks they set off.
      await gate.drained();
      await context.deliverPaymentNotifications().catch((error: unknown) => onError(error, 'sandbox payment notification'));
      if (wasStarted) {
        await processes.stop();
        if (hooksRunning) await hooks.runtime.stop();
        await projections.stop();
      }
      await storage.close();
      status = 'stopped';
    })();
    return stopping;
  };

  const settle = async (options: { readonly timeoutMs?: number } = {}) => {
    const timeoutMs = options.timeoutMs ?? 5_000;
    for (;;) {
      await context.deliverPaymentNotifications();
      await processes.settle({ timeoutMs });
      const head = await storage.eventStore.headPosition();
      await projections.waitFor(head, { timeoutMs });
      if (hooksRunning) await hooks.runtime.waitFor(head, { timeoutMs });
      if ((context.sandboxProviders?.queue.size() ?? 0) === 0 && (await storage.eventStore.headPosition()) === head) return;
    }
  };

  const health = async (): Promise<ShopHealth> => {
    const head = status === 'stopped' ? -1 : await storage.eventStore.headPosition();
    const projectionStatus = status === 'stopped' ? [] : await projections.status();
    const reactors = [...processes.runtime.status(), ...(hooksRunning ? hooks.runtime.status() : [])];
    const failing = projectionStatus.some((p) => p.state === 'failed') || reactors.some((r) => r.state === 'failed');
    return {
      status: status === 'running' ? (failing ? 'degraded' : 'ok') : status === 'stopped' ? 'stopped' : 'degraded',
      shop: status,
      head,
      projections: projectionStatus,
      reactors,
    };
  };

  return {
    ...shopFacade(context),
    sandbox: context.settings.sandbox ? shopSandbox(context, settle) : undefined,
    start,
    stop,
    get status() {
      return status;
    },
    on: (eventType, hook) => {
      const off = hooks.on(eventType, hook);
      if (status === 'running') void startHooks().catch((error: unknown) => onError(error, 'hooks'));
      return off;
    },
    settle,
    health,
    clock: context.clock,
    ids: context.ids,
    eventStore: storage.eventStore,
    readStore: storage.readStore,
    projections,
    processes,
  };
};
