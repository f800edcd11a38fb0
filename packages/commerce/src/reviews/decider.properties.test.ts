import { commandHandler, eventRegistry, fold, memoryEventStore } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sealed } from '../shared/sealed.js';
import type { ReviewCommand } from './commands.js';
import type { ReviewState } from './decider.js';
import { reviewStream, reviews } from './decider.js';
import type { ReviewEvent } from './events.js';
import { reviewEvents } from './events.js';

const registry = eventRegistry(reviewEvents);
const users = ['c-1', 'c-2', 'c-3', 'c-4'];
const now = new Date('2026-02-01T00:00:00.000Z');
const sealedBy = (subject: string): Sealed => ({ v: 1, subject, keyId: 'key-1', iv: 'AAAAAAAAAAAAAAAA', data: 'AAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==' });

const writeBy = (authorId: string, buyerId: string, delivered: boolean, rating: number, sealer: string = authorId): ReviewCommand => ({
  type: 'WriteReview',
  reviewId: 'r-1',
  orderId: 'o-1',
  lineId: 'line-1',
  productId: 'p-1',
  authorId,
  anonymous: false,
  rating,
  content: sealedBy(sealer),
  purchase: { buyerId, deliveredAt: delivered ? '2026-01-20T00:00:00.000Z' : null },
});

const user = fc.constantFrom(...users);
const command: fc.Arbitrary<ReviewCommand> = fc.oneof(
  // Mostly sealed by the author, as the SDK seals; sometimes under another subject's key.
  fc.tuple(user, user, fc.boolean(), fc.integer({ min: 0, max: 6 }), fc.option(user, { freq: 4 })).map(([a, b, d, r, s]) => writeBy(a, b, d, r, s ?? a)),
  fc.tuple(user, fc.option(user, { freq: 4 })).map(([authorId, s]): ReviewCommand => ({ type: 'AddFollowUp', reviewId: 'r-1', authorId, content: sealedBy(s ?? authorId) })),
  fc.constantFrom('thanks', '').map((text): ReviewCommand => ({ type: 'ReplyToReview', reviewId: 'r-1', merchantId: 'm', text })),
  fc.constantFrom('thanks again', '').map((text): ReviewCommand => ({ type: 'EditReply', reviewId: 'r-1', merchantId: 'm', text })),
  fc.constantFrom('spam', '').map((reason): ReviewCommand => ({ type: 'HideReview', reviewId: 'r-1', moderatorId: 'mod', reason })),
  fc.constantFrom('appeal', '').map((reason): ReviewCommand => ({ type: 'RestoreReview', reviewId: 'r-1', moderatorId: 'mod', reason })),
  user.map((voterId): ReviewCommand => ({ type: 'VoteHelpful', reviewId: 'r-1', voterId })),
  user.map((voterId): ReviewCommand => ({ type: 'WithdrawHelpfulVote', reviewId: 'r-1', voterId })),
);

/** Histories that usually start with a valid review, so that what follows it gets exercised. */
const histories = fc
  .tuple(fc.boolean(), fc.array(command, { maxLength: 40, size: 'max' }))
  .map(([opened, rest]) => (opened ? [writeBy('c-1', 'c-1', true, 4), ...rest] : rest));

/** Runs commands through decide and evolve, returning every event produced. */
const run = (commands: readonly ReviewCommand[]): { events: ReviewEvent[]; state: ReviewState } => {
  const events: ReviewEvent[] = [];
  let state = reviews.initialState();
  for (const c of commands) {
    const decision = reviews.decide(c, state, { now });
    if (E.isRight(decision)) {
      events.push(...decision.right);
      state = fold(reviews, decision.right, state);
    }
  }
  return { events, state };
};

describe('review properties', () => {
  it('a line gets at most one review, only from its buyer after delivery, rated 1 to 5', () => {
    fc.assert(
      fc.property(histories, (commands) => {
        const { events } = run(commands);
        const written = events.filter((e) => e.type === 'ReviewWritten');
        expect(written.length).toBeLessThanOrEqual(1);
        const accepted = commands.find(
          (c) => c.type === 'WriteReview' && c.authorId === c.purchase.buyerId && c.purchase.deliveredAt !== null && c.rating >= 1 && c.rating <= 5 && c.content.subject === c.authorId,
        );
        expect(written.length).toBe(accepted ? 1 : 0);
        for (const e of events) expect(registry.validate(e.type, e.data)).toMatchObject({ ok: true });
      }),
      { numRuns: 300 },
    );
  });

  it('every review and follow-up it writes carries its words sealed under the author’s own subject', () => {
    fc.assert(
      fc.property(histories, (commands) => {
        const { events } = run(commands);
        for (const e of events) {
          if (e.type === 'ReviewWritten' || e.type === 'FollowUpAdded') expect(e.data.content).toMatchObject({ subject: e.data.authorId });
        }
        // An envelope under another subject never reaches an event (each command's envelope is its own object).
        const refused = commands.flatMap((c) => ((c.type === 'WriteReview' || c.type === 'AddFollowUp') && c.content.subject !== c.authorId ? [c.content] : []));
        for (const e of events) if ('content' in e.data) expect(refused).not.toContain(e.data.content);
      }),
      { numRuns: 300 },
    );
  });

  it('helpful votes are one per user, never the author’s, and the count matches the votes', () => {
    fc.assert(
      fc.property(histories, (commands) => {
        const { events, state } = run(commands);
        if (state.status === 'none') return;
        expect(new Set(state.helpfulVoters).size).toBe(state.helpfulVoters.length);
        expect(state.helpfulVoters).not.toContain(state.authorId);
        const net = new Map<string, number>();
        for (const e of events) {
          if (e.type === 'HelpfulVoteCast') net.set(e.data.voterId, (net.get(e.data.voterId) ?? 0) + 1);
          if (e.type === 'HelpfulVoteWithdrawn') net.set(e.data.voterId, (net.get(e.data.voterId) ?? 0) - 1);
        }
        for (const count of net.values()) expect([0, 1]).toContain(count);
        expect(state.helpfulVoters.length).toBe([...net.values()].reduce((a, b) => a + b, 0));
        expect(events.filter((e) => e.type === 'FollowUpAdded').length).toBeLessThanOrEqual(1);
        expect(events.filter((e) => e.type === 'MerchantReplied').length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('racing writers on the store: exactly one review per line survives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 6 }), async (ratings) => {
        const store = memoryEventStore({ registry });
        const handle = commandHandler({ store, decider: reviews, retry: { maxAttempts: 10 }, sleep: async () => undefined });
        const outcomes = await Promise.all(ratings.map((rating, i) => handle(reviewStream('o-1', 'line-1'), { ...writeBy('c-1', 'c-1', true, rating), reviewId: `r-${i}` })));
        expect(outcomes.filter(E.isRight)).toHaveLength(1);
        for (const o of outcomes.filter(E.isLeft)) expect(o.left._tag).toBe('ReviewAlreadyWritten');
        expect((await store.readStream(reviewStream('o-1', 'line-1'))).filter((e) => e.type === 'ReviewWritten')).toHaveLength(1);
      }),
      { numRuns: 30 },
    );
  });

  it('evolve never throws on any sequence of valid events, and the same history folds to the same plain-JSON state', () => {
    const scrambled = histories
      .map((commands) => run(commands).events)
      .chain((events) => (events.length === 0 ? fc.constant<ReviewEvent[]>([]) : fc.array(fc.constantFrom(...events), { maxLength: 30 })));
    fc.assert(
      fc.property(scrambled, (events) => {
        const once = fold(reviews, events);
        expect(fold(reviews, events)).toEqual(once);
        expect(JSON.parse(JSON.stringify(once))).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
