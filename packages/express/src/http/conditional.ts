/** ETags are the stream revision, strong, quoted: `"7"`. */
export const etagOf = (revision: number): string => `"${revision}"`;

/** The opaque part of an ETag of ours: a revision as `etagOf` writes it (no leading zero), up to 15 digits. */
const OUR_OPAQUE_TAG = /^(?:0|[1-9]\d{0,14})$/;

export type IfMatch = { readonly _tag: 'Absent' } | { readonly _tag: 'Any' } | { readonly _tag: 'Revision'; readonly revision: number } | { readonly _tag: 'Unusable' };

/**
 * Reads `If-Match`. Only one of our own ETags can pin a revision; a list or a foreign tag cannot match any
 * revision we would give, so it is `Unusable` (a 412, not a silent unconditional write).
 */
export const parseIfMatch = (header: string | undefined): IfMatch => {
  if (header === undefined) return { _tag: 'Absent' };
  const value = header.trim();
  if (value === '*') return { _tag: 'Any' };
  const opaque = /^"(.*)"$/.exec(value)?.[1];
  return opaque !== undefined && OUR_OPAQUE_TAG.test(opaque) ? { _tag: 'Revision', revision: Number(opaque) } : { _tag: 'Unusable' };
};

/** The revisions a client says it holds: none named (`Absent`), any (`*`), or those of the listed tags of ours. */
export type IfNoneMatch = { readonly _tag: 'Absent' } | { readonly _tag: 'Any' } | { readonly _tag: 'Revisions'; readonly revisions: readonly number[] };

/** A comma-separated list of entity tags (RFC 9110 §8.8.3), empty elements allowed as the list rule allows them. */
const ENTITY_TAG_LIST = /^[\s,]*(?:(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"(?:\s*,[\s,]*|\s*$))*$/;
const ENTITY_TAG = /(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"/g;

/**
 * Reads `If-None-Match` (RFC 9110 §13.1.2): `*`, or a list of entity tags compared weakly, so `W/"7"` names
 * revision 7 as `"7"` does. A tag that is not ours names no revision, and a header that is not a list of tags
 * names none at all: a read is then answered in full, as without the header, never refused for it.
 */
export const parseIfNoneMatch = (header: string | undefined): IfNoneMatch => {
  if (header === undefined) return { _tag: 'Absent' };
  const value = header.trim();
  if (value === '*') return { _tag: 'Any' };
  if (!ENTITY_TAG_LIST.test(value)) return { _tag: 'Absent' };
  const revisions = [...value.matchAll(ENTITY_TAG)].flatMap(([, opaque]) => (opaque !== undefined && OUR_OPAQUE_TAG.test(opaque) ? [Number(opaque)] : []));
  return { _tag: 'Revisions', revisions };
};

/** Whether the client already holds `revision`: then a read answers 304 rather than the body again. */
export const holdsRevision = (condition: IfNoneMatch, revision: number): boolean =>
  condition._tag === 'Any' || (condition._tag === 'Revisions' && condition.revisions.includes(revision));
