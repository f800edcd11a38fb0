import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alipaySandbox } from '@shopstream/commerce/payment';
import { ManualClock } from '@shopstream/kernel';
import { startApi } from '../routing/testing/harness.js';
import type { Customer, TestApi } from '../routing/testing/harness.js';

describe('sandbox switches of a shop that brings its own payment providers', () => {
  let api: TestApi;
  let admin: Customer;
  beforeAll(async () => {
    const clock = new ManualClock('2026-05-04T08:00:00.000Z');
    api = await startApi({}, { clock, providers: { alipay: alipaySandbox({ secret: 'its own', clock, deliver: () => undefined }) } });
    admin = await api.staff('ops', 'admin');
  });
  afterAll(() => api.close());

  it('has no payment switches (404, absent from the API description), and keeps those of the parts it still runs', async () => {
    const completed = await api.call('POST', '/sandbox/payments/2026abc/complete', { token: admin.token });
    expect(completed.status).toBe(404);
    expect(completed.headers.get('content-type')).toContain('application/problem+json');
    const advanced = await api.call('POST', '/sandbox/carrier/advance', { token: admin.token, body: { ms: 1000 } });
    expect(advanced.status).toBe(200);
    expect((await api.call('GET', '/sandbox/outbox', { token: admin.token })).status).toBe(200);
    const described = (await api.call('GET', '/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(described.paths).filter((path) => path.startsWith('/sandbox/payments'))).toEqual([]);
    expect(Object.keys(described.paths)).toContain('/sandbox/carrier/advance');
  });
});
