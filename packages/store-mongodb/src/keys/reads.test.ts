import { generateMasterKey, isPersistentKeyStoreError, newCheckValue, newDataKey, parseMasterKey, wrapDataKey } from '@shopstream/kernel';
import type { DataKey } from '@shopstream/kernel';
import fc from 'fast-check';
import { Binary } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { CHECK_ID } from './documents.js';
import type { MetaRow, SubjectRow } from './documents.js';
import { create, erase, mingoDocuments } from './fixtures.js';
import type { Row } from './fixtures.js';
import { checkStoredMasterKey, keyReads } from './reads.js';

// The reads of `mongoKeyStore` and `mongoKeyReader`, against documents written by the store's own updates and read
// back by mingo with the reads' own filters, projections and sorts (fixtures.ts): what the server would answer.

const masterKey = parseMasterKey(generateMasterKey());
const subjects = ['user-1', '张三', 'o\'brien "q"'] as const;
const STORE = 'mongodb:shop/data_keys';

/** Creates a key for `subject` as the store does: a fresh data key, wrapped bound to the subject, pushed by its upsert. */
const created = (rows: Row[], subject: string): DataKey | null => {
  const key = newDataKey();
  return create(rows, subject, key.keyId, wrapDataKey(masterKey, subject, key)) === 'created' ? key : null;
};

const metaOf = (value: Uint8Array | undefined): MetaRow[] => [value === undefined ? { _id: CHECK_ID } : { _id: CHECK_ID, value: new Binary(value) }];

describe("the key store's reads", () => {
  it('answer current, get and erasedSubjects as a model of creates and erasures does (property)', async () => {
    const write = fc.record({ erase: fc.boolean(), subject: fc.constantFrom(...subjects) });
    await fc.assert(
      fc.asyncProperty(fc.array(write, { maxLength: 25 }), async (writes) => {
        const rows: Row[] = [];
        const held = new Map<string, DataKey[]>();
        const everHeld: DataKey[] = [];
        const erased: string[] = [];
        for (const [position, { erase: erasing, subject }] of writes.entries()) {
          if (erasing) {
            erase(rows, subject, position);
            held.delete(subject);
            if (!erased.includes(subject)) erased.push(subject);
            continue;
          }
          const key = created(rows, subject);
          expect(key === null).toBe(erased.includes(subject));
          if (key === null) continue;
          held.set(subject, [...(held.get(subject) ?? []), key]);
          everHeld.push(key);
        }
        const reads = keyReads(mingoDocuments<SubjectRow>(rows), masterKey);
        for (const subject of subjects) {
          expect(await reads.current(subject)).toEqual(held.get(subject)?.at(-1) ?? null);
          for (const key of everHeld) expect(await reads.get(subject, key.keyId)).toEqual(held.get(subject)?.find((k) => k.keyId === key.keyId) ?? null);
        }
        expect(await reads.erasedSubjects()).toEqual(erased);
      }),
      { numRuns: 150 },
    );
  });

  it('tell an erased subject, read as null, from an unknown one only by the erasure list', async () => {
    const rows: Row[] = [];
    const key = created(rows, 'user-1');
    erase(rows, 'user-1', 4);
    erase(rows, 'user-2', 2);
    const reads = keyReads(mingoDocuments<SubjectRow>(rows), masterKey);
    expect([await reads.current('user-1'), await reads.current('user-9'), await reads.get('user-1', key?.keyId ?? '')]).toEqual([null, null, null]);
    // In erasure order, which is the counter's, not the order the documents were written in.
    expect(await reads.erasedSubjects()).toEqual(['user-2', 'user-1']);
  });

  it('refuse a wrapped key moved to another subject (WrappedKeyCorrupt) instead of opening that subject\'s data', async () => {
    const rows: Row[] = [];
    const victim = created(rows, 'user-1');
    created(rows, 'user-2');
    const stolen = rows.find((row) => row._id === 'user-1')?.keys?.[0];
    rows.find((row) => row._id === 'user-2')?.keys?.push(stolen ?? { keyId: 'none' });
    const reads = keyReads(mingoDocuments<SubjectRow>(rows), masterKey);
    await expect(reads.get('user-2', victim?.keyId ?? '')).rejects.toSatisfy((error) => isPersistentKeyStoreError(error, 'WrappedKeyCorrupt'));
  });
});

describe("the check of the store's master key", () => {
  it('passes the master key the store was created with', async () => {
    await expect(checkStoredMasterKey(mingoDocuments<MetaRow>(metaOf(newCheckValue(masterKey))), masterKey, STORE)).resolves.toBeUndefined();
  });

  it('refuses another master key, and a check document with no value, as WrongMasterKey', async () => {
    const other = parseMasterKey(generateMasterKey());
    for (const meta of [metaOf(newCheckValue(other)), metaOf(undefined)]) {
      await expect(checkStoredMasterKey(mingoDocuments<MetaRow>(meta), masterKey, STORE)).rejects.toSatisfy((error) => isPersistentKeyStoreError(error, 'WrongMasterKey') && error.detail.path === STORE);
    }
  });

  it('tells a place where no key store was created (KeyStoreNotFound), whatever else its collection holds', async () => {
    for (const meta of [[], [{ _id: 'erasures', n: 3 }]]) {
      await expect(checkStoredMasterKey(mingoDocuments<MetaRow>(meta), masterKey, STORE)).rejects.toSatisfy((error) => isPersistentKeyStoreError(error, 'KeyStoreNotFound') && error.detail.path === STORE);
    }
  });
});
