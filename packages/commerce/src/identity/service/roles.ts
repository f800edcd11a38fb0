import * as E from 'fp-ts/lib/Either.js';
import type { StaffRole } from '../events.js';
import type { RequestMetadata, Runtime, ServiceResult } from './runtime.js';

/**
 * Staff roles, granted and revoked as events on the user's stream. Whether the one granting may grant is the
 * caller's check (an admin over the API, or the shop's own configuration at start-up); `grantedBy` records who.
 */
export const roles = (rt: Runtime) => {
  const grantRole = async (userId: string, role: StaffRole, grantedBy: string, metadata?: RequestMetadata): Promise<ServiceResult<void>> =>
    E.map(() => undefined)(await rt.user(userId, { type: 'GrantRole', data: { role, grantedBy } }, metadata));

  const revokeRole = async (userId: string, role: StaffRole, revokedBy: string, metadata?: RequestMetadata): Promise<ServiceResult<void>> =>
    E.map(() => undefined)(await rt.user(userId, { type: 'RevokeRole', data: { role, revokedBy } }, metadata));

  /** The staff roles a user holds now; none for an unknown or closed account, which can no longer act. */
  const staffRoles = async (userId: string): Promise<readonly StaffRole[]> => {
    const state = await rt.loadUser(userId);
    return state.status === 'active' ? state.roles : [];
  };

  return { grantRole, revokeRole, staffRoles };
};
