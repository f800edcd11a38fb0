import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isPersistentKeyStoreError } from '../keys/errors.js';
import { DATA_KEY_BYTES, isKeyStoreError } from '../keys/keyStore.js';
import type { DataKey, KeyStore, PersistentKeyStore } from '../keys/keyStore.js';
import { generateMasterKey } from '../keys/masterKey.js';

export interface KeyStoreContractOptions {
  /** A new, empty store. */
  readonly create: () => KeyStore | Promise<KeyStore>;
}

export interface PersistentKeyStoreContractOptions {
  /** A new, empty store whose data keys `masterKey` (base64) wraps. */
  readonly create: (masterKey: string) => PersistentKeyStore | Promise<PersistentKeyStore>;
  /**
   * The storage the last `create` made, opened once more, as another process would: the stores made before may
   * still be open, and each must see the other's writes.
   */
  readonly reopen: (masterKey: string) => PersistentKeyStore | Promise<PersistentKeyStore>;
}

/** A store's `close`, for the stores that have one (a KeyStore need not). */
const closeStore = async (store: KeyStore): Promise<void> => {
  if ('close' in store && typeof store.close === 'function') await (store.close as () => Promise<void>)();
};

/** Closes whatever a test opened, whether it passed or not. */
const tracker = <Store>(close: (store: Store) => Promise<void>) => {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(async (store) => close(store)));
  });
  return async (made: Store | Promise<Store>): Promise<Store> => {
    const store = await made;
    opened.push(store);
    return store;
  };
};

/** A copy of a key as the store handed it out, so that a store overwriting its own bytes later cannot fool a check. */
const copyOf = (key: DataKey): DataKey => ({ keyId: key.keyId, key: Uint8Array.from(key.key) });

const refusedAsErased = async (attempt: Promise<unknown>, subject: string): Promise<void> => {
  await expect(attempt).rejects.toSatisfy((error) => isKeyStoreError(error) && error.detail._tag === 'SubjectErased' && error.detail.subject === subject);
};

const subjects = ['user-1', '张三', 'o\'brien "q"'] as const;

type Command =
  | { readonly kind: 'create'; readonly subject: number }
  | { readonly kind: 'delete'; readonly subject: number }
  | { readonly kind: 'current'; readonly subject: number }
  | { readonly kind: 'get'; readonly subject: number; readonly pick: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), subject: fc.nat({ max: 2 }) }),
  fc.record({ kind: fc.constant('delete' as const), subject: fc.nat({ max: 2 }) }),
  fc.record({ kind: fc.constant('current' as const), subject: fc.nat({ max: 2 }) }),
  fc.record({ kind: fc.constant('get' as const), subject: fc.nat({ max: 2 }), pick: fc.nat({ max: 7 }) }),
);

/** What a key store must hold after a sequence of commands: the keys each subject was given, and who was erased. */
class KeyModel {
  readonly keys = new Map<string, DataKey[]>();
  readonly erased: string[] = [];
  /** Every key id a subject was ever given, kept after its erasure so that reads of erased keys are checked too. */
  private readonly everHeld = new Map<string, string[]>();

  /** Runs one command against the store and checks its answer against the model. */
  async step(store: KeyStore, cmd: Command): Promise<void> {
    const subject = subjects[cmd.subject] ?? 'user-1';
    const held = this.keys.get(subject) ?? [];
    switch (cmd.kind) {
      case 'create':
        if (this.erased.includes(subject)) {
          await refusedAsErased(store.create(subject), subject);
        } else {
          const key = await store.create(subject);
          expect(key.key).toHaveLength(DATA_KEY_BYTES);
          expect(held.map((k) => k.keyId)).not.toContain(key.keyId);
          this.keys.set(subject, [...held, copyOf(key)]);
        }
        return;
      case 'delete':
        await store.delete(subject);
        this.keys.delete(subject);
        if (!this.erased.includes(subject)) this.erased.push(subject);
        return;
      case 'current':
        expect(await store.current(subject)).toEqual(held.at(-1) ?? null);
        return;
      case 'get': {
        // Ids of keys this subject had, erased or not, and one it never had.
        const everHeld = this.everHeld.get(subject) ?? [];
        const keyId = everHeld[cmd.pick % (everHeld.length + 1)] ?? '00000000-0000-4000-8000-000000000000';
        expect(await store.get(subject, keyId)).toEqual(held.find((k) => k.keyId === keyId) ?? null);
      }
    }
  }

  async run(store: KeyStore, cmd: Command): Promise<void> {
    await this.step(store, cmd);
    for (const [subject, keys] of this.keys) this.everHeld.set(subject, [...new Set([...(this.everHeld.get(subject) ?? []), ...keys.map((k) => k.keyId)])]);
  }

  /** Every read the model can check, on every subject. */
  async verify(store: KeyStore): Promise<void> {
    for (const [subject] of subjects.entries()) {
      await this.step(store, { kind: 'current', subject });
      for (let pick = 0; pick <= (this.everHeld.get(subjects[subject] ?? '')?.length ?? 0); pick += 1) await this.step(store, { kind: 'get', subject, pick });
    }
  }
}

/** The behaviour every KeyStore must show. */
export const keyStoreContract = (name: string, options: KeyStoreContractOptions): void => {
  describe(`KeyStore contract: ${name}`, () => {
    const open = tracker<KeyStore>(closeStore);
    const fresh = () => open(options.create());

    it('has no key for a subject it never saw; create makes a 32-byte key that is current and found by id', async () => {
      const store = await fresh();
      expect(await store.current('user-1')).toBeNull();
      expect(await store.get('user-1', '00000000-0000-4000-8000-000000000000')).toBeNull();
      const key = await store.create('user-1');
      expect(key.key).toBeInstanceOf(Uint8Array);
      expect(key.key).toHaveLength(DATA_KEY_BYTES);
      expect(key.keyId).not.toBe('');
      expect(await store.current('user-1')).toEqual(key);
      expect(await store.get('user-1', key.keyId)).toEqual(key);
    });

    it('a new key becomes current while older keys stay readable; keys belong to their own subject', async () => {
      const store = await fresh();
      const first = copyOf(await store.create('user-1'));
      const second = copyOf(await store.create('user-1'));
      const other = copyOf(await store.create('user-2'));
      expect(new Set([first.keyId, second.keyId, other.keyId]).size).toBe(3);
      expect(Buffer.from(first.key).equals(Buffer.from(second.key))).toBe(false);
      expect(await store.current('user-1')).toEqual(second);
      expect(await store.get('user-1', first.keyId)).toEqual(first);
      expect(await store.get('user-1', second.keyId)).toEqual(second);
      expect(await store.current('user-2')).toEqual(other);
      expect(await store.get('user-2', first.keyId)).toBeNull();
      expect(await store.get('user-1', other.keyId)).toBeNull();
    });

    it('delete erases every key of the subject, leaves the others untouched, and is idempotent', async () => {
      const store = await fresh();
      const erased = [copyOf(await store.create('user-1')), copyOf(await store.create('user-1'))];
      const kept = copyOf(await store.create('user-2'));
      await store.delete('user-1');
      await store.delete('user-1');
      expect(await store.current('user-1')).toBeNull();
      for (const key of erased) expect(await store.get('user-1', key.keyId)).toBeNull();
      expect(await store.current('user-2')).toEqual(kept);
      expect(await store.get('user-2', kept.keyId)).toEqual(kept);
      // Deleting a subject that never had a key is not an error either.
      await store.delete('user-9');
      expect(await store.current('user-9')).toBeNull();
    });

    it('refuses to create a key for an erased subject, for good (SubjectErased)', async () => {
      const store = await fresh();
      await store.create('user-1');
      await store.delete('user-1');
      await refusedAsErased(store.create('user-1'), 'user-1');
      await refusedAsErased(store.create('user-1'), 'user-1');
      await store.delete('user-1');
      await refusedAsErased(store.create('user-1'), 'user-1');
      // A subject erased before it ever had a key is refused too.
      await store.delete('user-2');
      await refusedAsErased(store.create('user-2'), 'user-2');
      expect(await store.current('user-1')).toBeNull();
      expect(await store.create('user-3')).toMatchObject({ keyId: expect.any(String) as unknown });
    });

    it('concurrent creates for one subject are all kept and readable; current is one of them', async () => {
      const store = await fresh();
      const created = (await Promise.all(Array.from({ length: 12 }, () => store.create('user-1')))).map(copyOf);
      expect(new Set(created.map((key) => key.keyId)).size).toBe(12);
      for (const key of created) expect(await store.get('user-1', key.keyId)).toEqual(key);
      expect(created).toContainEqual(await store.current('user-1'));
    });

    it('creates racing an erasure never leave a key behind it', async () => {
      const store = await fresh();
      await store.create('user-1');
      const racing = [...Array.from({ length: 8 }, () => store.create('user-1')), store.delete('user-1'), ...Array.from({ length: 8 }, () => store.create('user-1'))];
      const settled = await Promise.allSettled(racing);
      for (const outcome of settled) {
        if (outcome.status === 'rejected') expect(isKeyStoreError(outcome.reason)).toBe(true);
      }
      expect(await store.current('user-1')).toBeNull();
      for (const outcome of settled) {
        if (outcome.status === 'fulfilled' && outcome.value !== undefined) expect(await store.get('user-1', outcome.value.keyId)).toBeNull();
      }
      await refusedAsErased(store.create('user-1'), 'user-1');
    });

    it('answers every command as a model of keys and erasures does (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
          const store = await fresh();
          const model = new KeyModel();
          for (const cmd of commands) await model.run(store, cmd);
          await model.verify(store);
          await closeStore(store);
        }),
        { numRuns: 30 },
      );
    });
  });
};

/** The behaviour every PersistentKeyStore must show: the KeyStore contract, and what persisting and sharing add. */
export const persistentKeyStoreContract = (name: string, options: PersistentKeyStoreContractOptions): void => {
  const masterKey = generateMasterKey();
  keyStoreContract(name, { create: () => options.create(masterKey) });

  describe(`PersistentKeyStore contract: ${name}`, () => {
    const open = tracker<PersistentKeyStore>((store) => store.close());
    const create = (key = masterKey) => open(options.create(key));
    const reopen = (key = masterKey) => open(options.reopen(key));
    /** An open that fails, whether the store throws at once or rejects. */
    const opening = (made: () => PersistentKeyStore | Promise<PersistentKeyStore>) => Promise.resolve().then(async () => open(made()));

    it('keeps keys, rotations and erasures across a reopen', async () => {
      const store = await create();
      const first = copyOf(await store.create('user-1'));
      const second = copyOf(await store.create('user-1'));
      const erased = copyOf(await store.create('user-2'));
      await store.delete('user-2');
      await store.close();
      await store.close();
      const again = await reopen();
      expect(await again.current('user-1')).toEqual(second);
      expect(await again.get('user-1', first.keyId)).toEqual(first);
      expect(await again.current('user-2')).toBeNull();
      expect(await again.get('user-2', erased.keyId)).toBeNull();
      await refusedAsErased(again.create('user-2'), 'user-2');
      expect(await again.erasedSubjects()).toEqual(['user-2']);
    });

    it('refuses another master key when it opens (WrongMasterKey), and a malformed one (InvalidMasterKey)', async () => {
      const store = await create();
      const key = copyOf(await store.create('user-1'));
      await store.close();
      await expect(opening(() => options.reopen(generateMasterKey()))).rejects.toSatisfy((error) => isPersistentKeyStoreError(error, 'WrongMasterKey'));
      // The refused open changed nothing: the right key still opens the store.
      expect(await (await reopen()).current('user-1')).toEqual(key);
      await expect(opening(() => options.create('not base64!'))).rejects.toSatisfy((error) => isPersistentKeyStoreError(error, 'InvalidMasterKey'));
      await expect(opening(() => options.create(Buffer.alloc(31, 7).toString('base64')))).rejects.toSatisfy((error) => isPersistentKeyStoreError(error, 'InvalidMasterKey'));
    });

    it('lists each erased subject once, in the order they were erased, those that never had a key too', async () => {
      const store = await create();
      await store.create('user-a');
      await store.create('user-c');
      expect(await store.erasedSubjects()).toEqual([]);
      for (const subject of ['user-b', 'user-a', 'user-c', 'user-a', 'user-b']) await store.delete(subject);
      expect(await store.erasedSubjects()).toEqual(['user-b', 'user-a', 'user-c']);
    });

    it('reapplyErasures erases the subjects that still had keys, counts them, and tombstones the others', async () => {
      const store = await create();
      await store.create('user-1');
      await store.create('user-1');
      const kept = copyOf(await store.create('user-2'));
      await store.delete('user-3');
      function* fromTheLog() {
        yield* ['user-1', 'user-3', 'user-4', 'user-1'];
      }
      expect(await store.reapplyErasures(fromTheLog())).toBe(1);
      expect(await store.current('user-1')).toBeNull();
      expect(await store.current('user-2')).toEqual(kept);
      await refusedAsErased(store.create('user-1'), 'user-1');
      await refusedAsErased(store.create('user-4'), 'user-4');
      expect(await store.erasedSubjects()).toEqual(['user-3', 'user-1', 'user-4']);
      expect(await store.reapplyErasures(['user-1', 'user-4'])).toBe(0);
      expect(await store.reapplyErasures([])).toBe(0);
      expect(await store.erasedSubjects()).toEqual(['user-3', 'user-1', 'user-4']);
    });

    it('two stores on one storage (two processes) see each other\'s keys and erasures', async () => {
      const a = await create();
      const b = await reopen();
      const key = copyOf(await a.create('user-1'));
      expect(await b.current('user-1')).toEqual(key);
      const rotated = copyOf(await b.create('user-1'));
      expect(await a.current('user-1')).toEqual(rotated);
      await b.delete('user-1');
      expect(await a.current('user-1')).toBeNull();
      expect(await a.get('user-1', key.keyId)).toBeNull();
      await refusedAsErased(a.create('user-1'), 'user-1');
      expect(await a.erasedSubjects()).toEqual(['user-1']);
    });

    it('creates in one process racing an erasure in another never leave a usable key behind it (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: 6 }), fc.nat({ max: 6 }), fc.boolean(), async (before, after, hadKey) => {
          const a = await create();
          const b = await reopen();
          if (hadKey) await a.create('user-1');
          const creates = (n: number) => Array.from({ length: n }, () => a.create('user-1'));
          const settled = await Promise.allSettled([...creates(before), b.delete('user-1'), ...creates(after)]);
          const made: DataKey[] = [];
          for (const outcome of settled) {
            if (outcome.status === 'rejected') expect(isKeyStoreError(outcome.reason)).toBe(true);
            else if (outcome.value !== undefined) made.push(outcome.value);
          }
          for (const store of [a, b]) {
            expect(await store.current('user-1')).toBeNull();
            for (const key of made) expect(await store.get('user-1', key.keyId)).toBeNull();
            await refusedAsErased(store.create('user-1'), 'user-1');
          }
          const c = await reopen();
          expect(await c.current('user-1')).toBeNull();
          await Promise.all([a.close(), b.close(), c.close()]);
        }),
        { numRuns: 15 },
      );
    });

    it('answers as a model of keys and erasures does over commands spread across stores and reopens (property)', async () => {
      const step = fc.record({ command, store: fc.constantFrom('a' as const, 'b' as const, 'reopen' as const) });
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
          let a = await create();
          const b = await reopen();
          const model = new KeyModel();
          for (const { command: cmd, store } of steps) {
            if (store === 'reopen') {
              await a.close();
              a = await reopen();
            }
            await model.run(store === 'b' ? b : a, cmd);
          }
          await model.verify(a);
          await model.verify(b);
          expect(await a.erasedSubjects()).toEqual(model.erased);
          expect(await b.erasedSubjects()).toEqual(model.erased);
          await Promise.all([a.close(), b.close()]);
        }),
        { numRuns: 20 },
      );
    });
  });
};
