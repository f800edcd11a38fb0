import { segmentChinese } from './segmenter.js';

// A run of Han characters goes to jieba; a run of letters and digits (with inner dots, as in 1.5 or 22.5W)
// is a Latin token. Everything else (spaces, punctuation, symbols) separates tokens. Other scripts are kept
// as Latin-like tokens so that nothing a shopper can type is silently dropped.
const PIECE = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:\.\p{N}(?:(?!\p{Script=Han})[\p{L}\p{N}])*)*)/gu;
const LETTERS_OR_DIGITS = /\p{N}+(?:\.\p{N}+)*|[^\p{N}]+/gu;
const ONLY_LETTERS = /^[^\p{N}]+$/u;
const ONLY_DIGITS = /^\p{N}+(?:\.\p{N}+)*$/u;

/** Case, full width and compatibility forms folded, so `ＭＡＴＥ６０` and `mate60` read alike. */
export const normalise = (text: string): string => text.normalize('NFKC').toLowerCase();

/**
 * The parts of a Latin token where letters meet digits, plus the token itself: `mate60` gives mate60, mate,
 * 60, so that a model name typed without its space still meets the spaced form (see `joinAdjacent`).
 */
const latinTerms = (token: string): string[] => {
  const parts = token.match(LETTERS_OR_DIGITS) ?? [token];
  return parts.length > 1 ? [token, ...parts] : [token];
};

/** A word followed by a number (or a number by a word) with only a space between: `mate 60` also gives mate60. */
const joins = (previous: string, next: string): boolean =>
  (ONLY_LETTERS.test(previous) && ONLY_DIGITS.test(next)) || (ONLY_DIGITS.test(previous) && ONLY_LETTERS.test(next));

/**
 * The terms of a text, in order, with repeats (term frequencies are counted from them). The same function
 * reads product text and shoppers' queries, so both sides of a match always agree on what a term is.
 */
export const tokenize = (text: string): string[] => {
  const terms: string[] = [];
  const normalised = normalise(text);
  let previous: { readonly token: string; readonly end: number } | null = null;
  for (const match of normalised.matchAll(PIECE)) {
    const [piece, han] = match;
    if (han !== undefined) {
      terms.push(...segmentChinese(han));
      previous = null;
      continue;
    }
    terms.push(...latinTerms(piece));
    const gap = previous === null ? null : normalised.slice(previous.end, match.index);
    if (previous !== null && gap !== null && /^\s+$/u.test(gap) && joins(previous.token, piece)) terms.push(previous.token + piece);
    previous = { token: piece, end: match.index + piece.length };
  }
  return terms;
};

/** Each term once, in order of first appearance. */
export const uniqueTerms = (terms: readonly string[]): string[] => [...new Set(terms)];

/** A name as one key: normalised, letters and digits only (`Li-Ning` gives `lining`). */
export const nameKey = (name: string): string => normalise(name).replace(/[^\p{L}\p{N}]/gu, '');

/** The keys of a name given in Chinese and English, each once, empty ones left out. */
export const aliasesOf = (name: { readonly zh: string; readonly en: string }): string[] => uniqueTerms([nameKey(name.zh), nameKey(name.en)].filter((key) => key !== ''));
