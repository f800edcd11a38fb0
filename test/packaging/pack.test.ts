import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consumerPackageJson, consumerTsconfig, smokeScript, typecheckSource } from './consumer.js';
import { PUBLISHABLE, buildPublishable, exec, manifestOf, pack, repoRoot, stage, tarballProblems } from './publishable.js';
import type { PackedTarball } from './publishable.js';

// Outside the workspace, so that nothing resolves to the repository's own node_modules or sources.
const work = mkdtempSync(join(tmpdir(), 'shopstream-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the published packages', () => {
  it('build, pack with only what a shop needs, install into a fresh project, run a checkout and a search, and type-check', async () => {
    await buildPublishable(join(work, 'build'));
    const tarballs: PackedTarball[] = [];
    for (const pkg of PUBLISHABLE) tarballs.push(await pack(pkg, stage(pkg, join(work, 'build')), join(work, 'tarballs')));

    const problems = tarballs.flatMap((tarball) => tarballProblems(tarball, manifestOf(tarball.pkg)).map((problem) => `${tarball.pkg}: ${problem}`));
    // Soft, so that one missing file does not hide whether the install and the shop work.
    expect.soft(problems).toEqual([]);

    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify(consumerPackageJson, null, 2));
    // Install scripts are skipped (better-sqlite3 would compile for minutes); its binding is copied from the workspace.
    // @types/better-sqlite3 as a TypeScript shop using the SQLite store installs it: store-sqlite's declarations use its types.
    const install = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...tarballs.map((t) => t.path), '@types/better-sqlite3@^9.6.0'];
    await exec('npm', install, project, 240_000);
    cpSync(join(repoRoot, 'node_modules/better-sqlite3/build'), join(project, 'node_modules/better-sqlite3/build'), { recursive: true });

    writeFileSync(join(project, 'smoke.mjs'), smokeScript);
    const output = JSON.parse(await exec(process.execPath, ['smoke.mjs'], project, 120_000)) as { orderId: string; total: unknown; found: string[]; productId: string };
    expect(output.total).toEqual({ amount: 10_000, currency: 'CNY' });
    expect(output.found).toContain(output.productId);

    writeFileSync(join(project, 'check.ts'), typecheckSource);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(consumerTsconfig(join(repoRoot, 'node_modules/@types')), null, 2));
    await exec(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project, 180_000);
  }, 900_000);
});
