import type { RequestHandler } from 'express';

export interface CorsOptions {
  /** Origins allowed to call the API from a browser, exactly (`https://shop.example`). Empty: none. */
  readonly allowedOrigins: readonly string[];
  readonly maxAgeSeconds?: number;
}

const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, Last-Event-ID, X-Request-Id';
const EXPOSED_HEADERS = 'ETag, Location, Retry-After, X-Request-Id, Idempotency-Replayed';

/**
 * CORS from an explicit allow-list (the option is required: no wildcard default). Credentials travel in the
 * Authorization header, not cookies, so `Allow-Credentials` is never sent.
 */
export const cors = (options: CorsOptions): RequestHandler => {
  const allowed = new Set(options.allowedOrigins);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin !== undefined && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      if (req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', String(options.maxAgeSeconds ?? 600));
        res.status(204).end();
        return;
      }
    }
    next();
  };
};
