import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMasterKey } from '@shopstream/kernel';
import type { MongoKeyReaderOptions } from '@shopstream/store-mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
// MongoDB's documents in process, with the key store's writes and `mongoKeyReader`'s reads (store-mongodb's tests).
import { mingoKeyStorage } from '../../../store-mongodb/src/keys/fixtures.js';
import { CHECKOUT_REQUEST, tamperedCopy, writeShopData } from '../fixtures.js';
import type { ShopHistory } from '../fixtures.js';
import type { OpenMongoKeyReader } from '../privacy/mongoKeys.js';
import { cli, errorTag, parse } from './testing.js';
import type { Ran } from './testing.js';

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

describe('runCli with the keys of a shop on MongoDB', { timeout: 120_000 }, () => {
  // The shop seals with a key store on MongoDB's documents, in process (the storage store-mongodb's tests check
  // against both key contracts); the audit reads them through `mongoKeyReader`'s own code past its connection.
  const masterKey = generateMasterKey();
  const storage = mingoKeyStorage();
  const asked: MongoKeyReaderOptions[] = [];
  const openMongoKeyReader: OpenMongoKeyReader = async (options) => {
    asked.push(options);
    return storage.read(options.masterKey);
  };
  let shop: ShopHistory;
  beforeAll(async () => {
    shop = await writeShopData(undefined, { keyStore: await storage.store(masterKey) });
  }, 120_000);
  const onMongo = ['--open-personal-data', '--keys-mongodb-uri', 'mongodb://auditor@keys.example:27017/?authSource=admin'];
  const contactOf = (ran: Ran): unknown => parse<{ state: { contact: { value: unknown } } }>(ran).state.contact.value;

  it('opens personal data with the keys on MongoDB, shows the erased customer as erased, and writes nothing there', async () => {
    const before = JSON.stringify([storage.subjects, storage.meta]);
    expect(existsSync(join(shop.dataDir, 'keys.db'))).toBe(false);
    const env = { SHOPSTREAM_MASTER_KEY: masterKey };
    const customer = await cli(['replay', `user-${shop.customerId}`, ...onMongo, '--json', '--data-dir', shop.dataDir], env, { openMongoKeyReader });
    expect([customer.code, contactOf(customer)]).toEqual([0, { $opened: 'mei@example.com', subject: shop.customerId }]);
    const order = await cli(['history', `order-${shop.orderId}`, ...onMongo, '--data-dir', shop.dataDir], env, { openMongoKeyReader });
    expect(order.stdout).toContain(`{"$opened":"李梅","subject":"${shop.customerId}"}`);
    const erased = await cli(['replay', `user-${shop.erasedCustomerId}`, ...onMongo, '--json', '--data-dir', shop.dataDir], env, { openMongoKeyReader });
    expect([erased.code, contactOf(erased)]).toEqual([0, { $erased: { subject: shop.erasedCustomerId } }]);
    expect(erased.stdout).not.toContain('lei@example.com');
    // Where the keys are: the host's defaults, the URI from the environment, the master key only from the environment.
    expect(asked.at(-1)).toEqual({ uri: onMongo[2], database: 'shopstream', collection: 'data_keys', masterKey });
    const fromEnv = await cli(
      ['replay', `user-${shop.customerId}`, '--open-personal-data', '--keys-mongodb-database', 'shop_2', '--keys-mongodb-collection', 'keys', '--json', '--data-dir', shop.dataDir],
      { ...env, SHOPSTREAM_KEYS_MONGODB_URI: 'mongodb://auditor:secret@keys.example' },
      { openMongoKeyReader },
    );
    expect([fromEnv.code, asked.at(-1)]).toEqual([0, { uri: 'mongodb://auditor:secret@keys.example', database: 'shop_2', collection: 'keys', masterKey }]);
    expect(JSON.stringify([storage.subjects, storage.meta])).toBe(before);
  });

  it('refuses a wrong or missing master key, and a bad key source, with exit 2 and one line, never a stack', async () => {
    const history = ['history', `order-${shop.orderId}`, '--data-dir', shop.dataDir];
    const wrong = await cli([...history, ...onMongo], { SHOPSTREAM_MASTER_KEY: generateMasterKey() }, { openMongoKeyReader });
    expect([wrong.code, wrong.stdout, wrong.stderr]).toEqual([2, '', 'shopstream-audit: the master key given does not open the key store at mongodb:in-process/data_keys\n']);
    const cases: [readonly string[], Record<string, string>, string][] = [
      [onMongo, {}, 'MasterKeyUnavailable'],
      [onMongo, { SHOPSTREAM_MASTER_KEY: 'c2hvcnQ=' }, 'MasterKeyUnavailable'],
      [['--open-personal-data', '--keys-mongodb-uri', 'postgres://keys.example'], { SHOPSTREAM_MASTER_KEY: masterKey }, 'InvalidKeyStoreOption'],
      [['--open-personal-data', '--keys-mongodb-uri', 'mongodb://keys.example:99999'], { SHOPSTREAM_MASTER_KEY: masterKey }, 'InvalidKeyStoreOption'],
      [['--open-personal-data', '--keys-mongodb-uri', 'mongodb://auditor:secret@keys.example'], { SHOPSTREAM_MASTER_KEY: masterKey }, 'InvalidArgument'],
      [['--keys-mongodb-uri', 'mongodb://keys.example'], { SHOPSTREAM_MASTER_KEY: masterKey }, 'InvalidArgument'],
      [['--open-personal-data', '--keys-db', 'keys.db', '--keys-mongodb-uri', 'mongodb://keys.example'], { SHOPSTREAM_MASTER_KEY: masterKey }, 'InvalidArgument'],
      [['--open-personal-data', '--keys-mongodb-collection', 'keys'], { SHOPSTREAM_MASTER_KEY: masterKey }, 'InvalidArgument'],
      // This shop's keys are not in its folder: keys.db is not there.
      [['--open-personal-data'], { SHOPSTREAM_MASTER_KEY: masterKey }, 'KeyStoreNotFound'],
    ];
    for (const [args, env, tag] of cases) {
      const ran = await cli([...history, ...args, '--json'], env);
      expect([args, ran.code, errorTag(ran)]).toEqual([args, 2, tag]);
      const told = await cli([...history, ...args], env);
      expect([args, told.code, told.stderr]).toEqual([args, 2, expect.stringMatching(/^shopstream-audit: [^\n]+\n(Run shopstream-audit --help for the usage\.\n)?$/) as unknown]);
    }
  });

  it('--keys-db opens a key database kept apart from the data folder', async () => {
    const sqliteShop = await writeShopData();
    const elsewhere = mkdtempSync(join(tmpdir(), 'shopstream-keys-elsewhere-'));
    const keysDb = join(elsewhere, 'shop-keys.db');
    copyFileSync(join(sqliteShop.dataDir, 'keys.db'), keysDb);
    rmSync(join(sqliteShop.dataDir, 'keys.db'));
    const env = { SHOPSTREAM_MASTER_KEY: readFileSync(join(sqliteShop.dataDir, 'master.key'), 'utf8') };
    const ran = await cli(['replay', `user-${sqliteShop.customerId}`, '--open-personal-data', '--keys-db', keysDb, '--json', '--data-dir', sqliteShop.dataDir], env);
    expect([ran.code, contactOf(ran)]).toEqual([0, { $opened: 'mei@example.com', subject: sqliteShop.customerId }]);
    const missing = await cli(['replay', `user-${sqliteShop.customerId}`, '--open-personal-data', '--json', '--data-dir', sqliteShop.dataDir], env);
    expect([missing.code, errorTag(missing)]).toEqual([2, 'KeyStoreNotFound']);
  });
});
