import type { Request } from 'express';
import type { Access, Caller } from '../routing/route.js';
import type { Sessions } from './sessions.js';

/** The bearer token of a request, if it carries one. */
export const bearerToken = (req: Request): string | undefined => {
  const header = req.get('authorization');
  const match = header === undefined ? null : /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header.trim());
  return match?.[1];
};

export const authenticate = async (req: Request, sessions: Sessions): Promise<Caller | undefined> => {
  const token = bearerToken(req);
  return token === undefined ? undefined : sessions.authenticate(token);
};

export const isStaff = (caller: Caller | undefined): boolean => caller !== undefined && (caller.roles.includes('admin') || caller.roles.includes('auditor'));

export type AccessVerdict = 'allowed' | 'unauthenticated' | 'forbidden';

/**
 * Role-level access. Auditors read what admins read and change nothing; object-level access (is this order
 * the caller's?) is the facade's, which answers NotFound for someone else's resource.
 */
export const checkAccess = (access: Access, method: string, caller: Caller | undefined): AccessVerdict => {
  if (access === 'public') return 'allowed';
  if (caller === undefined) return 'unauthenticated';
  // No helper closure: this runs for every request (and the dev loader names each closure it creates).
  const { roles } = caller;
  switch (access) {
    case 'signedIn':
      return 'allowed';
    case 'customer':
      return roles.includes('customer') ? 'allowed' : 'forbidden';
    case 'staff':
      return roles.includes('admin') || (method === 'GET' && roles.includes('auditor')) ? 'allowed' : 'forbidden';
    case 'admin':
      return roles.includes('admin') ? 'allowed' : 'forbidden';
  }
};
