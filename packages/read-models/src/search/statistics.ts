import type { ProjectionContext } from '@shopstream/kernel';
import type { SearchCollection } from './collections.js';
import type { CorpusDocument, ProductDocument, TermDocument } from './documents.js';
import { CORPUS_ID, TEXT_FIELDS } from './documents.js';

const updateDocumentFrequencies = async (context: ProjectionContext<SearchCollection>, before: readonly string[], after: readonly string[]): Promise<void> => {
  const old = new Set(before);
  const now = new Set(after);
  const added = [...now].filter((term) => !old.has(term));
  const removed = [...old].filter((term) => !now.has(term));
  if (added.length + removed.length === 0) return;
  const terms = context.collection<TermDocument>('terms');
  await terms.bulkWrite([
    ...added.map((term) => ({ updateOne: { filter: { _id: term }, update: { $inc: { df: 1 } }, upsert: true } })),
    ...removed.map((term) => ({ updateOne: { filter: { _id: term }, update: { $inc: { df: -1 } } } })),
  ]);
  if (removed.length > 0) await terms.deleteMany({ _id: { $in: removed }, df: { $lte: 0 } });
};

/**
 * Keeps the document frequencies and the corpus totals equal to a count over the visible products, by
 * applying the difference between what a product contributed before and after a change. A term no visible
 * product has any more is deleted, so a rebuild and the live build hold the same documents.
 */
export const updateTermStatistics = async (context: ProjectionContext<SearchCollection>, before: ProductDocument, after: ProductDocument): Promise<void> => {
  // Most changes (stock, sales, ratings) keep the very same terms.
  if (before.terms !== after.terms) await updateDocumentFrequencies(context, before.terms, after.terms);

  const products = Number(after.visible) - Number(before.visible);
  const lengths = TEXT_FIELDS.map((field) => [field, after.lengths[field] - before.lengths[field]] as const).filter(([, delta]) => delta !== 0);
  if (products === 0 && lengths.length === 0) return;
  const corpus = context.collection<CorpusDocument>('corpus');
  await corpus.updateOne(
    { _id: CORPUS_ID },
    { $inc: { products, ...Object.fromEntries(lengths.map(([field, delta]) => [`lengths.${field}`, delta])) } },
    { upsert: true },
  );
};
