import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimitPolicies } from '../limits/rateLimiter.js';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, Customer, TestApi } from '../routing/testing/harness.js';

/** The account's lifecycle and staff roles over HTTP: closing, erasing, exporting, granting, revoking. */
const PASSWORD = 'correct horse battery staple';
const address = { recipientName: '王小明', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' };

let api: TestApi;
/** The shop's configured staff; a test adds a user it registered, as if the configuration had named them at start. */
const configuredStaff: Record<string, ('admin' | 'auditor')[]> = {};
let admin: Customer;
let auditor: Customer;

beforeAll(async () => {
  // Many sign-ups and logins from one test client: per-IP windows wide enough; the lockout stays as shipped.
  const wide = { limit: 10_000, windowMs: 60_000 };
  const limits = {
    login: { ...defaultLimitPolicies.login, perIp: wide },
    registration: { ...defaultLimitPolicies.registration, perIp: wide },
    verification: { ...defaultLimitPolicies.verification, perIp: wide },
  };
  api = await startApi({ limits }, { staff: configuredStaff });
  admin = await api.staff('admin', 'admin');
  auditor = await api.staff('auditor', 'auditor');
});
afterAll(async () => api.close());

const problemOf = (answer: Answer, status: number, code?: string): void => {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  if (code !== undefined) expect((answer.body as { code: string }).code).toBe(code);
};

const rolesOf = async (token: string, userId: string): Promise<unknown> => (await api.call('GET', `/users/${userId}/roles`, { token })).body;

describe('a customer closes their account', () => {
  it('needs the current password: a session token alone closes nothing', async () => {
    const carol = await api.customer('carol');
    problemOf(await api.call('POST', '/me/closure', { token: carol.token, body: { password: 'not the password' } }), 403, 'CurrentPasswordIncorrect');
    problemOf(await api.call('POST', '/me/closure', { token: carol.token, body: {} }), 400);
    problemOf(await api.call('POST', '/me/closure', { token: carol.token, body: { password: PASSWORD, erasePersonalData: 'yes' } }), 400);
    problemOf(await api.call('POST', '/me/closure', { body: { password: PASSWORD } }), 401);
    expect((await api.call('GET', '/me', { token: carol.token })).status).toBe(200);
    expect((await api.shop.accounts.profile(carol.userId))?.status).toBe('active');
  });

  it('wrong passwords count towards the login lockout: guessing with a stolen token is throttled', async () => {
    const max = await api.customer('max');
    const statuses: number[] = [];
    for (let i = 0; i < defaultLimitPolicies.login.lockout.threshold; i += 1) {
      statuses.push((await api.call('POST', '/me/closure', { token: max.token, body: { password: `guess ${i}` } })).status);
    }
    // Wrong guesses answer 403 until the account's lockout (the domain's, or the API's per IP) answers 429.
    expect(statuses[0]).toBe(403);
    expect(statuses.at(-1)).toBe(429);
    const locked = await api.call('POST', '/me/closure', { token: max.token, body: { password: PASSWORD } });
    problemOf(locked, 429);
    expect(['AccountLocked', 'TooManyAttempts']).toContain((locked.body as { code: string }).code);
    expect((await api.shop.accounts.profile(max.userId))?.status).toBe('active');
  });

  it('closes with the password; the session ends at once and the account cannot sign in again', async () => {
    const dave = await api.customer('dave');
    const other = await api.call('POST', '/auth/login', { body: { contact: dave.contact, password: PASSWORD } });
    const closed = await api.call('POST', '/me/closure', { token: dave.token, body: { password: PASSWORD } });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body).toEqual({ userId: dave.userId, closed: true, erased: false });
    problemOf(await api.call('GET', '/me', { token: dave.token }), 401, 'Unauthenticated');
    problemOf(await api.call('GET', '/me', { token: (other.body as { token: string }).token }), 401);
    problemOf(await api.call('POST', '/auth/login', { body: { contact: dave.contact, password: PASSWORD } }), 401, 'InvalidCredentials');
    // Personal data is kept until erasure is asked for; staff erase it on a support request.
    expect((await api.shop.accounts.profile(dave.userId))?.contact?.value).toBe(dave.contact);
    const erased = await api.call('POST', `/users/${dave.userId}/erasure`, { token: admin.token });
    expect(erased.status, erased.text).toBe(200);
    expect((await api.shop.accounts.profile(dave.userId))?.erased).toBe(true);
  });

  it('closes and erases in one request when asked', async () => {
    const erin = await api.customer('erin');
    expect((await api.call('POST', '/me/addresses', { token: erin.token, body: address })).status).toBe(201);
    const closed = await api.call('POST', '/me/closure', { token: erin.token, body: { password: PASSWORD, erasePersonalData: true } });
    expect(closed.body).toEqual({ userId: erin.userId, closed: true, erased: true });
    const exported = await api.call('GET', `/users/${erin.userId}/export`, { token: admin.token });
    expect(exported.status).toBe(200);
    const document = exported.body as { account: { status: string; erased: boolean; contact: { value: string | null } | null; profile: { name: string | null } }; addresses: { recipientName: string | null; lines: string | null }[] };
    expect(document.account).toMatchObject({ status: 'closed', erased: true, profile: { name: null } });
    expect(document.account.contact?.value ?? null).toBeNull();
    expect(document.addresses.every((a) => a.recipientName === null && a.lines === null)).toBe(true);
    expect(exported.text).not.toContain(erin.contact);
    expect(exported.text).not.toContain('王小明');
  });

  it("support cannot close the admin's own account: that takes the admin's password", async () => {
    const ola = await api.staff('ola', 'admin');
    problemOf(await api.call('POST', `/users/${ola.userId}/closure`, { token: ola.token, body: {} }), 403, 'PasswordRequired');
    expect((await api.shop.accounts.profile(ola.userId))?.status).toBe('active');
  });

  it("the trail says who decided: support's closure names the admin, the customer's own names no one", async () => {
    const pia = await api.customer('pia');
    const quinn = await api.customer('quinn');
    expect((await api.call('POST', `/users/${pia.userId}/closure`, { token: admin.token, body: {} })).status).toBe(200);
    expect((await api.call('POST', '/me/closure', { token: quinn.token, body: { password: PASSWORD } })).status).toBe(200);
    const closure = async (userId: string) => (await api.shop.eventStore.readStream(`user-${userId}`)).find((e) => e.type === 'AccountClosed');
    const bySupport = await closure(pia.userId);
    expect(bySupport?.data).toEqual({ at: bySupport?.occurredAt, reason: 'staff-decision', closedBy: admin.userId });
    expect(bySupport?.metadata.actor).toMatchObject({ id: admin.userId });
    const byCustomer = await closure(quinn.userId);
    expect(byCustomer?.data).toEqual({ at: byCustomer?.occurredAt, reason: 'customer-request' });
  });

  it('a closed account closed again by support is still closed, not an error', async () => {
    const fay = await api.customer('fay');
    expect((await api.call('POST', `/users/${fay.userId}/closure`, { token: admin.token, body: {} })).status).toBe(200);
    problemOf(await api.call('GET', '/me', { token: fay.token }), 401);
    const again = await api.call('POST', `/users/${fay.userId}/closure`, { token: admin.token, body: { erasePersonalData: true } });
    expect(again.body).toEqual({ userId: fay.userId, closed: true, erased: true });
  });
});

describe('a customer exports their personal data', () => {
  it('holds the profile, addresses, masked payment methods, consents, orders and notifications, and nothing staff-only', async () => {
    const gus = await api.customer('gus');
    expect((await api.call('PUT', '/me/profile', { token: gus.token, body: { name: '古斯', nickname: 'gus', birthday: null } })).status).toBe(200);
    expect((await api.call('POST', '/me/addresses', { token: gus.token, body: { ...address, makeDefault: true } })).status).toBe(201);
    const card = { provider: 'card', providerToken: 'tok_visa_secret', brand: 'visa', last4: '4242' };
    expect((await api.call('POST', '/me/payment-methods', { token: gus.token, body: card })).status).toBe(201);
    const product = await api.call('POST', '/products', {
      token: admin.token,
      body: { title: { zh: '白茶', en: 'White tea' }, skus: [{ sku: 'BT-100', price: { amount: 5000, currency: 'CNY' } }] },
    });
    const { productId } = product.body as { productId: string };
    expect((await api.call('POST', `/products/${productId}/publish`, { token: admin.token })).status).toBe(200);
    expect((await api.call('POST', '/inventory/receipts', { token: admin.token, body: { sku: 'BT-100', quantity: 5, reference: 'PO-9' } })).status).toBe(200);
    expect((await api.call('POST', '/me/cart/items', { token: gus.token, body: { productId, sku: 'BT-100', quantity: 1 } })).status).toBe(200);
    const placed = await api.call('POST', '/checkout', { token: gus.token, body: { shipTo: { address } }, headers: { 'idempotency-key': randomUUID() } });
    expect(placed.status, placed.text).toBe(201);
    const { orderId } = placed.body as { orderId: string };

    const exported = await api.call('GET', '/me/export', { token: gus.token });
    expect(exported.status, exported.text).toBe(200);
    const document = exported.body as Record<string, unknown>;
    expect(document).toMatchObject({
      format: 'urn:shopstream:personal-data-export:1',
      userId: gus.userId,
      account: { status: 'active', erased: false, contact: { value: gus.contact }, profile: { name: '古斯' }, roles: ['customer'] },
      addresses: [{ recipientName: '王小明', isDefault: true }],
      paymentMethods: [{ provider: 'card', brand: 'visa', last4: '4242' }],
      orders: [{ orderId, customerId: gus.userId }],
      cases: [],
      reviews: [],
    });
    expect(Object.keys(document).sort()).toEqual(['account', 'addresses', 'cases', 'consents', 'exportedAt', 'format', 'notifications', 'orders', 'paymentMethods', 'payments', 'reviews', 'userId']);
    expect(exported.text).not.toContain('tok_visa_secret');
    expect(exported.text).not.toContain('riskHold');
    expect(exported.text).not.toContain('passwordHash');
    // The same document for support, admin only; someone else's export is not a customer's to read.
    const bySupport = await api.call('GET', `/users/${gus.userId}/export`, { token: admin.token });
    expect((bySupport.body as { orders: unknown[] }).orders).toHaveLength(1);
    problemOf(await api.call('GET', `/users/${gus.userId}/export`, { token: auditor.token }), 403);
    problemOf(await api.call('GET', `/users/${admin.userId}/export`, { token: gus.token }), 403);
  });
});

describe('staff manage roles', () => {
  it('admins list, grant and revoke; who did it is the caller', async () => {
    const hal = await api.customer('hal');
    expect(await rolesOf(auditor.token, hal.userId)).toEqual({ userId: hal.userId, roles: ['customer'] });
    const granted = await api.call('PUT', `/users/${hal.userId}/roles/auditor`, { token: admin.token });
    expect(granted.body).toEqual({ userId: hal.userId, roles: ['customer', 'auditor'] });
    const events = await api.shop.eventStore.readStream(`user-${hal.userId}`);
    expect(events.find((e) => e.type === 'RoleGranted')?.data).toMatchObject({ role: 'auditor', grantedBy: admin.userId });
    // Granting again changes nothing and records nothing.
    expect((await api.call('PUT', `/users/${hal.userId}/roles/auditor`, { token: admin.token })).status).toBe(200);
    expect((await api.shop.eventStore.readStream(`user-${hal.userId}`)).filter((e) => e.type === 'RoleGranted')).toHaveLength(1);
    const revoked = await api.call('DELETE', `/users/${hal.userId}/roles/auditor`, { token: admin.token });
    expect(revoked.body).toEqual({ userId: hal.userId, roles: ['customer'] });
  });

  it('refuses customers, auditors changing roles, unknown users and bad input, never with a 500', async () => {
    const ivy = await api.customer('ivy');
    problemOf(await api.call('GET', `/users/${ivy.userId}/roles`, { token: ivy.token }), 403, 'Forbidden');
    problemOf(await api.call('PUT', `/users/${ivy.userId}/roles/admin`, { token: ivy.token }), 403, 'Forbidden');
    problemOf(await api.call('PUT', `/users/${ivy.userId}/roles/admin`, { token: auditor.token }), 403, 'Forbidden');
    problemOf(await api.call('DELETE', `/users/${admin.userId}/roles/admin`, { token: auditor.token }), 403, 'Forbidden');
    problemOf(await api.call('POST', `/users/${ivy.userId}/closure`, { token: auditor.token, body: {} }), 403);
    problemOf(await api.call('POST', `/users/${ivy.userId}/erasure`, { token: auditor.token }), 403);
    problemOf(await api.call('GET', `/users/${ivy.userId}/roles`), 401);
    const nobody = randomUUID();
    problemOf(await api.call('GET', `/users/${nobody}/roles`, { token: admin.token }), 404);
    problemOf(await api.call('PUT', `/users/${nobody}/roles/auditor`, { token: admin.token }), 404, 'UserNotFound');
    problemOf(await api.call('POST', `/users/${nobody}/closure`, { token: admin.token, body: {} }), 404, 'UserNotFound');
    problemOf(await api.call('POST', `/users/${nobody}/erasure`, { token: admin.token }), 404, 'UserNotFound');
    problemOf(await api.call('GET', `/users/${nobody}/export`, { token: admin.token }), 404);
    problemOf(await api.call('PUT', `/users/${ivy.userId}/roles/customer`, { token: admin.token }), 400);
    problemOf(await api.call('PUT', `/users/${ivy.userId}/roles/root`, { token: admin.token }), 400);
    problemOf(await api.call('POST', `/users/${ivy.userId}/closure`, { token: admin.token, body: { reason: 'x' } }), 400);
    // Erasure needs the account closed first, as the domain requires.
    problemOf(await api.call('POST', `/users/${ivy.userId}/erasure`, { token: admin.token }), 422, 'AccountNotClosed');
    expect((await api.call('GET', '/me', { token: ivy.token })).status).toBe(200);
  });

  it("a role the shop's configuration gives is listed, and revoking it is refused rather than silently kept", async () => {
    const nia = await api.customer('nia');
    configuredStaff[nia.userId] = ['auditor'];
    expect(await rolesOf(admin.token, nia.userId)).toEqual({ userId: nia.userId, roles: ['customer', 'auditor'] });
    problemOf(await api.call('DELETE', `/users/${nia.userId}/roles/auditor`, { token: admin.token }), 409, 'RoleGivenByConfiguration');
    // Granted by an event as well: the event's grant goes, the configured one stays, and the answer says so.
    expect((await api.call('PUT', `/users/${nia.userId}/roles/auditor`, { token: admin.token })).status).toBe(200);
    problemOf(await api.call('DELETE', `/users/${nia.userId}/roles/auditor`, { token: admin.token }), 409, 'RoleGivenByConfiguration');
    expect((await api.shop.eventStore.readStream(`user-${nia.userId}`)).map((e) => e.type)).toEqual(expect.arrayContaining(['RoleGranted', 'RoleRevoked']));
  });

  it('an admin cannot revoke their own admin role: another admin must', async () => {
    const jo = await api.staff('jo', 'admin');
    problemOf(await api.call('DELETE', `/users/${jo.userId}/roles/admin`, { token: jo.token }), 409, 'CannotRevokeOwnAdminRole');
    expect(await rolesOf(jo.token, jo.userId)).toEqual({ userId: jo.userId, roles: ['customer', 'admin'] });
    expect((await api.call('DELETE', `/users/${jo.userId}/roles/admin`, { token: admin.token })).status).toBe(200);
  });
});

describe('the shop always keeps an administrator', () => {
  // A shop of its own, whose every admin the tests know: `solo` first, then whoever is left standing.
  let lone: TestApi;
  const loneStaff: Record<string, ('admin' | 'auditor')[]> = {};
  beforeAll(async () => {
    const wide = { limit: 10_000, windowMs: 60_000 };
    const perIp = (policy: (typeof defaultLimitPolicies)['login']) => ({ ...policy, perIp: wide });
    lone = await startApi(
      { limits: { login: perIp(defaultLimitPolicies.login), registration: { ...defaultLimitPolicies.registration, perIp: wide }, verification: { ...defaultLimitPolicies.verification, perIp: wide } } },
      { staff: loneStaff },
    );
  });
  afterAll(async () => lone.close());

  /** Everyone made admin here, to count who still is. */
  const people: Customer[] = [];
  const admin = async (name: string): Promise<Customer> => {
    const person = await lone.staff(name, 'admin');
    people.push(person);
    return person;
  };
  const admins = async (): Promise<Customer[]> => {
    const standing = await Promise.all(people.map(async (person) => ({ person, standing: await lone.shop.identity.standing(person.userId) })));
    return standing.filter(({ standing: s }) => s.status === 'active' && s.roles.includes('admin')).map(({ person }) => person);
  };
  it('the last admin cannot close their own account, nor lose the role through the SDK', async () => {
    const solo = await admin('solo');
    const closing = await lone.call('POST', '/me/closure', { token: solo.token, body: { password: PASSWORD } });
    problemOf(closing, 409, 'LastAdministrator');
    expect(closing.body).toMatchObject({ userId: solo.userId });
    expect(await lone.shop.identity.revokeRole(solo.userId, 'admin', 'script')).toMatchObject({ _tag: 'Left', left: { _tag: 'LastAdministrator', userId: solo.userId } });
    expect((await lone.call('GET', '/me', { token: solo.token })).status).toBe(200);
    expect((await lone.shop.eventStore.readStream(`user-${solo.userId}`)).map((e) => e.type)).not.toContain('AccountClosed');
  });

  it('two admins revoking each other, or closing each other, at the same moment: one succeeds, the other is refused', async () => {
    // Through the SDK, so that both reach the rule together; over HTTP the loser's request is usually refused
    // earlier, by the standing its session lost (403 revoked, 401 closed).
    const [solo] = await admins();
    const uma = await admin('uma');
    const vic = await admin('vic');
    expect((await lone.call('DELETE', `/users/${solo?.userId ?? ''}/roles/admin`, { token: uma.token })).status).toBe(200);
    const revokes = await Promise.all([lone.shop.identity.revokeRole(vic.userId, 'admin', uma.userId), lone.shop.identity.revokeRole(uma.userId, 'admin', vic.userId)]);
    expect(revokes.map((r) => (r._tag === 'Right' ? 'revoked' : r.left._tag)).sort()).toEqual(['LastAdministrator', 'revoked']);
    const [standing, ...others] = await admins();
    expect(others).toEqual([]);
    if (standing === undefined) throw new Error('no admin left');

    const wes = await admin('wes');
    const closures = await Promise.all([
      lone.shop.identity.closeAccount(wes.userId, { by: 'staff', staffId: standing.userId }),
      lone.shop.identity.closeAccount(standing.userId, { by: 'staff', staffId: wes.userId }),
    ]);
    expect(closures.map((r) => (r._tag === 'Right' ? 'closed' : r.left._tag)).sort()).toEqual(['LastAdministrator', 'closed']);
    expect(await admins()).toHaveLength(1);
  });

  it("an admin named by the shop's configuration counts, once their account is open", async () => {
    const [last] = await admins();
    if (last === undefined) throw new Error('no admin left');
    loneStaff['someone-not-registered'] = ['admin'];
    problemOf(await lone.call('POST', '/me/closure', { token: last.token, body: { password: PASSWORD } }), 409, 'LastAdministrator');
    const xia = await lone.customer('xia');
    loneStaff[xia.userId] = ['admin'];
    expect((await lone.call('POST', '/me/closure', { token: last.token, body: { password: PASSWORD } })).status).toBe(200);
    problemOf(await lone.call('POST', '/me/closure', { token: xia.token, body: { password: PASSWORD } }), 409, 'LastAdministrator');
    expect((await lone.shop.identity.standing(xia.userId)).status).toBe('active');
  });
});

describe('sessions follow the account', () => {
  it('a revoked admin is refused on the very next request, and a new grant applies at once', async () => {
    const kim = await api.staff('kim', 'admin');
    expect((await api.call('GET', '/risk/reviews', { token: kim.token })).status).toBe(200);
    expect((await api.call('DELETE', `/users/${kim.userId}/roles/admin`, { token: admin.token })).status).toBe(200);
    problemOf(await api.call('GET', '/risk/reviews', { token: kim.token }), 403, 'Forbidden');
    expect((await api.call('PUT', `/users/${kim.userId}/roles/auditor`, { token: admin.token })).status).toBe(200);
    expect((await api.call('GET', '/risk/reviews', { token: kim.token })).status).toBe(200);
    problemOf(await api.call('POST', `/users/${kim.userId}/closure`, { token: kim.token, body: {} }), 403);
  });

  it('changes made by code calling the SDK directly apply too', async () => {
    const lee = await api.customer('lee');
    problemOf(await api.call('GET', '/risk/reviews', { token: lee.token }), 403);
    expect((await api.shop.identity.grantRole(lee.userId, 'admin', 'bootstrap-script'))._tag).toBe('Right');
    expect((await api.call('GET', '/risk/reviews', { token: lee.token })).status).toBe(200);
    expect((await api.shop.identity.revokeRole(lee.userId, 'admin', 'bootstrap-script'))._tag).toBe('Right');
    problemOf(await api.call('GET', '/risk/reviews', { token: lee.token }), 403);
    expect((await api.shop.identity.closeAccount(lee.userId, { by: 'customer' }))._tag).toBe('Right');
    problemOf(await api.call('GET', '/me', { token: lee.token }), 401, 'Unauthenticated');
  });

  it('for any sequence of grants and revokes over HTTP, the next request is authorised with the roles the facade holds', async () => {
    const change = fc.record({ grant: fc.boolean(), role: fc.constantFrom('admin' as const, 'auditor' as const) });
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 6 }), async (changes) => {
        const subject = await api.customer('subject');
        for (const { grant, role } of changes) {
          const answer = await api.call(grant ? 'PUT' : 'DELETE', `/users/${subject.userId}/roles/${role}`, { token: admin.token });
          expect(answer.status, answer.text).toBe(200);
        }
        const roles = await api.shop.identity.roles(subject.userId);
        // What the session is authorised with: a staff read needs admin or auditor, a staff write needs admin.
        const read = await api.call('GET', '/risk/reviews', { token: subject.token });
        const write = await api.call('PUT', `/users/${subject.userId}/roles/auditor`, { token: subject.token });
        expect(read.status === 200).toBe(roles.includes('admin') || roles.includes('auditor'));
        expect(write.status === 200).toBe(roles.includes('admin'));
        expect(await api.shop.identity.roles(subject.userId)).toEqual(write.status === 200 ? ['customer', 'admin', 'auditor'] : roles);
      }),
      { numRuns: 15 },
    );
  });
});
