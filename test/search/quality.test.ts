import { searchProjections, searchQueries } from '@shopstream/read-models/search';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelHarness } from '../../packages/read-models/src/testing/harness.js';
import type { ReadModelHarness } from '../../packages/read-models/src/testing/harness.js';
import type { CatalogLine, LoadedCatalog } from './catalogFixture.js';
import { loadCatalog, readCatalog } from './catalogFixture.js';
import type { Judgements } from './relevanceMetrics.js';
import { bm25Baseline, ndcgAt, readJudgements } from './relevanceMetrics.js';

/**
 * The ranking's quality on the shared catalog and graded queries (mean NDCG@10), loaded through the catalog
 * and inventory commands. It must reach 0.95 and beat plain BM25 over the same terms.
 */
describe('search quality', () => {
  let harness: ReadModelHarness;
  let catalog: CatalogLine[];
  let loaded: LoadedCatalog;
  let judgements: Judgements;

  beforeAll(async () => {
    catalog = readCatalog();
    judgements = readJudgements();
    harness = await readModelHarness(searchProjections);
    loaded = await loadCatalog(harness.eventStore, catalog);
    await harness.runtime.waitFor(loaded.position, { timeoutMs: 60_000 });
  }, 120_000);
  afterAll(async () => harness.stop());

  const ranking = async (query: string, candidates: 'store' | 'memory' = 'store'): Promise<string[]> => {
    const result = await searchQueries(harness.runtime, { candidates }).search({ text: query, limit: 10 });
    if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
    return result.right.items.map((item) => loaded.catalogIds.get(item.productId) ?? item.productId);
  };

  it('reaches mean NDCG@10 >= 0.95 and does no worse than plain BM25', async () => {
    const baseline = bm25Baseline(catalog);
    const rows: { query: string; ours: number; bm25: number }[] = [];
    for (const { query, judgments } of judgements.queries) {
      rows.push({ query, ours: ndcgAt(10, await ranking(query), judgments), bm25: ndcgAt(10, baseline(query), judgments) });
    }
    const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    const ours = mean(rows.map((r) => r.ours));
    const bm25 = mean(rows.map((r) => r.bm25));
    console.log(rows.map((r) => `${r.ours.toFixed(3)} ${r.bm25.toFixed(3)} ${r.query}`).join('\n'));
    console.log(`mean NDCG@10: ours ${ours.toFixed(4)}, plain BM25 ${bm25.toFixed(4)} over ${rows.length} queries`);
    expect(ours).toBeGreaterThanOrEqual(0.95);
    expect(ours).toBeGreaterThanOrEqual(bm25);
  });

  it('ranks every judged query the same with the index kept in memory', async () => {
    for (const { query } of judgements.queries) expect(await ranking(query, 'memory'), query).toEqual(await ranking(query));
  });
});
