import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT_REQUEST, tamperedCopy, writeShopData } from '../fixtures.js';
import type { ShopHistory } from '../fixtures.js';
import type { Output } from './io.js';
import { runCli } from './run.js';

const captured = (): Output & { readonly text: () => string } => {
  let text = '';
  return { write: async (chunk) => void (text += chunk), end: async () => undefined, text: () => text };
};

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI's whole command path in this process (the child-process runs are in cli.test.ts). */
const cli = async (args: readonly string[], env: Record<string, string> = {}): Promise<Ran> => {
  const stdout = captured();
  const stderr = captured();
  const code = await runCli(args, { env, stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
};
const parse = <T>(ran: Ran): T => JSON.parse(ran.stdout) as T;
const errorTag = (ran: Ran): string => (JSON.parse(ran.stderr) as { error: { _tag: string } }).error._tag;

describe('runCli', { timeout: 120_000 }, () => {
  let shop: ShopHistory;
  const dataDir = () => ['--data-dir', shop.dataDir];
  beforeAll(async () => {
    shop = await writeShopData();
  }, 120_000);

  it('verify reports in words, and finds an event deleted from the middle of the log or made unreadable', async () => {
    const ok = await cli(['verify', ...dataDir()]);
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining('11 streams, 28 events, positions 1..28\n  no findings') as unknown]);
    // The last event of its stream: the hash chain alone cannot tell, the positions without holes can.
    const middle = tamperedCopy(shop.dataDir, `DELETE FROM events WHERE type = 'PersonalDataErased'`);
    const gap = await cli(['verify', '--json', '--data-dir', middle]);
    expect([gap.code, parse<{ findings: unknown[] }>(gap).findings]).toEqual([1, [{ _tag: 'PositionGap', after: 14, next: 16 }]]);
    const edited = tamperedCopy(shop.dataDir, `UPDATE events SET data = replace(data, '"quantity":2', '"quantity":1') WHERE type = 'OrderPlaced'`);
    const broken = await cli(['history', `order-${shop.orderId}`, '--data-dir', edited]);
    expect(broken.stdout).toMatch(/OrderPlaced v1\n.*\n {2}hash [0-9a-f]{12} BROKEN\n/);
    const garbled = tamperedCopy(shop.dataDir, `UPDATE events SET metadata = '{not json' WHERE position = 3`);
    const unreadable = await cli(['verify', '--data-dir', garbled]);
    expect([unreadable.code, unreadable.stdout]).toEqual([1, expect.stringContaining('HashMismatch: product-') as unknown]);
    const stream = await cli(['verify', '--json', '--stream', `order-${shop.orderId}`, '--data-dir', garbled]);
    expect([stream.code, parse<{ events: number }>(stream).events]).toEqual([0, 2]);
  });

  it('history, correlation and replay answer in JSON with personal data sealed', async () => {
    const history = parse<{ events: { type: string; hashValid: boolean; correlationId: string; data: unknown }[] }>(await cli(['history', `order-${shop.orderId}`, '--json', ...dataDir()]));
    expect(history.events.map((e) => [e.type, e.hashValid])).toEqual([
      ['OrderPlaced', true],
      ['OrderPaid', true],
    ]);
    expect(JSON.stringify(history.events[0]?.data)).toContain(`"recipientName":{"$sealed":{"subject":"${shop.customerId}"`);
    // Who placed the order and through which request, in words.
    const told = await cli(['history', `order-${shop.orderId}`, ...dataDir()]);
    expect(told.stdout).toMatch(new RegExp(`OrderPlaced v\\d+\\n  id \\S+  actor customer:${shop.customerId}  correlation ${CHECKOUT_REQUEST}  causation -`));
    const paidCorrelation = history.events[1]?.correlationId ?? '';
    const caused = parse<{ streams: string[]; events: { type: string; depth: number }[] }>(await cli(['correlation', paidCorrelation, '--json', ...dataDir()]));
    expect(caused.events.map((e) => e.type)).toEqual(expect.arrayContaining(['PaymentCaptured', 'OrderPaid', 'StockReservationCommitted']));
    expect(caused.streams).toContain(`order-${shop.orderId}`);
    const text = await cli(['correlation', paidCorrelation, ...dataDir()]);
    expect(text.stdout).toMatch(/carry correlation id .*\n#\d+ payment-/);
    expect((await cli(['correlation', 'no-such-id', ...dataDir()])).stdout).toBe('no event carries correlation id no-such-id\n');
    const replay = parse<{ revision: number; state: { status: string } }>(await cli(['replay', `order-${shop.orderId}`, '--at', '2026-05-04T08:10:00Z', '--json', ...dataDir()]));
    expect([replay.revision, replay.state.status]).toEqual([0, 'awaiting_payment']);
    const steps = await cli(['replay', `order-${shop.orderId}`, '--steps', ...dataDir()]);
    expect(steps.stdout).toMatch(/revision 1 of 1[\s\S]*after #19 @0 OrderPlaced[\s\S]*"status": "awaiting_payment"[\s\S]*after #25 @1 OrderPaid[\s\S]*"status": "paid"/);
  });

  it('shows an erased customer as erased, with or without the key store, and refuses a wrong master key', async () => {
    for (const open of [[], ['--open-personal-data']]) {
      const erased = await cli(['replay', `user-${shop.erasedCustomerId}`, ...open, '--json', ...dataDir()]);
      expect(parse<{ state: { contact: { value: unknown } } }>(erased).state.contact.value).toEqual({ $erased: { subject: shop.erasedCustomerId } });
      expect(erased.stdout).not.toContain('lei@example.com');
    }
    const customer = await cli(['replay', `user-${shop.customerId}`, '--open-personal-data', '--json', ...dataDir()]);
    expect(parse<{ state: { contact: { value: unknown } } }>(customer).state.contact.value).toEqual({ $opened: 'mei@example.com', subject: shop.customerId });
    const wrongKey = await cli(['history', `order-${shop.orderId}`, '--open-personal-data', '--json', ...dataDir()], { SHOPSTREAM_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') });
    expect([wrongKey.code, errorTag(wrongKey)]).toEqual([2, 'WrongMasterKey']);
  });

  it('read-model lists the read models and shows one as it stood at an instant and now', async () => {
    const list = parse<{ readModels: { projection: string; collections: string[] }[] }>(await cli(['read-model', '--json', ...dataDir()]));
    expect(list.readModels).toContainEqual({ projection: 'orders', collections: ['cases', 'orders', 'payments'] });
    const then = parse<{ position: number; documents: { status: string }[] }>(await cli(['read-model', 'orders', 'orders', '--id', shop.orderId, '--at', shop.placedAt, '--json', ...dataDir()]));
    expect([then.position, then.documents.map((d) => d.status)]).toEqual([21, ['awaiting_payment']]);
    const now = parse<{ total: number; documents: { status: string }[] }>(await cli(['read-model', 'orders', 'orders', '--filter', '{"status":"paid"}', '--json', ...dataDir()]));
    expect([now.total, now.documents.map((d) => d.status)]).toEqual([1, ['paid']]);
    const text = await cli(['read-model', 'orders', 'payments', '--position', '20', ...dataDir()]);
    expect(text.stdout).toBe('orders/payments at position 20 (log position 20): 0 document(s)\n');
  });

  it('export writes a stream to a new file and never overwrites one', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'shopstream-export-')), 'order.jsonl');
    const file = await cli(['export', '--stream', `order-${shop.orderId}`, '--out', out, ...dataDir()]);
    expect([file.code, file.stderr, readFileSync(out, 'utf8').trimEnd().split('\n').length]).toEqual([0, `exported 2 event(s) to ${out}\n`, 2]);
    const again = await cli(['export', '--out', out, '--json', ...dataDir()]);
    expect([again.code, errorTag(again)]).toEqual([2, 'OutputExists']);
    const after = await cli(['export', '--category', 'order', '--after', '19', ...dataDir()]);
    expect(after.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['OrderPaid']);
  });

  it('verify --file checks an export off-line, without the data folder, and finds a line edited in it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shopstream-export-'));
    const out = join(folder, 'log.jsonl');
    expect((await cli(['export', '--out', out, ...dataDir()])).code).toBe(0);
    const clean = await cli(['verify', '--file', out, '--json', '--data-dir', join(folder, 'no-data-here')]);
    expect([clean.code, parse<{ ok: boolean; events: number; scope: unknown }>(clean)]).toEqual([0, expect.objectContaining({ ok: true, events: 28, scope: { kind: 'file', path: out } }) as unknown]);
    const edited = join(folder, 'edited.jsonl');
    writeFileSync(edited, readFileSync(out, 'utf8').replace('"quantity":2', '"quantity":1'));
    const caught = await cli(['verify', '--file', edited]);
    expect([caught.code, caught.stdout]).toEqual([1, expect.stringContaining('1 finding(s): HashMismatch 1') as unknown]);
    const garbage = join(folder, 'garbage.jsonl');
    writeFileSync(garbage, `${readFileSync(out, 'utf8')}{"position":"x"}\n`);
    const refused = await cli(['verify', '--file', garbage, '--json']);
    expect([refused.code, JSON.parse(refused.stderr)]).toEqual([2, { error: expect.objectContaining({ _tag: 'InvalidArgument', argument: '--file', reason: expect.stringContaining('line 29') as unknown }) as unknown }]);
    expect(errorTag(await cli(['verify', '--file', out, '--stream', 'x', '--json']))).toBe('InvalidArgument');
    expect(errorTag(await cli(['verify', '--file', join(folder, 'missing.jsonl'), '--json']))).toBe('InvalidArgument');
  });

  it('refuses bad input with exit 2 and a tagged error', async () => {
    const cases: [readonly string[], string][] = [
      [['verify', '--bogus'], 'InvalidArgument'],
      [['frobnicate'], 'InvalidArgument'],
      [['history'], 'InvalidArgument'],
      [['verify', '--steps'], 'InvalidArgument'],
      [['replay', 'order-x', '--revision', '-1'], 'InvalidArgument'],
      [['replay', 'order-x', '--revision', '1', '--at', '2026-01-01T00:00:00Z'], 'InvalidArgument'],
      [['replay', 'order-x', '--at', 'yesterday'], 'InvalidArgument'],
      [['replay', 'order-nobody'], 'StreamNotFound'],
      [['replay', 'nonsense-1'], 'UnknownAggregate'],
      [['history', 'order-nobody'], 'StreamNotFound'],
      [['read-model', 'orders'], 'InvalidArgument'],
      [['read-model', 'nope', 'nothing'], 'UnknownReadModel'],
      [['read-model', 'orders', 'nothing'], 'UnknownReadModel'],
      [['read-model', 'orders', 'orders', '--filter', '[1]'], 'InvalidArgument'],
      [['read-model', 'orders', 'orders', '--filter', '{"$where":"1"}'], 'UnsupportedOperator'],
      [['verify', '--stream', 'a', '--category', 'b'], 'InvalidArgument'],
      [['verify', '--page-size', '0'], 'InvalidArgument'],
    ];
    for (const [args, tag] of cases) {
      const ran = await cli([...args, '--json', ...dataDir()]);
      expect([args, ran.code, errorTag(ran)]).toEqual([args, 2, tag]);
    }
    const text = await cli(['verify', '--bogus', ...dataDir()]);
    expect(text.stderr).toMatch(/^shopstream-audit: command line: Unknown option '--bogus'[\s\S]*--help/);
    expect((await cli(['--help'])).stdout).toContain('Usage: shopstream-audit');
    expect((await cli([])).stdout).toContain('Usage: shopstream-audit');
  });
});
