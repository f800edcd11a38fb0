import { compileFilter } from './evaluate.js';
import { splitPath } from './paths.js';
import { ReadStoreError } from './readStore.js';
import type { Document, Filter, Update } from './readStore.js';
import { cloneJson, compareValues, isPlainObject, sameJson } from './values.js';

/**
 * MongoDB's update operators over JSON documents. mingo's updater skips what it cannot apply (a `$inc` on a
 * string, a `$push` onto a number, a path through a scalar) without a word; MongoDB refuses those writes, and so
 * does this, because a projector that silently loses an increment corrupts a read model.
 */
const refuse = (reason: string): never => {
  throw new ReadStoreError({ _tag: 'InvalidQuery', reason });
};

const isIndex = (segment: string): boolean => /^(0|[1-9][0-9]*)$/.test(segment);

type Container = Record<string, unknown> | unknown[];

/** The container holding the last segment, creating objects on the way when `create` is set. */
const parentOf = (document: Record<string, unknown>, segments: readonly string[], create: boolean, path: string): Container | undefined => {
  let current: Container = document;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    let next: unknown;
    if (Array.isArray(current)) {
      if (!isIndex(segment)) return create ? refuse(`cannot create field ${JSON.stringify(segment)} of ${path} inside an array`) : undefined;
      next = current[Number(segment)];
    } else {
      next = current[segment];
    }
    if (next === undefined) {
      if (!create) return undefined;
      next = {};
      if (Array.isArray(current)) {
        while (current.length < Number(segment)) current.push(null);
        current[Number(segment)] = next;
      } else {
        current[segment] = next;
      }
    } else if (typeof next !== 'object' || next === null) {
      return create ? refuse(`cannot create ${path}: ${segments.slice(0, i + 1).join('.')} holds ${JSON.stringify(next)}`) : undefined;
    }
    current = next as Container;
  }
  return current;
};

const read = (parent: Container, key: string): unknown =>
  Array.isArray(parent) ? (isIndex(key) ? parent[Number(key)] : undefined) : parent[key];

const write = (parent: Container, key: string, value: unknown, path: string): void => {
  if (Array.isArray(parent)) {
    if (!isIndex(key)) refuse(`cannot create field ${JSON.stringify(key)} of ${path} inside an array`);
    while (parent.length < Number(key)) parent.push(null);
    parent[Number(key)] = value;
  } else {
    parent[key] = value;
  }
};

const pullMatcher = (condition: unknown): ((item: unknown) => boolean) => {
  if (isPlainObject(condition) && Object.keys(condition).some((key) => key.startsWith('$'))) {
    const test = compileFilter({ v: condition });
    return (item) => test({ _id: '', v: item as never });
  }
  if (isPlainObject(condition)) {
    const test = compileFilter(condition);
    return (item) => isPlainObject(item) && test(item as Document);
  }
  return (item) => compareValues(item, condition) === 0;
};

const eachOf = (argument: unknown): unknown[] =>
  isPlainObject(argument) && Array.isArray(argument.$each) ? (argument.$each as unknown[]) : [argument];

const applyOne = (document: Record<string, unknown>, operator: string, path: string, argument: unknown): void => {
  const segments = splitPath(path);
  const key = segments[segments.length - 1] as string;
  switch (operator) {
    case '$set':
    case '$setOnInsert': {
      if (argument === undefined) return;
      const parent = parentOf(document, segments, true, path) as Container;
      write(parent, key, cloneJson(argument), path);
      return;
    }
    case '$unset': {
      const parent = parentOf(document, segments, false, path);
      if (parent === undefined) return;
      if (Array.isArray(parent)) {
        if (isIndex(key) && Number(key) < parent.length) parent[Number(key)] = null;
      } else {
        delete parent[key];
      }
      return;
    }
    case '$inc': {
      const parent = parentOf(document, segments, true, path) as Container;
      const current = read(parent, key);
      if (current === undefined) write(parent, key, argument, path);
      else if (typeof current === 'number') write(parent, key, current + (argument as number), path);
      else refuse(`cannot $inc ${path}: it holds ${JSON.stringify(current)}, not a number`);
      return;
    }
    case '$min':
    case '$max': {
      const parent = parentOf(document, segments, true, path) as Container;
      const current = read(parent, key);
      const c = current === undefined ? 0 : compareValues(argument, current);
      if (current === undefined || (operator === '$min' ? c < 0 : c > 0)) write(parent, key, cloneJson(argument), path);
      return;
    }
    case '$push':
    case '$addToSet': {
      const parent = parentOf(document, segments, true, path) as Container;
      const current = read(parent, key);
      if (current !== undefined && !Array.isArray(current)) refuse(`cannot ${operator} to ${path}: it holds ${JSON.stringify(current)}, not an array`);
      const items: unknown[] = current === undefined ? [] : (current as unknown[]);
      for (const item of eachOf(argument)) {
        if (operator === '$addToSet' && items.some((existing) => compareValues(existing, item) === 0)) continue;
        items.push(cloneJson(item));
      }
      if (current === undefined) write(parent, key, items, path);
      return;
    }
    case '$pull': {
      const parent = parentOf(document, segments, false, path);
      if (parent === undefined) return;
      const current = read(parent, key);
      if (current === undefined) return;
      if (!Array.isArray(current)) return refuse(`cannot $pull from ${path}: it holds ${JSON.stringify(current)}, not an array`);
      const matches = pullMatcher(argument);
      write(parent, key, (current as unknown[]).filter((item) => !matches(item)), path);
      return;
    }
    default:
      refuse(`unknown update operator ${operator}`);
  }
};

/**
 * Applies a validated update to a copy of `document`. `inserting` is true for the document an upsert creates,
 * the only time `$setOnInsert` applies. Returns the new document, or the same object when nothing changed.
 */
export const applyUpdate = (document: Document, update: Update, inserting: boolean): Document => {
  const next = cloneJson(document) as Record<string, unknown>;
  for (const [operator, fields] of Object.entries(update)) {
    if (operator === '$setOnInsert' && !inserting) continue;
    for (const [path, argument] of Object.entries(fields)) applyOne(next, operator, path, argument);
  }
  if (next._id !== document._id) refuse(`an update cannot change _id (from ${JSON.stringify(document._id)} to ${JSON.stringify(next._id)})`);
  return sameJson(next, document) ? document : (next as Document);
};

/**
 * The document an upsert starts from, as MongoDB seeds it: each equality condition of the filter (a plain value
 * or `$eq`, also inside `$and`) becomes a field, dotted paths becoming nested objects.
 */
export const seedFromFilter = (filter: Filter): Record<string, unknown> => {
  const seed: Record<string, unknown> = {};
  const visit = (conditions: Filter): void => {
    for (const [path, condition] of Object.entries(conditions)) {
      if (path === '$and') {
        for (const sub of condition as Filter[]) visit(sub);
        continue;
      }
      if (path.startsWith('$')) continue;
      let value: unknown;
      if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
        if (!Object.hasOwn(condition, '$eq')) continue;
        value = condition.$eq;
      } else {
        value = condition;
      }
      applyOne(seed, '$set', path, value);
    }
  };
  visit(filter);
  return seed;
};
