import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import type { Actor } from '@shopstream/kernel';
import type { CallOptions, ShopEntity, ShopError, Viewer } from '@shopstream/sdk';
import { isStaff } from '../auth/access.js';
import { failed, ok } from '../routing/route.js';
import type { Caller, HandlerInput, Reply } from '../routing/route.js';

/** Ids in paths: UUIDs and the like, never free text. */
export const Id = z.string().min(1).max(200).regex(/^[A-Za-z0-9._:~-]+$/, 'an id');

export const NoInput = z.strictObject({});

/** Query strings carry text: numbers and booleans are coerced from it. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().min(1).max(512).optional(),
});

export const QueryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Responses are documented loosely: the facade's own types are the contract, these say the shape's outline. */
export const Json = z.unknown();
export const JsonObject = z.looseObject({});
export const Page = z.strictObject({ items: z.array(JsonObject), nextCursor: z.string().nullable() });
export const List = z.strictObject({ items: z.array(JsonObject) });
export const Done = z.strictObject({ done: z.literal(true) });

/** Required free text: trimmed, not empty, at most `max` characters. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

/** A staff decision's body: `yes` (approve, release, ...) with an optional note, or a reject with its reason. */
export const StaffDecision = <Yes extends string>(yes: Yes) =>
  z.discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal(yes), note: z.string().max(1000).optional() }),
    z.strictObject({ decision: z.literal('reject'), reason: Text(1000) }),
  ]);

/** The decision as the SDK takes it: the body with the deciding staff member. */
export const staffDecisionOf = <Yes extends string>(
  body: { readonly decision: Yes; readonly note?: string | undefined } | { readonly decision: 'reject'; readonly reason: string },
  staffId: string,
): { decision: Exclude<Yes, 'reject'>; staffId: string; note?: string } | { decision: 'reject'; staffId: string; reason: string } =>
  'reason' in body
    ? { decision: 'reject', staffId, reason: body.reason }
    : // Only a reject carries a reason, so this decision is the `yes` one.
      { decision: body.decision as Exclude<Yes, 'reject'>, staffId, ...(body.note === undefined ? {} : { note: body.note }) };

/** The caller of a route whose access demands a session: the router has checked there is one. */
export const callerOf = (input: { readonly caller: Caller | undefined }): Caller => {
  if (input.caller === undefined) throw new Error('a route needing a session ran without one');
  return input.caller;
};

/** A customer sees their own resources only; staff see everyone's. */
export const viewerOf = (caller: Caller | undefined): Viewer => (caller === undefined || isStaff(caller) ? {} : { customerId: caller.userId });

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

const actorOf = (caller: Caller): Actor => ({
  kind: caller.roles.includes('admin') ? 'staff' : caller.roles.includes('auditor') ? 'auditor' : 'customer',
  id: caller.userId,
});

/** Correlation, actor and trace context for the events a request records, and the revision an If-Match pinned. */
export const callOptions = (input: Pick<HandlerInput<unknown, unknown, unknown>, 'caller' | 'expectedRevision' | 'req' | 'res'>): CallOptions => {
  const requestId = input.res.getHeader('x-request-id');
  const traceparent = input.req.get('traceparent');
  return {
    metadata: {
      ...(typeof requestId === 'string' ? { correlationId: requestId } : {}),
      ...(input.caller === undefined ? {} : { actor: actorOf(input.caller) }),
      ...(traceparent !== undefined && TRACEPARENT.test(traceparent) ? { traceparent } : {}),
    },
    ...(input.expectedRevision === undefined ? {} : { expectedRevision: input.expectedRevision }),
  };
};

export const fromEither = <T>(result: Either<{ readonly _tag: string }, T>, render: (value: T) => unknown = (value) => value, status = 200): Reply =>
  E.isLeft(result) ? failed(result.left) : ok(render(result.right), { status });

export const notFound = (entity: ShopEntity, id: string): Reply => {
  const error: ShopError = { _tag: 'NotFound', entity, id };
  return failed(error);
};

export const foundOr = <T>(value: T | null | undefined, entity: ShopEntity, id: string, render: (value: T) => unknown = (v) => v): Reply =>
  value === null || value === undefined ? notFound(entity, id) : ok(render(value));

export const pageOf = (query: { readonly limit?: number | undefined; readonly cursor?: string | undefined }): { limit?: number; cursor?: string } => ({
  ...(query.limit === undefined ? {} : { limit: query.limit }),
  ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
});
