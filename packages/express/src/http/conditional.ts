/** ETags are the stream revision, strong, quoted: `"7"`. */
export const etagOf = (revision: number): string => `"${revision}"`;

export type IfMatch = { readonly _tag: 'Absent' } | { readonly _tag: 'Any' } | { readonly _tag: 'Revision'; readonly revision: number } | { readonly _tag: 'Unusable' };

/**
 * Reads `If-Match`. Only one of our own ETags can pin a revision; a list or a foreign tag cannot match any
 * revision we would give, so it is `Unusable` (a 412, not a silent unconditional write).
 */
export const parseIfMatch = (header: string | undefined): IfMatch => {
  if (header === undefined) return { _tag: 'Absent' };
  const value = header.trim();
  if (value === '*') return { _tag: 'Any' };
  const match = /^"(\d{1,15})"$/.exec(value);
  return match?.[1] === undefined ? { _tag: 'Unusable' } : { _tag: 'Revision', revision: Number(match[1]) };
};
