import * as E from 'fp-ts/lib/Either.js';
import { idOf } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import { endsAdministration, isAdministrator } from '../administrators.js';
import type { UserCommand } from '../commands.js';
import type { UserDecider } from '../decider.js';
import type { LastAdministrator } from '../errors.js';
import type { StaffRole } from '../events.js';
import type { UserState } from '../state.js';
import { evolveUser } from '../state.js';

/** Staff roles the shop's configuration gives, by user id; read at each check, so a changed configuration is followed. */
export type ConfiguredStaff = Readonly<Record<string, readonly StaffRole[]>>;

interface GuardDependencies {
  readonly store: EventStore;
  readonly staff: ConfiguredStaff;
  readonly loadUser: (userId: string) => Promise<UserState>;
  readonly dryRun: (command: UserCommand, state: UserState) => ReturnType<UserDecider['decide']>;
}

/**
 * Keeps the shop administered. `guarded(userId, command, run)` runs `run` (the command's real handling) unless
 * the command would end the last administrator's standing, in which case it answers `LastAdministrator`.
 *
 * Who administers: every open account that holds admin, by a RoleGranted not since revoked (found through the
 * log's RoleGranted events, then each candidate's own fold) or by the configuration. The log is read at check
 * time, not a read model, so the check never trails the writes it guards, in either deployment.
 *
 * Concurrency. Guarded commands of one shop process run one at a time (check and append together), so two admins
 * revoking each other, or closing each other's accounts, at once through one process cannot both succeed: the
 * second sees the first's change and is refused. What it does not cover: several processes over one event store
 * (the scale-out deployment) each hold their own queue, so two such changes that reach two different processes
 * in the same instant can both pass; and appends made around the identity service (raw `EventStore.append`).
 * Closing that gap would need one stream every admin change appends to, for the store's expected revision to
 * arbitrate; the rarity of admin changes is why it is not done.
 */
export const lastAdministratorGuard = ({ store, staff, loadUser, dryRun }: GuardDependencies) => {
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = queue.then(work);
    queue = turn.catch(() => undefined);
    return turn;
  };
  const configured = (userId: string): readonly StaffRole[] => staff[userId] ?? [];

  const anotherAdministrator = async (userId: string): Promise<boolean> => {
    const candidates = new Set(Object.keys(staff).filter((id) => configured(id).includes('admin')));
    const grants = await store.readAll({ filter: { eventTypes: ['RoleGranted'], streamCategories: ['user'] } });
    for (const grant of grants) candidates.add(idOf(grant.stream));
    candidates.delete(userId);
    for (const candidate of candidates) {
      if (isAdministrator(await loadUser(candidate), configured(candidate))) return true;
    }
    return false;
  };

  return <R>(userId: string, command: UserCommand, run: () => Promise<R>): Promise<R | E.Either<LastAdministrator, never>> =>
    oneAtATime(async () => {
      const before = await loadUser(userId);
      const decided = dryRun(command, before);
      // A refused command changes nothing: its own handling answers the refusal.
      if (E.isLeft(decided)) return run();
      const change = { before, after: decided.right.reduce(evolveUser, before) };
      if (!endsAdministration(change, configured(userId)) || (await anotherAdministrator(userId))) return run();
      return E.left({ _tag: 'LastAdministrator', userId });
    });
};
