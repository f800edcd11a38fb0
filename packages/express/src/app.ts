import express from 'express';
import type { Express, Router } from 'express';
import type { Shop } from '@shopstream/sdk';
import { defaultSessionOptions, sessions } from './auth/sessions.js';
import type { SessionOptions } from './auth/sessions.js';
import { shopStanding } from './auth/standing.js';
import { cors } from './http/cors.js';
import type { CorsOptions } from './http/cors.js';
import { accessLog, jsonLogger } from './http/logging.js';
import type { Logger } from './http/logging.js';
import { requestId } from './http/requestId.js';
import { securityHeaders } from './http/securityHeaders.js';
import { defaultIdempotencyOptions, idempotencyRecords } from './idempotency/idempotency.js';
import type { IdempotencyOptions } from './idempotency/idempotency.js';
import { defaultLimitPolicies, rateLimiter } from './limits/rateLimiter.js';
import type { LimitPolicy } from './limits/rateLimiter.js';
import { aftercareRoutes } from './operations/aftercare.js';
import { accountRoutes } from './operations/account.js';
import { catalogRoutes } from './operations/catalog.js';
import { fulfilmentRoutes } from './operations/fulfilment.js';
import { healthRoutes } from './operations/health.js';
import { identityRoutes } from './operations/identity.js';
import { insightRoutes } from './operations/insights.js';
import { lifecycleRoutes } from './operations/lifecycle.js';
import { defaultReadinessPolicy } from './operations/readiness.js';
import type { ReadinessPolicy } from './operations/readiness.js';
import { sandboxRoutes } from './operations/sandbox.js';
import { shoppingRoutes } from './operations/shopping.js';
import { staffAccountRoutes } from './operations/staffAccounts.js';
import { streamRoutes } from './operations/streams.js';
import { problem, sendProblem } from './problem/problem.js';
import type { RouteContext } from './routing/context.js';
import { docsPage } from './routing/docsPage.js';
import { mountRoutes, problemErrorHandler } from './routing/mount.js';
import { openApiDocument } from './routing/openapi.js';
import type { OpenApiInfo } from './routing/openapi.js';
import type { AnyRoute } from './routing/route.js';
import { sandboxPages } from './sandboxPages/router.js';
import type { StatePort } from './state/statePort.js';

export interface ShopRouterOptions {
  /** Browser origins allowed to call the API. Required (an empty list allows none): CORS is never a default. */
  readonly cors: CorsOptions;
  /** Where sessions, idempotency records and rate-limit counters live. Default: `shop.state`. */
  readonly state?: StatePort;
  /** Default: JSON lines on stdout. */
  readonly logger?: Logger;
  /** The largest request body. Default 100 kB. */
  readonly bodyLimit?: string | number;
  readonly sessions?: Partial<SessionOptions>;
  readonly limits?: Partial<Readonly<Record<'login' | 'registration' | 'verification', LimitPolicy>>>;
  readonly idempotency?: Partial<IdempotencyOptions>;
  /** Send Strict-Transport-Security (behind TLS). Default false. */
  readonly hsts?: boolean;
  /** Comment lines on idle event streams this often. Default 15 s. */
  readonly heartbeatMs?: number;
  readonly info?: OpenApiInfo;
  /** When `/health/ready` answers 503 although the shop runs. Default: read models at most 5 s behind. */
  readonly readiness?: Partial<ReadinessPolicy>;
}

/** The reference API's route table for a shop: what the router serves and the OpenAPI document describes. */
export const shopRoutes = (context: RouteContext): readonly AnyRoute[] => [
  ...identityRoutes(context),
  ...accountRoutes(context),
  ...lifecycleRoutes(context),
  ...staffAccountRoutes(context),
  ...catalogRoutes(context),
  ...shoppingRoutes(context),
  ...fulfilmentRoutes(context),
  ...streamRoutes(context),
  ...aftercareRoutes(context),
  ...insightRoutes(context),
  ...healthRoutes(context),
  ...(context.shop.sandbox === undefined ? [] : sandboxRoutes(context.shop.sandbox, context)),
];

const readinessPolicy = (options: Partial<ReadinessPolicy> = {}): ReadinessPolicy => {
  const policy = { ...defaultReadinessPolicy, ...options };
  if (!Number.isFinite(policy.maxLagSeconds) || policy.maxLagSeconds < 0) throw new RangeError(`readiness.maxLagSeconds must be a finite number of seconds, 0 or more; got ${policy.maxLagSeconds}`);
  return policy;
};

const routeContext = (shop: Shop, options: ShopRouterOptions): RouteContext => {
  const state = options.state ?? shop.state;
  const limits = { ...defaultLimitPolicies, ...options.limits };
  return {
    shop,
    clock: shop.clock,
    state,
    sessions: sessions(state, shop.clock, shopStanding(shop), { ...defaultSessionOptions, ...options.sessions }),
    idempotency: idempotencyRecords(state, { ...defaultIdempotencyOptions, ...options.idempotency }),
    limiters: {
      login: rateLimiter(state, shop.clock, 'login', limits.login),
      registration: rateLimiter(state, shop.clock, 'registration', limits.registration),
      verification: rateLimiter(state, shop.clock, 'verification', limits.verification),
    },
    logger: options.logger ?? jsonLogger(),
    heartbeatMs: options.heartbeatMs ?? 15_000,
    readiness: readinessPolicy(options.readiness),
  };
};

/**
 * The reference REST API as an Express router: mount it anywhere (`app.use('/api', shopRouter(shop, ...))`).
 * Security headers, request ids, CORS and access logs apply to its own routes; `/openapi.json` and `/docs`
 * describe it from the same route table it is built from.
 */
export const shopRouter = (shop: Shop, options: ShopRouterOptions): Router => {
  const context = routeContext(shop, options);
  const routes = shopRoutes(context);
  const document = openApiDocument(routes, options.info ?? { title: 'ShopStream API', version: '0.1.0' });
  const router = express.Router({ strict: false, caseSensitive: true });
  router.use(requestId(), securityHeaders({ hsts: options.hsts ?? false }), cors(options.cors), accessLog(context.logger));
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', docsPage());
  if (shop.sandbox?.payments.runs === true) router.use(sandboxPages(shop.sandbox));
  mountRoutes(router, routes, context, { bodyLimit: options.bodyLimit ?? '100kb' });
  return router;
};

export interface ShopAppOptions extends ShopRouterOptions {
  /** Express's `trust proxy`: how many proxies (or which) set X-Forwarded-For. Rate limits key on the client IP. */
  readonly trustProxy?: boolean | number | string;
}

/** An Express app serving the API at its root, with problem+json for unknown routes and faults. */
export const createShopApp = (shop: Shop, options: ShopAppOptions): Express => {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.use(shopRouter(shop, options));
  app.use(requestId(), securityHeaders({ hsts: options.hsts ?? false }), (_req, res) => {
    sendProblem(res, problem(404, 'RouteNotFound', 'no such route', { code: 'RouteNotFound' }));
  });
  app.use(problemErrorHandler({ logger: options.logger ?? jsonLogger() }));
  return app;
};
