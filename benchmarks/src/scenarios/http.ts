/**
 * The reference REST API (`createShopApp` from @shopstream/express) under load, in process on a free port,
 * against a bare Express endpoint answering a payload of the same size, in the same run:
 *
 * - search: autocannon on `GET /products?q=<Chinese>` over the demo catalog, requests/s, p50 and p99;
 * - checkout: virtual users each running the whole purchase in a loop (add to cart, checkout, start payment,
 *   sandbox complete), orders/s end to end and p50/p99 per request; the baseline runs the same loop of four
 *   requests against bare endpoints answering as many bytes as the real ones did.
 *
 * The shop is the embedded default (SQLite files in a temporary folder, read-your-writes on) unless
 * SHOPSTREAM_BENCH_HTTP_STORAGE=memory. The checkout's virtual users run in a forked process of their own, so the
 * server's CPU per order is measured apart from the client's; autocannon (search) still shares the server's process.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import express from 'express';
import { identity } from '@shopstream/commerce';
import { createShopApp, silentLogger } from '@shopstream/express';
import { createShop } from '@shopstream/sdk';
import type { Shop } from '@shopstream/sdk';
import { seedCatalog } from '@shopstream/simulator/catalog';
import type { ScenarioResult } from '../scenario.js';
import { httpClient } from '../support/client.js';
import { forkLoadGenerator } from '../support/loadGenerator.js';
import type { LoadGenerator, LoadRequest } from '../support/loadGenerator.js';
import { STEPS } from '../support/purchaseLoop.js';
import type { Buyer, LoopResult } from '../support/purchaseLoop.js';
import { profiled } from '../support/profile.js';
import { countingSql } from '../support/sqlCounts.js';
import { listen } from '../support/server.js';

export const name = 'http';

const SECONDS = Number(process.env.SHOPSTREAM_BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.SHOPSTREAM_BENCH_HTTP_CONNECTIONS ?? 16);
const VIRTUAL_USERS = Number(process.env.SHOPSTREAM_BENCH_HTTP_USERS ?? 16);
/**
 * Distinct people behind the virtual users' orders (each user takes its share in turn): enough that at 200 orders/s
 * an account orders about four times in the run, as the risk policy expects of an ordinary buyer. Sixteen accounts
 * each ordering dozens of times in seconds, all to one address, is what the policy holds as fraud, and did.
 */
const BUYERS = Math.max(VIRTUAL_USERS, Number(process.env.SHOPSTREAM_BENCH_HTTP_BUYERS ?? 512));
const STORAGE = process.env.SHOPSTREAM_BENCH_HTTP_STORAGE === 'memory' ? 'memory' : 'sqlite';
/** `off` answers each command without waiting for the read models: shows what read-your-writes costs. */
const READ_YOUR_WRITES = process.env.SHOPSTREAM_BENCH_HTTP_READ_YOUR_WRITES !== 'off';
/** `off` skips both search runs (the shop's and the bare one's): a checkout-only run, for profiling. */
const SEARCH = process.env.SHOPSTREAM_BENCH_HTTP_SEARCH !== 'off';
/** A file to write the server's CPU profile of the measured checkout phase to (`summariseProfile.ts` reads it). */
const PROFILE = process.env.SHOPSTREAM_BENCH_HTTP_PROFILE;
/** Counts the SQL statements the measured checkout runs, per order, into the result (`sqlPerOrder`). */
const COUNT_SQL = process.env.SHOPSTREAM_BENCH_HTTP_COUNT_SQL === 'on';
/** 耳机 (earphones): a shopper's one-word query, matching a category's worth of the demo catalog. */
const QUERY = `/products?text=${encodeURIComponent('耳机')}&limit=20`;
const TARGET_ORDERS_PER_SECOND = 200;
const TARGET_P99_MS = 50;
const PASSWORD = 'benchmark password, not a secret';
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Generous limits: every virtual user signs up and in from 127.0.0.1 within a second. */
const window = { limit: 1_000_000, windowMs: 60_000 };
const limits = {
  login: { perIp: window, perAccount: window, lockout: { threshold: 1_000, baseLockMs: 1, maxLockMs: 1 } },
  registration: { perIp: window, perAccount: window, lockout: { threshold: 1_000, baseLockMs: 1, maxLockMs: 1 } },
  verification: { perIp: window, perAccount: window, lockout: { threshold: 1_000, baseLockMs: 1, maxLockMs: 1 } },
};

type Call = ReturnType<typeof httpClient>['call'];

/** Real districts across the country: the risk signals compare addresses by district. */
const DISTRICTS = [
  ['浙江省', '杭州市', '西湖区'], ['浙江省', '杭州市', '滨江区'], ['浙江省', '宁波市', '鄞州区'], ['浙江省', '温州市', '鹿城区'],
  ['上海市', '上海市', '浦东新区'], ['上海市', '上海市', '徐汇区'], ['上海市', '上海市', '闵行区'], ['北京市', '北京市', '朝阳区'],
  ['北京市', '北京市', '海淀区'], ['北京市', '北京市', '丰台区'], ['广东省', '广州市', '天河区'], ['广东省', '深圳市', '南山区'],
  ['广东省', '深圳市', '福田区'], ['广东省', '东莞市', '南城街道'], ['江苏省', '南京市', '鼓楼区'], ['江苏省', '苏州市', '姑苏区'],
  ['四川省', '成都市', '武侯区'], ['湖北省', '武汉市', '洪山区'], ['陕西省', '西安市', '雁塔区'], ['福建省', '厦门市', '思明区'],
  ['山东省', '青岛市', '市南区'], ['湖南省', '长沙市', '岳麓区'], ['重庆市', '重庆市', '渝北区'], ['天津市', '天津市', '南开区'],
] as const;
const ROADS = ['文三路', '人民路', '中山北路', '解放大道', '建国门外大街', '长江路', '科技园南区十二路', '学院路'] as const;
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙'] as const;
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英'] as const;

/** Buyer `n`'s own address: a district, a street and numbers of their own (varied lengths, as real ones are). */
const addressOf = (n: number) => {
  const [province, city, district] = DISTRICTS[n % DISTRICTS.length] as (typeof DISTRICTS)[number];
  const road = ROADS[Math.floor(n / DISTRICTS.length) % ROADS.length] as string;
  const house = 1 + ((n * 37) % 1_200);
  const room = `${1 + (n % 30)}${String(1 + ((n * 7) % 4)).padStart(2, '0')}`;
  return {
    recipientName: `${SURNAMES[n % SURNAMES.length] as string}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length] as string}`,
    phone: `1${String(3_800_000_000 + n * 7_919).padStart(10, '0')}`,
    region: { country: 'CN', province, city, district },
    lines: n % 3 === 0 ? `${road} ${house} 号` : `${road} ${house} 号 ${1 + (n % 12)} 幢 ${room} 室`,
    postalCode: null,
    makeDefault: true,
  };
};

const signUp = async (shop: Shop, call: Call, n: number): Promise<Buyer> => {
  const contact = `buyer-${n}@bench.example`;
  const registered = await call('POST', '/auth/register', null, { contact, password: PASSWORD });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${registered.text}`);
  const { userId } = JSON.parse(registered.text) as { userId: string };
  const code = shop.sandbox?.outbox.codeSentTo(contact) ?? '';
  const verified = await call('POST', '/auth/verify', null, { userId, code });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${verified.text}`);
  const login = await call('POST', '/auth/login', null, { contact, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  const address = await shop.accounts.addAddress(userId, addressOf(n));
  if (address._tag === 'Left') throw new Error(`address: ${address.left._tag}`);
  return { token: (JSON.parse(login.text) as { token: string }).token, addressId: address.right.addressId };
};

const bareApp = (payloads: Readonly<Record<string, string>>) => {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json());
  app.get('/bare/search', (_req, res) => {
    res.type('application/json').send(payloads['search']);
  });
  app.post('/bare/:step', (req, res) => {
    res.type('application/json').send(payloads[String(req.params.step)] ?? '{}');
  });
  return app;
};

/** A JSON text of exactly `bytes` bytes (at least the few an empty filler needs). */
const payloadOf = (bytes: number) => {
  const skeleton = JSON.stringify({ filler: '' });
  return JSON.stringify({ filler: 'x'.repeat(Math.max(0, bytes - Buffer.byteLength(skeleton))) });
};

const cannon = async (url: string) => {
  if (!SEARCH) return { requestsPerSecond: 0, p50: 0, p99: 0, non2xx: 0, errors: 0, bytesPerResponse: 0, skipped: true };
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    bytesPerResponse: result.requests.total === 0 ? 0 : Math.round(result.throughput.total / result.requests.total),
    skipped: false,
  };
};

/** A checkout phase run by the forked load generator, with this (the server's) process CPU over the same span. */
interface Measured extends LoopResult {
  /** CPU (user + system) of the server process (shop, Express, read models, processes) per completed loop. */
  readonly serverCpuMsPerOrder: number;
  /**
   * How late the server's event loop ran a 1 ms timer, in ms: how long one piece of work held the only thread
   * every request needs (a lane's commit, a collection, a request's own synchronous work).
   */
  readonly serverLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /**
   * Bytes the server process handed to `write` per completed loop (`wchar` of `/proc/self/io`: SQLite's WAL
   * frames, whole 4 KiB pages, and the responses), or null without `/proc`. Unlike CPU time it does not move with
   * the machine's load: it says how many pages a change makes a checkout dirty.
   */
  readonly serverWriteKiBPerOrder: number | null;
}

/** Bytes this process has passed to write(2) and friends so far, or undefined without `/proc`. */
const bytesWritten = (): number | undefined => {
  try {
    const line = readFileSync('/proc/self/io', 'utf8').split('\n').find((l) => l.startsWith('wchar:'));
    return line === undefined ? undefined : Number(line.slice('wchar:'.length));
  } catch {
    return undefined;
  }
};

const measuredLoad = async (generator: LoadGenerator, request: LoadRequest): Promise<Measured> => {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpu = process.cpuUsage();
  const writtenBefore = bytesWritten();
  const result = await generator.run(request);
  const used = process.cpuUsage(cpu);
  const writtenAfter = bytesWritten();
  delay.disable();
  const ms = (nanoseconds: number) => round2(nanoseconds / 1e6);
  return {
    ...result,
    serverCpuMsPerOrder: result.orders === 0 ? 0 : round2((used.user + used.system) / 1000 / result.orders),
    serverLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
    serverWriteKiBPerOrder: writtenBefore === undefined || writtenAfter === undefined || result.orders === 0 ? null : round2((writtenAfter - writtenBefore) / 1024 / result.orders),
  };
};

export const run = async (): Promise<ScenarioResult> => {
  const folder = mkdtempSync(join(tmpdir(), 'shopstream-bench-http-'));
  const shop = await createShop({
    storage: STORAGE === 'memory' ? { kind: 'memory' } : { kind: 'sqlite', dataDir: folder },
    // Sign-ups are setup, not what is measured.
    passwordHasher: identity.scryptPasswordHasher({ ...identity.SCRYPT_DEFAULTS, N: 2 ** 4 }),
    readYourWrites: READ_YOUR_WRITES,
  });
  await shop.start();
  const api = await listen(createShopApp(shop, { cors: { allowedOrigins: [] }, logger: silentLogger, limits }));
  const client = httpClient(api.base, VIRTUAL_USERS);
  const generator = forkLoadGenerator();
  try {
    const { products } = await seedCatalog(shop);
    // Orders must not run the catalog out of stock mid-run: what is measured is buying, not refusals.
    const buyable = products.filter((product) => product.stock > 0);
    for (const product of buyable) {
      const received = await shop.inventory.receiveStock({ sku: product.sku, quantity: 100_000, reference: `bench-${product.key}` }, { readYourWrites: false });
      if (received._tag === 'Left') throw new Error(`stock: ${received.left._tag}`);
    }
    await shop.settle({ timeoutMs: 120_000 });
    const buyers: Buyer[] = new Array<Buyer>(BUYERS);
    let next = 0;
    const signer = async () => {
      for (let n = next++; n < BUYERS; n = next++) buyers[n] = await signUp(shop, client.call, n);
    };
    const signUpStarted = performance.now();
    await Promise.all(Array.from({ length: VIRTUAL_USERS }, signer));
    console.log(`http: ${BUYERS} buyers signed up in ${Math.round(performance.now() - signUpStarted)} ms`);

    // Search: the real endpoint first, then the bare one answering the same bytes.
    const probe = await client.call('GET', QUERY, null);
    if (probe.status !== 200) throw new Error(`search: ${probe.status} ${probe.text}`);
    const searchShop = await cannon(`${api.base}${QUERY}`);

    // Checkout: warm up briefly, then the measured loop, both from the load generator's own process.
    const shopLoad = { kind: 'shop', base: api.base, users: VIRTUAL_USERS, buyers, products: buyable.map(({ productId, sku }) => ({ productId, sku })) } as const;
    await generator.run({ ...shopLoad, seconds: 1 });
    const { result: checkoutShop, counts } = await countingSql(COUNT_SQL, () => profiled(PROFILE, () => measuredLoad(generator, { ...shopLoad, seconds: SECONDS })));
    const sqlPerOrder = counts.map(({ sql, method, calls }) => ({ method, sql, perOrder: round2(calls / Math.max(1, checkoutShop.orders)) }));

    const payloads: Record<string, string> = { search: payloadOf(Buffer.byteLength(probe.text)) };
    for (const step of STEPS) payloads[step] = payloadOf(checkoutShop.bytes[step]);
    const bare = await listen(bareApp(payloads));
    let searchBare: Awaited<ReturnType<typeof cannon>>;
    let checkoutBare: Measured;
    try {
      searchBare = await cannon(`${bare.base}/bare/search`);
      const bareLoad = { kind: 'bare', base: bare.base, users: VIRTUAL_USERS } as const;
      await generator.run({ ...bareLoad, seconds: 1 });
      checkoutBare = await measuredLoad(generator, { ...bareLoad, seconds: SECONDS });
    } finally {
      await bare.close();
    }

    const ordersPerSecond = Math.round(checkoutShop.orders / checkoutShop.seconds);
    const bareOrdersPerSecond = Math.round(checkoutBare.orders / checkoutBare.seconds);
    const met = ordersPerSecond >= TARGET_ORDERS_PER_SECOND && checkoutShop.all.p99 <= TARGET_P99_MS;
    return {
      summary:
        (SEARCH
          ? `search ${searchShop.requestsPerSecond} req/s p50 ${searchShop.p50} ms p99 ${searchShop.p99} ms (bare ${searchBare.requestsPerSecond} req/s, ratio ${round2(searchShop.requestsPerSecond / searchBare.requestsPerSecond)}); `
          : 'search skipped; ') +
        `checkout ${ordersPerSecond} orders/s (server ${checkoutShop.serverCpuMsPerOrder} ms CPU and ${checkoutShop.serverWriteKiBPerOrder ?? '?'} KiB written each, client ${checkoutShop.cpuMsPerOrder} ms), per request p50 ${checkoutShop.all.p50} ms p99 ${checkoutShop.all.p99} ms, ` +
        `server loop delay p99 ${checkoutShop.serverLoopDelayMs.p99} ms max ${checkoutShop.serverLoopDelayMs.max} ms ` +
        `(bare ${bareOrdersPerSecond} loops/s, server ${checkoutBare.serverCpuMsPerOrder} ms CPU each, p99 ${checkoutBare.all.p99} ms, ratio ${round2(ordersPerSecond / bareOrdersPerSecond)}); ${STORAGE} shop, read-your-writes ${READ_YOUR_WRITES ? 'on' : 'off'}`,
      target: {
        description: `checkout >= ${TARGET_ORDERS_PER_SECOND} orders/s with p99 <= ${TARGET_P99_MS} ms per request (got ${ordersPerSecond} orders/s, p99 ${checkoutShop.all.p99} ms)`,
        met,
      },
      method:
        `createShopApp over a ${STORAGE} shop seeded with the demo catalog, in process on a free port. Search: autocannon, ${CONNECTIONS} connections ` +
        `for ${SECONDS} s on GET ${decodeURIComponent(QUERY)}. Checkout: ${VIRTUAL_USERS} virtual users looping add to cart, ` +
        `checkout (Idempotency-Key), start an Alipay payment and complete it in the sandbox, each purchase by the next of ${BUYERS} buyers (signed in over the API, each with an address of their own), for ${SECONDS} s after a 1 s warm-up, with a keep-alive node:http client in a forked process of its own (server and client CPU measured apart). ` +
        `Baselines: a bare Express app answering the same number of bytes, loaded the same way right after.`,
      figures: {
        storage: STORAGE,
        readYourWrites: READ_YOUR_WRITES,
        seconds: SECONDS,
        search: { matches: (JSON.parse(probe.text) as { total?: number }).total ?? null, shop: searchShop, bare: searchBare, responseBytes: Buffer.byteLength(probe.text), ratio: round2(searchShop.requestsPerSecond / searchBare.requestsPerSecond) },
        checkout: {
          virtualUsers: VIRTUAL_USERS,
          buyers: BUYERS,
          shop: { ordersPerSecond, orders: checkoutShop.orders, serverCpuMsPerOrder: checkoutShop.serverCpuMsPerOrder, clientCpuMsPerOrder: checkoutShop.cpuMsPerOrder, perRequest: checkoutShop.all, perStep: checkoutShop.perStep, serverLoopDelayMs: checkoutShop.serverLoopDelayMs, serverWriteKiBPerOrder: checkoutShop.serverWriteKiBPerOrder, failures: checkoutShop.failures, responseBytes: checkoutShop.bytes },
          bare: { loopsPerSecond: bareOrdersPerSecond, serverCpuMsPerLoop: checkoutBare.serverCpuMsPerOrder, clientCpuMsPerLoop: checkoutBare.cpuMsPerOrder, perRequest: checkoutBare.all, failures: checkoutBare.failures },
          ratio: round2(ordersPerSecond / bareOrdersPerSecond),
          ...(COUNT_SQL ? { sqlPerOrder } : {}),
        },
      },
    };
  } finally {
    generator.close();
    client.close();
    await api.close();
    await shop.stop();
    rmSync(folder, { recursive: true, force: true });
  }
};
