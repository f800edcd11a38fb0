import * as E from 'fp-ts/lib/Either.js';
import type { StaffRole } from '../events.js';
import type { UserState } from '../state.js';
import type { RequestMetadata, Runtime, ServiceResult } from './runtime.js';

const rolesHeld = E.map((r: { readonly state: UserState }): readonly StaffRole[] => r.state.roles);

/**
 * Staff roles, granted and revoked as events on the user's stream. Whether the one granting may grant is the
 * caller's check (an admin over the API, or the shop's own configuration at start-up); `grantedBy` records who.
 * Both answer the roles the log grants the user afterwards (the configuration's come on top, in the SDK).
 */
export const roles = (rt: Runtime) => {
  /**
   * A new admin is recorded on the administration ledger before the answer, so a change checked after it counts
   * them. A recording that stays contended leaves the grant standing: the administration process records it.
   */
  const grantRole = async (userId: string, role: StaffRole, grantedBy: string, metadata?: RequestMetadata): Promise<ServiceResult<readonly StaffRole[]>> => {
    const granted = await rt.user(userId, { type: 'GrantRole', data: { role, grantedBy } }, metadata);
    if (E.isRight(granted) && role === 'admin' && granted.right.events.length > 0) await rt.administration.recordStanding(userId, metadata);
    return rolesHeld(granted);
  };

  /** Refused with `LastAdministrator` when it would leave the shop without an admin. */
  const revokeRole = async (userId: string, role: StaffRole, revokedBy: string, metadata?: RequestMetadata): Promise<ServiceResult<readonly StaffRole[]>> =>
    rolesHeld(await rt.governed(userId, { type: 'RevokeRole', data: { role, revokedBy } }, metadata));

  /** The staff roles a user holds now; none for an unknown or closed account, which can no longer act. */
  const staffRoles = async (userId: string): Promise<readonly StaffRole[]> => {
    const state = await rt.loadUser(userId);
    return state.status === 'active' ? state.roles : [];
  };

  return { grantRole, revokeRole, staffRoles };
};
