import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** A caller's id is kept only when it looks like an id, so a header cannot inject text into logs. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestIdOf = (res: { getHeader(name: string): unknown }): string => {
  const id = res.getHeader('x-request-id');
  return typeof id === 'string' ? id : '';
};

export const requestId = (): RequestHandler => (req, res, next) => {
  const given = req.get('x-request-id');
  res.setHeader('X-Request-Id', given !== undefined && ACCEPTABLE.test(given) ? given : randomUUID());
  next();
};
