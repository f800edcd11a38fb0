import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The packages a shop installs, in dependency order. */
export const PUBLISHABLE = ['kernel', 'store-sqlite', 'store-eventstoredb', 'store-mongodb', 'commerce', 'read-models', 'sdk', 'express', 'audit'] as const;
export type Publishable = (typeof PUBLISHABLE)[number];

export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly files?: readonly string[];
  readonly exports: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const manifestOf = (pkg: Publishable): PackageManifest =>
  JSON.parse(readFileSync(join(repoRoot, 'packages', pkg, 'package.json'), 'utf8')) as PackageManifest;

/** What a tsc run said, kept whole for the failure message. */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';
}

export const exec = async (file: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<string> => {
  try {
    const { stdout } = await run(file, [...args], { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new CommandFailed(`${file} ${args.join(' ')} (in ${cwd}) failed:\n${stdout ?? ''}\n${stderr ?? ''}`.slice(0, 20_000));
  }
};

/**
 * Builds every publishable package in one TypeScript program, as each package's tsconfig.build.json would
 * (same base options, same exclusions), into `outDir` rather than the working tree, so that a build here
 * leaves the shared packages' folders untouched. One program checks the shared sources once instead of six times.
 */
export const buildPublishable = async (outDir: string): Promise<void> => {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const pkg of PUBLISHABLE) {
    const build = JSON.parse(readFileSync(join(repoRoot, 'packages', pkg, 'tsconfig.build.json'), 'utf8')) as { include: string[]; exclude: string[] };
    include.push(...build.include.map((pattern) => join(repoRoot, 'packages', pkg, pattern)));
    exclude.push(...build.exclude.map((pattern) => join(repoRoot, 'packages', pkg, pattern)));
  }
  const tsconfig = join(outDir, 'tsconfig.publish.json');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    tsconfig,
    JSON.stringify({ extends: join(repoRoot, 'tsconfig.base.json'), compilerOptions: { rootDir: join(repoRoot, 'packages'), outDir: join(outDir, 'out'), typeRoots: [join(repoRoot, 'node_modules/@types')] }, include, exclude }, null, 2),
  );
  await exec(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], repoRoot, 600_000);
};

/** A package as `npm publish` would see it: its manifest, README and LICENSE, and the built dist. */
export const stage = (pkg: Publishable, outDir: string): string => {
  const dir = join(outDir, 'stage', pkg);
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'README.md', 'LICENSE']) {
    const from = join(repoRoot, 'packages', pkg, file);
    if (existsSync(from)) cpSync(from, join(dir, file));
  }
  cpSync(join(outDir, 'out', pkg, 'src'), join(dir, 'dist'), { recursive: true });
  return dir;
};

export interface PackedTarball {
  readonly pkg: Publishable;
  readonly path: string;
  readonly files: readonly string[];
}

export const pack = async (pkg: Publishable, stageDir: string, destination: string): Promise<PackedTarball> => {
  mkdirSync(destination, { recursive: true });
  const stdout = await exec('npm', ['pack', '--json', '--pack-destination', destination], stageDir, 120_000);
  const [result] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!result) throw new Error(`npm pack of ${pkg} reported nothing`);
  return { pkg, path: join(destination, result.filename), files: result.files.map((file) => file.path) };
};

/** Why a tarball is not fit to publish; empty when it is. */
export const tarballProblems = (tarball: PackedTarball, manifest: PackageManifest): string[] => {
  const problems: string[] = [];
  const files = new Set(tarball.files);
  if (!files.has('README.md')) problems.push('no README.md');
  if (!files.has('LICENSE') && !manifest.license) problems.push('neither a LICENSE file nor a license field');
  for (const [subpath, conditions] of Object.entries(manifest.exports)) {
    for (const condition of ['types', 'import'] as const) {
      const target = conditions[condition];
      if (target === undefined) problems.push(`export ${subpath} has no "${condition}" condition`);
      else if (!files.has(target.replace(/^\.\//, ''))) problems.push(`export ${subpath} "${condition}" points at ${target}, which is not in the tarball`);
    }
  }
  for (const file of tarball.files) {
    if (/\.test\.(js|d\.ts)(\.map)?$/.test(file)) problems.push(`ships a test: ${file}`);
    if (file.startsWith('src/') || (/\.ts$/.test(file) && !file.endsWith('.d.ts'))) problems.push(`ships a source file: ${file}`);
    if (/(^|\/)fixtures\.(js|d\.ts)$/.test(file)) problems.push(`ships test fixtures: ${file}`);
  }
  return problems;
};
