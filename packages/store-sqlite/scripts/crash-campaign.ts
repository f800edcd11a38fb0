/**
 * The long crash campaign: kills writer processes at random moments, many times over on the same file, and
 * checks after each kill that everything acknowledged so far is still there, whole and chained.
 *
 *   npm run crash-campaign --workspace @shopstream/store-sqlite -- [--kills 100] [--writers 2] \
 *     [--durability normal|full] [--seed 1] [--max-delay-ms 300] [--file path]
 *
 * Exits non-zero on the first kill after which the file breaks a promise, printing the seed to repeat it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Acknowledged } from './appendLoop.js';
import { crashOnce } from './crashCheck.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '100' },
    writers: { type: 'string', default: '2' },
    durability: { type: 'string', default: 'normal' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    'max-delay-ms': { type: 'string', default: '300' },
    file: { type: 'string' },
  },
});

const kills = Number(values.kills);
const writers = Number(values.writers);
const seed = Number(values.seed);
const maxDelayMs = Number(values['max-delay-ms']);
const durability = values.durability;
if (durability !== 'normal' && durability !== 'full') throw new Error(`--durability must be normal or full, not ${durability}`);
if (![kills, writers, seed, maxDelayMs].every((n) => Number.isSafeInteger(n) && n >= 0)) throw new Error('numeric options must be integers >= 0');

const folder = values.file ? undefined : mkdtempSync(join(tmpdir(), 'shopstream-crash-campaign-'));
const path = values.file ?? join(folder ?? '.', 'campaign.db');

/** A small seeded generator, so a failing campaign can be run again exactly. */
let state = seed >>> 0;
const next = (bound: number) => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state % bound;
};

console.log(`crash campaign: ${kills} kills, ${writers} writers, durability ${durability}, seed ${seed}, file ${path}`);
const started = Date.now();
let acknowledged: Acknowledged[] = [];
let failed = false;
for (let run = 1; run <= kills; run++) {
  const options = { path, run, writers, durability, seed: seed + run, killAfterAcks: 1 + next(30), killDelayMs: next(maxDelayMs + 1) } as const;
  const outcome = await crashOnce(options, acknowledged);
  acknowledged = outcome.all;
  console.log(
    `kill ${run}/${kills}: after ${options.killAfterAcks} acks + ${options.killDelayMs} ms; ${outcome.acknowledged} appends acknowledged, ${outcome.stored} events stored` +
      (outcome.findings.length ? `\n  ${outcome.findings.join('\n  ')}` : ''),
  );
  if (outcome.findings.length) {
    failed = true;
    break;
  }
}
console.log(`${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${seed})`);
if (folder && !failed) rmSync(folder, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
