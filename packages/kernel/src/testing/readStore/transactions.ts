import { describe, expect, it } from 'vitest';
import type { ReadStoreSession } from '../../readStore/readStore.js';
import { rejected } from './context.js';
import type { ContractContext } from './context.js';

export const transactionContract = ({ make, reopen }: ContractContext): void => {
  describe('transactions', () => {
    it('see their own writes, hide them from others until commit, then show all of them', async () => {
      const store = await make();
      const outside = store.collection('accounts');
      await outside.replaceOne({ _id: 'a', balance: 10 });
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let reachedGate: () => void = () => undefined;
      const atGate = new Promise<void>((resolve) => {
        reachedGate = resolve;
      });
      const running = store.transaction(async (session) => {
        const inside = session.collection('accounts');
        await inside.updateOne({ _id: 'a' }, { $inc: { balance: -4 } });
        await inside.replaceOne({ _id: 'b', balance: 4 });
        await session.collection('checkpoints').replaceOne({ _id: 'transfers', position: 7 });
        expect(await inside.find({ balance: { $gt: 0 } }, { sort: { _id: 1 } })).toEqual([
          { _id: 'a', balance: 6 },
          { _id: 'b', balance: 4 },
        ]);
        expect(await inside.count()).toBe(2);
        reachedGate();
        await gate;
        return 'done';
      });
      await atGate;
      expect(await outside.find({}, { sort: { _id: 1 } })).toEqual([{ _id: 'a', balance: 10 }]);
      expect(await store.collection('checkpoints').get('transfers')).toBeNull();
      release();
      expect(await running).toBe('done');
      expect(await outside.find({}, { sort: { _id: 1 } })).toEqual([
        { _id: 'a', balance: 6 },
        { _id: 'b', balance: 4 },
      ]);
      expect(await store.collection('checkpoints').get('transfers')).toEqual({ _id: 'transfers', position: 7 });
    });

    it('leave nothing behind when the work throws, also in indexes', async () => {
      const store = await make();
      const users = store.collection('users');
      await users.ensureIndexes([{ keys: { email: 1 }, unique: true }]);
      await users.replaceOne({ _id: 'u1', email: 'a@x' });
      await expect(
        store.transaction(async (session) => {
          const inside = session.collection('users');
          await inside.replaceOne({ _id: 'u2', email: 'b@x' });
          await inside.updateOne({ _id: 'u1' }, { $set: { email: 'c@x' } });
          await session.collection('checkpoints').replaceOne({ _id: 'users', position: 3 });
          throw new Error('projector failed');
        }),
      ).rejects.toThrow('projector failed');
      expect(await users.find({}, { sort: { _id: 1 } })).toEqual([{ _id: 'u1', email: 'a@x' }]);
      expect(await users.findOne({ email: 'c@x' })).toBeNull();
      expect(await store.collection('checkpoints').get('users')).toBeNull();
      // b@x was never committed, so it is free; a@x is still taken.
      await users.replaceOne({ _id: 'u3', email: 'b@x' });
      await rejected(users.replaceOne({ _id: 'u4', email: 'a@x' }), 'DuplicateKey');
    });

    it('rethrow the error of the work unchanged, so callers can tell their own failures apart', async () => {
      const store = await make();
      class HandlerFailed extends Error {
        readonly eventId = 'e-42';
      }
      const failure = new HandlerFailed('handler failed');
      const caught = await store
        .transaction(async (session) => {
          await session.collection('docs').replaceOne({ _id: 'x' });
          throw failure;
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(caught).toBe(failure);
      expect(await store.collection('docs').get('x')).toBeNull();
    });

    it('check unique keys against their own writes, and a failed operation leaves the rest of the session intact', async () => {
      const store = await make();
      await store.collection('users').ensureIndexes([{ keys: { email: 1 }, unique: true }]);
      await store.collection('users').replaceOne({ _id: 'u1', email: 'a@x' });
      await store.transaction(async (session) => {
        const users = session.collection('users');
        await users.updateOne({ _id: 'u1' }, { $set: { email: 'moved@x' } });
        await users.replaceOne({ _id: 'u2', email: 'a@x' });
        await rejected(users.replaceOne({ _id: 'u3', email: 'moved@x' }), 'DuplicateKey');
        await rejected(users.bulkWrite([{ replaceOne: { document: { _id: 'u4', email: 'd@x' } } }, { replaceOne: { document: { _id: 'u5', email: 'a@x' } } }]), 'DuplicateKey');
        expect(await users.get('u4')).toBeNull();
        // An updateMany that fails on its second document leaves the first as it was.
        await users.replaceOne({ _id: 'u6', email: 'f@x', n: 1 });
        await users.replaceOne({ _id: 'u7', email: 'g@x', n: 'text' });
        await rejected(users.updateMany({ _id: { $in: ['u6', 'u7'] } }, { $inc: { n: 1 } }), 'InvalidQuery');
        expect(await users.get('u6')).toEqual({ _id: 'u6', email: 'f@x', n: 1 });
        await users.deleteMany({ _id: { $in: ['u6', 'u7'] } });
        // A failed first write to a new collection does not create it.
        await rejected(session.collection('fresh').updateOne({ _id: 'x' }, { $set: { 'a.b': 1 }, $unset: { a: '' } }, { upsert: true }), 'InvalidQuery');
        await rejected(session.collection('fresh2').bulkWrite([{ replaceOne: { document: { _id: 'y', n: 'text' } } }, { updateOne: { filter: { _id: 'y' }, update: { $inc: { n: 1 } } } }]), 'InvalidQuery');
      });
      expect(await store.listCollections()).toEqual(['users']);
      const users = store.collection('users');
      expect(await users.find({}, { sort: { _id: 1 } })).toEqual([
        { _id: 'u1', email: 'moved@x' },
        { _id: 'u2', email: 'a@x' },
      ]);
    });

    it('declare indexes with their writes: checked inside, kept on commit, gone on rollback', async () => {
      const store = await make();
      await store.collection('users').replaceOne({ _id: 'u1', email: 'a@x' });
      await expect(
        store.transaction(async (session) => {
          const users = session.collection('users');
          await users.ensureIndexes([{ keys: { email: 1 }, unique: true }]);
          await rejected(users.replaceOne({ _id: 'u2', email: 'a@x' }), 'DuplicateKey');
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      // The index went with the transaction, so the duplicate is now allowed.
      await store.collection('users').replaceOne({ _id: 'u2', email: 'a@x' });
      await store.collection('users').deleteOne({ _id: 'u2' });
      await store.transaction(async (session) => {
        const users = session.collection('users');
        await users.replaceOne({ _id: 'u3', email: 'b@x' });
        await users.ensureIndexes([{ keys: { email: 1 }, unique: true }]);
        await rejected(users.replaceOne({ _id: 'u4', email: 'b@x' }), 'DuplicateKey');
      });
      await rejected(store.collection('users').replaceOne({ _id: 'u5', email: 'b@x' }), 'DuplicateKey');
      expect((await store.collection('users').find({ email: 'b@x' })).map((u) => u._id)).toEqual(['u3']);
    });

    it('run one after another, each seeing the last commit', async () => {
      const store = await make();
      const counters = store.collection('counters');
      await Promise.all(
        Array.from({ length: 5 }, () =>
          store.transaction(async (session) => {
            const c = session.collection('counters');
            const current = (await c.get('n')) as { value?: number } | null;
            await c.replaceOne({ _id: 'n', value: (current?.value ?? 0) + 1 });
          }),
        ),
      );
      expect(await counters.get('n')).toEqual({ _id: 'n', value: 5 });
    });

    it('refuse a session used after its transaction ended', async () => {
      const store = await make();
      let kept: ReadStoreSession | undefined;
      await store.transaction(async (session) => {
        kept = session;
      });
      await expect(kept?.collection('c').count()).rejects.toMatchObject({ detail: { _tag: 'InvalidQuery' } });
    });
  });

  describe('closing', () => {
    it('refuses use after close', async () => {
      const store = await make();
      const c = store.collection('c');
      await store.close();
      await rejected(c.count(), 'ReadStoreClosed');
      await rejected(c.replaceOne({ _id: 'x' }), 'ReadStoreClosed');
    });
  });

  if (reopen !== undefined) {
    describe('persistence', () => {
      it('keeps documents, indexes and checkpoints across a reopen, and nothing of a failed transaction', async () => {
        const first = await make();
        const users = first.collection('users');
        await users.ensureIndexes([{ keys: { email: 1 }, unique: true }, { keys: { tags: 1 } }]);
        await users.bulkWrite([
          { replaceOne: { document: { _id: 'u1', email: 'a@x', tags: ['x', 'y'] } } },
          { replaceOne: { document: { _id: 'u2', email: 'b@x', tags: ['y'] } } },
        ]);
        await first.transaction(async (session) => {
          await session.collection('users').updateOne({ _id: 'u2' }, { $set: { email: 'c@x' } });
          await session.collection('checkpoints').replaceOne({ _id: 'users', position: 2 });
        });
        await expect(
          first.transaction(async (session) => {
            await session.collection('users').deleteMany({});
            await session.collection('checkpoints').replaceOne({ _id: 'users', position: 3 });
            throw new Error('crash before commit');
          }),
        ).rejects.toThrow('crash before commit');
        await first.collection('gone').replaceOne({ _id: '1' });
        await first.dropCollection('gone');
        await first.collection('u').replaceOne({ _id: 'deleted' });
        await first.collection('u').deleteOne({ _id: 'deleted' });

        const second = await reopen(first);
        const again = second.collection('users');
        expect(await again.find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'u1', email: 'a@x', tags: ['x', 'y'] },
          { _id: 'u2', email: 'c@x', tags: ['y'] },
        ]);
        expect(await second.collection('checkpoints').get('users')).toEqual({ _id: 'users', position: 2 });
        expect(await second.listCollections()).toEqual(['checkpoints', 'u', 'users']);
        expect(await second.collection('u').count()).toBe(0);
        await rejected(again.replaceOne({ _id: 'u3', email: 'a@x' }), 'DuplicateKey');
        expect((await again.find({ tags: 'y' })).length).toBe(2);
        await again.ensureIndexes([{ keys: { email: 1 }, unique: true }]);
      });
    });
  }
};
