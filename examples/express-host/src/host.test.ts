import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PasswordHasher } from '@shopstream/commerce/identity';
import { announcedPassword, api, cheapPasswordHasher, removeDataDir, tempDataDir, testHost } from './testing.js';

const ADMIN = 'admin@shopstream.local';

describe('the host on the embedded default', () => {
  let dataDir = '';
  let firstPassword = '';
  beforeAll(async () => {
    dataDir = await tempDataDir();
  });
  afterAll(() => removeDataDir(dataDir));

  it('first start: seeds the demo catalog, makes the admin and announces the password once; ready and healthy', async () => {
    const { host, announced } = await testHost(dataDir);
    try {
      expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(host.seeded).toBeGreaterThanOrEqual(200);
      expect(announced).toHaveLength(1);
      firstPassword = announcedPassword(announced[0] ?? []);
      expect(firstPassword.length).toBeGreaterThanOrEqual(20);
      // The marker says who the admin is, never the password.
      expect(await readFile(join(dataDir, 'admin.json'), 'utf8')).not.toContain(firstPassword);

      const call = api(host.url);
      expect(await call('GET', '/ready')).toMatchObject({ status: 200, body: { status: 'ready', shop: 'running' } });
      expect(await call('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
      const login = await call('POST', '/auth/login', { body: { contact: ADMIN, password: firstPassword } });
      expect(login.status).toBe(200);
      expect(login.body['roles']).toEqual(['customer', 'admin']);
      const products = await call('GET', '/products?limit=1');
      expect(products.status).toBe(200);
    } finally {
      await host.close();
    }
  }, 120_000);

  it('second start: seeds nothing, announces nothing, keeps the data and the admin', async () => {
    const { host, announced } = await testHost(dataDir);
    try {
      expect(host.seeded).toBe(0);
      expect(announced).toEqual([]);
      expect(host.admin.created).toBe(false);
      const call = api(host.url);
      const login = await call('POST', '/auth/login', { body: { contact: ADMIN, password: firstPassword } });
      expect(login).toMatchObject({ status: 200, body: { roles: ['customer', 'admin'] } });
      const categories = await call('GET', '/categories');
      expect(categories.status).toBe(200);
      expect(JSON.stringify(categories.body)).toContain('手机');
      expect((await host.shop.search.products({ text: '华为' }))).toMatchObject({ _tag: 'Right' });
    } finally {
      await host.close();
    }
  }, 120_000);
});

describe('the host with the sandbox off', () => {
  it('mounts no sandbox routes nor provider pages, and still verifies its admin (the password from the environment, never announced)', async () => {
    const dataDir = await tempDataDir();
    const { host, announced } = await testHost(dataDir, { SHOPSTREAM_SANDBOX: 'off', SHOPSTREAM_DEMO_CATALOG: 'off', SHOPSTREAM_ADMIN_PASSWORD: 'correct horse battery' });
    try {
      expect(host.shop.sandbox).toBeUndefined();
      expect(announced).toEqual([]);
      const call = api(host.url);
      const login = await call('POST', '/auth/login', { body: { contact: ADMIN, password: 'correct horse battery' } });
      expect(login).toMatchObject({ status: 200, body: { roles: ['customer', 'admin'] } });
      const token = String(login.body['token']);
      const paths = [['GET', '/sandbox/outbox'], ['POST', '/sandbox/carrier/advance'], ['POST', '/sandbox/payments/x/complete'], ['GET', '/alipay/gateway.do?trade_no=x']] as const;
      for (const [method, path] of paths) {
        const answer = await call(method, path, { token, ...(method === 'POST' ? { body: { ms: 1 } } : {}) });
        expect(answer.status, `${method} ${path}`).toBe(404);
      }
      const profile = await call('GET', '/me', { token });
      expect(JSON.stringify(profile.body)).toMatch(/"verified":true/);
      expect(host.seeded).toBe(0);
    } finally {
      await host.close();
      await removeDataDir(dataDir);
    }
  }, 60_000);
});

describe('graceful shutdown', () => {
  it('answers the request under way before the shop stops; readiness fails at once; new connections are refused', async () => {
    const dataDir = await tempDataDir();
    // A password check held open until the test lets it go: a login that is provably under way.
    const cheap = cheapPasswordHasher();
    let hold: { entered: () => void; release: Promise<void> } | null = null;
    const held: PasswordHasher = {
      hash: (password) => cheap.hash(password),
      needsRehash: (encoded) => cheap.needsRehash(encoded),
      verify: async (password, encoded) => {
        if (hold !== null) {
          hold.entered();
          await hold.release;
        }
        return cheap.verify(password, encoded);
      },
    };
    const { host } = await testHost(dataDir, { SHOPSTREAM_DEMO_CATALOG: 'off', SHOPSTREAM_ADMIN_PASSWORD: 'correct horse battery' }, { shop: { passwordHasher: held } });
    try {
      let release = () => undefined as void;
      const entered = new Promise<void>((resolve) => {
        hold = { entered: resolve, release: new Promise<void>((r) => (release = r)) };
      });
      const call = api(host.url);
      const login = call('POST', '/auth/login', { body: { contact: ADMIN, password: 'correct horse battery' } });
      await entered;
      const closing = host.close();
      // Draining: the login is still held, yet the host is no longer ready and takes no new connection.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(host.shop.status).toBe('running');
      await expect(fetch(`${host.url}/ready`)).rejects.toThrow();
      release();
      const answered = await login;
      expect(answered).toMatchObject({ status: 200, body: { roles: ['customer', 'admin'] } });
      expect(await closing).toBe(true);
      expect(host.shop.status).toBe('stopped');
    } finally {
      await host.close();
      await removeDataDir(dataDir);
    }
  }, 60_000);
});

describe('the admin bootstrap after a crash', () => {
  it('takes the admin account back with a reset and announces the new password once, when the first start died before announcing', async () => {
    const { rm } = await import('node:fs/promises');
    const dataDir = await tempDataDir();
    try {
      const first = await testHost(dataDir, { SHOPSTREAM_DEMO_CATALOG: 'off' });
      const lost = announcedPassword(first.announced[0] ?? []);
      await first.host.close();
      // As if the first start crashed between registering the admin and recording it.
      await rm(join(dataDir, 'admin.json'));
      const second = await testHost(dataDir, { SHOPSTREAM_DEMO_CATALOG: 'off' });
      try {
        expect(second.announced).toHaveLength(1);
        expect(second.host.admin).toMatchObject({ userId: first.host.admin.userId, created: true });
        const call = api(second.host.url);
        expect((await call('POST', '/auth/login', { body: { contact: ADMIN, password: lost } })).status).toBe(401);
        const login = await call('POST', '/auth/login', { body: { contact: ADMIN, password: announcedPassword(second.announced[0] ?? []) } });
        expect(login).toMatchObject({ status: 200, body: { roles: ['customer', 'admin'] } });
      } finally {
        await second.host.close();
      }
    } finally {
      await removeDataDir(dataDir);
    }
  }, 60_000);
});

describe('graceful shutdown with a live event stream', () => {
  it('ends the stream so that the shutdown finishes cleanly instead of waiting for its deadline', async () => {
    const dataDir = await tempDataDir();
    const { host } = await testHost(dataDir, { SHOPSTREAM_DEMO_CATALOG: 'off', SHOPSTREAM_ADMIN_PASSWORD: 'correct horse battery', SHOPSTREAM_SHUTDOWN_TIMEOUT_MS: '30000' });
    try {
      const login = await api(host.url)('POST', '/auth/login', { body: { contact: ADMIN, password: 'correct horse battery' } });
      const stream = await fetch(`${host.url}/me/order-events`, { headers: { authorization: `Bearer ${String(login.body['token'])}`, accept: 'text/event-stream' } });
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = stream.body?.getReader();
      if (reader === undefined) throw new Error('no body');
      const started = Date.now();
      const closing = host.close();
      // The stream ends (or is cut) rather than staying open until the deadline.
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true }));
        if (chunk.done) break;
      }
      expect(await closing).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await host.close();
      await removeDataDir(dataDir);
    }
  }, 60_000);
});
