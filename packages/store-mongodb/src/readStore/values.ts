import type { JsonValue } from '@shopstream/kernel';

/**
 * What the driver hands back, as the JSON the port promises (docs/read-store.md, Values). Documents this store
 * wrote come back as plain objects, strings, numbers and booleans already; the rest can only come from data
 * written by other tools, and is turned into the JSON value that says the same thing rather than leaking a BSON
 * class into a read model: an ObjectId its hex string, a Date its ISO 8601 instant, a Long a number when it is a
 * safe integer (its decimal text otherwise, so no digit is lost), a Decimal128 its decimal text, binary data
 * base64, MinKey/MaxKey and a non-finite double null (as `JSON.stringify` does), a BSON undefined left out.
 */
export const fromBson = (value: unknown): JsonValue | undefined => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'bigint':
      return integer(value);
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((item: unknown) => fromBson(item) ?? null);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof RegExp) return String(value);
  const bsonType = (value as { _bsontype?: unknown })._bsontype;
  if (typeof bsonType === 'string') return fromBsonClass(bsonType, value);
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) {
    const converted = fromBson(item);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
};

const integer = (value: bigint): number | string =>
  value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();

interface Stringable {
  toString(): string;
}

const fromBsonClass = (bsonType: string, value: object): JsonValue | undefined => {
  switch (bsonType) {
    case 'ObjectId':
      return (value as { toHexString(): string }).toHexString();
    case 'Long':
    case 'Timestamp':
      return integer(BigInt((value as Stringable).toString()));
    case 'Int32':
    case 'Double':
      return fromBson((value as { valueOf(): number }).valueOf());
    case 'Decimal128':
      return (value as Stringable).toString();
    case 'Binary':
      return (value as { toString(encoding: 'base64'): string }).toString('base64');
    case 'BSONRegExp': {
      const { pattern, options } = value as { pattern: string; options: string };
      return `/${pattern}/${options}`;
    }
    case 'Code':
      return (value as { code: string }).code;
    case 'BSONSymbol':
      return (value as { valueOf(): string }).valueOf();
    case 'DBRef': {
      const { collection, oid, db } = value as { collection: string; oid: unknown; db?: string };
      return { collection, id: fromBson(oid) ?? null, ...(db === undefined ? {} : { db }) };
    }
    case 'MinKey':
    case 'MaxKey':
      return null;
    default:
      return (value as Stringable).toString();
  }
};

/** A document as the driver sees this store's collections: any fields, and a string `_id` (never an ObjectId). */
export interface RawDocument {
  _id: string;
  [key: string]: unknown;
}
