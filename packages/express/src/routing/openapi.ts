import { z } from 'zod';
import { idempotencyOf } from './route.js';
import type { AnyRoute } from './route.js';

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** `/orders/:orderId` -> `/orders/{orderId}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

const COMMON_ERRORS: Readonly<Record<number, string>> = {
  400: 'invalid parameters',
  401: 'no valid session',
  404: 'no such resource (or not yours)',
  409: 'conflict with the current state, or a request with this Idempotency-Key is still in flight',
  412: 'If-Match names a revision that is no longer current',
  422: 'refused by the domain, or an Idempotency-Key reused with a different payload',
  428: 'an Idempotency-Key is required',
  429: 'too many attempts; see Retry-After',
};

const ETAG_HEADER = { ETag: { description: "the resource's stream revision, quoted", schema: { type: 'string' } } };

const parameters = (route: AnyRoute): unknown[] => {
  const out: unknown[] = [];
  const add = (location: 'path' | 'query', schema: z.ZodObject | undefined): void => {
    if (!schema) return;
    for (const [name, field] of Object.entries(schema.shape)) {
      const fieldSchema = field as z.ZodType;
      out.push({ name, in: location, required: location === 'path' || !fieldSchema.safeParse(undefined).success, schema: jsonSchema(fieldSchema, 'input') });
    }
  };
  add('path', route.params);
  add('query', route.query);
  if (route.conditional && route.method === 'get') {
    out.push({ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'ETags already held: 304, no body, while the revision is one of them' });
  } else if (route.conditional) {
    out.push({ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'the ETag last seen: the write applies only to that revision' });
  }
  const idempotency = idempotencyOf(route);
  if (idempotency !== 'none') {
    out.push({ name: 'Idempotency-Key', in: 'header', required: idempotency === 'required', schema: { type: 'string', minLength: 1, maxLength: 255 } });
  }
  if (route.kind === 'sse') out.push({ name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } });
  return out;
};

const security = (route: AnyRoute): unknown[] | undefined => (route.access === 'public' ? [] : [{ session: [] }]);

/**
 * The OpenAPI 3.1 document for a route table. The router is built from the same table, so every path,
 * operationId and schema here is exactly what the server accepts.
 */
export const openApiDocument = (routes: readonly AnyRoute[], info: OpenApiInfo): Record<string, unknown> => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const status = String(route.status ?? 200);
    const errors = Object.fromEntries(
      [...new Set([400, ...(route.access === 'public' ? [] : [401]), ...(route.errors ?? [])])].sort().map((code) => [String(code), problemResponse(COMMON_ERRORS[code] ?? 'error')]),
    );
    const success =
      route.kind === 'sse'
        ? { description: 'a stream of server-sent events', content: { 'text/event-stream': { schema: jsonSchema(route.response, 'output') } } }
        : { description: 'success', content: { 'application/json': { schema: jsonSchema(route.response, 'output') } }, ...(route.conditional ? { headers: ETAG_HEADER } : {}) };
    const own = Object.fromEntries(
      Object.entries(route.alsoAnswers ?? {}).map(([code, description]) => [code, { description, content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }]),
    );
    // A conditional read of a revision the client holds.
    const notModified = route.conditional && route.method === 'get' ? { '304': { description: 'not modified: the If-None-Match names the current revision', headers: ETAG_HEADER } } : {};
    (paths[path] ??= {})[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      'x-access': route.access,
      security: security(route),
      parameters: parameters(route),
      ...(route.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }),
      responses: { [status]: success, ...notModified, ...errors, ...own },
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info,
    paths,
    components: {
      securitySchemes: { session: { type: 'http', scheme: 'bearer', description: 'the opaque token login answers' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' }, code: { type: 'string' } },
        },
      },
    },
  };
};
