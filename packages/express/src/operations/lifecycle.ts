import * as E from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '@shopstream/commerce/identity';
import { tooManyAttempts } from '../limits/limited.js';
import type { RouteContext } from '../routing/context.js';
import { failed, route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { Closed, closeAccount } from './closure.js';
import { personalDataExport } from './personalData.js';
import { JsonObject, callOptions, callerOf, fromEither, notFound } from './support.js';

/** closeMyAccount (with or without erasure) and exportMyData. */
export const lifecycleRoutes = ({ shop, clock, sessions, limiters }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'closeMyAccount',
    method: 'post',
    path: '/me/closure',
    summary: 'Close my account, and erase my personal data if asked: needs the current password; every session ends',
    tag: 'account',
    access: 'customer',
    // The body holds the password: no digest of it is kept for a replay. A second call has no session left anyway.
    idempotency: 'none',
    body: z.strictObject({
      password: z.string().min(1).max(PASSWORD_MAX_LENGTH * 4),
      /** Closing comes first; once closed, no session can ask again, so erasure is asked for here or through support. */
      erasePersonalData: z.boolean().default(false),
    }),
    response: Closed,
    errors: [403, 409, 429],
    handler: async (input) => {
      const caller = callerOf(input);
      const account = await shop.accounts.profile(caller.userId);
      const contact = account?.contact?.value;
      if (contact === undefined || contact === null) return notFound('user', caller.userId);
      // The password is checked as a login would be, so guesses with a stolen token count towards the same
      // limits and the same lockout as guesses at the login form.
      const ip = input.req.ip ?? '';
      const decision = await limiters.login.attempt(ip, contact);
      if (!decision.allowed) return tooManyAttempts(decision);
      const checked = await shop.identity.logIn({ contact, password: input.body.password }, callOptions(input));
      if (E.isLeft(checked) || checked.right.userId !== caller.userId) {
        if (E.isLeft(checked) && checked.left._tag !== 'InvalidCredentials') return failed(checked.left);
        await limiters.login.failed(ip, contact);
        return failed({ _tag: 'CurrentPasswordIncorrect' });
      }
      await limiters.login.succeeded(ip, contact);
      return fromEither(await closeAccount(shop, sessions, caller.userId, { by: 'customer' }, input.body.erasePersonalData, callOptions(input)));
    },
  }),
  route({
    operationId: 'exportMyData',
    method: 'get',
    path: '/me/export',
    summary: 'All my personal data as one JSON document (access and portability)',
    tag: 'account',
    access: 'customer',
    response: JsonObject,
    handler: async (input) => {
      const { userId } = callerOf(input);
      const exported = await personalDataExport(shop, clock, userId);
      if (exported === null) return notFound('user', userId);
      return fromEither(exported, (document) => document, 200);
    },
  }),
];
