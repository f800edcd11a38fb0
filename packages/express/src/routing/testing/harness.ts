import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@shopstream/kernel';
import { scryptPasswordHasher } from '@shopstream/commerce/identity';
import { createShop } from '@shopstream/sdk';
import type { Shop, ShopConfig } from '@shopstream/sdk';
import { createShopApp } from '../../app.js';
import type { ShopAppOptions } from '../../app.js';
import type { LogRecord } from '../../http/logging.js';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

export interface CallInit {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is, instead of JSON of `body`. */
  readonly raw?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Customer {
  readonly userId: string;
  readonly token: string;
  readonly contact: string;
}

export interface TestApi {
  readonly shop: Shop;
  readonly clock: ManualClock;
  readonly base: string;
  readonly logs: LogRecord[];
  call(method: string, path: string, init?: CallInit): Promise<Answer>;
  /** Registers, verifies and signs in a new customer. */
  customer(name: string): Promise<Customer>;
  /** A customer who is also an admin (or auditor). */
  staff(name: string, role: 'admin' | 'auditor'): Promise<Customer>;
  close(): Promise<void>;
}

/** A shop in memory on a manual clock, served by `createShopApp` on a free port. One per test file. */
export const startApi = async (options: Partial<ShopAppOptions> = {}, config: Partial<ShopConfig> = {}): Promise<TestApi> => {
  const clock = new ManualClock('2026-03-02T08:00:00.000Z');
  // A cheap scrypt: the tests sign in often, and the hashing cost is not what they test.
  const passwordHasher = scryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1, saltBytes: 16, keyBytes: 32 });
  const shop = await createShop({ storage: { kind: 'memory' }, clock, passwordHasher, ...config });
  await shop.start();
  const logs: LogRecord[] = [];
  // Sessions outlive the days a journey moves the clock on, unless a test says otherwise.
  const longSessions = { idleTimeoutMs: 90 * 86_400_000, absoluteTimeoutMs: 90 * 86_400_000 };
  const app = createShopApp(shop, { cors: { allowedOrigins: ['https://shop.example'] }, logger: { log: (record) => logs.push(record) }, sessions: longSessions, ...options });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = async (method: string, path: string, init: CallInit = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
    const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };

  let count = 0;
  const customer = async (name: string): Promise<Customer> => {
    count += 1;
    const contact = `${name}.${count}@example.com`;
    const password = 'correct horse battery staple';
    const registered = await call('POST', '/auth/register', { body: { contact, password } });
    if (registered.status !== 201) throw new Error(`register: ${registered.text}`);
    const { userId } = registered.body as { userId: string };
    const code = shop.sandbox?.outbox.codeSentTo(contact) ?? '';
    const verified = await call('POST', '/auth/verify', { body: { userId, code } });
    if (verified.status !== 200) throw new Error(`verify: ${verified.text}`);
    const login = await call('POST', '/auth/login', { body: { contact, password } });
    if (login.status !== 200) throw new Error(`login: ${login.text}`);
    return { userId, token: (login.body as { token: string }).token, contact };
  };

  const staff = async (name: string, role: 'admin' | 'auditor'): Promise<Customer> => {
    const person = await customer(name);
    const granted = await shop.identity.grantRole(person.userId, role, 'test-setup');
    if (granted._tag === 'Left') throw new Error(`grantRole: ${granted.left._tag}`);
    const login = await call('POST', '/auth/login', { body: { contact: person.contact, password: 'correct horse battery staple' } });
    return { ...person, token: (login.body as { token: string }).token };
  };

  return {
    shop,
    clock,
    base,
    logs,
    call,
    customer,
    staff,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await shop.stop();
    },
  };
};
