import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteReadStore } from './sqliteReadStore.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'shopstream-read-crash-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * A projector in miniature, run in its own process: each transaction writes an item, adds to a running total
 * and moves the checkpoint, resuming after the stored checkpoint. It prints each committed position.
 */
const projector = `
import { sqliteReadStore } from ${JSON.stringify(join(here, 'sqliteReadStore.ts'))};
const store = sqliteReadStore({ path: process.argv[1], durability: process.argv[2] });
const start = ((await store.collection('checkpoints').get('items'))?.position ?? 0) + 1;
for (let i = start; ; i++) {
  await store.transaction(async (session) => {
    await session.collection('items').replaceOne({ _id: 'item-' + i, n: i, tags: ['t' + (i % 3)] });
    await session.collection('totals').updateOne({ _id: 'sum' }, { $inc: { value: i } }, { upsert: true });
    await session.collection('checkpoints').replaceOne({ _id: 'items', position: i });
  });
  process.stdout.write(i + '\\n');
  await new Promise((resolve) => setImmediate(resolve)); // let stdout flush between commits
}
`;

/** Runs the projector until it has committed `commits` more positions and `delayMs` has passed, then SIGKILLs it. */
const runAndKill = (path: string, durability: 'normal' | 'full', commits: number, delayMs: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@shopstream/source', '--import', 'tsx', '--input-type=module', '-e', projector, path, durability], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acknowledged = 0;
    let partial = '';
    let stderr = '';
    let killing = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      let seen = 0;
      for (const line of lines) {
        if (!line) continue;
        seen++;
        acknowledged = Number(line);
      }
      if (seen > 0 && !killing && (commits -= seen) <= 0) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`the projector ended on its own: ${stderr}`));
    });
  });

describe('crash safety', () => {
  it('never leaves documents and checkpoint out of step when the process is SIGKILLed mid-stream', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ commits: fc.integer({ min: 1, max: 30 }), delayMs: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 2 }),
        fc.constantFrom('normal' as const, 'full' as const),
        async (kills, durability) => {
          run += 1;
          const path = join(folder, `crash-${run}.db`);
          let acknowledged = 0;
          for (const { commits, delayMs } of kills) {
            acknowledged = Math.max(acknowledged, await runAndKill(path, durability, commits, delayMs));
            const store = sqliteReadStore({ path });
            try {
              const position = ((await store.collection('checkpoints').get('items')) as { position: number } | null)?.position ?? 0;
              // Every acknowledged commit is there, and the documents are exactly those up to the checkpoint.
              expect(position).toBeGreaterThanOrEqual(acknowledged);
              expect(await store.collection('items').count()).toBe(position);
              expect(await store.collection('items').count({ n: { $gt: position } })).toBe(0);
              expect(await store.collection('totals').get('sum')).toEqual({ _id: 'sum', value: (position * (position + 1)) / 2 });
              expect(await store.collection('items').count({ tags: 't0' })).toBe(Math.floor(position / 3));
            } finally {
              await store.close();
            }
          }
        },
      ),
      { numRuns: 2, endOnFailure: true },
    );
  }, 180_000); // each kill starts a node process, slow on a busy machine
});
