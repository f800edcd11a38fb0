import * as E from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import { problem } from '../problem/problem.js';
import type { RouteContext } from '../routing/context.js';
import { failed, ok, refused, route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { Closed, closeAccount } from './closure.js';
import { personalDataExport } from './personalData.js';
import { Id, JsonObject, callOptions, callerOf, fromEither, notFound } from './support.js';

const UserParams = z.strictObject({ userId: Id });
const RoleParams = z.strictObject({ userId: Id, role: z.enum(['admin', 'auditor']) });
const Roles = z.strictObject({ userId: z.string(), roles: z.array(z.enum(['customer', 'admin', 'auditor'])) });

/** listUserRoles, grantUserRole, revokeUserRole, closeUserAccount, eraseUserPersonalData, exportUserData. */
export const staffAccountRoutes = ({ shop, clock, sessions }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'listUserRoles',
    method: 'get',
    path: '/users/:userId/roles',
    summary: "A user's roles: customer, and the staff roles granted or given by the shop's configuration (staff)",
    tag: 'staff',
    access: 'staff',
    params: UserParams,
    response: Roles,
    errors: [403, 404],
    handler: async ({ params }) => {
      const { status, roles } = await shop.identity.standing(params.userId);
      return status === 'unregistered' ? notFound('user', params.userId) : ok({ userId: params.userId, roles });
    },
  }),
  route({
    operationId: 'grantUserRole',
    method: 'put',
    path: '/users/:userId/roles/:role',
    summary: 'Grant a staff role (admin); granting one held already changes nothing',
    tag: 'staff',
    access: 'admin',
    params: RoleParams,
    response: Roles,
    errors: [403, 404],
    handler: async (input) => {
      const { userId, role } = input.params;
      return fromEither(await shop.identity.grantRole(userId, role, callerOf(input).userId, callOptions(input)), (roles) => ({ userId, roles }));
    },
  }),
  route({
    operationId: 'revokeUserRole',
    method: 'delete',
    path: '/users/:userId/roles/:role',
    summary: "Revoke a staff role (admin); an admin cannot revoke their own admin role, nor anyone the shop's last admin's",
    tag: 'staff',
    access: 'admin',
    params: RoleParams,
    response: Roles,
    errors: [403, 404, 409],
    handler: async (input) => {
      const { userId, role } = input.params;
      const caller = callerOf(input);
      // Refusing self-revocation means whoever removes an admin is an admin who stays one; the facade refuses
      // (LastAdministrator) what would still leave none, such as two admins revoking each other at once.
      if (userId === caller.userId && role === 'admin') {
        return refused(problem(409, 'CannotRevokeOwnAdminRole', 'another admin must revoke your admin role', { code: 'CannotRevokeOwnAdminRole' }));
      }
      const result = await shop.identity.revokeRole(userId, role, caller.userId, callOptions(input));
      if (E.isLeft(result)) return failed(result.left);
      // A role the configuration gives cannot be taken away by an event: say so rather than answer a silent no-op.
      if (result.right.includes(role)) {
        return refused(problem(409, 'RoleGivenByConfiguration', "the shop's configuration gives this role; change the configuration", { code: 'RoleGivenByConfiguration', role }));
      }
      return ok({ userId, roles: result.right });
    },
  }),
  route({
    operationId: 'closeUserAccount',
    method: 'post',
    path: '/users/:userId/closure',
    summary: "Close a user's account by a staff decision, recorded with the admin's id, erasing their personal data if asked (admin); their sessions end",
    tag: 'staff',
    access: 'admin',
    params: UserParams,
    body: z.strictObject({ erasePersonalData: z.boolean().default(false) }),
    response: Closed,
    errors: [403, 404, 409],
    handler: async (input) => {
      const { userId } = input.params;
      const caller = callerOf(input);
      // One's own account closes with one's password: a stolen admin token must not close its own account either.
      if (userId === caller.userId) {
        return refused(problem(403, 'PasswordRequired', 'close your own account with POST /me/closure and your password', { code: 'PasswordRequired' }));
      }
      const closer = { by: 'staff', staffId: caller.userId } as const;
      return fromEither(await closeAccount(shop, sessions, userId, closer, input.body.erasePersonalData, callOptions(input)));
    },
  }),
  route({
    operationId: 'eraseUserPersonalData',
    method: 'post',
    path: '/users/:userId/erasure',
    summary: "Crypto-shred a closed account's personal data (admin); refused while the account is open",
    tag: 'staff',
    access: 'admin',
    params: UserParams,
    response: Closed,
    errors: [403, 404, 422],
    handler: async (input) => {
      const { userId } = input.params;
      return fromEither(await shop.identity.erasePersonalData(userId, callOptions(input)), () => ({ userId, closed: true, erased: true }));
    },
  }),
  route({
    operationId: 'exportUserData',
    method: 'get',
    path: '/users/:userId/export',
    summary: "A user's personal data export, for a request made through support (admin: auditors see roles, not personal data)",
    tag: 'staff',
    access: 'admin',
    params: UserParams,
    response: JsonObject,
    errors: [403, 404],
    handler: async ({ params }) => {
      const exported = await personalDataExport(shop, clock, params.userId);
      if (exported === null) return notFound('user', params.userId);
      return fromEither(exported);
    },
  }),
];
