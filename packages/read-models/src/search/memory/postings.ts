import { TEXT_FIELDS } from '../documents.js';

/** Fields per posting: one term frequency for each of `TEXT_FIELDS`. */
export const FIELD_COUNT = TEXT_FIELDS.length;

/**
 * The products holding one term, as product ordinals with each one's term frequency per field. Appended to as
 * products are indexed; a product removed leaves its entry behind (its ordinal is dead) until the index is
 * compacted, so removal costs nothing per posting. `live` counts the entries of live products: the term's
 * document frequency.
 */
export type Posting = {
  ordinals: Int32Array;
  /** `FIELD_COUNT` frequencies per entry, in `TEXT_FIELDS` order. */
  frequencies: Uint16Array;
  length: number;
  live: number;
};

export const emptyPosting = (): Posting => ({ ordinals: new Int32Array(4), frequencies: new Uint16Array(4 * FIELD_COUNT), length: 0, live: 0 });

export const appendPosting = (posting: Posting, ordinal: number, counts: readonly number[]): void => {
  if (posting.length === posting.ordinals.length) {
    const ordinals = new Int32Array(posting.ordinals.length * 2);
    ordinals.set(posting.ordinals);
    const frequencies = new Uint16Array(ordinals.length * FIELD_COUNT);
    frequencies.set(posting.frequencies);
    posting.ordinals = ordinals;
    posting.frequencies = frequencies;
  }
  posting.ordinals[posting.length] = ordinal;
  const base = posting.length * FIELD_COUNT;
  // Uint16 saturates at 65,535: no field of a product repeats a term that often (titles and descriptions are bounded).
  for (let f = 0; f < FIELD_COUNT; f++) posting.frequencies[base + f] = Math.min(0xffff, counts[f] ?? 0);
  posting.length++;
  posting.live++;
};

/** Keeps the entries of live products, renumbered by `renumber` (-1 for dead ordinals), in their order. */
export const compactPosting = (posting: Posting, renumber: Int32Array): void => {
  let kept = 0;
  for (let i = 0; i < posting.length; i++) {
    const ordinal = renumber[posting.ordinals[i] ?? 0] ?? -1;
    if (ordinal < 0) continue;
    posting.ordinals[kept] = ordinal;
    posting.frequencies.copyWithin(kept * FIELD_COUNT, i * FIELD_COUNT, (i + 1) * FIELD_COUNT);
    kept++;
  }
  posting.length = kept;
  posting.live = kept;
};

/**
 * Each term of a packed frequencies string (`packFrequencies`) with its per-field counts. Used when indexing a
 * product, not on the query path.
 */
export const unpackFrequencies = (packed: string): [string, number[]][] => {
  const rows: [string, number[]][] = [];
  for (const line of packed.split('\n')) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    rows.push([line.slice(0, tab), line.slice(tab + 1).split(',').map(Number)]);
  }
  return rows;
};
