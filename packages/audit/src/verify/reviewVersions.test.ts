import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '@shopstream/kernel';
import type { RecordedEvent } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { memoryKeyStore, personalDataVault } from '@shopstream/commerce/privacy';
import { reviewStream, sealContent } from '@shopstream/commerce/reviews';
import { presenter } from '../privacy/personalData.js';
import { replayAggregate } from '../replay/replay.js';
import { storedLog } from './fixtures.js';
import { verifyLog } from './verify.js';

const AT = '2026-01-01T00:00:00.000Z';

/**
 * A log that spans the change to sealed review words: a review and follow-up as version 1 wrote them (words in
 * clear), a review as version 2 writes it (sealed under its author's key), and that author's erasure.
 */
const spanningLog = async () => {
  const store = memoryEventStore({ registry: commerceEventRegistry() });
  const vault = personalDataVault(memoryKeyStore());
  const old = reviewStream('o-1', 'l-1');
  const sealed = reviewStream('o-2', 'l-2');
  const facts = { productId: 'p-1', anonymous: false, writtenAt: AT };
  await store.append(old, [
    { type: 'ReviewWritten', schemaVersion: 1, data: { ...facts, reviewId: 'r-1', orderId: 'o-1', lineId: 'l-1', authorId: 'u-1', rating: 4, text: '旧的评论', images: [] } },
    { type: 'FollowUpAdded', schemaVersion: 1, data: { reviewId: 'r-1', authorId: 'u-1', text: '旧的追评', images: ['https://img.example.com/1.jpg'], at: AT } },
  ]);
  const content = await sealContent(vault, 'u-2', { text: '新的评论', images: [] });
  await store.append(sealed, [{ type: 'ReviewWritten', data: { ...facts, reviewId: 'r-2', orderId: 'o-2', lineId: 'l-2', authorId: 'u-2', rating: 2, content } }]);
  await store.append('user-u-2', [{ type: 'PersonalDataErased', data: { at: AT } }]);
  await vault.erase('u-2');
  return { store, old, sealed };
};

describe('a log with review events of both versions', () => {
  it('verifies: the chain, the positions and every payload against its own version’s schema', async () => {
    const { store } = await spanningLog();
    const report = await verifyLog(store, { contiguousPositions: true, lastAssignedPosition: 4 });
    expect(report).toMatchObject({ ok: true, events: 4, totalFindings: 0 });
  });

  it('finds a sealed envelope or a legacy text changed behind the store’s back', async () => {
    const { store } = await spanningLog();
    const raw = await store.readAll({ raw: true });
    const edit = (type: string, change: (data: Record<string, unknown>) => Record<string, unknown>): RecordedEvent[] =>
      raw.map((e) => (e.type === type && e.stream.startsWith('review-') ? { ...e, data: change(e.data as Record<string, unknown>) } : e));
    const swapped = edit('FollowUpAdded', (data) => ({ ...data, text: '改过的' }));
    const resealed = edit('ReviewWritten', (data) => ('content' in data ? { ...data, content: { ...(data['content'] as object), data: 'AAAA' } } : data));
    for (const tampered of [swapped, resealed]) expect((await verifyLog(storedLog(tampered), { contiguousPositions: true })).findingsByTag).toMatchObject({ HashMismatch: 1 });
  });

  it('replays both reviews through the decider, the old one upcast', async () => {
    const { store, old, sealed } = await spanningLog();
    expect((await replayAggregate(store, old)).state).toMatchObject({ status: 'published', rating: 4, authorId: 'u-1', followUpAt: AT });
    expect((await replayAggregate(store, sealed)).state).toMatchObject({ status: 'published', rating: 2, authorId: 'u-2' });
  });

  it('shows an auditor the erased author’s words as erased; old words were never sealed and still read in clear', async () => {
    const { store } = await spanningLog();
    const present = presenter({ erasedSubjects: new Set(['u-2']) });
    const events = (await store.readAll()).filter((e) => e.stream.startsWith('review-'));
    expect(await present(events.map((e) => e.data))).toMatchObject([
      { content: { clear: { text: '旧的评论' } } },
      { content: { clear: { text: '旧的追评' } } },
      { content: { $erased: { subject: 'u-2' } } },
    ]);
  });
});
