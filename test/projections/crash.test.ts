import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { campaignArbitrary, crashCampaign } from './crashRun.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-projector-crash-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// A short slice of crash-campaign.ts: a few SIGKILLs of a projector process at random moments. Each projector
// process costs a node start-up (a few seconds on a busy machine), hence one run and a generous timeout.
describe('projector crash safety', () => {
  it('after a SIGKILL at any point, every build holds exactly its checkpoint prefix, and a restart ends as a clean rebuild', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(campaignArbitrary({ kills: 3, initialEvents: 300, maxKillAfterMs: 300 }), async (campaign) => {
        run += 1;
        const runFolder = join(folder, `run-${run}`);
        const report = await crashCampaign({ ...campaign, folder: mkdtempSync(`${runFolder}-`) });
        expect(report.findings).toEqual([]);
        // The last kill waits for the checkpoints of both projections to be loaded: at least those are checked.
        expect(report.buildsChecked).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 1, endOnFailure: true },
    );
  }, 180_000);
});
