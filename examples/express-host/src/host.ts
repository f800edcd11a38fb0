import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import express from 'express';
import * as E from 'fp-ts/lib/Either.js';
import { normaliseEmail } from '@shopstream/commerce/identity';
import { createShopApp, defaultReadinessPolicy, readinessOf } from '@shopstream/express';
import { createShop } from '@shopstream/sdk';
import type { PersistentKeyStore, Shop, ShopConfig, ShopStateStore } from '@shopstream/sdk';
import { seedCatalog } from '@shopstream/simulator/catalog';
import { ensureAdmin } from './admin.js';
import type { AdminAccount } from './admin.js';
import { publicUrl, urlOf } from './config.js';
import type { HostConfig } from './config.js';
import { errorFields, hostLogger } from './logging.js';
import type { HostLogger } from './logging.js';
import { hostNotifier } from './notifications.js';
import { drainServer, openResponses, within } from './shutdown.js';
import { hostKeyStore, hostMasterKey, hostSecrets, hostState, hostStorage, storageChoice } from './storage.js';

export interface HostOptions {
  /**
   * Settings of the shop the environment does not reach: tests pass a cheap password hasher here. A host run by
   * `npm start` passes nothing, so nothing here can weaken a deployment.
   */
  readonly shop?: Partial<ShopConfig>;
  readonly logger?: HostLogger;
  /** Where the generated admin credentials are shown, once. Default: stdout. */
  readonly announce?: (lines: readonly string[]) => void;
}

export interface Host {
  /** `http://localhost:<port>` (or the bound host when it is not a wildcard). */
  readonly url: string;
  readonly shop: Shop;
  readonly admin: AdminAccount;
  /** How many demo products this start created: 0 when they were there already. */
  readonly seeded: number;
  /**
   * Graceful shutdown: readiness fails at once, event streams end, requests under way are answered, then the shop
   * stops (commands finish, projector batches and processes finish what they hold, stores close). Bounded by
   * SHOPSTREAM_SHUTDOWN_TIMEOUT_MS; answers whether everything finished in time. Calling it again waits for the first.
   */
  close(): Promise<boolean>;
}

type Phase = 'starting' | 'ready' | 'stopping';

const printLines = (lines: readonly string[]) => {
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
};

const listen = (server: ReturnType<typeof createServer>, port: number, host: string) =>
  new Promise<AddressInfo>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen(server.address() as AddressInfo);
    });
  });

/**
 * Starts the reference shop: the SDK on the embedded default under SHOPSTREAM_DATA_DIR, the REST API on
 * Express, `/ready` for load balancers, the demo catalog seeded when absent and the admin account made.
 * The server listens before seeding, answering `/ready` with 503 until the shop can serve.
 */
export const startHost = async (config: HostConfig, options: HostOptions = {}): Promise<Host> => {
  const logger = options.logger ?? hostLogger(config.SHOPSTREAM_LOG_LEVEL);
  const dataDir = resolve(config.SHOPSTREAM_DATA_DIR);
  await mkdir(dataDir, { recursive: true });

  const adminEmail = normaliseEmail(config.SHOPSTREAM_ADMIN_EMAIL);
  // Without the sandbox there is no outbox; the host's notifier keeps the codes it needs for its admin.
  const notifier = config.SHOPSTREAM_SANDBOX ? null : hostNotifier(logger);
  if (notifier && E.isRight(adminEmail)) notifier.watch(adminEmail.right.value);

  // Read before anything opens, so that a malformed or missing secret fails the start at once.
  const masterKey = hostMasterKey();
  const secrets = hostSecrets(config);
  const storage = await hostStorage(config, dataDir);
  let state: ShopStateStore | undefined;
  let keyStore: PersistentKeyStore | undefined;
  /** Closes what the host opened beside the shop (shared state, shared keys), after the shop has stopped. */
  const closeShared = async () => {
    await state?.close();
    await keyStore?.close();
  };
  try {
    state = await hostState(config);
    keyStore = await hostKeyStore(config);
  } catch (error) {
    if (storage?.kind === 'custom') await storage.close?.().catch(() => undefined);
    await closeShared().catch(() => undefined);
    throw error;
  }
  // The sandbox providers' pages are this host's own (`createShopApp` serves them): next actions point here.
  const pagesAt = publicUrl(config);
  let shop: Shop;
  try {
    shop = await createShop({
      dataDir,
      ...(storage ? { storage } : {}),
      ...(state ? { state } : {}),
      ...(keyStore ? { keyStore } : masterKey ? { masterKey } : {}),
      ...(secrets ? { secrets } : {}),
      sandbox: config.SHOPSTREAM_SANDBOX,
      ...(pagesAt === null ? {} : { sandboxPages: { baseUrl: pagesAt } }),
      ...(notifier ? { notifier } : {}),
      onError: (error, where) => logger.error('background work failed', { where, ...errorFields(error) }),
      ...options.shop,
    });
  } catch (error) {
    if (storage?.kind === 'custom') await storage.close?.().catch(() => undefined);
    await closeShared().catch(() => undefined);
    throw error;
  }
  try {
    await shop.start();
  } catch (error) {
    // Whatever started closes again, so that a failed start leaves no store open.
    await shop.stop().catch(() => undefined);
    await closeShared().catch(() => undefined);
    throw error;
  }

  let phase: Phase = 'starting';
  const responses = openResponses();
  const app = express();
  app.disable('x-powered-by');
  if (config.SHOPSTREAM_TRUST_PROXY > 0) app.set('trust proxy', config.SHOPSTREAM_TRUST_PROXY);
  app.use(responses.track);
  // Readiness for a load balancer, in one answer: the host's phases (seeded, admin made, not draining), then the
  // shop's own (`/health/ready`: no failed read model or process, none lagging past read-your-writes' wait).
  app.get('/ready', (_req, res, next) => {
    const answer = (status: string) => res.status(status === 'ready' ? 200 : 503).json({ status, shop: shop.status });
    if (phase !== 'ready') {
      answer(phase);
      return;
    }
    shop
      .health()
      .then((health) => answer(readinessOf(health, defaultReadinessPolicy)))
      .catch(next);
  });
  app.use(
    createShopApp(shop, {
      cors: { allowedOrigins: config.SHOPSTREAM_CORS_ORIGINS },
      logger,
      ...(config.SHOPSTREAM_TRUST_PROXY > 0 ? { trustProxy: config.SHOPSTREAM_TRUST_PROXY } : {}),
    }),
  );
  const server = createServer(app);

  let closing: Promise<boolean> | null = null;
  const close = (): Promise<boolean> =>
    (closing ??= (async () => {
      phase = 'stopping';
      const deadline = Date.now() + config.SHOPSTREAM_SHUTDOWN_TIMEOUT_MS;
      logger.info('shutting down', { inFlight: responses.size() });
      const streams = responses.endStreams();
      // Most of the budget for the requests under way; the rest for the shop to stop behind them.
      const drained = await drainServer(server, Math.floor(config.SHOPSTREAM_SHUTDOWN_TIMEOUT_MS * 0.7));
      const stopped = await within(
        shop.stop().then(closeShared),
        deadline - Date.now(),
      );
      if (!drained) logger.warn('requests still under way were cut off at the shutdown deadline');
      if (!stopped) logger.warn('the shop did not stop within the shutdown deadline');
      logger.info('stopped', { streamsEnded: streams, clean: drained && stopped });
      return drained && stopped;
    })());

  try {
    const address = await listen(server, config.PORT, config.HOST);
    const url = urlOf(config.HOST, address.port);
    logger.info(`ShopStream listening on ${url}`, { port: address.port, dataDir, storage: storageChoice(config), sandbox: config.SHOPSTREAM_SANDBOX });
    const seeded = config.SHOPSTREAM_DEMO_CATALOG ? (await seedCatalog(shop)).created : 0;
    if (seeded > 0) logger.info('demo catalog seeded', { products: seeded });
    const admin = await ensureAdmin({
      shop,
      dataDir,
      email: config.SHOPSTREAM_ADMIN_EMAIL,
      password: config.SHOPSTREAM_ADMIN_PASSWORD,
      codeSentTo: (contact) => (shop.sandbox ? shop.sandbox.outbox.codeSentTo(contact) : (notifier?.codeSentTo(contact) ?? null)),
      announce: options.announce ?? printLines,
    });
    phase = 'ready';
    logger.info('ready', { url, admin: admin.email, adminCreated: admin.created });
    return { url, shop, admin, seeded, close };
  } catch (error) {
    await close();
    throw error;
  }
};
