import { randomBytes } from 'node:crypto';
import { ManualClock, eventRegistry, memoryEventStore, memoryKeyStore, randomIds } from '@shopstream/kernel';
import { contactHasher } from '../../privacy/contactHasher.js';
import { personalDataVault } from '../../privacy/vault.js';
import { identityEvents } from '../events.js';
import type { Notifier } from '../notifier.js';
import { memoryOutbox } from '../notifier.js';
import { SCRYPT_DEFAULTS, scryptPasswordHasher } from '../passwordHasher.js';
import type { PasswordHasher } from '../passwordHasher.js';
import type { IdentityServiceConfig } from '../service/index.js';
import { identityService } from '../service/index.js';
import { verificationCodes } from '../verificationCodes.js';

/** Cheap scrypt for tests that exercise the flows, not the cost (one test checks the real parameters). */
export const cheapPasswordHasher = (): PasswordHasher => scryptPasswordHasher({ ...SCRYPT_DEFAULTS, N: 2 ** 4 });

/** The identity service on the in-memory store, keys and outbox, with a clock the test moves. */
export const identityHarness = (overrides: Partial<IdentityServiceConfig> & { notifier?: Notifier } = {}) => {
  const clock = new ManualClock('2026-01-01T00:00:00.000Z');
  const store = memoryEventStore({ registry: eventRegistry([...identityEvents]), now: () => clock.now() });
  const keys = memoryKeyStore();
  const vault = personalDataVault(keys);
  const outbox = memoryOutbox();
  const config: IdentityServiceConfig = {
    store,
    clock,
    ids: randomIds,
    notifier: outbox,
    passwords: cheapPasswordHasher(),
    vault,
    contacts: contactHasher(randomBytes(32)),
    codes: verificationCodes(randomBytes(32)),
    ...overrides,
  };
  const service = identityService(config);
  /** The code last sent to an address, as the person would read it. */
  const codeSentTo = (to: string): string => {
    const code = outbox.lastTo(to)?.params.code;
    if (code === undefined) throw new Error(`no code was sent to ${to}`);
    return code;
  };
  // What the service really uses, overrides included.
  return { clock, store: config.store, keys, vault: config.vault, outbox, config, service, codeSentTo };
};
