import type { RequestHandler } from 'express';
import { requestIdOf } from './requestId.js';

/** One structured record per event. Fields never include personal data: no bodies, no headers, no queries. */
export interface LogRecord {
  readonly level: 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** Where logs go; pluggable so a host sends them to its own pipeline. */
export interface Logger {
  log(record: LogRecord): void;
}

export const jsonLogger = (write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger => ({
  log: (record) => write(JSON.stringify({ time: new Date().toISOString(), ...record })),
});

export const silentLogger: Logger = { log: () => undefined };

/**
 * Logs each request once it is answered: the route pattern rather than the URL (a URL can carry ids and
 * queries), the status and the duration. The user id is an opaque UUID, not personal data by itself.
 */
export const accessLog = (logger: Logger): RequestHandler => (req, res, next) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const route: unknown = req.route;
    const pattern = typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string' ? route.path : 'unmatched';
    const status = res.statusCode;
    logger.log({
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      msg: 'request',
      requestId: requestIdOf(res),
      method: req.method,
      route: `${req.baseUrl}${pattern}`,
      status,
      durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      operationId: res.locals['operationId'] as unknown,
    });
  });
  next();
};
