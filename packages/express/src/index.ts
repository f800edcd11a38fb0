// Mounting the API
export { createShopApp, shopRouter, shopRoutes } from './app.js';
export type { ShopAppOptions, ShopRouterOptions } from './app.js';

// Route table and OpenAPI
export { failed, ok, refused, route } from './routing/route.js';
export type { Access, AnyRoute, Caller, HandlerInput, HttpMethod, Reply, Role, RouteSpec } from './routing/route.js';
export type { RouteContext } from './routing/context.js';
export { openApiDocument, openApiPath } from './routing/openapi.js';
export type { OpenApiInfo } from './routing/openapi.js';
export { mountRoutes, problemErrorHandler } from './routing/mount.js';

// Health: liveness, readiness and the rule behind it
export { defaultReadinessPolicy, readinessOf } from './operations/readiness.js';
export type { Readiness, ReadinessPolicy } from './operations/readiness.js';

// Errors as problem+json
export { PROBLEM_CONTENT_TYPE, problem, problemType, sendProblem } from './problem/problem.js';
export type { Problem } from './problem/problem.js';
export { domainProblem } from './problem/domainErrors.js';
export type { ErrorStatusMap, TaggedError } from './problem/domainErrors.js';
export { shopErrorStatuses } from './problem/errorStatuses.js';

// Middlewares and their parts
export { cors } from './http/cors.js';
export type { CorsOptions } from './http/cors.js';
export { accessLog, jsonLogger, silentLogger } from './http/logging.js';
export type { LogRecord, Logger } from './http/logging.js';
export { requestId } from './http/requestId.js';
export { securityHeaders } from './http/securityHeaders.js';
export { etagOf, parseIfMatch } from './http/conditional.js';
export type { IfMatch } from './http/conditional.js';
export { validatePart, validationProblem } from './validation/validate.js';
export type { InvalidParam } from './validation/validate.js';

// State the HTTP layer keeps: sessions, idempotency records, rate limits
export type { StatePort } from './state/statePort.js';
export { defaultSessionOptions, sessions } from './auth/sessions.js';
export type { SessionOptions, Sessions } from './auth/sessions.js';
export { checkAccess } from './auth/access.js';
export { defaultIdempotencyOptions, idempotencyRecords } from './idempotency/idempotency.js';
export type { Claim, IdempotencyOptions, IdempotencyRecords, IdempotentRequest, StoredResponse } from './idempotency/idempotency.js';
export { defaultLimitPolicies, lockDuration, rateLimiter } from './limits/rateLimiter.js';
export type { LimitDecision, LimitPolicy, RateLimiter, Window } from './limits/rateLimiter.js';

// Server-sent events and webhooks
export { lastEventId, openEventStream } from './sse/sse.js';
export type { EventStream, EventStreamOptions, ServerSentEvent } from './sse/sse.js';
export { CARRIER_SIGNATURE_HEADER, CARRIER_TIMESTAMP_HEADER } from './operations/fulfilment.js';
