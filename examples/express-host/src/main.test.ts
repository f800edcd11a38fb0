import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { removeDataDir, tempDataDir } from './testing.js';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm start` as a child process; `whenReady` runs once the host has logged that it is ready. */
const runMain = (environment: Record<string, string>, whenReady?: (pid: number, stdout: () => string) => void): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@shopstream/source', '--import', 'tsx', main], {
      env: { PATH: process.env['PATH'] ?? '', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (!signalled && whenReady && child.pid !== undefined && stdout.includes('"msg":"ready"')) {
        signalled = true;
        whenReady(child.pid, () => stdout);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });

describe('main (npm start)', () => {
  it('exits with code 2 and names each wrong variable when the configuration is bad', async () => {
    const run = await runMain({ PORT: 'eighty', SHOPSTREAM_SANDBOX: 'maybe' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PORT');
    expect(run.stderr).toContain('SHOPSTREAM_SANDBOX');
  }, 60_000);

  it('exits with code 2 and names the secret when one read at the start is malformed, before opening anything', async () => {
    const dataDir = await tempDataDir();
    try {
      const run = await runMain({ SHOPSTREAM_DATA_DIR: dataDir, SHOPSTREAM_CONTACT_PEPPER: 'c2hvcnQ=', SHOPSTREAM_CODE_PEPPER: 'c2hvcnQ=' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('SHOPSTREAM_CONTACT_PEPPER: it has 5 bytes, at least 32 are needed');
      expect(run.stderr).toContain('SHOPSTREAM_CODE_PEPPER');
    } finally {
      await removeDataDir(dataDir);
    }
  }, 60_000);

  it('logs where it listens, and on SIGTERM stops cleanly with exit code 0', async () => {
    const dataDir = await tempDataDir();
    try {
      const run = await runMain(
        { PORT: '0', HOST: '127.0.0.1', SHOPSTREAM_DATA_DIR: dataDir, SHOPSTREAM_DEMO_CATALOG: 'off', SHOPSTREAM_ADMIN_PASSWORD: 'correct horse battery' },
        (pid) => process.kill(pid, 'SIGTERM'),
      );
      expect(run.stdout).toMatch(/"msg":"ShopStream listening on http:\/\/127\.0\.0\.1:\d+"/);
      expect(run.stdout).toContain('"msg":"stopped"');
      expect(run.code).toBe(0);
    } finally {
      await removeDataDir(dataDir);
    }
  }, 60_000);
});
