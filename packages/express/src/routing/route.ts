import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Problem } from '../problem/problem.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call an operation. `customer` means a signed-in customer acting on their own resources; `staff`
 * means an admin, or an auditor for reads; `admin` excludes auditors.
 */
export type Access = 'public' | 'customer' | 'signedIn' | 'staff' | 'admin';

export type Role = 'customer' | 'admin' | 'auditor';

/** The signed-in caller, as the session middleware found them. */
export interface Caller {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly sessionId: string;
}

/** A strict zod object: unknown keys are refused, which is what keeps every input validated. */
export type StrictObject = z.ZodObject<z.ZodRawShape, z.core.$strict>;

/** What a handler answers: a value (with an optional stream revision for the ETag) or a domain error. */
export type Reply =
  | { readonly _tag: 'Ok'; readonly status: number; readonly body: unknown; readonly revision?: number; readonly headers?: Readonly<Record<string, string>> }
  | { readonly _tag: 'Failed'; readonly error: { readonly _tag: string }; readonly detail?: string }
  /** A refusal of the HTTP layer's own (a rate limit), not the domain's. */
  | { readonly _tag: 'Refused'; readonly problem: Problem; readonly headers?: Readonly<Record<string, string>> };

export interface HandlerInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly caller: Caller | undefined;
  /** The revision an `If-Match` header pins, when it carried one. */
  readonly expectedRevision: number | undefined;
  readonly req: Request;
  readonly res: Response;
}

export interface RouteSpec<P extends StrictObject = StrictObject, Q extends StrictObject = StrictObject, B extends z.ZodType = z.ZodType> {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Express path syntax (`/orders/:orderId`); the OpenAPI document rewrites it to `{orderId}`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** The success response's schema and status. */
  readonly response: z.ZodType;
  readonly status?: number;
  /**
   * How the route is served: `json` (the default), `sse` (the handler writes the stream itself), or `raw`
   * (a webhook: the handler gets the unparsed body to verify its signature, and no idempotency key applies).
   */
  readonly kind?: 'json' | 'sse' | 'raw';
  /**
   * The route answers its resource's stream revision as the `ETag` (its replies give it). A write with the flag
   * honours `If-Match`, the revision to decide on; a read answers 304 to an `If-None-Match` naming the revision,
   * as the router does for every read whose reply gives one. The OpenAPI document lists the headers by the flag.
   */
  readonly conditional?: boolean;
  /**
   * `Idempotency-Key` handling of an unsafe request: `optional` (the default for POST, PUT, PATCH, DELETE) replays
   * the first response when a key is sent; `required` refuses a request without one (428); `none` is for
   * requests whose answer must not be stored (a login's token) or that are idempotent by themselves (webhooks).
   */
  readonly idempotency?: 'required' | 'optional' | 'none';
  /** Error statuses this route can answer besides the common ones, for the OpenAPI document. */
  readonly errors?: readonly number[];
  /** Other statuses the route answers with its own response body rather than a problem (a probe's 503), and what each means. */
  readonly alsoAnswers?: Readonly<Record<number, string>>;
  readonly handler: (input: HandlerInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<Reply>;
}

/** A route with its types erased, as the router and the OpenAPI document walk them. */
export type AnyRoute = RouteSpec<StrictObject, StrictObject, z.ZodType>;

/** Keeps each route's handler typed by its own schemas while the table holds them uniformly. */
export const route = <P extends StrictObject, Q extends StrictObject, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): AnyRoute => spec;

export const ok = (body: unknown, options: { readonly status?: number; readonly revision?: number; readonly headers?: Readonly<Record<string, string>> } = {}): Reply => ({
  _tag: 'Ok',
  status: options.status ?? 200,
  body,
  ...(options.revision === undefined ? {} : { revision: options.revision }),
  ...(options.headers === undefined ? {} : { headers: options.headers }),
});

export const failed = (error: { readonly _tag: string }, detail?: string): Reply => ({ _tag: 'Failed', error, ...(detail === undefined ? {} : { detail }) });

export const idempotencyOf = (route: AnyRoute): 'required' | 'optional' | 'none' =>
  route.idempotency ?? (route.method === 'get' ? 'none' : 'optional');

export const refused = (problem: Problem, headers?: Readonly<Record<string, string>>): Reply => ({ _tag: 'Refused', problem, ...(headers === undefined ? {} : { headers }) });
