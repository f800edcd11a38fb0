/**
 * The long crash campaign for the projection runtime (opt-in; the unit suite runs a short slice):
 *   node --conditions=@shopstream/source --import tsx test/projections/crash-campaign.ts [campaigns] [kills] [seed]
 * Each campaign SIGKILLs a projector process over SQLite `kills` times at random moments, checks every build
 * after every kill against a clean build of its checkpoint prefix, and the final restart against a clean rebuild.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { campaignArbitrary, crashCampaign } from './crashRun.js';

const campaigns = Number(process.argv[2] ?? 20);
const kills = Number(process.argv[3] ?? 8);
const seed = Number(process.argv[4] ?? Date.now() % 1_000_000);
const folder = mkdtempSync(join(tmpdir(), 'shopstream-projector-campaign-'));
let run = 0;
let totals = { kills: 0, builds: 0, rebuilds: 0 };
try {
  console.log(`seed ${seed}: ${campaigns} campaigns of ${kills} kills`);
  await fc.assert(
    fc.asyncProperty(campaignArbitrary({ kills, initialEvents: 1500, maxKillAfterMs: 1500 }), async (campaign) => {
      run += 1;
      const report = await crashCampaign({ ...campaign, folder: mkdtempSync(join(folder, `run-${run}-`)) });
      totals = { kills: totals.kills + report.kills, builds: totals.builds + report.buildsChecked, rebuilds: totals.rebuilds + report.rebuildsChecked };
      console.log(`campaign ${run}: ${report.events} events, ${report.kills} kills, ${report.buildsChecked} builds checked (${report.rebuildsChecked} mid-rebuild), ${report.findings.length} findings`);
      if (report.findings.length > 0) throw new Error(report.findings.join('\n'));
    }),
    { numRuns: campaigns, seed, endOnFailure: true },
  );
  console.log(`ok: ${totals.kills} kills, ${totals.builds} builds checked, ${totals.rebuilds} of them mid-rebuild`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
