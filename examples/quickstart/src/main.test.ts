import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'shopstream-quickstart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = () =>
  promisify(execFile)(process.execPath, ['--conditions=@shopstream/source', '--import', 'tsx', join(here, 'main.ts')], {
    cwd: resolve(here, '..'),
    env: { ...process.env, SHOPSTREAM_DATA_DIR: dataDir },
    timeout: 40_000,
  });

it('appends, watches, reads back and exits by itself, keeping the log between runs', async () => {
  const first = await start();
  expect(first.stdout.match(/^subscription saw cart-/gm)).toHaveLength(2);
  expect(first.stdout.match(/^read back cart-\S+@\d #\d ItemAdded/gm)).toHaveLength(2);
  expect(first.stdout).toContain(': intact');
  expect(first.stdout).toContain(`2 events in ${join(dataDir, 'events.db')}`);
  const second = await start();
  expect(second.stdout).toContain(`4 events in ${join(dataDir, 'events.db')}`);
}, 90_000);
