import { randomBytes } from 'node:crypto';
import { ManualClock, categoryOf, eventRegistry, memoryEventStore, memoryKeyStore, randomIds } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import { ADMINISTRATION_STREAM } from '../administrationLedger.js';
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

/**
 * The store as a process of the shop sees it that dies between a reservation on the administration ledger and the
 * change to the user's stream: its first append to a user's stream after one to the ledger throws.
 */
export const dyingAfterReservation = (store: EventStore): EventStore => {
  let reserved = false;
  return {
    append: async (stream, events, options) => {
      if (reserved && categoryOf(stream) === 'user') throw new Error('process died');
      const appended = await store.append(stream, events, options);
      if (stream === ADMINISTRATION_STREAM) reserved = true;
      return appended;
    },
    readStream: (stream, options) => store.readStream(stream, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    streamRevision: (stream) => store.streamRevision(stream),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
};
