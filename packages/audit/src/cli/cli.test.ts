import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tamperedCopy, writeShopData } from '../fixtures.js';
import type { ShopHistory } from '../fixtures.js';

const execute = promisify(execFile);
const packageDir = join(import.meta.dirname, '..', '..');

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI as an auditor runs it: a child process on the untranspiled sources. */
const cli = async (args: readonly string[], env: Record<string, string> = {}): Promise<Ran> => {
  try {
    const { stdout, stderr } = await execute(process.execPath, ['--conditions=@shopstream/source', '--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: packageDir,
      // Without the EventStoreDB variable a suite run against a server sets: these runs audit a data folder.
      env: { ...process.env, ESDB_CONNECTION_STRING: '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
};

const parse = <T>(ran: Ran): T => JSON.parse(ran.stdout) as T;

interface VerifyJson {
  readonly ok: boolean;
  readonly events: number;
  readonly findingsByTag: Record<string, number>;
  readonly findings: readonly { readonly _tag: string; readonly stream?: string; readonly position?: number }[];
}

describe('shopstream-audit as a child process, on a data folder the SDK wrote', { timeout: 120_000 }, () => {
  let shop: ShopHistory;
  beforeAll(async () => {
    shop = await writeShopData();
  }, 120_000);

  it('verify passes an untouched log (exit 0), reading the folder from SHOPSTREAM_DATA_DIR', async () => {
    const ran = await cli(['verify', '--json'], { SHOPSTREAM_DATA_DIR: shop.dataDir });
    expect(ran.code).toBe(0);
    const report = parse<VerifyJson>(ran);
    expect([report.ok, report.events, report.findings]).toEqual([true, 28, []]);
  });

  it('verify catches a payload edited in the file (exit 1) and names the event', async () => {
    const copy = tamperedCopy(shop.dataDir, `UPDATE events SET data = replace(data, '"quantity":2', '"quantity":1') WHERE type = 'OrderPlaced'`);
    const ran = await cli(['verify', '--json', '--data-dir', copy]);
    expect(ran.code).toBe(1);
    expect(parse<VerifyJson>(ran).findings).toEqual([expect.objectContaining({ _tag: 'HashMismatch', stream: `order-${shop.orderId}`, position: 19 })]);
  });

  it('verify catches the last event of the log deleted from the file (exit 1), in words for people', async () => {
    const tail = tamperedCopy(shop.dataDir, 'DELETE FROM events WHERE position = (SELECT max(position) FROM events)');
    const ran = await cli(['verify', '--data-dir', tail]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toContain('LogTruncated: the log ends at position 27 but the store assigned up to 28');
  });

  it('opens personal data only when asked', async () => {
    const ran = await cli(['history', `order-${shop.orderId}`, '--open-personal-data', '--json', '--data-dir', shop.dataDir]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('"$opened": "李梅"');
  });

  it('exports the log as JSON Lines on stdout', async () => {
    const ran = await cli(['export', '--data-dir', shop.dataDir]);
    const lines = ran.stdout.trimEnd().split('\n');
    expect([ran.code, lines.length, (JSON.parse(lines[0] ?? '') as { position: number }).position]).toEqual([0, 28, 1]);
  });

  it('refuses a missing data folder with exit 2 and a tagged error on stderr', async () => {
    const missing = await cli(['verify', '--json', '--data-dir', join(tmpdir(), 'no-such-shop-folder')]);
    expect([missing.code, (JSON.parse(missing.stderr) as { error: { _tag: string } }).error._tag]).toEqual([2, 'DataDirNotFound']);
  });
});
