import { commandHandler, eventRegistry, fold, memoryEventStore } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InboxCommand, NotificationFacts } from './commands.js';
import { inbox, inboxStream } from './decider.js';
import type { InboxEvent } from './events.js';
import { inboxEvents } from './events.js';
import type { InboxState } from './inbox.js';
import { isRead } from './inbox.js';

const now = new Date('2026-03-02T08:00:00.000Z');
const me = 'c-1';

/** A shop's notifications in log order: each is c-1's, another customer's, or not addressed to anyone yet. */
const notifications: fc.Arbitrary<readonly NotificationFacts[]> = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.constantFrom<string | null>(me, me, 'c-2', null)), { minLength: 1, maxLength: 25 })
  .map((entries) => {
    let position = 0;
    return entries.map(([gap, customerId], i) => {
      position += gap;
      return { notificationId: `n-${i}`, customerId, position };
    });
  });

/** c-1's commands: on a notification of the shop (theirs or not), or on an id the read model does not know. */
const commandsOver = (shop: readonly NotificationFacts[]): fc.Arbitrary<readonly InboxCommand[]> =>
  fc.array(
    fc.tuple(fc.constantFrom<'one' | 'upTo'>('one', 'upTo'), fc.integer({ min: -1, max: shop.length - 1 })).map(([scope, i]): InboxCommand => {
      const notification = shop[i] ?? null;
      return { type: 'MarkNotificationsRead', customerId: me, scope, notificationId: notification?.notificationId ?? 'n-unknown', notification };
    }),
    { maxLength: 30 },
  );

const scenario = notifications.chain((shop) => commandsOver(shop).map((commands) => ({ shop, commands })));

const mine = (shop: readonly NotificationFacts[]) => shop.filter((n) => n.customerId === me);
const unread = (shop: readonly NotificationFacts[], state: InboxState): number => mine(shop).filter((n) => !isRead(state, n.position)).length;

/** Decides each command on the state so far, keeping the events of those accepted. */
const run = (commands: readonly InboxCommand[]) => {
  let state = inbox.initialState();
  const steps: { command: InboxCommand; decision: E.Either<unknown, readonly InboxEvent[]>; before: InboxState; after: InboxState }[] = [];
  for (const command of commands) {
    const before = state;
    const decision = inbox.decide(command, state, { now });
    if (E.isRight(decision)) state = fold(inbox, decision.right, state);
    steps.push({ command, decision, before, after: state });
  }
  return { state, steps };
};

describe('inbox properties', () => {
  it('never marks a notification that is not the customer’s, and refuses every such command', () => {
    fc.assert(
      fc.property(scenario, ({ shop, commands }) => {
        const ids = new Set(mine(shop).map((n) => n.notificationId));
        for (const { command, decision } of run(commands).steps) {
          const owned = command.notification?.customerId === me;
          expect(E.isLeft(decision)).toBe(!owned);
          if (E.isRight(decision)) for (const event of decision.right) expect(ids.has(event.data.notificationId) && event.data.customerId === me).toBe(true);
        }
      }),
    );
  });

  it('is idempotent: the same mark again records nothing', () => {
    fc.assert(
      fc.property(scenario, ({ commands }) => {
        for (const { command, decision, after } of run(commands).steps) {
          if (E.isRight(decision)) expect(inbox.decide(command, after, { now })).toEqual(E.right([]));
        }
      }),
    );
  });

  it('reads exactly what a set of marked notifications would: the unread count never goes below zero nor up', () => {
    fc.assert(
      fc.property(scenario, ({ shop, commands }) => {
        const read = new Set<number>();
        for (const { command, before, after } of run(commands).steps) {
          const target = command.notification;
          if (target?.customerId === me) {
            for (const n of mine(shop)) if (command.scope === 'one' ? n.position === target.position : n.position <= target.position) read.add(n.position);
          }
          expect(mine(shop).filter((n) => isRead(after, n.position)).map((n) => n.position)).toEqual(mine(shop).filter((n) => read.has(n.position)).map((n) => n.position));
          expect(unread(shop, after)).toBeGreaterThanOrEqual(0);
          expect(unread(shop, after)).toBeLessThanOrEqual(unread(shop, before));
        }
      }),
    );
  });

  it('keeps its state no larger than the notifications read out of order', () => {
    fc.assert(
      fc.property(scenario, ({ commands }) => {
        const { state } = run(commands);
        expect(state.readAfter.every((p) => p > state.readUpTo)).toBe(true);
        expect(new Set(state.readAfter).size).toBe(state.readAfter.length);
      }),
    );
  });

  it('records events its schemas accept, and folds back to the same state from the store', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ commands }) => {
        const store = memoryEventStore({ registry: eventRegistry(inboxEvents) });
        const handle = commandHandler({ store, decider: inbox, clock: { now: () => now } });
        for (const command of commands) await handle(inboxStream(me), command);
        const stored = (await store.readStream(inboxStream(me))).map((e) => ({ type: e.type, data: e.data }) as InboxEvent);
        expect(fold(inbox, stored)).toEqual(run(commands).state);
      }),
      { numRuns: 40 },
    );
  });
});
