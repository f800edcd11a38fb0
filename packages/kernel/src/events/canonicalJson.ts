/**
 * JSON with object keys sorted, so that the same value always gives the same bytes: hashes over it are
 * stable whichever store wrote it and whatever order a payload's keys were built in.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`not a JSON value: ${typeof value}`);
    return text;
  }
  // Plain loops and string building: this runs for every event appended, inside the hash chain.
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
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
    first = false;
  }
  return `${out}}`;
};

/**
 * Why a value cannot be stored as JSON, or null when it can. Event payloads must round-trip through JSON
 * unchanged, so bigint, functions, symbols, non-finite numbers, Dates and class instances are refused
 * rather than silently converted.
 */
export const jsonProblem = (value: unknown, path = '$'): string | null => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is a non-finite number`;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const problem = jsonProblem(value[i], `${path}[${i}]`);
          if (problem) return problem;
        }
        return null;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return `${path} is not a plain object`;
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        const problem = jsonProblem(v, `${path}.${k}`);
        if (problem) return problem;
      }
      return null;
    }
    default:
      return `${path} is a ${typeof value}, which JSON cannot hold`;
  }
};
