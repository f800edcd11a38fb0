import fc from 'fast-check';
import { Query, updateOne } from 'mingo';
import type { AnyObject } from 'mingo/types';
import { Binary } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { addingKey, bytesOf, erasing, notErased } from './documents.js';

// mingo, an independent evaluator of MongoDB's query and update languages, is the oracle here for what the
// server does with each single-document write the key store sends; the server applies each one atomically.

type Row = AnyObject & { _id: string; keys?: { keyId: string }[]; erased?: boolean; erasure?: number };

/** The store's create on one subject's documents: its conditional upsert, and the refusal when the subject is erased. */
const create = (rows: Row[], subject: string, keyId: string): 'created' | 'refused' => {
  const update = addingKey(keyId, new Uint8Array(60)) as AnyObject;
  if (updateOne(rows, notErased(subject) as AnyObject, update).matchedCount > 0) return 'created';
  // No match: the upsert inserts the filter's equalities, unless a document has that `_id` (E11000).
  if (rows.some((row) => row._id === subject)) return 'refused';
  const seeded: Row = { _id: subject, erased: false };
  rows.push(seeded);
  updateOne(rows, { _id: subject }, update);
  return 'created';
};

/** The store's erasure of one subject: its pipeline update, upserted for a subject it never saw. */
const erase = (rows: Row[], subject: string, position: number): void => {
  if (!rows.some((row) => row._id === subject)) rows.push({ _id: subject });
  updateOne(rows, { _id: subject }, erasing(position) as never);
};

describe("the key store's documents", () => {
  it('a create can add a key only to a subject that is not erased', () => {
    expect(new Query(notErased('user-1') as AnyObject).test({ _id: 'user-1', erased: false, keys: [] })).toBe(true);
    expect(new Query(notErased('user-1') as AnyObject).test({ _id: 'user-1', erased: true, keys: [], erasure: 3 })).toBe(false);
    expect(new Query(notErased('user-1') as AnyObject).test({ _id: 'user-2', erased: false, keys: [] })).toBe(false);
  });

  it('an erasure empties the keys and sets the tombstone in one write, keeping the place of the first erasure', () => {
    const rows: Row[] = [{ _id: 'user-1', erased: false, keys: [{ keyId: 'k-1' }, { keyId: 'k-2' }] }];
    erase(rows, 'user-1', 7);
    expect(rows).toEqual([{ _id: 'user-1', erased: true, keys: [], erasure: 7 }]);
    erase(rows, 'user-1', 9);
    expect(rows).toEqual([{ _id: 'user-1', erased: true, keys: [], erasure: 7 }]);
    erase(rows, 'user-2', 10);
    expect(rows[1]).toEqual({ _id: 'user-2', erased: true, keys: [], erasure: 10 });
  });

  it('whatever order creates and erasures from several processes land in, an erased subject never holds a key (property)', () => {
    const step = fc.oneof(fc.constant({ kind: 'create' as const }), fc.nat({ max: 1_000 }).map((position) => ({ kind: 'erase' as const, position })));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const rows: Row[] = [];
        let first: number | undefined;
        let created = 0;
        for (const [i, s] of steps.entries()) {
          if (s.kind === 'erase') {
            erase(rows, 'user-1', s.position);
            first ??= s.position;
          } else {
            expect(create(rows, 'user-1', `k-${i}`)).toBe(first === undefined ? 'created' : 'refused');
            if (first === undefined) created += 1;
          }
          const row = rows.find((r) => r._id === 'user-1');
          if (first === undefined) expect(row?.keys ?? []).toHaveLength(created);
          else expect(row).toEqual({ _id: 'user-1', erased: true, keys: [], erasure: first });
        }
      }),
      { numRuns: 80 },
    );
  });

  it('reads a stored binary whether the driver hands back a Binary or a Buffer', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(Buffer.from(bytesOf(new Binary(bytes)))).toEqual(Buffer.from(bytes));
    expect(Buffer.from(bytesOf(Buffer.from(bytes)))).toEqual(Buffer.from(bytes));
  });
});
