// What JSON.stringify would escape in a string: quotes, backslashes, control characters and (since lone ones are
// escaped) any surrogate. Strings without them are written as they are, without a call into JSON.stringify.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/; // eslint-disable-line no-control-regex

const quoted = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);

/** The order Array.prototype.sort gives strings by default (UTF-16 code units), without its conversions. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * JSON with object keys sorted, so that the same value always gives the same bytes: hashes over it are
 * stable whichever store wrote it and whatever order a payload's keys were built in. The text is exactly
 * JSON.stringify's for each key and primitive, so hashes never change with how it is built.
 */
export const canonicalJson = (value: unknown): string => {
  // Plain loops and string building: this runs for every event appended, inside the hash chain.
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (i > 0) out += ',';
          out += item === undefined ? 'null' : canonicalJson(item);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort(byCodeUnits);
      let out = '{';
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        if (out.length > 1) out += ',';
        out += `${quoted(key)}:${canonicalJson(item)}`;
      }
      return `${out}}`;
    }
    default: {
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError(`not a JSON value: ${typeof value}`);
      return text;
    }
  }
};

/** What JSON cannot hold, and where: path segments from the innermost out, joined only once one is found. */
interface Found {
  readonly reason: string;
  readonly at: string[];
}

const findProblem = (value: unknown): Found | null => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : { reason: 'is a non-finite number', at: [] };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const found = findProblem(value[i]);
          if (found) return (found.at.push(`[${i}]`), found);
        }
        return null;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return { reason: 'is not a plain object', at: [] };
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (item === undefined) continue;
        const found = findProblem(item);
        if (found) return (found.at.push(`.${key}`), found);
      }
      return null;
    }
    default:
      return { reason: `is a ${typeof value}, which JSON cannot hold`, at: [] };
  }
};

/**
 * Why a value cannot be stored as JSON, or null when it can. Event payloads must round-trip through JSON
 * unchanged, so bigint, functions, symbols, non-finite numbers, Dates and class instances are refused
 * rather than silently converted.
 */
export const jsonProblem = (value: unknown, path = '$'): string | null => {
  const found = findProblem(value);
  return found ? `${path}${found.at.reverse().join('')} ${found.reason}` : null;
};
