import { leavesAt } from './matchers.js';
import { splitPath } from './paths.js';
import { ReadStoreError } from './readStore.js';
import type { Document, Filter } from './readStore.js';
import type { DeclaredIndex } from './indexes.js';

/**
 * `$text` on the portable subset: MongoDB's matching rules with its `none` language (no stemming, no stop
 * words). The search string is split into terms, `"quoted phrases"` and `-negated` terms. A document matches
 * when it contains every phrase (or, with no phrase, any term) in the fields of the collection's text index, and
 * no negated term. Text is compared after NFKC normalisation and lower-casing; a term is a run of letters, marks
 * and digits, so a run of Chinese characters is one term, as MongoDB treats it. Scores (`$meta: 'textScore'`)
 * are outside the subset.
 */
export interface TextSearch {
  readonly terms: readonly string[];
  readonly phrases: readonly string[];
  readonly negated: readonly string[];
}

const normalise = (text: string): string => text.normalize('NFKC').toLowerCase();

export const tokenize = (text: string): string[] => normalise(text).match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];

export const parseTextSearch = (search: string): TextSearch => {
  const phrases: string[] = [];
  const rest = search.replace(/"([^"]*)"/g, (_, phrase: string) => {
    const normalised = normalise(phrase).trim();
    if (normalised !== '') phrases.push(normalised);
    return ' ';
  });
  const terms: string[] = [];
  const negated: string[] = [];
  for (const word of rest.split(/\s+/)) {
    if (word === '') continue;
    const target = word.startsWith('-') ? negated : terms;
    target.push(...tokenize(word.startsWith('-') ? word.slice(1) : word));
  }
  return { terms, phrases, negated };
};

/** The fields of the collection's text index; a `$text` query needs one, as in MongoDB. */
export const textFields = (indexes: readonly DeclaredIndex[], collection: string): readonly string[] => {
  const index = indexes.find((declared) => declared.keys.some(([, kind]) => kind === 'text'));
  if (index === undefined) throw new ReadStoreError({ _tag: 'InvalidQuery', reason: `a $text query on ${collection} needs a text index` });
  return index.keys.map(([path]) => path);
};

/** Separates a validated filter's top-level `$text` from the rest, which the ordinary engine evaluates. */
export const splitText = (filter: Filter): { readonly search: TextSearch | null; readonly rest: Filter } => {
  if (!Object.hasOwn(filter, '$text')) return { search: null, rest: filter };
  const { $text: text, ...rest } = filter as Record<string, unknown>;
  return { search: parseTextSearch((text as { $search: string }).$search), rest };
};

export const textPredicate = (fields: readonly string[], search: TextSearch): ((document: Document) => boolean) => {
  const segments = fields.map(splitPath);
  return (document) => {
    const texts = segments.flatMap((path) => leavesAt(document, path))
      .flatMap((leaf) => (Array.isArray(leaf) ? (leaf as unknown[]) : [leaf]))
      .filter((leaf): leaf is string => typeof leaf === 'string');
    const tokens = new Set(texts.flatMap(tokenize));
    if (search.negated.some((term) => tokens.has(term))) return false;
    if (search.phrases.length > 0) {
      const normalised = texts.map(normalise);
      return search.phrases.every((phrase) => normalised.some((text) => text.includes(phrase)));
    }
    return search.terms.some((term) => tokens.has(term));
  };
};

export const both =
  (first: (document: Document) => boolean, second: (document: Document) => boolean) =>
  (document: Document): boolean =>
    first(document) && second(document);
