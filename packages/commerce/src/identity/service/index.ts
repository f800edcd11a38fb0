import { account } from './account.js';
import { authentication } from './authentication.js';
import { closure } from './closure.js';
import { register, sendVerificationCode, verifyContact } from './registration.js';
import { roles } from './roles.js';
import type { IdentityServiceConfig } from './runtime.js';
import { runtime } from './runtime.js';

/**
 * The identity application service: takes what people type, normalises, checks, hashes and seals it, and hands
 * the deciders commands that hold no plaintext personal data and no password.
 */
export const identityService = (config: IdentityServiceConfig) => {
  const rt = runtime(config);
  return {
    register: register(rt),
    sendVerificationCode: sendVerificationCode(rt),
    verifyContact: verifyContact(rt),
    ...authentication(rt),
    ...account(rt),
    ...closure(rt),
    ...roles(rt),
    /** The user's state as the service decides on it (personal data sealed); the unregistered state for no one. */
    user: (userId: string) => rt.loadUser(userId),
    /**
     * The administration ledger's upkeep, for the administration process: `recordStanding` (a user's standing as
     * their stream shows it now), `finishReservation` (an interrupted admin change) and `ledger` (its state now).
     */
    administration: {
      recordStanding: rt.administration.recordStanding,
      finishReservation: rt.administration.finishReservation,
      ledger: async () => (await rt.administration.current()).state,
    },
  };
};

export type IdentityService = ReturnType<typeof identityService>;
export type { AccountView } from './account.js';
export type { AdministrationUpkeep, ConfiguredStaff, Finished } from './administrators.js';
export type { AccountCloser } from './closure.js';
export type { Registration } from './registration.js';
export type { IdentityServiceConfig, RequestMetadata, ServiceResult } from './runtime.js';
