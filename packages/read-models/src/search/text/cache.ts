import { tokenize } from './tokenize.js';

/** Distinct texts remembered before the memory starts again: a catalogue's worth of titles, names and attributes. */
const REMEMBERED = 20_000;

let remembered = new Map<string, readonly string[]>();

/**
 * `tokenize`, remembered per distinct text. The projection derives a product again on every event that
 * touches it (SKUs, publishing, stock, prices), and each derivation segmented all of its text with jieba
 * again, though the text rarely changed: most of a product's projection time. Brand and category names and
 * attribute values also repeat across products. Starts afresh when full rather than tracking use: cheaper,
 * and a miss only costs what every call cost before.
 */
export const termsOf = (text: string): readonly string[] => {
  let terms = remembered.get(text);
  if (terms === undefined) {
    terms = Object.freeze(tokenize(text));
    if (remembered.size >= REMEMBERED) remembered = new Map();
    remembered.set(text, terms);
  }
  return terms;
};
