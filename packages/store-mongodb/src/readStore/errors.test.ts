import { ReadStoreError } from '@shopstream/kernel';
import { MongoBulkWriteError, MongoNetworkError, MongoServerError } from 'mongodb';
import type { BulkWriteResult, WriteError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { mapped, readStoreErrorFrom } from './errors.js';

const E11000 = 'E11000 duplicate key error collection: shop.acme_users index: email_1 dup key: { email: "a@x" }';

describe('driver errors', () => {
  it('map E11000 to DuplicateKey with the port collection, the index and the key as the embedded store writes it', () => {
    const error = new MongoServerError({ message: E11000, errmsg: E11000, code: 11000, keyValue: { email: 'a@x' } });
    expect(readStoreErrorFrom(error, 'users')).toEqual(new ReadStoreError({ _tag: 'DuplicateKey', collection: 'users', index: 'email_1', key: '"a@x"' }));
  });

  it('read a compound key as [a, b], and the key from the message when the server sends no keyValue', () => {
    const compound = new MongoServerError({ message: 'E11000 index: sku_1_day_1', errmsg: 'E11000 duplicate key error index: sku_1_day_1', code: 11000, keyValue: { sku: 'A', day: 3 } });
    expect((readStoreErrorFrom(compound, 'stock') as ReadStoreError).detail).toEqual({ _tag: 'DuplicateKey', collection: 'stock', index: 'sku_1_day_1', key: '["A", 3]' });
    const bare = new MongoServerError({ message: E11000, errmsg: E11000, code: 11000 });
    expect((readStoreErrorFrom(bare, 'users') as ReadStoreError).detail).toMatchObject({ index: 'email_1', key: '{ email: "a@x" }' });
  });

  it('find the duplicate key of a bulk write in its first write error', () => {
    // The driver's WriteError (not exported as a value) keeps the server's write error as `err`.
    const writeError = { err: { index: 1, code: 11000, errmsg: E11000, keyValue: { email: 'a@x' } } };
    const error = new MongoBulkWriteError({ message: E11000, code: 11000, writeErrors: [writeError as unknown as WriteError] }, {} as BulkWriteResult);
    expect((readStoreErrorFrom(error, 'users') as ReadStoreError).detail).toEqual({ _tag: 'DuplicateKey', collection: 'users', index: 'email_1', key: '"a@x"' });
  });

  it('map parallel arrays and documents over 16 MiB to InvalidDocument and malformed requests to InvalidQuery', () => {
    const parallel = new MongoServerError({ message: 'cannot index parallel arrays [b] [a]', code: 171 });
    expect((readStoreErrorFrom(parallel, 'c') as ReadStoreError).detail).toEqual({ _tag: 'InvalidDocument', collection: 'c', reason: 'cannot index parallel arrays [b] [a]' });
    const large = new MongoServerError({ message: 'object to insert too large', code: 10334 });
    expect((readStoreErrorFrom(large, 'c') as ReadStoreError).detail).toEqual({ _tag: 'InvalidDocument', collection: 'c', reason: 'object to insert too large' });
    for (const code of [2, 14, 27, 28, 40, 66, 85, 86]) {
      const error = new MongoServerError({ message: `refused ${code}`, errmsg: `refused ${code}`, code });
      expect((readStoreErrorFrom(error, 'c') as ReadStoreError).detail).toEqual({ _tag: 'InvalidQuery', reason: `refused ${code}` });
    }
  });

  it('leave faults as they are, so the driver still sees its retry labels', () => {
    const conflict = new MongoServerError({ message: 'WriteConflict', code: 112, errorLabels: ['TransientTransactionError'] });
    expect(readStoreErrorFrom(conflict, 'c')).toBe(conflict);
    const network = new MongoNetworkError('connection reset');
    expect(readStoreErrorFrom(network, 'c')).toBe(network);
    const own = new ReadStoreError({ _tag: 'ReadStoreClosed' });
    expect(readStoreErrorFrom(own, 'c')).toBe(own);
    expect(readStoreErrorFrom('not an error', 'c')).toBe('not an error');
  });

  it('rethrow the mapped error from the work they wrap', async () => {
    await expect(mapped('users', () => Promise.reject(new MongoServerError({ message: E11000, errmsg: E11000, code: 11000 })))).rejects.toMatchObject({
      detail: { _tag: 'DuplicateKey', collection: 'users' },
    });
    await expect(mapped('users', () => Promise.resolve(3))).resolves.toBe(3);
  });
});
