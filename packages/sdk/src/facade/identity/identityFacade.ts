import * as E from 'fp-ts/lib/Either.js';
import type { StaffRole } from '@shopstream/commerce/identity';
import type { ShopContext } from '../../shop/context.js';
import type { ShopReadModels } from '../../shop/readModels.js';
import type { AccountsFacade, IdentityFacade, ShopRole } from './api.js';
import { notificationsFacade } from './notificationsFacade.js';

export const identityFacade = (context: ShopContext): IdentityFacade => {
  const { identity, gate, settings } = context;
  /** Staff roles from the log and from the configuration, after `customer`, which everyone is. */
  const withConfigured = (userId: string, granted: readonly StaffRole[]): readonly ShopRole[] => [
    'customer',
    ...[...new Set([...granted, ...(settings.staff[userId] ?? [])])].sort(),
  ];
  const rolesOf = (userId: string) => (granted: readonly StaffRole[]) => withConfigured(userId, granted);
  const roles = async (userId: string): Promise<readonly ShopRole[]> =>
    withConfigured(userId, (await identity.user(userId)).roles);
  return {
    register: (input, options) => gate.run(options, (h) => identity.register(input, h.metadata)),
    sendVerificationCode: (userId, options) => gate.run(options, (h) => identity.sendVerificationCode(userId, h.metadata)),
    verifyContact: (userId, code, options) => gate.run(options, (h) => identity.verifyContact(userId, code, h.metadata)),
    logIn: (input, options) =>
      gate.run(options, async (h) => {
        const result = await identity.logIn(input, h.metadata);
        return E.isLeft(result) ? result : E.right({ userId: result.right.userId, roles: withConfigured(result.right.userId, result.right.roles) });
      }),
    changePassword: (userId, input, options) => gate.run(options, (h) => identity.changePassword(userId, input, h.metadata)),
    requestPasswordReset: (input, options) => gate.run(options, (h) => identity.requestPasswordReset(input, h.metadata)),
    resetPassword: (input, options) => gate.run(options, (h) => identity.resetPassword(input, h.metadata)),
    closeAccount: (userId, closer, options) => gate.run(options, (h) => identity.closeAccount(userId, closer, h.metadata)),
    erasePersonalData: (userId, options) => gate.run(options, (h) => identity.erasePersonalData(userId, h.metadata)),
    roles,
    standing: async (userId) => {
      const user = await identity.user(userId);
      return { status: user.status, roles: withConfigured(userId, user.roles) };
    },
    grantRole: (userId, role, grantedBy, options) =>
      gate.run(options, async (h) => E.map(rolesOf(userId))(await identity.grantRole(userId, role, grantedBy, h.metadata))),
    revokeRole: (userId, role, revokedBy, options) =>
      gate.run(options, async (h) => E.map(rolesOf(userId))(await identity.revokeRole(userId, role, revokedBy, h.metadata))),
  };
};

export const accountsFacade = (context: ShopContext, readModels: ShopReadModels): AccountsFacade => {
  const { identity, gate } = context;
  return {
    profile: (userId) => identity.readAccount(userId),
    updateProfile: (userId, input, options) => gate.run(options, (h) => identity.updateProfile(userId, input, h.metadata)),
    addresses: async (userId) => (await identity.readAccount(userId))?.addresses ?? [],
    addAddress: (userId, input, options) => gate.run(options, (h) => identity.addAddress(userId, input, h.metadata)),
    updateAddress: (userId, addressId, input, options) => gate.run(options, (h) => identity.updateAddress(userId, addressId, input, h.metadata)),
    removeAddress: (userId, addressId, options) => gate.run(options, (h) => identity.removeAddress(userId, addressId, h.metadata)),
    setDefaultAddress: (userId, addressId, options) => gate.run(options, (h) => identity.setDefaultAddress(userId, addressId, h.metadata)),
    paymentMethods: async (userId) => (await identity.readAccount(userId))?.paymentMethods ?? [],
    addPaymentMethod: (userId, input, options) => gate.run(options, (h) => identity.savePaymentMethod(userId, input, h.metadata)),
    removePaymentMethod: (userId, paymentMethodId, options) => gate.run(options, (h) => identity.removePaymentMethod(userId, paymentMethodId, h.metadata)),
    setPreferences: (userId, input, options) => gate.run(options, (h) => identity.setPreferences(userId, input, h.metadata)),
    setConsent: (userId, purpose, granted, options) =>
      gate.run(options, (h) => (granted ? identity.giveConsent(userId, purpose, h.metadata) : identity.withdrawConsent(userId, purpose, h.metadata))),
    ...notificationsFacade(context, readModels),
  };
};
