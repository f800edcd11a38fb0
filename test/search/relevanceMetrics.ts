import { readFileSync } from 'node:fs';
import { tokenize } from '@shopstream/read-models/search';
import { z } from 'zod';
import type { CatalogLine } from './catalogFixture.js';
import { sharedDataPath } from './catalogFixture.js';

export const Judgements = z.object({
  metric: z.string(),
  queries: z.array(z.object({ query: z.string().min(1), judgments: z.record(z.string(), z.number().int().min(0).max(3)) })).min(1),
});
export type Judgements = z.infer<typeof Judgements>;

/** Reads the graded queries; throws (so the test fails, never skips) when the file is missing or malformed. */
export const readJudgements = (): Judgements => Judgements.parse(JSON.parse(readFileSync(sharedDataPath('search-queries.json'), 'utf8')));

/** NDCG@k with gain 2^grade - 1; a product not listed has grade 0. */
export const ndcgAt = (k: number, ranking: readonly string[], grades: Readonly<Record<string, number>>): number => {
  const dcg = (gains: readonly number[]) => gains.slice(0, k).reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
  const ideal = dcg(Object.values(grades).sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranking.map((id) => grades[id] ?? 0)) / ideal;
};

/**
 * The baseline the issue sets: plain BM25 (k1 1.2, b 0.75) over one bag of the same jieba and Latin terms of
 * everything a product says (title in both languages, brand, category, description), any term matching.
 */
export const bm25Baseline = (catalog: readonly CatalogLine[]): ((query: string) => string[]) => {
  const documents = catalog.map((line) => ({
    id: line.id,
    terms: tokenize([line.title, line.titleEn, line.brand, line.brandEn, line.category, line.subcategory, line.description].join(' ')),
  }));
  const df = new Map<string, number>();
  for (const { terms } of documents) for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const averageLength = documents.reduce((sum, d) => sum + d.terms.length, 0) / documents.length;
  const n = documents.length;
  return (query) => {
    const queryTerms = [...new Set(tokenize(query))];
    return documents
      .map(({ id, terms }) => {
        let score = 0;
        for (const term of queryTerms) {
          const tf = terms.filter((t) => t === term).length;
          if (tf === 0) continue;
          const d = df.get(term) ?? 0;
          const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
          score += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * terms.length) / averageLength));
        }
        return { id, score };
      })
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .map((r) => r.id);
  };
};
