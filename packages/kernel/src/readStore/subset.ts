import { ReadStoreError } from './readStore.js';
import type { Filter, Projection, SortSpec, Update } from './readStore.js';
import { isPlainObject } from './values.js';

/**
 * The portable subset (docs/read-store.md). Everything a caller passes is checked against it before it reaches
 * the engine, so an operator MongoDB would honour but this subset does not is refused with
 * `UnsupportedOperator` instead of being silently ignored or evaluated differently.
 */
export const FILTER_FIELD_OPERATORS = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$not', '$exists', '$all', '$elemMatch', '$size'] as const;
export const FILTER_LOGICAL_OPERATORS = ['$and', '$or', '$nor'] as const;
export const UPDATE_OPERATORS = ['$set', '$unset', '$inc', '$push', '$addToSet', '$pull', '$min', '$max', '$setOnInsert'] as const;
const fieldOperators = new Set<string>(FILTER_FIELD_OPERATORS);
const logicalOperators = new Set<string>(FILTER_LOGICAL_OPERATORS);
const updateOperators = new Set<string>(UPDATE_OPERATORS);

export const invalid = (reason: string): never => {
  throw new ReadStoreError({ _tag: 'InvalidQuery', reason });
};
export const unsupported = (operator: string, where: 'filter' | 'update' | 'pipeline' | 'projection' | 'sort'): never => {
  throw new ReadStoreError({ _tag: 'UnsupportedOperator', operator, where });
};

/** Literal values in queries: JSON only, no `undefined` (the driver would drop the condition and match more). */
export const checkLiteral = (value: unknown, where: 'filter' | 'update' | 'pipeline', path: string): void => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) invalid(`${path}: ${String(value)} is not a JSON number`);
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        value.forEach((item: unknown, i) => checkLiteral(item, where, `${path}.${i}`));
        return;
      }
      if (!isPlainObject(value)) return invalid(`${path}: ${(value).constructor?.name ?? 'object'} is not a JSON value`);
      for (const [key, item] of Object.entries(value)) {
        if (key.startsWith('$')) unsupported(key, where);
        checkLiteral(item, where, `${path}.${key}`);
      }
      return;
    default:
      return invalid(`${path}: a ${typeof value} is not a JSON value (undefined would silently widen the query)`);
  }
};

export const checkPath = (path: string, where: string): void => {
  if (path === '' || path.split('.').some((segment) => segment === '')) invalid(`${where}: ${JSON.stringify(path)} is not a field path`);
  if (path.split('.').some((segment) => segment.startsWith('$'))) unsupported(path, where === 'update' ? 'update' : 'filter');
};

const isOperatorObject = (value: unknown): value is Record<string, unknown> => {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && (keys[0] as string).startsWith('$');
};

export const validateFilter = (filter: unknown, topLevel = true): Filter => {
  if (!isPlainObject(filter)) return invalid('a filter must be a plain object');
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$text' && topLevel) {
      validateText(condition);
      continue;
    }
    if (key.startsWith('$')) {
      if (!logicalOperators.has(key)) unsupported(key, 'filter');
      if (!Array.isArray(condition) || condition.length === 0) invalid(`${key} needs a non-empty array of filters`);
      for (const sub of condition as unknown[]) validateFilter(sub, false);
      continue;
    }
    checkPath(key, 'filter');
    validateCondition(key, condition);
  }
  return filter;
};

/** `$text` takes `$search` alone in the subset: language, case and diacritic options are MongoDB's defaults. */
const validateText = (condition: unknown): void => {
  if (!isPlainObject(condition)) return invalid('$text needs an object with $search');
  for (const key of Object.keys(condition)) if (key !== '$search') unsupported(`$text.${key}`, 'filter');
  if (typeof condition.$search !== 'string') invalid('$text.$search must be a string');
};

const validateCondition = (path: string, condition: unknown): void => {
  if (!isOperatorObject(condition)) {
    checkLiteral(condition, 'filter', path);
    return;
  }
  for (const [operator, argument] of Object.entries(condition)) {
    if (!operator.startsWith('$')) invalid(`${path}: operators and fields cannot be mixed (${operator})`);
    if (!fieldOperators.has(operator)) unsupported(operator, 'filter');
    switch (operator) {
      case '$in':
      case '$nin':
      case '$all':
        if (!Array.isArray(argument)) invalid(`${path}: ${operator} needs an array`);
        for (const item of argument as unknown[]) {
          if (operator === '$all' && isPlainObject(item) && Object.hasOwn(item, '$elemMatch')) unsupported('$all with $elemMatch', 'filter');
          // MongoDB matches an array operand against the whole field; mingo does not, so it stays outside the subset.
          if (Array.isArray(item)) invalid(`${path}: ${operator} items may not be arrays in the portable subset`);
          checkLiteral(item, 'filter', `${path}.${operator}`);
        }
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        // Ranges over numbers and strings only: MongoDB's ordering of null, arrays and objects in ranges is
        // where engines disagree, so those are outside the portable subset.
        if (typeof argument !== 'string' && (typeof argument !== 'number' || !Number.isFinite(argument))) {
          invalid(`${path}: ${operator} needs a number or a string in the portable subset`);
        }
        break;
      case '$exists':
        if (typeof argument !== 'boolean') invalid(`${path}: $exists needs true or false`);
        break;
      case '$size':
        if (typeof argument !== 'number' || !Number.isInteger(argument) || argument < 0) invalid(`${path}: $size needs a non-negative integer`);
        break;
      case '$not':
        if (!isOperatorObject(argument)) invalid(`${path}: $not needs an operator expression`);
        validateCondition(path, argument);
        break;
      case '$elemMatch':
        if (!isPlainObject(argument) || Object.keys(argument).length === 0) invalid(`${path}: $elemMatch needs a non-empty object`);
        if (isOperatorObject(argument)) validateCondition(path, argument);
        else validateFilter(argument, false);
        break;
      default:
        checkLiteral(argument, 'filter', `${path}.${operator}`);
    }
  }
};

export interface ValidatedUpdate {
  readonly update: Update;
  /** Every path the update writes, for conflict and `_id` checks. */
  readonly paths: readonly string[];
}

export const validateUpdate = (update: unknown): Update => {
  if (!isPlainObject(update) || Object.keys(update).length === 0) return invalid('an update must be a non-empty object of update operators');
  const touched: string[] = [];
  for (const [operator, fields] of Object.entries(update)) {
    if (!operator.startsWith('$')) invalid(`an update must use update operators (found the field ${JSON.stringify(operator)}); use replaceOne to replace a document`);
    if (!updateOperators.has(operator)) unsupported(operator, 'update');
    if (!isPlainObject(fields)) return invalid(`${operator} needs an object of field paths`);
    for (const [path, argument] of Object.entries(fields)) {
      checkPath(path, 'update');
      if ((path === '_id' || path.startsWith('_id.')) && operator !== '$setOnInsert' && operator !== '$set') invalid(`${operator} cannot change _id`);
      for (const other of touched) {
        if (other === path || other.startsWith(`${path}.`) || path.startsWith(`${other}.`)) invalid(`updating ${path} would conflict with ${other}`);
      }
      touched.push(path);
      validateUpdateArgument(operator, path, argument);
    }
  }
  return update as Update;
};

const validateUpdateArgument = (operator: string, path: string, argument: unknown): void => {
  switch (operator) {
    case '$inc':
      if (typeof argument !== 'number' || !Number.isFinite(argument)) invalid(`${path}: $inc needs a number`);
      return;
    case '$unset':
      return;
    case '$push':
    case '$addToSet':
      if (isPlainObject(argument) && Object.keys(argument).some((k) => k.startsWith('$'))) {
        for (const key of Object.keys(argument)) if (key !== '$each') unsupported(`${operator}.${key}`, 'update');
        if (!Array.isArray(argument.$each)) invalid(`${path}: $each needs an array`);
        checkLiteral(argument.$each, 'update', path);
        return;
      }
      checkLiteral(argument, 'update', path);
      return;
    case '$pull':
      if (isOperatorObject(argument)) validateCondition(path, argument);
      else if (isPlainObject(argument)) validateFilter(argument);
      else checkLiteral(argument, 'update', path);
      return;
    default:
      if (argument === undefined) return; // dropped, as the driver's ignoreUndefined does
      checkLiteral(argument, 'update', path);
  }
};

export const validateSort = (sort: unknown): SortSpec => {
  if (!isPlainObject(sort)) return invalid('a sort must be an object of field paths');
  for (const [path, direction] of Object.entries(sort)) {
    if (path.startsWith('$')) unsupported(path, 'sort');
    checkPath(path, 'sort');
    if (direction !== 1 && direction !== -1) {
      if (isPlainObject(direction)) unsupported(Object.keys(direction)[0] ?? '{}', 'sort');
      invalid(`sort direction for ${path} must be 1 or -1`);
    }
  }
  return sort as SortSpec;
};

export const validateProjection = (projection: unknown): Projection => {
  if (!isPlainObject(projection)) return invalid('a projection must be an object of field paths');
  let include = 0;
  let exclude = 0;
  for (const [path, flag] of Object.entries(projection)) {
    if (path.startsWith('$') || path.includes('.$')) unsupported(path, 'projection');
    checkPath(path, 'projection');
    if (isPlainObject(flag)) unsupported(Object.keys(flag)[0] ?? '{}', 'projection');
    if (flag !== 0 && flag !== 1 && flag !== true && flag !== false) invalid(`projection of ${path} must be 0 or 1`);
    if (path === '_id') continue;
    if (flag === 1 || flag === true) include++;
    else exclude++;
  }
  if (include > 0 && exclude > 0) invalid('a projection cannot mix inclusion and exclusion (except for _id)');
  return projection as Projection;
};
