import type { JsonValue } from './readStore.js';

/**
 * The one value rule (docs/read-store.md): stored documents are JSON. Properties whose value is `undefined` are
 * left out and `undefined` array items become null (what `JSON.stringify` and the MongoDB driver's
 * `ignoreUndefined` do); -0 is stored as 0; anything else JSON cannot hold (bigint, Date, class instances,
 * non-finite numbers, functions, symbols) is refused rather than silently converted, because MongoDB would
 * store it as a different BSON type and the two stores would then disagree.
 */
export const jsonCopy = (value: unknown, path: string, refuse: (reason: string) => never): JsonValue => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return refuse(`${path} is a non-finite number`);
      return value === 0 ? 0 : value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: JsonValue[] = new Array<JsonValue>(value.length);
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          out[i] = item === undefined ? null : jsonCopy(item, `${path}.${i}`, refuse);
        }
        return out;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        return refuse(`${path} is a ${value.constructor?.name ?? 'non-plain object'}, which JSON cannot hold`);
      }
      const out: Record<string, JsonValue> = {};
      for (const key of Object.keys(value)) {
        const item: unknown = (value as Record<string, unknown>)[key];
        if (item === undefined) continue;
        if (key === '' || key.startsWith('$') || key.includes('.')) {
          return refuse(`${path} has the field name ${JSON.stringify(key)}; field names may not be empty, start with $ or contain a dot`);
        }
        out[key] = jsonCopy(item, `${path}.${key}`, refuse);
      }
      return out;
    }
    default:
      return refuse(`${path} is a ${typeof value}, which JSON cannot hold`);
  }
};

/** A deep copy of a value already known to be JSON; stored documents are never handed out by reference. */
export const cloneJson = <T>(value: T): T => {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => cloneJson(item)) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cloneJson((value as Record<string, unknown>)[key]);
  return out as T;
};

/**
 * Whether two stored (JSON) values are the same, key order included: what comparing their `JSON.stringify`
 * texts answers, without building the texts. Projections replace documents on nearly every event, so the
 * unchanged-document check runs as often as the writes do.
 */
export const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i++) {
    const key = aKeys[i] as string;
    if (key !== bKeys[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
};

/**
 * BSON's order for the types JSON has: missing and empty-array keys (undefined) < null < numbers < strings <
 * objects < arrays < booleans. Strings compare by UTF-16 code unit, as mingo does; MongoDB's binary UTF-8 order
 * differs only between characters above U+FFFF and those in U+E000..U+FFFF.
 */
export const typeRank = (value: unknown): number => {
  if (value === undefined) return 0;
  if (value === null) return 1;
  switch (typeof value) {
    case 'number':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 6;
    default:
      return Array.isArray(value) ? 5 : 4;
  }
};

/** Total order over JSON values following MongoDB's comparison rules (objects field by field, in order). */
export const compareValues = (a: unknown, b: unknown): number => {
  // Fast path for the keys indexes hold most: two strings or two numbers.
  if (typeof a === typeof b && (typeof a === 'string' || typeof a === 'number')) return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 2:
    case 3:
    case 6:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 5: {
      const xs = a as readonly unknown[];
      const ys = b as readonly unknown[];
      for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
        const c = compareValues(xs[i], ys[i]);
        if (c !== 0) return c;
      }
      return xs.length - ys.length < 0 ? -1 : xs.length > ys.length ? 1 : 0;
    }
    case 4: {
      const ea = Object.entries(a as Record<string, unknown>);
      const eb = Object.entries(b as Record<string, unknown>);
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
        const [ka, va] = ea[i] as [string, unknown];
        const [kb, vb] = eb[i] as [string, unknown];
        const byValueType = compareValues(typeRank(va), typeRank(vb));
        if (byValueType !== 0) return byValueType;
        if (ka !== kb) return ka < kb ? -1 : 1;
        const c = compareValues(va, vb);
        if (c !== 0) return c;
      }
      return ea.length < eb.length ? -1 : ea.length > eb.length ? 1 : 0;
    }
    default:
      return 0;
  }
};

/** Structural equality of JSON values; object field order does not matter (unlike MongoDB, see docs). */
export const equalValues = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const ys = b as readonly unknown[];
    return a.length === ys.length && a.every((item: unknown, i) => equalValues(item, ys[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equalValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
};

export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

