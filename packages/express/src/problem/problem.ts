import type { Response } from 'express';

/** An RFC 9457 problem details document. Extension members carry the structured fields of a domain error. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are URNs under one namespace, so clients can branch on them without parsing titles. */
export const problemType = (tag: string): string => `urn:shopstream:problem:${tag}`;

const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const statusTitle = (status: number): string => titles[status] ?? 'Error';

/** Members RFC 9457 gives a meaning; an extension by one of these names would be overwritten, so the type refuses it. */
type ProblemExtensions = Readonly<Record<string, unknown>> & { readonly [K in 'type' | 'title' | 'status' | 'detail' | 'instance']?: never };

export const problem = (status: number, tag: string, detail?: string, extensions: ProblemExtensions = {}): Problem => ({
  ...extensions,
  type: problemType(tag),
  title: statusTitle(status),
  status,
  ...(detail === undefined ? {} : { detail }),
});

/** The problem as this request's occurrence: its `instance` names the request (the `X-Request-Id` it answers). */
export const occurrenceOf = (res: Response, body: Problem): Problem => {
  const requestId = res.getHeader('x-request-id');
  return typeof requestId === 'string' && body.instance === undefined ? { ...body, instance: `urn:shopstream:request:${requestId}` } : body;
};

export const sendProblem = (res: Response, body: Problem): void => {
  res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(occurrenceOf(res, body)));
};
