import type { JsonValue } from './readStore.js';

/**
 * Stored documents are copy-on-write: the store keeps each document deeply frozen and hands out that same frozen
 * value, so a `get` copies nothing and a projection that reads a document and replaces it with a changed spread
 * (`{ ...order, status }`) shares every untouched part with the stored version.
 *
 * `CHECKED` marks the values (objects and arrays) the value rule has accepted and frozen that hold other objects
 * or arrays. A frozen value can never change, so meeting it again, inside a new document that reuses it, costs
 * one property read instead of a walk: replacing a large document whose big parts were read from the store
 * checks only what is new. The mark is a non-enumerable property under a symbol of this module: JSON, spreads,
 * `Object.keys` and `Object.assign` never see or copy it, so a copy of a checked value is walked again, and it
 * cannot be set on a value without this module. (It used to be a WeakSet: adding to one cost about 0.7 µs an
 * entry, against about 0.25 µs for the property, and every scavenge had to process its ephemeron table.)
 * Values holding only strings, numbers, booleans and nulls are frozen but not marked: walking them again costs
 * less than marking them.
 */
const CHECKED = Symbol('shopstream.readStore.checked');
const MARK: PropertyDescriptor = { value: true, enumerable: false, writable: false, configurable: false };

const isChecked = (value: object): boolean => (value as { readonly [CHECKED]?: true })[CHECKED] === true;

/** Path segments of the value being walked, read only to word a refusal (cheaper than building a path per value). */
const trail: (string | number)[] = [];

type Refuse = (reason: string) => never;

const where = (): string => ['$', ...trail].join('.');

/** Whether a walked value was an object or array, which makes its parent worth remembering. */
let nested = false;

const seal = <T extends object>(value: T, remember: boolean): T => {
  // The mark goes on before the freeze, which would refuse it. A value frozen already (a stored document, which
  // is not marked, reused inside another; a provisional one, see collection.ts) stays unmarked: walked again
  // when met again, but accepted.
  if (remember && Object.isExtensible(value)) Object.defineProperty(value, CHECKED, MARK);
  Object.freeze(value);
  nested = true;
  return value;
};

/**
 * The value rule (docs/read-store.md) applied by freezing instead of copying: returns `value` itself, now deeply
 * frozen, when it already is JSON as stored; otherwise a frozen copy of just the parts that need normalising
 * (an `undefined` property left out, an `undefined` array item or hole made null, -0 made 0, an object without
 * prototype made plain) and of their parents. What JSON cannot hold is refused, as before.
 *
 * The caller's value is frozen in place: code that keeps a document it stored and later mutates it now throws a
 * TypeError instead of silently changing a stored value behind the store's back.
 */
export const frozenJson = (value: unknown, refuse: Refuse): JsonValue => {
  trail.length = 0;
  return walk(value, refuse);
};

/**
 * `frozenJson` for a whole document (a plain object): the same walk, but the document itself is not marked, only
 * its parts. A document is replaced, not reused inside another, so its mark would cost a property on every write
 * (a projection writes on nearly every event) for a walk of its top level that hardly ever comes.
 */
export const frozenDocument = (value: object, refuse: Refuse): JsonValue => {
  trail.length = 0;
  return isChecked(value) ? (value as JsonValue) : walkObject(value, refuse, false);
};

const walk = (value: unknown, refuse: Refuse): JsonValue => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return refuse(`${where()} is a non-finite number`);
      return value === 0 ? 0 : value;
    case 'object': {
      if (value === null) return null;
      if (isChecked(value)) {
        nested = true;
        return value as JsonValue;
      }
      return Array.isArray(value) ? walkArray(value as readonly unknown[], refuse) : walkObject(value, refuse);
    }
    default:
      return refuse(`${where()} is a ${typeof value}, which JSON cannot hold`);
  }
};

const walkArray = (value: readonly unknown[], refuse: Refuse): JsonValue => {
  let out: JsonValue[] | undefined;
  let holdsContainers = false;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    trail.push(i);
    nested = false;
    const next = item === undefined ? null : walk(item, refuse);
    holdsContainers ||= nested;
    trail.pop();
    if (out === undefined) {
      // Object.is, so that -0 made 0 counts as a change.
      if (Object.is(next, item)) continue;
      out = value.slice(0, i) as JsonValue[];
    }
    out.push(next);
  }
  return seal(out ?? (value as JsonValue[]), holdsContainers);
};

const walkObject = (value: object, refuse: Refuse, remember = true): JsonValue => {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    return refuse(`${where()} is a ${value.constructor?.name ?? 'non-plain object'}, which JSON cannot hold`);
  }
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  // An object without prototype is stored as a plain one, so it is always copied.
  let out: Record<string, JsonValue> | undefined = proto === null ? {} : undefined;
  let holdsContainers = false;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const item = source[key];
    if (item === undefined) {
      out ??= copyFirst(source, keys, k);
      continue;
    }
    if (key === '' || key.charCodeAt(0) === 36 /* $ */ || key.includes('.')) {
      return refuse(`${where()} has the field name ${JSON.stringify(key)}; field names may not be empty, start with $ or contain a dot`);
    }
    trail.push(key);
    nested = false;
    const next = walk(item, refuse);
    holdsContainers ||= nested;
    trail.pop();
    if (out === undefined) {
      if (Object.is(next, item)) continue;
      out = copyFirst(source, keys, k);
    }
    out[key] = next;
  }
  return seal(out ?? (source as Record<string, JsonValue>), remember && holdsContainers);
};

/** The first `count` fields of `source`, all of them already accepted as they are. */
const copyFirst = (source: Record<string, unknown>, keys: readonly string[], count: number): Record<string, JsonValue> => {
  const out: Record<string, JsonValue> = {};
  for (let k = 0; k < count; k++) out[keys[k] as string] = source[keys[k] as string] as JsonValue;
  return out;
};

/**
 * A stored value (a document or a part of one) as it may be handed out: frozen. Stored values are frozen from the
 * bottom up, so a frozen one is frozen all through; values loaded from persistence (JSON.parse) are frozen the
 * first time they leave the store, not at load, so opening a large store costs no extra walk.
 */
export const handedOut = <T>(document: T): T => {
  if (typeof document !== 'object' || document === null || Object.isFrozen(document)) return document;
  return frozenJson(document, (reason) => {
    throw new Error(`a stored document broke the value rule: ${reason}`);
  }) as T;
};
