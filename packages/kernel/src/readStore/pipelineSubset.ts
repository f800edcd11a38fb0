import type { Pipeline } from './readStore.js';
import { checkLiteral, checkPath, invalid, unsupported, validateFilter, validateSort } from './subset.js';
import { isPlainObject } from './values.js';

/** The aggregation part of the portable subset (docs/read-store.md): stages, accumulators and expressions. */
export const PIPELINE_STAGES = ['$match', '$group', '$sort', '$limit', '$skip', '$project', '$unwind', '$count', '$facet', '$addFields', '$set', '$replaceRoot', '$sortByCount'] as const;
export const ACCUMULATORS = ['$sum', '$avg', '$min', '$max', '$first', '$last', '$push', '$addToSet', '$count'] as const;
export const EXPRESSION_OPERATORS = [
  '$add', '$subtract', '$multiply', '$divide', '$mod', '$abs', '$floor', '$ceil', '$round',
  '$concat', '$toLower', '$toUpper', '$substrCP', '$strLenCP',
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$cmp', '$and', '$or', '$not',
  '$cond', '$ifNull', '$literal', '$size', '$arrayElemAt', '$in', '$concatArrays', '$mergeObjects', '$sum', '$min', '$max', '$avg',
] as const;

const pipelineStages = new Set<string>(PIPELINE_STAGES);
const accumulators = new Set<string>(ACCUMULATORS);
const expressionOperators = new Set<string>(EXPRESSION_OPERATORS);

export const validatePipeline = (pipeline: unknown, nested = false): Pipeline => {
  if (!Array.isArray(pipeline)) return invalid('a pipeline must be an array of stages');
  for (const stage of pipeline as unknown[]) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) invalid('each pipeline stage must be an object with exactly one stage operator');
    const [name, spec] = Object.entries(stage as Record<string, unknown>)[0] as [string, unknown];
    if (!pipelineStages.has(name)) unsupported(name, 'pipeline');
    validateStage(name, spec, nested);
  }
  return pipeline as Pipeline;
};

const validateStage = (name: string, spec: unknown, nested: boolean): void => {
  switch (name) {
    case '$match':
      validateFilter(spec, false);
      return;
    case '$sort':
      validateSort(spec);
      if (Object.keys(spec as object).length === 0) invalid('$sort needs at least one field');
      return;
    case '$limit':
    case '$skip':
      if (typeof spec !== 'number' || !Number.isInteger(spec) || spec < (name === '$limit' ? 1 : 0)) invalid(`${name} needs a ${name === '$limit' ? 'positive' : 'non-negative'} integer`);
      return;
    case '$count':
      if (typeof spec !== 'string' || spec === '' || spec.startsWith('$') || spec.includes('.')) invalid('$count needs a plain field name');
      return;
    case '$unwind': {
      const path = isPlainObject(spec) ? spec.path : spec;
      if (typeof path !== 'string' || !path.startsWith('$')) invalid('$unwind needs a field path such as "$items"');
      if (isPlainObject(spec)) {
        for (const key of Object.keys(spec)) if (key !== 'path' && key !== 'preserveNullAndEmptyArrays' && key !== 'includeArrayIndex') unsupported(`$unwind.${key}`, 'pipeline');
      }
      return;
    }
    case '$group': {
      if (!isPlainObject(spec) || !Object.hasOwn(spec, '_id')) invalid('$group needs an _id');
      for (const [field, accumulator] of Object.entries(spec as Record<string, unknown>)) {
        if (field === '_id') {
          validateExpression(accumulator);
          continue;
        }
        if (!isPlainObject(accumulator) || Object.keys(accumulator).length !== 1) invalid(`$group field ${field} needs one accumulator`);
        const [op, argument] = Object.entries(accumulator as Record<string, unknown>)[0] as [string, unknown];
        if (!accumulators.has(op)) unsupported(op, 'pipeline');
        validateExpression(argument);
      }
      return;
    }
    case '$project':
    case '$addFields':
    case '$set':
      if (!isPlainObject(spec) || Object.keys(spec).length === 0) invalid(`${name} needs a non-empty object`);
      for (const [path, value] of Object.entries(spec as Record<string, unknown>)) {
        checkPath(path, 'pipeline');
        if (name === '$project' && (value === 0 || value === 1 || typeof value === 'boolean')) continue;
        validateExpression(value);
      }
      return;
    case '$replaceRoot':
      if (!isPlainObject(spec) || !Object.hasOwn(spec, 'newRoot')) invalid('$replaceRoot needs newRoot');
      validateExpression((spec as Record<string, unknown>).newRoot);
      return;
    case '$sortByCount':
      validateExpression(spec);
      return;
    case '$facet':
      if (nested) unsupported('$facet inside $facet', 'pipeline');
      if (!isPlainObject(spec)) invalid('$facet needs an object of pipelines');
      for (const sub of Object.values(spec as Record<string, unknown>)) validatePipeline(sub, true);
      return;
  }
};

/** Aggregation expressions: field paths ("$a.b"), literals, and the documented expression operators. */
const validateExpression = (expression: unknown): void => {
  if (typeof expression === 'string') {
    if (expression.startsWith('$$')) unsupported(expression.split('.')[0] as string, 'pipeline');
    return;
  }
  if (Array.isArray(expression)) {
    for (const item of expression as unknown[]) validateExpression(item);
    return;
  }
  if (isPlainObject(expression)) {
    const keys = Object.keys(expression);
    if (keys.length === 1 && (keys[0] as string).startsWith('$')) {
      const op = keys[0] as string;
      if (!expressionOperators.has(op)) unsupported(op, 'pipeline');
      if (op === '$literal') return checkLiteral(expression[op], 'pipeline', '$literal');
      validateExpression(expression[op]);
      return;
    }
    for (const [key, value] of Object.entries(expression)) {
      if (key.startsWith('$')) unsupported(key, 'pipeline');
      validateExpression(value);
    }
    return;
  }
  checkLiteral(expression, 'pipeline', 'expression');
};
