import * as E from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '@shopstream/commerce/identity';
import { tooManyAttempts } from '../limits/limited.js';
import type { RouteContext } from '../routing/context.js';
import { failed, ok, route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { Done, Id, callOptions, callerOf, fromEither } from './support.js';

const Contact = z.string().trim().min(3).max(254);
/** Length is the domain's to judge (WeakPassword); this only keeps absurd inputs away from the hasher. */
const Password = z.string().min(1).max(PASSWORD_MAX_LENGTH * 4);
const Credentials = z.strictObject({ contact: Contact, password: Password });

const Session = z.strictObject({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresAt: z.iso.datetime(),
  userId: z.string(),
  roles: z.array(z.enum(['customer', 'admin', 'auditor'])),
});

/** registerCustomer, verifyContact, login, logout, changePassword. */
export const identityRoutes = ({ shop, sessions, limiters }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'registerCustomer',
    method: 'post',
    path: '/auth/register',
    summary: 'Sign up with an email or phone and a password; a verification code is sent to the contact',
    tag: 'auth',
    access: 'public',
    body: Credentials,
    response: z.strictObject({ userId: z.string(), contactKind: z.enum(['email', 'phone']), codeSent: z.boolean() }),
    status: 201,
    errors: [409, 422, 429],
    handler: async (input) => {
      const decision = await limiters.registration.attempt(input.req.ip ?? '', input.body.contact);
      if (!decision.allowed) return tooManyAttempts(decision);
      return fromEither(await shop.identity.register(input.body, callOptions(input)), (registration) => registration, 201);
    },
  }),
  route({
    operationId: 'verifyContact',
    method: 'post',
    path: '/auth/verify',
    summary: 'Prove the contact with the code sent to it',
    tag: 'auth',
    access: 'public',
    body: z.strictObject({ userId: Id, code: z.string().regex(/^\d{4,8}$/, 'the digits received') }),
    response: Done,
    errors: [404, 409, 410, 422, 429],
    handler: async (input) => {
      const ip = input.req.ip ?? '';
      const decision = await limiters.verification.attempt(ip, input.body.userId);
      if (!decision.allowed) return tooManyAttempts(decision);
      const result = await shop.identity.verifyContact(input.body.userId, input.body.code, callOptions(input));
      if (E.isLeft(result)) {
        if (result.left._tag === 'IncorrectCode') await limiters.verification.failed(ip, input.body.userId);
        return failed(result.left);
      }
      await limiters.verification.succeeded(ip, input.body.userId);
      return ok({ done: true });
    },
  }),
  route({
    operationId: 'login',
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in: answers an opaque session token to send as a bearer token',
    tag: 'auth',
    access: 'public',
    // The answer holds a session token, which must never be stored in the clear for a replay.
    idempotency: 'none',
    body: Credentials,
    response: Session,
    errors: [401, 403, 429],
    handler: async (input) => {
      const ip = input.req.ip ?? '';
      const decision = await limiters.login.attempt(ip, input.body.contact);
      if (!decision.allowed) return tooManyAttempts(decision);
      const result = await shop.identity.logIn(input.body, callOptions(input));
      if (E.isLeft(result)) {
        if (result.left._tag === 'InvalidCredentials') await limiters.login.failed(ip, input.body.contact);
        return failed(result.left);
      }
      await limiters.login.succeeded(ip, input.body.contact);
      const session = await sessions.open(result.right.userId);
      // Closed between the password check and now: what a closed account's login answers.
      if (session === undefined) return failed({ _tag: 'InvalidCredentials' });
      return ok({ token: session.token, tokenType: 'Bearer', expiresAt: session.expiresAt, userId: result.right.userId, roles: session.roles });
    },
  }),
  route({
    operationId: 'logout',
    method: 'post',
    path: '/auth/logout',
    summary: 'End the current session',
    tag: 'auth',
    access: 'signedIn',
    idempotency: 'none',
    response: Done,
    handler: async (input) => {
      await sessions.close(callerOf(input).sessionId);
      return ok({ done: true });
    },
  }),
  route({
    operationId: 'changePassword',
    method: 'post',
    path: '/me/password',
    summary: "Change the password; every other session of the account ends",
    tag: 'account',
    access: 'customer',
    idempotency: 'none',
    body: z.strictObject({ currentPassword: Password, newPassword: Password }),
    response: Done,
    errors: [403, 422],
    handler: async (input) => {
      const caller = callerOf(input);
      const result = await shop.identity.changePassword(caller.userId, input.body, callOptions(input));
      if (E.isLeft(result)) return failed(result.left);
      await sessions.closeAllOf(caller.userId, caller.sessionId);
      return ok({ done: true });
    },
  }),
];
