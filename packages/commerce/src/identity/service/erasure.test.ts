import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { eventRegistry, memoryEventStore, verifyStreamIntegrity } from '@shopstream/kernel';
import type { RecordedEvent } from '@shopstream/kernel';
import { Sealed } from '../../shared/sealed.js';
import { identityEvents } from '../events.js';
import { userStream } from '../streams.js';
import { identityHarness } from '../testing/harness.js';

const rightOf = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};

/** Every Sealed value anywhere inside a JSON value. */
const sealedValues = (value: unknown): Sealed[] => {
  if (value === null || typeof value !== 'object') return [];
  const parsed = Sealed.safeParse(value);
  if (parsed.success) return [parsed.data];
  return Object.values(value as Record<string, unknown>).flatMap(sealedValues);
};

const personalData = {
  alice: { email: 'alice.wang@example.com', name: '王爱丽', nickname: 'Ally', phone: '+8613912345678', lines: '南京西路 1266 号恒隆广场 5201 室' },
  bob: { phone: '+8613700001111', name: 'Bob Li', nickname: 'bobby', lines: '人民路 8 号 12 楼' },
};

const setUp = async () => {
  // Other contexts' events sit in the same store: an order keeps its own sealed copy of the delivery address.
  const clockStart = new Date('2026-01-01T00:00:00.000Z');
  const store = memoryEventStore({ registry: eventRegistry([...identityEvents], { allowUnknownTypes: true }), now: () => clockStart });
  const h = identityHarness({ store });
  const region = { country: 'CN', province: '上海市', city: '上海市', district: '静安区' };
  const { alice, bob } = personalData;

  const a = rightOf(await h.service.register({ contact: alice.email, password: 'alice password' }));
  rightOf(await h.service.updateProfile(a.userId, { name: alice.name, nickname: alice.nickname, birthday: '1991-02-03' }));
  rightOf(await h.service.addAddress(a.userId, { recipientName: alice.name, phone: alice.phone, region, lines: alice.lines, postalCode: '200040' }));
  const b = rightOf(await h.service.register({ contact: bob.phone, password: 'bob password!' }));
  rightOf(await h.service.updateProfile(b.userId, { name: bob.name, nickname: bob.nickname, birthday: null }));
  rightOf(await h.service.addAddress(b.userId, { recipientName: bob.name, phone: bob.phone, region, lines: bob.lines, postalCode: null }));

  const added = (await store.readStream(userStream(a.userId))).find((e) => e.type === 'AddressAdded');
  await store.append('order-1', [{ type: 'OrderPlacedForTest', data: { customerId: a.userId, shipTo: (added?.data as { address: unknown }).address } }]);
  return { ...h, alice: a.userId, bob: b.userId };
};

const allStreams = async (events: readonly RecordedEvent[], read: (stream: string) => Promise<RecordedEvent[]>) =>
  Promise.all([...new Set(events.map((e) => e.stream))].map((stream) => read(stream)));

describe('personal data in the event store', () => {
  it('is never stored in plaintext: not the email, phone, name, nickname, birthday nor address lines', async () => {
    const h = await setUp();
    const events = await h.store.readAll();
    expect(events.length).toBeGreaterThan(8);
    const stored = JSON.stringify(events);
    const { alice, bob } = personalData;
    for (const plaintext of [alice.email, 'alice.wang', alice.name, alice.nickname, alice.phone, '13912345678', alice.lines, '1991-02-03', bob.phone, '13700001111', bob.name, bob.lines, 'bobby']) {
      expect(stored).not.toContain(plaintext);
    }
    // while the vault opens it all
    expect(await h.service.readAccount(h.alice)).toMatchObject({ contact: { value: alice.email }, profile: { name: alice.name, birthday: '1991-02-03' } });
  });
});

describe('erasure (crypto-shredding)', () => {
  it('makes every value sealed for the user open to null, in every stream, while the log still reads and verifies', async () => {
    const h = await setUp();
    rightOf(await h.service.closeAccount(h.alice, { by: 'customer' }));
    rightOf(await h.service.erasePersonalData(h.alice));

    const all = await h.store.readAll();
    const sealed = all.flatMap((e) => sealedValues(e.data));
    const alices = sealed.filter((s) => s.subject === h.alice);
    const bobs = sealed.filter((s) => s.subject === h.bob);
    // Alice: contact, name, nickname, birthday, three address fields and the order’s three copies. Bob: no birthday, no order.
    expect(alices).toHaveLength(10);
    expect(bobs).toHaveLength(6);
    for (const s of alices) expect(await h.vault.open(s)).toBeNull();
    for (const s of bobs) expect(await h.vault.open(s)).not.toBeNull();
    expect(all.some((e) => e.stream === 'order-1')).toBe(true);

    const streams = await allStreams(all, (stream) => h.store.readStream(stream, { raw: true }));
    for (const events of streams) expect(verifyStreamIntegrity(events)).toEqual([]);

    // The account still folds and reads; what was personal is simply gone.
    const view = await h.service.readAccount(h.alice);
    expect(view).toMatchObject({
      status: 'closed',
      erased: true,
      contact: { kind: 'email', value: null },
      profile: { name: null, nickname: null, birthday: null },
      addresses: [{ recipientName: null, phone: null, lines: null, region: { district: '静安区' } }],
    });
    expect((await h.service.readAccount(h.bob))?.profile.name).toBe(personalData.bob.name);
  });

  it('records the erasure once, and can run again after a crash between recording and deleting the key', async () => {
    const h = await setUp();
    rightOf(await h.service.closeAccount(h.alice, { by: 'customer' }));
    // The first run recorded the erasure, then died before the key was deleted.
    await h.store.append(userStream(h.alice), [{ type: 'PersonalDataErased', data: { at: '2026-01-01T00:00:00.000Z' } }]);
    expect((await h.service.readAccount(h.alice))?.contact?.value).toBe(personalData.alice.email);
    rightOf(await h.service.erasePersonalData(h.alice));
    expect((await h.service.readAccount(h.alice))?.contact?.value).toBeNull();
    expect((await h.store.readStream(userStream(h.alice))).filter((e) => e.type === 'PersonalDataErased')).toHaveLength(1);
  });

  it('frees the email for someone new, whose data is sealed under a new subject', async () => {
    const h = await setUp();
    rightOf(await h.service.closeAccount(h.alice, { by: 'customer' }));
    rightOf(await h.service.erasePersonalData(h.alice));
    const again = rightOf(await h.service.register({ contact: personalData.alice.email, password: 'a fresh start' }));
    expect((await h.service.readAccount(again.userId))?.contact?.value).toBe(personalData.alice.email);
  });
});
