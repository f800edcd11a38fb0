import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'test', '.snippets');

interface Snippet {
  readonly source: string;
  readonly line: number;
  readonly code: string;
  readonly runnable: boolean;
}

const markdownFiles = async (): Promise<string[]> => {
  const files = [join(root, 'README.md')];
  for (const dir of ['packages', 'examples']) {
    for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
      if (entry.isDirectory()) files.push(join(root, dir, entry.name, 'README.md'));
    }
  }
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  await walk(join(root, 'docs'));
  return files;
};

/** Every ```ts block; a block whose fence says `ts runnable` is also executed. */
const snippetsOf = (source: string, text: string): Snippet[] => {
  const snippets: Snippet[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(ts|typescript)(\s+runnable)?\s*$/.exec(lines[i] ?? '');
    if (!fence) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    snippets.push({ source, line: start, code: lines.slice(start, end).join('\n'), runnable: Boolean(fence[2]) });
    i = end;
  }
  return snippets;
};

describe('documentation snippets', () => {
  it('every TypeScript block in the READMEs and docs compiles, and the runnable ones run', async () => {
    const snippets: Snippet[] = [];
    for (const file of await markdownFiles()) {
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text !== null) snippets.push(...snippetsOf(relative(root, file), text));
    }
    expect(snippets.length).toBeGreaterThan(0);
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    const names = new Map<string, Snippet>();
    for (const [index, snippet] of snippets.entries()) {
      const name = `${snippet.source.replace(/[^A-Za-z0-9]+/g, '_')}_${snippet.line}_${index}.ts`;
      names.set(name, snippet);
      await writeFile(join(outDir, name), `${snippet.code}\nexport {};\n`);
    }
    await writeFile(
      join(outDir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true, noUnusedLocals: false }, include: ['*.ts'] }),
    );
    const compiled = await run('npx', ['tsc', '-p', join(outDir, 'tsconfig.json')], { cwd: root }).then(
      () => '',
      (error: Error & { stdout?: string }) => error.stdout ?? error.message,
    );
    // Point each compiler message back at the markdown it came from.
    const located = compiled.replace(/test\/\.snippets\/([^(]+)\((\d+),/g, (_, name: string, line: string) => {
      const snippet = names.get(name);
      return snippet ? `${snippet.source}:${snippet.line + Number(line)} (` : `${name}(${line},`;
    });
    expect(located).toBe('');
    for (const [name, snippet] of names) {
      if (!snippet.runnable) continue;
      await run(process.execPath, ['--conditions=@shopstream/source', '--import', 'tsx', join(outDir, name)], {
        cwd: root,
        timeout: 60_000,
        env: { ...process.env, SHOPSTREAM_DATA_DIR: join(outDir, `data-${snippet.line}`) },
      });
    }
  }, 600_000);
});
