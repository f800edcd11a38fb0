import { match } from 'ts-pattern';
import type { UserCommand } from './commands.js';
import type { Decision } from './decision.js';
import { ok } from './decision.js';
import type { UserState } from './state.js';

export const roleCommands = ['GrantRole', 'RevokeRole'] as const;
export type RoleCommand = Extract<UserCommand, { type: (typeof roleCommands)[number] }>;

/**
 * Staff roles. Granting a role already held, or revoking one not held, records nothing: the request is
 * already satisfied, and the log keeps only real changes of who may do what.
 */
export const decideRoles = (command: RoleCommand, state: UserState, now: Date): Decision =>
  match(command)
    .returnType<Decision>()
    .with({ type: 'GrantRole' }, ({ data }) =>
      state.roles.includes(data.role)
        ? ok()
        : ok({ type: 'RoleGranted', data: { userId: state.userId ?? '', role: data.role, grantedBy: data.grantedBy, at: now.toISOString() } }),
    )
    .with({ type: 'RevokeRole' }, ({ data }) =>
      state.roles.includes(data.role)
        ? ok({ type: 'RoleRevoked', data: { userId: state.userId ?? '', role: data.role, revokedBy: data.revokedBy, at: now.toISOString() } })
        : ok(),
    )
    .exhaustive();
