// Events
export {
  identityEvents,
  userEvents,
  contactClaimEvents,
  administrationEvents,
  AdministrationChange,
  AddressDetails,
  ConsentPurpose,
  CloseReason,
  Region,
  StaffRole,
} from './events.js';
export type { AdministrationEvent, ContactClaimEvent, IdentityEvent, UserEvent } from './events.js';

// Commands
export { ContactClaimCommand, UserCommand } from './commands.js';

// Errors
export type { ContactClaimError, IdentityError, IdentityErrorTag, IdentityServiceError, LastAdministrator, UserDecisionError } from './errors.js';

// Deciders
export { decideUser, userDecider } from './decider.js';
export type { UserDecider } from './decider.js';
export { evolveUser, initialUserState } from './state.js';
export type { Consent, PendingCode, SavedAddress, SavedPaymentMethod, UserState } from './state.js';
export { contactClaimDecider, evolveContactClaim, initialContactClaimState } from './contactClaim.js';
export type { ContactClaimDecider, ContactClaimState } from './contactClaim.js';
export { defaultIdentityPolicy, lockDuration } from './policy.js';
export type { IdentityPolicy } from './policy.js';
export { contactStream, userStream } from './streams.js';
export { endsAdministration, isAdministrator } from './administrators.js';
export {
  ADMINISTRATION_STREAM,
  AdministrationCommand,
  administrationLedger,
  ledgerAdministrators,
  remainingAdministrators,
} from './administrationLedger.js';
export type {
  AdministrationLedger,
  AdministrationLedgerDecider,
  AdministrationLedgerError,
  AdministrationNotCarriedOver,
  AdministrationReservation,
  AdministratorStanding,
} from './administrationLedger.js';

// Contacts and inputs
export { CHINA, normaliseContact, normaliseEmail, normalisePhone } from './contact.js';
export type { Contact, InvalidContact, PhoneOptions } from './contact.js';
export { AddressInput, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ProfileInput, checkPassword } from './inputs.js';
export { looksLikeCardNumber } from './cardData.js';

// Ports and their implementations
export { memoryOutbox } from './notifier.js';
export type { MemoryOutbox, MemoryOutboxOptions, Notification, Notifier } from './notifier.js';
export { SCRYPT_DEFAULTS, decodeScryptHash, scryptPasswordHasher } from './passwordHasher.js';
export type { PasswordHasher, ScryptParameters } from './passwordHasher.js';
export { CODE_DIGITS, verificationCodes } from './verificationCodes.js';
export type { CodePurpose, VerificationCodes } from './verificationCodes.js';

// Application service
export { identityService } from './service/index.js';
export type {
  AccountCloser,
  AccountView,
  AdministrationUpkeep,
  ConfiguredStaff,
  Finished,
  IdentityService,
  IdentityServiceConfig,
  Registration,
  RequestMetadata,
  ServiceResult,
} from './service/index.js';
