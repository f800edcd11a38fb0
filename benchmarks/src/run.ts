/**
 * `npm run bench [-- scenario ...]`: runs every scenario in src/scenarios/ (or the ones named), writes each
 * result to results/<scenario>-<ISO time>.json and prints one line per scenario.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Scenario, ScenarioResult } from './scenario.js';

const here = dirname(fileURLToPath(import.meta.url));
const resultsFolder = join(here, '..', 'results');

const isScenario = (module: unknown): module is Scenario =>
  typeof module === 'object' &&
  module !== null &&
  typeof (module as Partial<Scenario>).name === 'string' &&
  typeof (module as Partial<Scenario>).run === 'function';

const discover = async (): Promise<Scenario[]> => {
  const files = readdirSync(join(here, 'scenarios'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const module: unknown = await import(pathToFileURL(join(here, 'scenarios', file)).href);
    if (!isScenario(module)) throw new Error(`scenarios/${file} must export a string \`name\` and a \`run()\` function`);
    scenarios.push({ name: module.name, run: module.run });
  }
  return scenarios;
};

const machine = () => {
  const cores = cpus();
  return {
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage1m: loadavg()[0] ?? null,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
};

const main = async () => {
  const wanted = process.argv.slice(2);
  const all = await discover();
  const unknown = wanted.filter((name) => !all.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(`no scenario named ${unknown.join(', ')}; there are: ${all.map((scenario) => scenario.name).join(', ')}`);
  }
  const chosen = wanted.length > 0 ? all.filter((scenario) => wanted.includes(scenario.name)) : all;
  let missed = 0;
  for (const scenario of chosen) {
    const startedAt = new Date();
    const result: ScenarioResult = await scenario.run();
    const file = join(resultsFolder, `${scenario.name}-${startedAt.toISOString().replace(/:/g, '-')}.json`);
    const record = { scenario: scenario.name, startedAt: startedAt.toISOString(), seconds: (Date.now() - startedAt.getTime()) / 1000, machine: machine(), ...result };
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    const verdict = result.target ? (result.target.met ? ' [target met]' : ` [TARGET MISSED: ${result.target.description}]`) : '';
    if (result.target && !result.target.met) missed += 1;
    console.log(`${scenario.name}: ${result.summary}${verdict} -> results/${basename(file)}`);
  }
  // A missed target is news, not a crash: the run still succeeds so every scenario reports.
  if (missed > 0) console.log(`${missed} scenario(s) missed their target`);
};

await main();
