import type { FieldTerms } from './documents.js';
import { TEXT_FIELDS } from './documents.js';

/**
 * Term frequencies per field as one string: `\n<term>\t<title>,<brand>,<category>,<attributes>,<description>`
 * for each distinct term, in order of first appearance, closed by `\n`. Terms hold only letters, digits and
 * dots (see `tokenize`), so tabs and newlines can never be part of one, and a term is found with one `indexOf`.
 */
export const packFrequencies = (fields: FieldTerms): string => {
  const counts = new Map<string, number[]>();
  TEXT_FIELDS.forEach((field, f) => {
    for (const term of fields[field]) {
      let row = counts.get(term);
      if (row === undefined) {
        row = TEXT_FIELDS.map(() => 0);
        counts.set(term, row);
      }
      row[f] = (row[f] ?? 0) + 1;
    }
  });
  if (counts.size === 0) return '';
  return `\n${[...counts].map(([term, row]) => `${term}\t${row.join(',')}`).join('\n')}\n`;
};

/** What `frequenciesOf` and `weightedFrequency` look for: the term between the separators, built once per query. */
export const needleOf = (term: string): string => `\n${term}\t`;

/** The per-field frequencies of one term, in `TEXT_FIELDS` order, or null when the product lacks the term. */
export const frequenciesOf = (packed: string, term: string): number[] | null => {
  const at = packed.indexOf(needleOf(term));
  if (at === -1) return null;
  const start = at + term.length + 2;
  return packed.slice(start, packed.indexOf('\n', start)).split(',').map(Number);
};

const COMMA = 44;
const NEWLINE = 10;
const ZERO = 48;

/**
 * Σ count(field) × weight(field) for one term, read straight off the packed string without allocating: ranking
 * calls it for every query term of every candidate. 0 when the product lacks the term.
 */
export const weightedFrequency = (packed: string, needle: string, weights: readonly number[]): number => {
  const at = packed.indexOf(needle);
  if (at === -1) return 0;
  let total = 0;
  let field = 0;
  let count = 0;
  for (let i = at + needle.length; i < packed.length; i++) {
    const code = packed.charCodeAt(i);
    if (code === COMMA || code === NEWLINE) {
      total += count * (weights[field] ?? 0);
      if (code === NEWLINE) break;
      field++;
      count = 0;
    } else {
      count = count * 10 + (code - ZERO);
    }
  }
  return total;
};
