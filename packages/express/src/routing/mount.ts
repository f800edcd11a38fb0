import express from 'express';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { match } from 'ts-pattern';
import type { ShopErrorTag } from '@shopstream/sdk';
import { authenticate, checkAccess } from '../auth/access.js';
import { etagOf, holdsRevision, parseIfMatch, parseIfNoneMatch } from '../http/conditional.js';
import type { IfNoneMatch } from '../http/conditional.js';
import { requestIdOf } from '../http/requestId.js';
import type { StoredResponse } from '../idempotency/idempotency.js';
import { domainProblem } from '../problem/domainErrors.js';
import { shopErrorStatuses } from '../problem/errorStatuses.js';
import { PROBLEM_CONTENT_TYPE, occurrenceOf, problem, sendProblem } from '../problem/problem.js';
import type { Problem } from '../problem/problem.js';
import { validatePart, validationProblem } from '../validation/validate.js';
import type { InvalidParam } from '../validation/validate.js';
import type { RouteContext } from './context.js';
import { idempotencyOf } from './route.js';
import type { AnyRoute, Caller, Reply } from './route.js';

export interface MountOptions {
  /** The largest body accepted, in bytes or as `'100kb'`. */
  readonly bodyLimit: string | number;
}

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'etag', 'location', 'retry-after'];

const isJson = (req: Request): boolean => req.is(['application/json', 'application/*+json']) !== false;
const hasBody = (req: Request): boolean => req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? '0') > 0;

/** The request's conditions: the revision an `If-Match` pinned, and the revisions an `If-None-Match` says the client holds. */
interface Conditions {
  readonly expectedRevision: number | undefined;
  readonly held: IfNoneMatch;
}

/**
 * Renders a handler's reply; the text is also what an idempotent replay sends. A reply with a revision answers it
 * as the ETag, and a read of a revision the client holds is a 304 with that ETag and no body: one rule for every
 * GET route whose reply gives a revision, whatever the resource.
 */
const render = (reply: Reply, { expectedRevision, held }: Conditions): StoredResponse =>
  match(reply)
    .with({ _tag: 'Ok' }, (ok) => {
      // A stream that does not exist yet (revision -1) has nothing to pin: no ETag, and nothing a client can hold.
      const revision = ok.revision === undefined || ok.revision < 0 ? undefined : ok.revision;
      const etag: Record<string, string> = revision === undefined ? {} : { etag: etagOf(revision) };
      if (ok.status === 200 && revision !== undefined && holdsRevision(held, revision)) return { status: 304, headers: { ...etag, ...ok.headers }, body: '' };
      return { status: ok.status, headers: { 'content-type': 'application/json; charset=utf-8', ...etag, ...ok.headers }, body: JSON.stringify(ok.body ?? null) };
    })
    .with({ _tag: 'Failed' }, (failure) => {
      // A conflict with the revision the client pinned is a failed precondition, not a retryable conflict.
      const body =
        failure.error._tag === 'ConcurrencyConflict' && expectedRevision !== undefined
          ? problem(412, 'PreconditionFailed', 'the resource changed after the ETag sent as If-Match: read it again', { code: 'PreconditionFailed' })
          : domainProblem(shopErrorStatuses, failure.error as { readonly _tag: ShopErrorTag }, failure.detail);
      return { status: body.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body: JSON.stringify(body) };
    })
    .with({ _tag: 'Refused' }, (refusal) => ({
      status: refusal.problem.status,
      headers: { ...refusal.headers, 'content-type': PROBLEM_CONTENT_TYPE },
      body: JSON.stringify(refusal.problem),
    }))
    .exhaustive();

const send = (res: Response, response: StoredResponse): void => {
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  // A refusal names the request it answers, a replayed one (idempotency) the replay's request, not the first's.
  const body = response.headers['content-type'] === PROBLEM_CONTENT_TYPE ? JSON.stringify(occurrenceOf(res, JSON.parse(response.body) as Problem)) : response.body;
  res.status(response.status).send(body);
};

const bodyParser = (route: AnyRoute, options: MountOptions): RequestHandler[] => {
  if (route.method === 'get') return [];
  if (route.kind === 'raw') return [express.raw({ type: () => true, limit: options.bodyLimit })];
  const refuseOtherMedia: RequestHandler = (req, res, next) => {
    if (hasBody(req) && !isJson(req)) sendProblem(res, problem(415, 'UnsupportedMediaType', 'send the body as application/json'));
    else next();
  };
  return [refuseOtherMedia, express.json({ limit: options.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] })];
};

/** The pipeline of one operation: authenticate, authorise, validate, pin the revision, deduplicate, run, render. */
const operation = (route: AnyRoute, context: RouteContext) => async (req: Request, res: Response): Promise<void> => {
  res.locals['operationId'] = route.operationId;
  // Every answer rests on the bearer token (someone else's order is a 404, staff see drafts and risk reasons) and
  // may hold personal data: no cache keeps it, and one that ignored that would still key it by the token. Set
  // here, not only by the router's security headers, so a route table mounted on its own keeps the policy.
  res.setHeader('Cache-Control', 'no-store');
  res.vary('Authorization');
  const caller: Caller | undefined = await authenticate(req, context.sessions);
  const verdict = checkAccess(route.access, req.method, caller);
  if (verdict === 'unauthenticated') {
    res.setHeader('WWW-Authenticate', 'Bearer');
    sendProblem(res, problem(401, 'Unauthenticated', 'sign in and send the session token as a bearer token', { code: 'Unauthenticated' }));
    return;
  }
  if (verdict === 'forbidden') {
    sendProblem(res, problem(403, 'Forbidden', 'the session has no role that may do this', { code: 'Forbidden' }));
    return;
  }

  const params = validatePart(route.params, 'path', req.params);
  const query = validatePart(route.query, 'query', req.query);
  const body = route.kind === 'raw' ? { ok: true as const, value: undefined } : validatePart(route.body, 'body', req.body);
  const invalid: InvalidParam[] = [...(params.ok ? [] : params.invalid), ...(query.ok ? [] : query.invalid), ...(body.ok ? [] : body.invalid)];
  if (!params.ok || !query.ok || !body.ok) {
    sendProblem(res, validationProblem(invalid));
    return;
  }

  // If-Match pins the revision a write is decided on; a read has nothing to pin.
  const ifMatch = route.conditional && route.method !== 'get' ? parseIfMatch(req.get('if-match')) : { _tag: 'Absent' as const };
  if (ifMatch._tag === 'Unusable') {
    sendProblem(res, problem(412, 'PreconditionFailed', 'If-Match must be one ETag this API gave', { code: 'PreconditionFailed' }));
    return;
  }
  const expectedRevision = ifMatch._tag === 'Revision' ? ifMatch.revision : undefined;
  // If-None-Match is a read's condition; on a write it would ask for something else (create only if absent).
  const conditions: Conditions = { expectedRevision, held: route.method === 'get' ? parseIfNoneMatch(req.get('if-none-match')) : { _tag: 'Absent' } };
  const input = { params: params.value, query: query.value, body: body.value, caller, expectedRevision, req, res };

  if (route.kind === 'sse') {
    await route.handler(input);
    return;
  }

  const mode = idempotencyOf(route);
  const key = req.get('idempotency-key');
  if (mode === 'required' && key === undefined) {
    sendProblem(res, problem(428, 'IdempotencyKeyRequired', 'send an Idempotency-Key header with this request', { code: 'IdempotencyKeyRequired' }));
    return;
  }
  if (mode === 'none' || key === undefined) {
    send(res, render(await route.handler(input), conditions));
    return;
  }
  if (!KEY_FORMAT.test(key)) {
    sendProblem(res, validationProblem([{ in: 'header', name: 'Idempotency-Key', reason: 'at most 255 printable ASCII characters' }]));
    return;
  }
  // Keys are the caller's own: the same key from two customers names two requests.
  const scope = caller === undefined ? `ip:${req.ip ?? ''}` : `user:${caller.userId}`;
  const claim = await context.idempotency.claim(scope, key, { method: req.method, path: req.originalUrl, body: req.body });
  switch (claim._tag) {
    case 'Replay':
      res.setHeader('Idempotency-Replayed', 'true');
      send(res, claim.response);
      return;
    case 'KeyReused':
      sendProblem(res, problem(422, 'IdempotencyKeyReused', 'this Idempotency-Key was used for a different request', { code: 'IdempotencyKeyReused' }));
      return;
    case 'InFlight':
      res.setHeader('Retry-After', '1');
      sendProblem(res, problem(409, 'IdempotentRequestInFlight', 'a request with this Idempotency-Key is still being processed', { code: 'IdempotentRequestInFlight' }));
      return;
    case 'Claimed':
      break;
  }
  let response: StoredResponse;
  try {
    response = render(await route.handler(input), conditions);
  } catch (fault) {
    await claim.release();
    throw fault;
  }
  const stored = { ...response, headers: Object.fromEntries(Object.entries(response.headers).filter(([name]) => REPLAYED_HEADERS.includes(name))) };
  // A fault is not an answer: the key is freed so that the retry runs. Anything else is kept for replays.
  if (response.status >= 500) await claim.release();
  else await claim.complete(stored);
  send(res, response);
};

/** Body parser and other errors of a route become problem+json; nothing else (no stack) reaches the client. */
export const problemErrorHandler = (context: Pick<RouteContext, 'logger'>) => (error: unknown, req: Request, res: Response, next: NextFunction): void => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : 500;
  const type = typeof error === 'object' && error !== null && 'type' in error && typeof error.type === 'string' ? error.type : '';
  if (status >= 400 && status < 500) {
    const body = match(type)
      .with('entity.parse.failed', () => problem(400, 'MalformedJson', 'the body is not valid JSON', { code: 'MalformedJson' }))
      .with('entity.too.large', () => problem(413, 'BodyTooLarge', 'the body is larger than this API accepts', { code: 'BodyTooLarge' }))
      .with('encoding.unsupported', 'charset.unsupported', () => problem(415, 'UnsupportedMediaType', 'send the body as UTF-8 JSON', { code: 'UnsupportedMediaType' }))
      .otherwise(() => problem(status, 'BadRequest', undefined, { code: 'BadRequest' }));
    sendProblem(res, body);
    return;
  }
  context.logger.log({
    level: 'error',
    msg: 'fault',
    requestId: requestIdOf(res),
    operationId: res.locals['operationId'] as unknown,
    method: req.method,
    error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
  });
  sendProblem(res, problem(500, 'InternalError', 'something went wrong on our side; the request id identifies it', { code: 'InternalError' }));
};

const routerOptions = { strict: false, caseSensitive: true } as const;

/** A path's first segment when it is plain text (`/me/cart` gives `/me`); a parameter there gives ''. */
const firstSegment = (path: string): string => /^\/[A-Za-z0-9_.~-]+(?=\/|$)/.exec(path)?.[0] ?? '';

/** One group's routes, then 405s with Allow for its paths. `at` is cut from each path (the group's mount point). */
const mountGroup = (router: Router, routes: readonly AnyRoute[], at: number, context: RouteContext, options: MountOptions): void => {
  const methodsByPath = new Map<string, Set<string>>();
  for (const route of routes) {
    // '' rather than '/' for the group's own path, so that the access log's baseUrl + route path reads as before.
    const path = route.path.slice(at);
    router[route.method](path, ...bodyParser(route, options), operation(route, context));
    const methods = methodsByPath.get(path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    if (route.method === 'get') methods.add('HEAD');
    methodsByPath.set(path, methods);
  }
  for (const [path, methods] of methodsByPath) {
    router.all(path, (_req, res) => {
      res.setHeader('Allow', [...methods].join(', '));
      sendProblem(res, problem(405, 'MethodNotAllowed', `this resource answers ${[...methods].join(', ')}`, { code: 'MethodNotAllowed' }));
    });
  }
};

/**
 * Mounts a route table on a router, with 405s for known paths and wrong methods. Express tries a router's
 * routes one by one, so the routes are grouped by their first segment, each group in a router of its own: a
 * request is matched against the groups, then against its own group's routes (about 10 tries rather than the
 * 30 to 75 of one flat list for the checkout's requests). Groups are disjoint, so the order of the routes within
 * each is all that decides; routes starting with a parameter are mounted directly, in their group's turn.
 */
export const mountRoutes = (router: Router, routes: readonly AnyRoute[], context: RouteContext, options: MountOptions): void => {
  const groups = new Map<string, AnyRoute[]>();
  for (const route of routes) {
    const prefix = firstSegment(route.path);
    groups.set(prefix, [...(groups.get(prefix) ?? []), route]);
  }
  for (const [prefix, group] of groups) {
    if (prefix === '') {
      mountGroup(router, group, 0, context, options);
      continue;
    }
    const sub = express.Router(routerOptions);
    mountGroup(sub, group, prefix.length, context, options);
    router.use(prefix, sub);
  }
  router.use(problemErrorHandler(context));
};
