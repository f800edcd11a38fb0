import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, Customer, TestApi } from '../routing/testing/harness.js';

/**
 * The whole API driven from its own OpenAPI document with inputs its schemas accept (and some they refuse), by
 * callers of every kind: whatever comes in, the answer is never a 5xx, and every refusal is problem+json without a
 * stack trace. Schema-valid inputs get past validation into the handlers and the domain, where the faults hide;
 * ids seen in earlier answers are reused as path parameters, so later calls reach real orders, products and carts.
 */

type Schema = Readonly<Record<string, unknown>>;

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: Schema;
}

interface Operation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly access: string;
  readonly parameters: readonly Parameter[];
  readonly body: Schema | undefined;
}

/** CI runs a short slice; `SHOPSTREAM_FUZZ_RUNS=20000` runs a longer campaign on demand. */
const RUNS = Number(process.env['SHOPSTREAM_FUZZ_RUNS'] ?? 600);
const LATEST = Date.parse('2030-01-01T00:00:00.000Z');
const EARLIEST = Date.parse('2020-01-01T00:00:00.000Z');

const stringOf = (schema: Schema): fc.Arbitrary<string> => {
  const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const maxLength = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Math.max(minLength, 40);
  const fits = (text: string) => text.length >= minLength && text.length <= maxLength;
  switch (schema['format']) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.integer({ min: EARLIEST, max: LATEST }).map((ms) => new Date(ms).toISOString());
    case 'date':
      return fc.integer({ min: EARLIEST, max: LATEST }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl({ validSchemes: ['https'] });
    default:
      break;
  }
  if (typeof schema['pattern'] === 'string') {
    const pattern = new RegExp(schema['pattern']);
    // A pattern with a length of its own: the generator's strings, cut to the bounds where they allow it.
    return fc.stringMatching(pattern).filter(fits);
  }
  return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }).filter(fits));
};

const numberOf = (schema: Schema, integer: boolean): fc.Arbitrary<number> => {
  const low = typeof schema['minimum'] === 'number' ? schema['minimum'] : typeof schema['exclusiveMinimum'] === 'number' ? schema['exclusiveMinimum'] + (integer ? 1 : 1e-6) : -1e9;
  const high = typeof schema['maximum'] === 'number' ? schema['maximum'] : typeof schema['exclusiveMaximum'] === 'number' ? schema['exclusiveMaximum'] - (integer ? 1 : 1e-6) : 1e9;
  return integer ? fc.integer({ min: Math.ceil(Math.max(low, -1e9)), max: Math.floor(Math.min(high, 1e9)) }) : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
};

/**
 * Values seen in earlier answers, by field name (`orderId`, `sku`, `providerReference`...): a field or path
 * parameter of that name is often given one, so calls reach real orders, products and carts.
 */
const seen = new Map<string, Set<string>>();
const REMEMBERED = /(Id|Reference|^sku|^code|^waybillNumber)$/;

/** Values a JSON Schema (the subset zod writes) accepts; `name` is the field's, when it is one. */
const valueOf = (schema: Schema, name?: string): fc.Arbitrary<unknown> => {
  const known = name === undefined ? undefined : seen.get(name);
  if (known !== undefined && known.size > 0 && schema['type'] === 'string') {
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: stringOf(schema) });
  }
  if ('const' in schema) return fc.constant(schema['const']);
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return fc.oneof(...(options as Schema[]).map((option) => valueOf(option, name)));
  }
  const type = schema['type'];
  if (Array.isArray(type)) return fc.oneof(...(type as string[]).map((one) => valueOf({ ...schema, type: one }, name)));
  switch (type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema['items'] as Schema | undefined) ?? {};
      const minLength = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      const maxLength = Math.min(typeof schema['maxItems'] === 'number' ? schema['maxItems'] : 4, minLength + 4);
      return fc.array(valueOf(items), { minLength, maxLength });
    }
    case 'object': {
      const properties = (schema['properties'] as Readonly<Record<string, Schema>> | undefined) ?? {};
      const required = new Set((schema['required'] as string[] | undefined) ?? []);
      const additional = schema['additionalProperties'];
      const fixed = fc.record(Object.fromEntries(Object.entries(properties).map(([field, property]) => [field, valueOf(property, field)])), {
        requiredKeys: Object.keys(properties).filter((name) => required.has(name)),
      });
      if (typeof additional !== 'object' || additional === null || Object.keys(properties).length > 0) return fixed;
      // A record: keys as `propertyNames` says.
      const names = (schema['propertyNames'] as Schema | undefined) ?? { type: 'string', maxLength: 12 };
      return fc.dictionary(valueOf(names) as fc.Arbitrary<string>, valueOf(additional as Schema), { maxKeys: 4 });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
};

/** A value the schema accepts most of the time; now and then one it may not (a wrong type, a field left out). */
const inputOf = (schema: Schema): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 8, arbitrary: valueOf(schema) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: fc.constant({}) });

const operationsOf = (document: Schema): Operation[] => {
  const paths = document['paths'] as Readonly<Record<string, Readonly<Record<string, Schema>>>>;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const content = (operation['requestBody'] as { content?: Readonly<Record<string, { schema: Schema }>> } | undefined)?.content;
      return {
        operationId: operation['operationId'] as string,
        method: method.toUpperCase(),
        path,
        access: operation['x-access'] as string,
        parameters: operation['parameters'] as Parameter[],
        body: content?.['application/json']?.schema,
      };
    }),
  );
};

/** Server-sent event streams never end; logging out would end the callers' sessions for every later run. */
const LEFT_OUT = new Set(['logout']);
const isStream = (document: Schema, operation: Operation): boolean => JSON.stringify((document['paths'] as Schema)[operation.path]).includes('text/event-stream') && operation.method === 'GET';

let api: TestApi;
let customer: Customer;
let admin: Customer;
let operations: Operation[];
const callers = new Set<string>();
const remember = (value: unknown): void => {
  if (Array.isArray(value)) value.forEach(remember);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      // The callers' own ids are left out: an admin closing or demoting the fuzzing accounts would end the run's depth.
      if (REMEMBERED.test(key) && typeof inner === 'string' && !callers.has(inner)) {
        const values = seen.get(key) ?? new Set<string>();
        if (values.size < 50) values.add(inner);
        seen.set(key, values);
      } else remember(inner);
    }
  }
};

beforeAll(async () => {
  api = await startApi({}, { sandboxSecret: 'sandbox-secret-for-fuzzing' });
  customer = await api.customer('fuzz');
  admin = await api.staff('fuzz-admin', 'admin');
  callers.add(customer.userId).add(admin.userId);
  // Someone for staff operations to act on.
  remember({ userId: (await api.customer('fuzz-victim')).userId });
  const document = (await api.call('GET', '/openapi.json')).body as Schema;
  operations = operationsOf(document).filter((operation) => !LEFT_OUT.has(operation.operationId) && !isStream(document, operation));
  // A little shop to act on: stocked products, an address, orders in several states.
  const key = () => ({ 'idempotency-key': randomUUID() });
  const seed = async (method: string, path: string, token: string, body?: unknown): Promise<unknown> => {
    const answer = await api.call(method, path, { token, ...(body === undefined ? {} : { body }), headers: key() });
    if (answer.status >= 300) throw new Error(`seeding ${method} ${path}: ${answer.status} ${answer.text}`);
    remember(answer.body);
    return answer.body;
  };
  for (const [sku, title] of [['FUZZ-TEA', '龙井茶'], ['FUZZ-CUP', 'Celadon cup']] as const) {
    await seed('POST', '/products', admin.token, { title: { zh: title, en: title }, skus: [{ sku, price: { amount: 8800, currency: 'CNY' } }], publish: true });
    await seed('POST', '/inventory/receipts', admin.token, { sku, quantity: 50, reference: `PO-${sku}` });
  }
  await seed('POST', '/me/addresses', customer.token, { recipientName: '王小明', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' });
  const productId = [...(seen.get('productId') ?? [])][0] ?? '';
  const addressId = [...(seen.get('addressId') ?? [])][0] ?? '';
  const checkout = async (): Promise<string> => {
    await seed('POST', '/me/cart/items', customer.token, { productId, sku: 'FUZZ-TEA', quantity: 1 });
    const { orderId } = (await seed('POST', '/checkout', customer.token, { shipTo: { addressId } })) as { orderId: string };
    return orderId;
  };
  // One order awaiting payment, one paid and delivered (its shipment, tracking and lines for cases and reviews).
  const waiting = await checkout();
  await seed('POST', `/orders/${waiting}/payments`, customer.token, { method: 'alipay' });
  const delivered = await checkout();
  const { providerReference } = (await seed('POST', `/orders/${delivered}/payments`, customer.token, { method: 'alipay' })) as { providerReference: string };
  await seed('POST', `/sandbox/payments/${providerReference}/complete`, customer.token);
  await seed('POST', `/orders/${delivered}/shipments`, admin.token, {});
  await seed('POST', '/sandbox/carrier/advance', admin.token, { ms: 10 * 86_400_000 });
  for (const orderId of [waiting, delivered]) remember((await api.call('GET', `/orders/${orderId}`, { token: customer.token })).body);
  remember((await api.call('GET', `/orders/${delivered}/tracking`, { token: customer.token })).body);
});
afterAll(async () => api.close());

const pathParameter = (parameter: Parameter): fc.Arbitrary<string> => valueOf(parameter.schema, parameter.name).map(String);

const callOf = (operation: Operation) =>
  fc.record({
    operation: fc.constant(operation),
    params: fc.tuple(...operation.parameters.filter((p) => p.in === 'path').map(pathParameter)),
    query: fc.tuple(...operation.parameters.filter((p) => p.in === 'query').map((p) => (p.required ? valueOf(p.schema, p.name) : fc.option(valueOf(p.schema, p.name), { nil: undefined, freq: 2 })))),
    body: operation.body === undefined ? fc.constant(undefined) : inputOf(operation.body),
    caller: fc.constantFrom('customer', 'admin', 'nobody'),
    idempotencyKey: fc.option(fc.uuid(), { nil: undefined }),
  });

const urlOf = (operation: Operation, params: readonly string[], query: readonly unknown[]): string => {
  let index = 0;
  const path = operation.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[index++] ?? ''));
  const names = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const search = new URLSearchParams();
  query.forEach((value, i) => {
    if (value !== undefined) search.set(names[i] as string, typeof value === 'string' ? value : JSON.stringify(value));
  });
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
};

const expectHandled = (operation: Operation, url: string, answer: Answer): void => {
  // A fault's cause is in the log the server wrote for it (the answer says only "internal error", as it must).
  const fault = answer.status >= 500 ? api.logs.filter((record) => record.msg === 'fault').at(-1)?.['error'] : undefined;
  const where = `${operation.method} ${url} (${operation.operationId}) answered ${answer.status}: ${answer.text.slice(0, 300)} ${JSON.stringify(fault ?? '')}`;
  expect(answer.status, where).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.headers.get('content-type'), where).toContain('application/problem+json');
    expect(answer.text, where).not.toMatch(/\bat .*\.(ts|js):\d+/);
  }
};

describe('any input to any operation', () => {
  it('is answered, never with a 5xx, and refused as problem+json', { timeout: 120_000 + RUNS * 100 }, async () => {
    const calls = fc.constantFrom(...operations).chain(callOf);
    await fc.assert(
      fc.asyncProperty(calls, async ({ operation, params, query, body, caller, idempotencyKey }) => {
        const url = urlOf(operation, params, query);
        const token = caller === 'customer' ? customer.token : caller === 'admin' ? admin.token : undefined;
        const answer = await api.call(operation.method, url, {
          ...(token === undefined ? {} : { token }),
          ...(body === undefined ? {} : { body }),
          ...(idempotencyKey === undefined ? {} : { headers: { 'idempotency-key': idempotencyKey } }),
        });
        expectHandled(operation, url, answer);
        if (answer.status < 300) remember(answer.body);
      }),
      { numRuns: RUNS },
    );
  });

  it('covers every operation of the document but the streams and logout', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(operations.length);
  });
});
