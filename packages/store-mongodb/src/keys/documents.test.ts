import fc from 'fast-check';
import { Query } from 'mingo';
import type { AnyObject } from 'mingo/types';
import { Binary } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { bytesOf, notErased } from './documents.js';
import { create, erase } from './fixtures.js';
import type { Row } from './fixtures.js';

// mingo is the oracle here for what the server does with each single-document write the key store sends (fixtures.ts).

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
