import type { ReactedEvent } from '@shopstream/kernel';
import type { Shop, ShopHealth, ShopStatus } from '../facade/shop.js';
import { shopFacade } from '../facade/shopFacade.js';
import type { ShopConfig } from './config.js';
import { shopContext } from './context.js';
import { HOOKS_REACTOR, shopHooks } from './hooks.js';
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
  /** Set as the stop begins closing the stores: from then on `health` reads nothing from them. */
  let storesClosing = false;

  const startHooks = async () => {
    if (hooksRunning || !hooks.any()) return;
    hooksRunning = true;
    await hooks.runtime.start();
    // A hook that gave up before the restart gets its event again: restarting is how an integrator says "fixed".
    if (hooks.runtime.status().some((r) => r.state === 'failed')) await hooks.runtime.retry(HOOKS_REACTOR);
  };

  const start = (): Promise<void> => {
    if (stopping) return Promise.reject(new Error('a stopped shop cannot be started again: create a new one'));
    starting ??= (async () => {
      status = 'starting';
      await context.reapplyErasures();
      await projections.start();
      await processes.start();
      await startHooks();
      if (context.webhooks) {
        await context.webhooks.runtime.start();
        context.webhooks.outbox.start(context.webhooks.intervalMs === undefined ? {} : { intervalMs: context.webhooks.intervalMs });
      }
      // A stop asked for meanwhile has the last word.
      if (status === 'starting') status = 'running';
      // Notifications a sandbox provider queued before the start.
      void context.deliverPaymentNotifications().catch((error: unknown) => onError(error, 'sandbox payment notification'));
    })();
    return starting;
  };

  const stop = (): Promise<void> => {
    if (stopping) return stopping;
    const wasStarted = starting !== null;
    // From now on new commands are refused.
    status = 'stopping';
    stopping = (async () => {
      if (starting) await starting.catch(() => undefined);
      // New commands are refused from here; those under way finish, and so do the webhooks they set off.
      await gate.drained();
      await context.deliverPaymentNotifications().catch((error: unknown) => onError(error, 'sandbox payment notification'));
      await context.runStopHooks();
      if (wasStarted) {
        await processes.stop();
        if (hooksRunning) await hooks.runtime.stop();
        if (context.webhooks) {
          await context.webhooks.runtime.stop();
          await context.webhooks.outbox.stop();
        }
        await projections.stop();
      }
      storesClosing = true;
      await storage.close();
      await context.closeOwned();
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
      if (context.webhooks) await context.webhooks.runtime.waitFor(head, { timeoutMs });
      if ((context.sandboxProviders?.queue.size() ?? 0) === 0 && (await storage.eventStore.headPosition()) === head) return;
    }
  };

  /** Every reactor of the shop (what appends in reaction to events) has reacted to `events`. */
  const reactions = async (events: readonly ReactedEvent[], timeoutMs: number) => {
    await processes.runtime.waitForReactions(events, { timeoutMs });
    if (hooksRunning) await hooks.runtime.waitForReactions(events, { timeoutMs });
    if (context.webhooks) await context.webhooks.runtime.waitForReactions(events, { timeoutMs });
  };
  const readModels = async (position: number, types: ReadonlySet<string>, timeoutMs: number) => {
    const names = context.projectionsHandling(types);
    if (names.length > 0) await projections.waitFor(position, { timeoutMs, projections: names });
  };

  /**
   * A probe asks for health at any time, during a stop too: once the stores close (or while they do, under a read
   * begun before) there is no position or projection to report, and the shop's own state is the answer.
   */
  const health = async (): Promise<ShopHealth> => {
    const reactors = () => [...processes.runtime.status(), ...(hooksRunning ? hooks.runtime.status() : []), ...(context.webhooks?.runtime.status() ?? [])];
    const readable = () => status !== 'stopped' && !storesClosing;
    if (readable()) {
      try {
        const head = await storage.eventStore.headPosition();
        const projectionStatus = await projections.status();
        const running = reactors();
        const failing = projectionStatus.some((p) => p.state === 'failed') || running.some((r) => r.state === 'failed');
        return { status: status === 'running' ? (failing ? 'degraded' : 'ok') : 'degraded', shop: status, head, projections: projectionStatus, reactors: running };
      } catch (error) {
        if (readable()) throw error;
      }
    }
    return { status: status === 'stopped' ? 'stopped' : 'degraded', shop: status, head: -1, projections: [], reactors: reactors() };
  };

  return {
    ...shopFacade(context),
    sandbox: context.settings.sandbox ? shopSandbox(context, settle, { reactions, projections: readModels }) : undefined,
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
    state: context.state,
    webhooks: context.webhooks?.outbox,
    clock: context.clock,
    ids: context.ids,
    eventStore: storage.eventStore,
    readStore: storage.readStore,
    projections,
    processes,
  };
};
