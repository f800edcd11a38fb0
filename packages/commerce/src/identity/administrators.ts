import type { StaffRole } from './events.js';
import type { UserState } from './state.js';

/**
 * Whether a user administers the shop: an open account holding the admin role, granted by an event or given by
 * the shop's configuration (`configured`, the roles it names for this user). A closed account can no longer act,
 * whatever its roles say.
 */
export const isAdministrator = (state: UserState, configured: readonly StaffRole[]): boolean =>
  state.status === 'active' && (state.roles.includes('admin') || configured.includes('admin'));

/**
 * Whether a change to one user, given as their state before and after it, ends their standing as administrator:
 * revoking the role, closing the account, or anything else that has that effect. The last-administrator rule
 * refuses such a change when no one else administers the shop; looking at the effect rather than at the command
 * covers a future command that ends someone's standing without naming it here.
 */
export const endsAdministration = (change: { readonly before: UserState; readonly after: UserState }, configured: readonly StaffRole[]): boolean =>
  isAdministrator(change.before, configured) && !isAdministrator(change.after, configured);
