/**
 * `node --import tsx benchmarks/src/support/summariseProfile.ts <file.cpuprofile> [top]`: where a CPU profile's
 * samples went, by self time per function and by the nearest project folder (package/src/<folder>) on the stack,
 * inclusive, so that a folder's figure counts what it calls in node_modules and node itself.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

interface Node {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly Node[];
  readonly samples: readonly number[];
}

/** `packages/kernel/src/eventStore` for a file under it, `node_modules/<package>` or `node:<module>`, else the url. */
export const folderOf = (url: string): string => {
  const project = /\/(packages|benchmarks|examples)\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(url);
  if (project) return [project[1], project[2], project[3]].filter((part) => part !== undefined).join('/');
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return `node_modules/${dependency[1] ?? ''}`;
  return url === '' ? '(native)' : url.replace(/^file:\/\//, '');
};

const maps = new Map<string, SourceMap | null>();

/**
 * tsx compiles each TypeScript file to one line (esbuild's minifyWhitespace), so a profile's positions point into
 * that line: compiling the file again the same way gives the source map back to the line in the source.
 */
const sourceLine = (url: string, line: number, column: number): number | null => {
  if (!url.startsWith('file://') || !url.endsWith('.ts') || url.includes('node_modules')) return null;
  let map = maps.get(url);
  if (map === undefined) {
    try {
      const file = fileURLToPath(url);
      const output = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', target: `node${process.versions.node}`, sourcemap: 'external', minifyWhitespace: true, keepNames: true, sourcefile: file });
      map = new SourceMap(JSON.parse(output.map) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  const entry = map?.findEntry(line, column);
  return entry !== undefined && 'originalLine' in entry ? entry.originalLine + 1 : null;
};

const root = fileURLToPath(new URL('../../..', import.meta.url));

const functionKey = (frame: Node['callFrame']): string => {
  const file = frame.url.startsWith('file://') ? relative(root, fileURLToPath(frame.url)) : frame.url || '(native)';
  const line = sourceLine(frame.url, frame.lineNumber, frame.columnNumber) ?? frame.lineNumber + 1;
  return `${frame.functionName || '(anonymous)'} ${file}:${line}`;
};

const fileOf = (url: string): string => (url.startsWith('file://') ? relative(root, fileURLToPath(url)) : url || '(native)');

/** `focus`: only the samples with a frame of this name (a native like `run`, or `file.ts:line`) on the stack. */
export const summarise = (profile: Profile, top: number, focus?: string): string => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const onStack = (id: number, wanted: string): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame !== undefined && (frame.functionName === wanted || functionKey(frame).endsWith(wanted))) return true;
    }
    return false;
  };
  const counts = new Map<number, number>();
  for (const sample of profile.samples) counts.set(sample, (counts.get(sample) ?? 0) + 1);
  const self = new Map<string, number>();
  const inclusiveFolder = new Map<string, number>();
  const nearestFolder = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const inclusiveFile = new Map<string, number>();
  let busy = 0;
  for (const [id, count] of counts) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') continue;
    if (focus !== undefined && !onStack(id, focus)) continue;
    busy += count;
    const key = functionKey(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + count);
    const callers = new Set<string>();
    const files = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame !== undefined && /\/(packages|benchmarks|examples)\//.test(frame.url) && !frame.url.includes('node_modules')) {
        callers.add(functionKey(frame));
        files.add(fileOf(frame.url));
      }
    }
    for (const caller of callers) inclusive.set(caller, (inclusive.get(caller) ?? 0) + count);
    for (const file of files) inclusiveFile.set(file, (inclusiveFile.get(file) ?? 0) + count);
    const seen = new Set<string>();
    let nearest: string | null = name === '(garbage collector)' ? '(garbage collector)' : null;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)?.callFrame.url ?? '';
      if (!/\/(packages|benchmarks|examples)\//.test(url)) continue;
      const folder = folderOf(url);
      nearest ??= folder;
      seen.add(folder);
    }
    for (const folder of seen) inclusiveFolder.set(folder, (inclusiveFolder.get(folder) ?? 0) + count);
    const key2 = nearest ?? '(outside the project)';
    nearestFolder.set(key2, (nearestFolder.get(key2) ?? 0) + count);
  }
  const percent = (n: number) => `${((100 * n) / busy).toFixed(1).padStart(5)}%`;
  const table = (title: string, rows: Map<string, number>, limit: number) =>
    [`${title}`, ...[...rows].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([key, n]) => `${percent(n)}  ${key}`)].join('\n');
  return [
    `busy samples: ${busy}`,
    table('by nearest project folder on the stack (self time attributed to it):', nearestFolder, top),
    table('by project folder anywhere on the stack (inclusive):', inclusiveFolder, top),
    table('by project file anywhere on the stack (inclusive):', inclusiveFile, top),
    table('by function (self):', self, top),
    table('by project function (inclusive):', inclusive, top * 2),
  ].join('\n\n');
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top, focus] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: summariseProfile.ts <file.cpuprofile> [top] [focus]');
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 40), focus));
}
