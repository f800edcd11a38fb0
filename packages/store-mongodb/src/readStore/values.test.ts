import fc from 'fast-check';
import { BSON, Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, UUID } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { fromBson } from './values.js';

/** JSON documents as the port stores them: field names that are not empty, do not start with $ and hold no dot. */
const fieldName = fc.string({ minLength: 1, maxLength: 8 }).filter((key) => !key.startsWith('$') && !key.includes('.') && !key.includes('\0') && key !== '__proto__');
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fieldName, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const document = fc.dictionary(fieldName, json, { maxKeys: 6 }).map((fields) => ({ ...fields, _id: 'doc' }));

describe('values from the driver', () => {
  it('leaves JSON as it is', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(fromBson(value)).toEqual(value);
      }),
    );
  });

  it('gives back every JSON document the driver stores, through its own BSON codec', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const read = BSON.deserialize(BSON.serialize(doc));
        expect(fromBson(read)).toEqual(doc);
      }),
    );
  });

  it('turns every BSON class into the JSON value that says the same, never leaking the class', () => {
    const id = new ObjectId('65f0a1b2c3d4e5f601234567');
    const raw = BSON.deserialize(
      BSON.serialize({
        _id: id,
        at: new Date('2026-12-07T10:00:00.000Z'),
        small: Long.fromNumber(42),
        huge: Long.fromString('9007199254740993'),
        int: new Int32(7),
        double: new Double(1.5),
        price: Decimal128.fromString('19.99'),
        bytes: new Binary(Buffer.from('hi')),
        uuid: new UUID('0f8fad5b-d9cb-469f-a165-70867728950e'),
        ts: new Timestamp({ t: 1, i: 2 }),
        low: new MinKey(),
        high: new MaxKey(),
        nested: { list: [id, new Date(0)] },
      }),
      { promoteLongs: false, promoteValues: false },
    );
    expect(fromBson(raw)).toEqual({
      _id: '65f0a1b2c3d4e5f601234567',
      at: '2026-12-07T10:00:00.000Z',
      small: 42,
      huge: '9007199254740993',
      int: 7,
      double: 1.5,
      price: '19.99',
      bytes: 'aGk=',
      uuid: Buffer.from('0f8fad5bd9cb469fa16570867728950e', 'hex').toString('base64'),
      ts: 2 ** 32 + 2,
      low: null,
      high: null,
      nested: { list: ['65f0a1b2c3d4e5f601234567', '1970-01-01T00:00:00.000Z'] },
    });
  });

  it('writes non-finite doubles and invalid dates as null, and leaves undefined out', () => {
    expect(fromBson({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: new Date(Number.NaN), d: undefined, e: [undefined] })).toEqual({ a: null, b: null, c: null, e: [null] });
  });
});
