/**
 * A small, deliberately naive model of MongoDB's semantics on the portable subset, written from MongoDB's
 * documentation and independent of mingo and of the embedded engine, so that comparing a store with it proves
 * something. It favours plainness over speed and covers the documents and operators the contract generates.
 */

type Value = unknown;
type Doc = Record<string, unknown>;

const isObject = (v: Value): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumeric = (s: string): boolean => /^(0|[1-9][0-9]*)$/.test(s);

/** BSON order for JSON types: missing < null < number < string < object < array < boolean. */
const rank = (v: Value): number =>
  v === undefined ? 0 : v === null ? 1 : typeof v === 'number' ? 2 : typeof v === 'string' ? 3 : typeof v === 'boolean' ? 6 : Array.isArray(v) ? 5 : 4;

export const referenceCompare = (a: Value, b: Value): number => {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return Math.sign(ra - rb);
  if (ra === 2 || ra === 3 || ra === 6) return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
  if (ra === 5) {
    const [xs, ys] = [a as Value[], b as Value[]];
    for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
      const c = referenceCompare(xs[i], ys[i]);
      if (c !== 0) return c;
    }
    return Math.sign(xs.length - ys.length);
  }
  if (ra === 4) {
    const [xs, ys] = [Object.entries(a as Doc), Object.entries(b as Doc)];
    for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
      const [[ka, va], [kb, vb]] = [xs[i] as [string, Value], ys[i] as [string, Value]];
      const byType = Math.sign(rank(va) - rank(vb));
      if (byType !== 0) return byType;
      if (ka !== kb) return ka < kb ? -1 : 1;
      const c = referenceCompare(va, vb);
      if (c !== 0) return c;
    }
    return Math.sign(xs.length - ys.length);
  }
  return 0;
};

/** Equality for matching: objects regardless of field order (the documented rule of the portable subset). */
export const referenceEqual = (a: Value, b: Value): boolean => {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => referenceEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && referenceEqual(a[k], b[k]));
  }
  return a === b;
};

/**
 * The values a path reaches, before leaf arrays are opened: arrays met on the way are walked into (objects
 * inside them), a numeric segment indexes an array instead. `undefined` stands for "missing here".
 */
const leaves = (v: Value, path: readonly string[]): Value[] => {
  if (path.length === 0) return [v];
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(v)) {
    if (isNumeric(head)) return leaves(v[Number(head)], rest);
    const out: Value[] = [];
    for (const item of v) if (isObject(item)) out.push(...leaves(item, path));
    return out.length === 0 ? [undefined] : out;
  }
  if (isObject(v)) return leaves(head in v ? v[head] : undefined, rest);
  return [undefined];
};

/** The leaves plus the items of leaf arrays: what a comparison at that path is tried against. */
const candidates = (doc: Doc, path: string): Value[] => {
  const out: Value[] = [];
  for (const leaf of leaves(doc, path.split('.'))) {
    out.push(leaf);
    if (Array.isArray(leaf)) out.push(...(leaf as Value[]));
  }
  return out;
};

const equalsAt = (values: Value[], operand: Value): boolean =>
  operand === null ? values.some((v) => v === null || v === undefined) : values.some((v) => referenceEqual(v, operand));

const rangeAt = (values: Value[], op: string, operand: Value): boolean =>
  values.some((v) => {
    if (rank(v) !== rank(operand)) return false;
    const c = referenceCompare(v, operand);
    return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
  });

const isOperatorDoc = (v: Value): v is Doc => isObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));

const matchOperators = (doc: Doc, path: string, ops: Doc): boolean =>
  Object.entries(ops).every(([op, operand]) => {
    const values = candidates(doc, path);
    switch (op) {
      case '$eq':
        return equalsAt(values, operand);
      case '$ne':
        return !equalsAt(values, operand);
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return rangeAt(values, op, operand);
      case '$in':
        return (operand as Value[]).some((x) => equalsAt(values, x));
      case '$nin':
        return !(operand as Value[]).some((x) => equalsAt(values, x));
      case '$exists':
        return leaves(doc, path.split('.')).some((v) => v !== undefined) === operand;
      case '$all':
        return (operand as Value[]).length > 0 && (operand as Value[]).every((x) => equalsAt(values, x));
      case '$size':
        return leaves(doc, path.split('.')).some((v) => Array.isArray(v) && v.length === operand);
      case '$not':
        return !matchOperators(doc, path, operand as Doc);
      case '$elemMatch':
        return leaves(doc, path.split('.')).some(
          (v) =>
            Array.isArray(v) &&
            v.some((item) => (isOperatorDoc(operand) ? matchOperators({ item }, 'item', operand) && !Array.isArray(item) : isObject(item) && referenceMatches(item, operand as Doc))),
        );
      default:
        throw new Error(`reference model: ${op} is not modelled`);
    }
  });

export const referenceMatches = (doc: Doc, filter: Doc): boolean =>
  Object.entries(filter).every(([key, condition]) => {
    switch (key) {
      case '$and':
        return (condition as Doc[]).every((f) => referenceMatches(doc, f));
      case '$or':
        return (condition as Doc[]).some((f) => referenceMatches(doc, f));
      case '$nor':
        return !(condition as Doc[]).some((f) => referenceMatches(doc, f));
      default:
        return isOperatorDoc(condition) ? matchOperators(doc, key, condition) : equalsAt(candidates(doc, key), condition);
    }
  });

/** The key a sort uses for one field: smallest reachable value ascending, largest descending; [] before null. */
export const referenceSortKey = (doc: Doc, path: string, direction: 1 | -1): Value => {
  const values: Value[] = [];
  for (const leaf of leaves(doc, path.split('.'))) {
    if (Array.isArray(leaf)) values.push(...(leaf.length === 0 ? [undefined] : (leaf as Value[])));
    else values.push(leaf === undefined ? null : leaf);
  }
  return values.reduce((best, v) => (direction === 1 ? (referenceCompare(v, best) < 0 ? v : best) : referenceCompare(v, best) > 0 ? v : best));
};

export const referenceSortKeys = (doc: Doc, sort: Readonly<Record<string, 1 | -1>>): Value[] =>
  Object.entries(sort).map(([path, direction]) => referenceSortKey(doc, path, direction));

export const referenceCompareKeys = (sort: Readonly<Record<string, 1 | -1>>, a: Value[], b: Value[]): number => {
  const directions = Object.values(sort);
  for (let i = 0; i < directions.length; i++) {
    const c = referenceCompare(a[i], b[i]);
    if (c !== 0) return c * (directions[i] as number);
  }
  return 0;
};

/** Thrown by the model where MongoDB refuses an update (the store must refuse too and change nothing). */
export class ReferenceRefusal extends Error {}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const container = (doc: Doc, path: string[], create: boolean): { parent: Doc | Value[]; key: string } | null => {
  let current: Doc | Value[] = doc;
  for (const segment of path.slice(0, -1)) {
    let next: Value;
    if (Array.isArray(current)) {
      if (!isNumeric(segment)) {
        if (create) throw new ReferenceRefusal(`field ${segment} inside an array`);
        return null;
      }
      next = current[Number(segment)];
    } else {
      next = current[segment];
    }
    if (next === undefined) {
      if (!create) return null;
      next = {};
      if (Array.isArray(current)) {
        while (current.length < Number(segment)) current.push(null);
        current[Number(segment)] = next;
      } else current[segment] = next;
    } else if (typeof next !== 'object' || next === null) {
      if (create) throw new ReferenceRefusal(`path through ${JSON.stringify(next)}`);
      return null;
    }
    current = next as Doc | Value[];
  }
  return { parent: current, key: path[path.length - 1] as string };
};

const get = (parent: Doc | Value[], key: string): Value => (Array.isArray(parent) ? (isNumeric(key) ? parent[Number(key)] : undefined) : parent[key]);
const put = (parent: Doc | Value[], key: string, value: Value): void => {
  if (Array.isArray(parent)) {
    if (!isNumeric(key)) throw new ReferenceRefusal(`field ${key} inside an array`);
    while (parent.length < Number(key)) parent.push(null);
    parent[Number(key)] = value;
  } else parent[key] = value;
};

const items = (argument: Value): Value[] => (isObject(argument) && Array.isArray(argument.$each) ? argument.$each : [argument]);

/** Applies an update the way MongoDB does; throws ReferenceRefusal where MongoDB would refuse. */
export const referenceUpdate = (original: Doc, update: Doc, inserting: boolean): Doc => {
  const doc = applyOperators(clone(original), update, inserting);
  if (doc._id !== original._id) throw new ReferenceRefusal('_id changed');
  return doc;
};

const applyOperators = (doc: Doc, update: Doc, inserting: boolean): Doc => {
  for (const [op, fields] of Object.entries(update)) {
    for (const [path, argument] of Object.entries(fields as Doc)) {
      const segments = path.split('.');
      switch (op) {
        case '$setOnInsert':
        case '$set': {
          if (op === '$setOnInsert' && !inserting) break;
          const at = container(doc, segments, true);
          if (at) put(at.parent, at.key, clone(argument));
          break;
        }
        case '$unset': {
          const at = container(doc, segments, false);
          if (!at) break;
          if (Array.isArray(at.parent)) {
            if (isNumeric(at.key) && Number(at.key) < at.parent.length) at.parent[Number(at.key)] = null;
          } else delete at.parent[at.key];
          break;
        }
        case '$inc': {
          const at = container(doc, segments, true);
          if (!at) break;
          const current = get(at.parent, at.key);
          if (current !== undefined && typeof current !== 'number') throw new ReferenceRefusal('$inc on a non-number');
          put(at.parent, at.key, ((current) ?? 0) + (argument as number));
          break;
        }
        case '$min':
        case '$max': {
          const at = container(doc, segments, true);
          if (!at) break;
          const current = get(at.parent, at.key);
          const c = referenceCompare(argument, current);
          if (current === undefined || (op === '$min' ? c < 0 : c > 0)) put(at.parent, at.key, clone(argument));
          break;
        }
        case '$push':
        case '$addToSet': {
          const at = container(doc, segments, true);
          if (!at) break;
          const current = get(at.parent, at.key);
          if (current !== undefined && !Array.isArray(current)) throw new ReferenceRefusal(`${op} on a non-array`);
          const list = (current as Value[] | undefined) ?? [];
          for (const item of items(argument)) {
            if (op === '$addToSet' && list.some((x) => referenceCompare(x, item) === 0)) continue;
            list.push(clone(item));
          }
          put(at.parent, at.key, list);
          break;
        }
        case '$pull': {
          const at = container(doc, segments, false);
          if (!at) break;
          const current = get(at.parent, at.key);
          if (current === undefined) break;
          if (!Array.isArray(current)) throw new ReferenceRefusal('$pull on a non-array');
          const remove = (item: Value): boolean =>
            isOperatorDoc(argument)
              ? matchOperators({ item }, 'item', argument)
              : isObject(argument)
                ? isObject(item) && referenceMatches(item, argument)
                : referenceCompare(item, argument) === 0;
          put(at.parent, at.key, current.filter((item) => !remove(item)));
          break;
        }
        default:
          throw new Error(`reference model: ${op} is not modelled`);
      }
    }
  }
  return doc;
};

/** The document an upsert starts from: the filter's equality conditions (also inside $and) as fields. */
export const referenceSeed = (filter: Doc): Doc => {
  const seed: Doc = {};
  const visit = (f: Doc): void => {
    for (const [key, condition] of Object.entries(f)) {
      if (key === '$and') (condition as Doc[]).forEach(visit);
      else if (key.startsWith('$')) continue;
      else if (isOperatorDoc(condition)) {
        if ('$eq' in condition) applyOperators(seed, { $set: { [key]: condition.$eq } }, true);
      } else applyOperators(seed, { $set: { [key]: condition } }, true);
    }
  };
  visit(filter);
  return seed;
};
