import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isPersistentKeyStoreError } from '../keys/errors.js';
import type { PersistentKeyStoreErrorDetail } from '../keys/errors.js';
import type { DataKey, KeyReader, PersistentKeyStore } from '../keys/keyStore.js';
import { generateMasterKey } from '../keys/masterKey.js';

export interface KeyReaderContractOptions {
  /** A new, empty persistent key store whose data keys `masterKey` (base64) wraps: the storage the readers read. */
  readonly create: (masterKey: string) => PersistentKeyStore | Promise<PersistentKeyStore>;
  /** A reader of the storage the last `create` made, as a tool in another process would open it. */
  readonly read: (masterKey: string) => KeyReader | Promise<KeyReader>;
  /**
   * Everything the last `create`'s storage holds, as comparable values (its rows or documents, its indexes, its
   * files' bytes): a reader must leave it as it found it.
   */
  readonly stored: () => Promise<unknown>;
  /**
   * A place where no key store was ever created: a reader opening it, and what the place holds (whether a file or
   * a collection exists), which that refused open must leave as it was.
   */
  readonly missing: () => { readonly read: (masterKey: string) => KeyReader | Promise<KeyReader>; readonly stored: () => Promise<unknown> };
}

const subjects = ['user-1', '张三', 'o\'brien "q"'] as const;
const UNKNOWN_KEY = '00000000-0000-4000-8000-000000000000';

/** A copy of a key as handed out, so that a store overwriting its own bytes later cannot fool a check. */
const copyOf = (key: DataKey): DataKey => ({ keyId: key.keyId, key: Uint8Array.from(key.key) });

type Write = { readonly kind: 'create' | 'delete'; readonly subject: number };
const write: fc.Arbitrary<Write> = fc.record({ kind: fc.constantFrom('create' as const, 'create' as const, 'delete' as const), subject: fc.nat({ max: subjects.length - 1 }) });

/** An open that fails, whether the reader throws at once or rejects. */
const opening = (made: () => KeyReader | Promise<KeyReader>): Promise<KeyReader> => Promise.resolve().then(made);

const refused = async (attempt: Promise<unknown>, tag: PersistentKeyStoreErrorDetail['_tag']): Promise<void> => {
  await expect(attempt).rejects.toSatisfy((error) => isPersistentKeyStoreError(error, tag));
};

/**
 * The behaviour every `KeyReader` must show: it reads what the `PersistentKeyStore` on the same storage wrote,
 * exactly as that store reads it (an erased subject as null, like an unknown one, and listed by `erasedSubjects`),
 * and it writes nothing, not even when it opens.
 */
export const keyReaderContract = (name: string, options: KeyReaderContractOptions): void => {
  const masterKey = generateMasterKey();

  describe(`KeyReader contract: ${name}`, () => {
    const opened: { close(): Promise<void> }[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((one) => one.close()));
    });
    const track = async <T extends { close(): Promise<void> }>(made: T | Promise<T>): Promise<T> => {
      const one = await made;
      opened.push(one);
      return one;
    };
    const create = () => track(options.create(masterKey));
    const read = (key = masterKey) => track(opening(() => options.read(key)));

    it("reads the store's keys, current and older, and keys the store writes after the reader opened", async () => {
      const store = await create();
      const first = copyOf(await store.create('user-1'));
      const second = copyOf(await store.create('user-1'));
      const reader = await read();
      expect(await reader.current('user-1')).toEqual(second);
      expect(await reader.get('user-1', first.keyId)).toEqual(first);
      expect(await reader.get('user-1', second.keyId)).toEqual(second);
      expect(await reader.get('user-2', first.keyId)).toBeNull();
      const later = copyOf(await store.create('user-2'));
      expect(await reader.current('user-2')).toEqual(later);
    });

    it('reads an erased subject as null, as an unknown one, and only erasedSubjects tells them apart, in erasure order', async () => {
      const store = await create();
      const erased = copyOf(await store.create('user-1'));
      const kept = copyOf(await store.create('user-2'));
      await store.delete('user-1');
      // Erased before it ever had a key: still erased, not unknown.
      await store.delete('user-3');
      const reader = await read();
      for (const subject of ['user-1', 'user-3', 'user-9']) expect(await reader.current(subject)).toBeNull();
      expect(await reader.get('user-1', erased.keyId)).toBeNull();
      expect(await reader.get('user-9', UNKNOWN_KEY)).toBeNull();
      expect(await reader.current('user-2')).toEqual(kept);
      expect(await reader.erasedSubjects()).toEqual(['user-1', 'user-3']);
      await store.delete('user-2');
      expect(await reader.current('user-2')).toBeNull();
      expect(await reader.erasedSubjects()).toEqual(['user-1', 'user-3', 'user-2']);
    });

    it('writes nothing when it opens, reads and closes', async () => {
      const store = await create();
      await store.create('user-1');
      await store.delete('user-2');
      const before = await options.stored();
      const reader = await read();
      await reader.current('user-1');
      await reader.get('user-2', UNKNOWN_KEY);
      await reader.erasedSubjects();
      await reader.close();
      expect(await options.stored()).toEqual(before);
    });

    it('refuses another master key (WrongMasterKey) and a malformed one (InvalidMasterKey) when it opens', async () => {
      const store = await create();
      const key = copyOf(await store.create('user-1'));
      await refused(read(generateMasterKey()), 'WrongMasterKey');
      await refused(read('not base64!'), 'InvalidMasterKey');
      await refused(read(Buffer.alloc(31, 7).toString('base64')), 'InvalidMasterKey');
      expect(await (await read()).current('user-1')).toEqual(key);
    });

    it('refuses a place holding no key store (KeyStoreNotFound), and creates none there', async () => {
      const missing = options.missing();
      const before = await missing.stored();
      await refused(track(opening(() => missing.read(masterKey))), 'KeyStoreNotFound');
      expect(await missing.stored()).toEqual(before);
    });

    it('answers every read as the key store on the same storage does (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(write, { maxLength: 20 }), async (writes) => {
          const store = await create();
          const everHeld = new Set<string>([UNKNOWN_KEY]);
          for (const { kind, subject } of writes) {
            const who = subjects[subject] ?? 'user-1';
            if (kind === 'delete') await store.delete(who);
            else if (!(await store.erasedSubjects()).includes(who)) everHeld.add((await store.create(who)).keyId);
          }
          const reader = await read();
          for (const subject of subjects) {
            expect(await reader.current(subject)).toEqual(await store.current(subject));
            for (const keyId of everHeld) expect(await reader.get(subject, keyId)).toEqual(await store.get(subject, keyId));
          }
          expect(await reader.erasedSubjects()).toEqual(await store.erasedSubjects());
          // Closed here, and again after the test: closing twice is harmless.
          await Promise.all([store.close(), reader.close()]);
        }),
        { numRuns: 15 },
      );
    });
  });
};
