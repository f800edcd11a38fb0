import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { compareValues, equalValues, isPlainObject, typeRank } from './values.js';

/**
 * The leaf query operators, with MongoDB's path semantics. mingo resolves a dotted path through an array of
 * objects into one flattened array, which makes `$size`, `$elemMatch`, `$all` and null equality answer
 * differently from MongoDB on such paths (found by the contract's property tests), so these replace mingo's.
 * mingo still compiles the filter and evaluates `$and`, `$or`, `$nor` and `$not` around them.
 */
const isIndex = (segment: string): boolean => /^(0|[1-9][0-9]*)$/.test(segment);

/**
 * The values a path reaches, leaf arrays left whole: arrays met on the way are walked into (their objects), a
 * numeric segment picks an array item, and `undefined` stands for a place where the path found nothing.
 */
export const leavesAt = (value: unknown, segments: readonly string[], from = 0): unknown[] => {
  if (from === segments.length) return [value];
  const segment = segments[from] as string;
  if (Array.isArray(value)) {
    if (isIndex(segment)) return leavesAt((value as unknown[])[Number(segment)], segments, from + 1);
    const out: unknown[] = [];
    for (const item of value as unknown[]) if (isPlainObject(item)) out.push(...leavesAt(item, segments, from));
    return out.length === 0 ? [undefined] : out;
  }
  if (isPlainObject(value) && Object.hasOwn(value, segment)) return leavesAt(value[segment], segments, from + 1);
  return [undefined];
};

/** What a comparison at a path is tried against: each leaf, and each item of a leaf array. */
const valuesAt = (document: unknown, segments: readonly string[]): unknown[] => {
  const out: unknown[] = [];
  for (const leaf of leavesAt(document, segments)) {
    out.push(leaf);
    if (Array.isArray(leaf)) out.push(...(leaf as unknown[]));
  }
  return out;
};

const equalsSome = (values: readonly unknown[], operand: unknown): boolean =>
  operand === null ? values.some((v) => v === null || v === undefined) : values.some((v) => equalValues(v, operand));

type Predicate = (document: unknown) => boolean;

/**
 * `{ path: value }` and `{ path: { $in: values } }` (`operands` the value, or the values) as `$eq` and `$in` below
 * answer them, for a filter compiled without mingo (evaluate.ts).
 */
export const equalsAt = (path: string, operands: readonly unknown[]): Predicate => {
  const segments = path.split('.');
  return (document) => {
    const values = valuesAt(document, segments);
    return operands.some((operand) => equalsSome(values, operand));
  };
};
type LeafOperator = (selector: string, operand: unknown, options: Options) => Predicate;

const leaf =
  (test: (values: unknown[], operand: unknown, document: unknown, segments: readonly string[]) => boolean): LeafOperator =>
  (selector, operand) => {
    const segments = selector.split('.');
    return (document) => test(valuesAt(document, segments), operand, document, segments);
  };

const range = (accept: (c: number) => boolean) =>
  leaf((values, operand) => values.some((v) => typeRank(v) === typeRank(operand) && accept(compareValues(v, operand))));

const elemMatch: LeafOperator = (selector, operand, options) => {
  const segments = selector.split('.');
  const spec = operand as Record<string, unknown>;
  const onValues = Object.keys(spec).some((key) => key.startsWith('$'));
  // Items are tested as values (`{ $gt: 1 }`) or, for a field-by-field spec, as documents (objects only).
  const query = new Query(onValues ? { item: spec } : spec, options);
  const test = onValues ? (item: unknown) => !Array.isArray(item) && query.test({ item }) : (item: unknown) => isPlainObject(item) && query.test(item);
  return (document) => leavesAt(document, segments).some((value) => Array.isArray(value) && (value as unknown[]).some(test));
};

export const leafOperators: Record<string, LeafOperator> = {
  $eq: leaf((values, operand) => equalsSome(values, operand)),
  $ne: leaf((values, operand) => !equalsSome(values, operand)),
  $in: leaf((values, operand) => (operand as unknown[]).some((x) => equalsSome(values, x))),
  $nin: leaf((values, operand) => !(operand as unknown[]).some((x) => equalsSome(values, x))),
  $all: leaf((values, operand) => (operand as unknown[]).length > 0 && (operand as unknown[]).every((x) => equalsSome(values, x))),
  $gt: range((c) => c > 0),
  $gte: range((c) => c >= 0),
  $lt: range((c) => c < 0),
  $lte: range((c) => c <= 0),
  $exists: leaf((_values, operand, document, segments) => leavesAt(document, segments).some((v) => v !== undefined) === operand),
  $size: leaf((_values, operand, document, segments) => leavesAt(document, segments).some((v) => Array.isArray(v) && v.length === operand)),
  $elemMatch: elemMatch,
};
