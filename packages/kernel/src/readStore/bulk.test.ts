import { describe, expect, it } from 'vitest';
import { checkBulkOperation } from './bulk.js';
import { isReadStoreError } from './readStore.js';

describe('checkBulkOperation', () => {
  it('checks every operation against the portable subset before anything is read', () => {
    const refused = (operation: unknown): string | null => {
      try {
        checkBulkOperation(operation as Parameters<typeof checkBulkOperation>[0]);
        return null;
      } catch (error) {
        return isReadStoreError(error) ? error.detail._tag : 'fault';
      }
    };
    expect(refused({ updateOne: { filter: { a: { $regex: 'x' } }, update: { $set: { b: 1 } } } })).toBe('UnsupportedOperator');
    expect(refused({ updateMany: { filter: {}, update: { b: 1 } } })).toBe('InvalidQuery');
    expect(refused({ deleteOne: { filter: { $where: 'true' } } })).toBe('UnsupportedOperator');
    expect(refused({ insertOne: { document: { _id: 'x' } } })).toBe('InvalidQuery');
    expect(refused(null)).toBe('InvalidQuery');
  });

  it("takes MongoDB's defaults (a replace upserts, an update does not) and hands the document to the caller's check", () => {
    expect(checkBulkOperation({ updateOne: { filter: { _id: 'x' }, update: { $inc: { n: 1 } }, upsert: true } })).toEqual({
      kind: 'updateOne',
      filter: { _id: 'x' },
      update: { $inc: { n: 1 } },
      upsert: true,
    });
    expect(checkBulkOperation({ updateMany: { filter: { n: 1 }, update: { $set: { m: 2 } } } })).toMatchObject({ kind: 'updateMany', upsert: false });
    expect(checkBulkOperation({ replaceOne: { document: { _id: 'x' } } })).toEqual({ kind: 'replaceOne', document: { _id: 'x' }, upsert: true });
    expect(checkBulkOperation({ replaceOne: { document: { _id: 'x' } } }, (document) => ({ ...document, checked: true }))).toEqual({
      kind: 'replaceOne',
      document: { _id: 'x', checked: true },
      upsert: true,
    });
  });
});
