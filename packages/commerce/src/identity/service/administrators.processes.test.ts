import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { ManualClock, categoryOf, eventRegistry, idOf, memoryEventStore, memoryKeyStore, randomIds } from '@shopstream/kernel';
import type { EventStore, RecordedEvent } from '@shopstream/kernel';
import { contactHasher } from '../../privacy/contactHasher.js';
import { personalDataVault } from '../../privacy/vault.js';
import { ADMINISTRATION_STREAM, ledgerAdministrators } from '../administrationLedger.js';
import { isAdministrator } from '../administrators.js';
import type { StaffRole, UserEvent } from '../events.js';
import { identityEvents } from '../events.js';
import { memoryOutbox } from '../notifier.js';
import type { UserState } from '../state.js';
import { evolveUser, initialUserState } from '../state.js';
import { cheapPasswordHasher } from '../testing/harness.js';
import { verificationCodes } from '../verificationCodes.js';
import { identityService } from './index.js';
import type { IdentityService, IdentityServiceConfig } from './index.js';

/** A small deterministic generator, so that a failing run's interleaving replays from its seed. */
const randomFrom = (seed: number) => {
  let s = seed >>> 0;
  return (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const yieldTimes = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

class ProcessDied extends Error {}

/**
 * One process's view of the shared store: every call waits a random number of turns first, so the processes'
 * reads and appends interleave differently in each run. `dies` makes the process die at its first append to a
 * user's stream after it appended to the administration ledger: between a reservation and the change it reserved.
 */
const processStore = (store: EventStore, random: () => number, dies: boolean): EventStore => {
  let reserved = false;
  const pause = () => yieldTimes(Math.floor(random() * 4));
  return {
    append: async (stream, events, options) => {
      await pause();
      if (dies && reserved && categoryOf(stream) === 'user') throw new ProcessDied(`process died before appending to ${stream}`);
      const appended = await store.append(stream, events, options);
      if (stream === ADMINISTRATION_STREAM) reserved = true;
      return appended;
    },
    readStream: async (stream, options) => {
      await pause();
      return store.readStream(stream, options);
    },
    readAll: async (options) => {
      await pause();
      return store.readAll(options);
    },
    subscribe: (options) => store.subscribe(options),
    streamRevision: async (stream) => {
      await pause();
      return store.streamRevision(stream);
    },
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
};

type Action = 'grant' | 'revoke' | 'close-by-staff' | 'close-by-customer' | 'erase';

interface Call {
  readonly process: number;
  readonly action: Action;
  readonly role: StaffRole;
  readonly target: number;
  readonly dies: boolean;
  readonly delay: number;
}

interface Observed {
  readonly call: Call;
  readonly userId: string;
  /** Ticks of one counter shared by every call's start and end. */
  readonly startedAt: number;
  endedAt: number;
  /** The log's head when the call started. */
  readonly headAtStart: number;
  /** 'right', 'died', or the refusal's tag. */
  outcome: string;
}

const USERS = 4;
const PROCESSES = 3;
const phone = (i: number) => `+86138001380${String(i).padStart(2, '0')}`;

/** Each user's state as their stream stood at the log's position `upTo`. */
const usersUpTo = (log: readonly RecordedEvent[], upTo = Number.POSITIVE_INFINITY): Map<string, UserState> => {
  const users = new Map<string, UserState>();
  for (const event of log) {
    if (event.position > upTo || categoryOf(event.stream) !== 'user') continue;
    const id = idOf(event.stream);
    users.set(id, evolveUser(users.get(id) ?? initialUserState(), { type: event.type, data: event.data } as UserEvent));
  }
  return users;
};

const adminsOf = (users: Map<string, UserState>, staff: Readonly<Record<string, readonly StaffRole[]>>): string[] =>
  [...users].filter(([id, state]) => isAdministrator(state, staff[id] ?? [])).map(([id]) => id).sort();

const run = async (call: Call, service: IdentityService, userId: string): Promise<E.Either<{ readonly _tag: string }, unknown>> => {
  switch (call.action) {
    case 'grant':
      return service.grantRole(userId, call.role, 'u9');
    case 'revoke':
      return service.revokeRole(userId, call.role, 'u9');
    case 'close-by-staff':
      return service.closeAccount(userId, { by: 'staff', staffId: 'u9' });
    case 'close-by-customer':
      return service.closeAccount(userId, { by: 'customer' });
    case 'erase': {
      const closed = await service.closeAccount(userId, { by: 'customer' });
      return E.isLeft(closed) ? closed : service.erasePersonalData(userId);
    }
  }
};

describe('the last administrator, across processes over one store', () => {
  it('concurrent grants, revokes, closures and erasures through separate processes never leave the shop unadministered, refuse only the last, and the ledger follows the users', async () => {
    const call = fc.record({
      process: fc.nat({ max: PROCESSES - 1 }),
      action: fc.constantFrom<Action>('grant', 'grant', 'revoke', 'revoke', 'close-by-staff', 'close-by-customer', 'erase'),
      role: fc.constantFrom<StaffRole>('admin', 'admin', 'auditor'),
      target: fc.nat({ max: USERS - 1 }),
      dies: fc.nat({ max: 9 }).map((n) => n < 2),
      delay: fc.nat({ max: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(call, { minLength: 2, maxLength: 8 }),
        fc.subarray([...Array(USERS).keys()], { maxLength: 1 }),
        fc.integer({ min: 1, max: 2 }),
        fc.nat(),
        async (calls, configuredUsers, bootstrapAdmins, seed) => {
          const random = randomFrom(seed);
          const clock = new ManualClock('2026-01-01T00:00:00.000Z');
          const store = memoryEventStore({ registry: eventRegistry([...identityEvents]), now: () => clock.now() });
          const staff: Record<string, StaffRole[]> = {};
          // What every process of one shop shares: the store, the keys, the peppers, the configuration.
          const shared: Omit<IdentityServiceConfig, 'store'> = {
            clock,
            ids: randomIds,
            notifier: memoryOutbox(),
            passwords: cheapPasswordHasher(),
            vault: personalDataVault(memoryKeyStore()),
            contacts: contactHasher(randomBytes(32)),
            codes: verificationCodes(randomBytes(32)),
            staff,
          };
          const processes = [...Array(PROCESSES).keys()].map(() => identityService({ ...shared, store: processStore(store, random, false) }));
          const first = processes[0] as IdentityService;
          const users: string[] = [];
          for (let i = 0; i < USERS; i += 1) {
            const registered = await first.register({ contact: phone(i), password: 'first password' });
            if (E.isLeft(registered)) throw new Error(registered.left._tag);
            users.push(registered.right.userId);
          }
          for (const i of configuredUsers) staff[users[i] ?? ''] = ['admin'];
          for (let i = 0; i < bootstrapAdmins; i += 1) expect(E.isRight(await first.grantRole(users[i] ?? '', 'admin', 'bootstrap'))).toBe(true);
          const settledFrom = await store.headPosition();

          let tick = 0;
          const observed: Observed[] = [];
          await Promise.all(
            calls.map(async (c) => {
              await yieldTimes(c.delay);
              // A process that dies is one of its own: it takes this call and nothing else.
              const service = c.dies ? identityService({ ...shared, store: processStore(store, random, true) }) : (processes[c.process] as IdentityService);
              const userId = users[c.target] ?? '';
              const o: Observed = { call: c, userId, startedAt: (tick += 1), endedAt: Number.POSITIVE_INFINITY, headAtStart: await store.headPosition(), outcome: 'right' };
              observed.push(o);
              try {
                const result = await run(c, service, userId);
                o.outcome = E.isRight(result) ? 'right' : result.left._tag;
                o.endedAt = tick += 1;
              } catch (error) {
                if (!(error instanceof ProcessDied)) throw error;
                o.outcome = 'died';
              }
            }),
          );

          // What the administration process does once the timeouts fire: finish what is held, record every user.
          const upkeep = (processes[1] as IdentityService).administration;
          for (const held of Object.values((await upkeep.ledger()).reservations)) await upkeep.finishReservation(held.userId, held.userRevision);
          for (const userId of users) expect(E.isRight(await upkeep.recordStanding(userId))).toBe(true);

          const log = await store.readAll();
          // Never, after any event, a shop without an administrator.
          for (const event of log.filter((e) => e.position > settledFrom)) {
            expect(adminsOf(usersUpTo(log, event.position), staff), `after ${event.type} at ${event.position}`).not.toEqual([]);
          }
          // No call failed but as a typed refusal the caller can act on.
          for (const o of observed) expect(['right', 'died', 'LastAdministrator', 'AccountIsClosed', 'AccountNotClosed']).toContain(o.outcome);
          // A refusal only when no one else surely stayed an administrator throughout the call.
          for (const refused of observed.filter((o) => o.outcome === 'LastAdministrator')) {
            const then = usersUpTo(log, refused.headAtStart);
            for (const other of adminsOf(then, staff).filter((id) => id !== refused.userId)) {
              const touched = observed.some((o) => o.userId === other && o.startedAt < refused.endedAt && o.endedAt > refused.startedAt);
              expect(touched, `${refused.call.action} of ${refused.userId} refused while ${other} administered untouched`).toBe(true);
            }
          }
          // Settled, the ledger is the fold of the users' own streams, and holds nothing.
          const ledger = await upkeep.ledger();
          const granted = [...usersUpTo(log)].filter(([, state]) => isAdministrator(state, [])).map(([id]) => id).sort();
          expect(ledgerAdministrators(ledger)).toEqual(granted);
          expect(ledger.reservations).toEqual({});
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});
