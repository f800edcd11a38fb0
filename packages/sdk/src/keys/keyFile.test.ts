import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreBackupTakenBeforeErasing } from './fixtures.js';
import { openEmbeddedKeyFile, openKeyFile } from './keyFile.js';
import { generateMasterKey } from '@shopstream/kernel';
import { loadOrCreateMasterKey } from './masterKey.js';
import { embeddedKeyStore, sqliteKeyStore } from './sqliteKeyStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-key-file-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(folder, `keys-${(n += 1)}.db`);
const masterKey = generateMasterKey();

const digest = (file: string) => createHash('sha256').update(existsSync(file) ? readFileSync(file) : '').digest('hex');
/** What a read-only opener must leave as it was: the database's bytes and time, its WAL's frames, the erasure log. */
const fingerprint = (path: string) => ({ database: digest(path), modified: statSync(path).mtimeMs, wal: digest(`${path}-wal`), erasures: digest(`${path}.erasures`) });

describe('openKeyFile', () => {
  it('hands out exactly the keys the key store created, as the store does, and changes nothing (property)', async () => {
    const subject = fc.constantFrom('user-a', 'user-b', '张三');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ subject, erase: fc.boolean() }), { minLength: 1, maxLength: 8 }), async (operations) => {
        const path = freshPath();
        const store = sqliteKeyStore({ path, masterKey });
        const ids = new Map<string, string[]>();
        for (const { subject: who, erase } of operations) {
          if (erase) await store.delete(who);
          else if (!(await store.erasedSubjects()).includes(who)) ids.set(who, [...(ids.get(who) ?? []), (await store.create(who)).keyId]);
        }
        const subjects = ['user-a', 'user-b', '张三'];
        const held = async (read: (who: string, id: string) => Promise<unknown>) =>
          Promise.all(subjects.flatMap((who) => [read(who, ''), ...(ids.get(who) ?? []).map((id) => read(who, id))]));
        const stored = await held((who, id) => (id === '' ? store.current(who) : store.get(who, id)));
        const storedErasures = await store.erasedSubjects();
        await store.close();
        const before = fingerprint(path);
        const file = openKeyFile({ path, masterKey: Buffer.from(masterKey, 'base64') });
        expect(await held(async (who, id) => (id === '' ? file.current(who) : file.get(who, id)))).toEqual(stored);
        expect(file.erasedSubjects()).toEqual(storedErasures);
        file.close();
        expect(fingerprint(path)).toEqual(before);
      }),
      { numRuns: 15 },
    );
  });

  it('refuses another master key, a missing file, and a wrapped key that fails authentication, as the store does', async () => {
    const path = freshPath();
    const store = sqliteKeyStore({ path, masterKey });
    const { keyId } = await store.create('user-1');
    await store.close();
    expect(() => openKeyFile({ path, masterKey: generateMasterKey() })).toThrow(expect.objectContaining({ detail: { _tag: 'WrongMasterKey', path } }) as Error);
    const missing = join(folder, 'missing.db');
    expect(() => openKeyFile({ path: missing, masterKey })).toThrow(expect.objectContaining({ detail: { _tag: 'KeyStoreNotFound', path: missing } }) as Error);
    expect(existsSync(missing)).toBe(false);
    const db = new Database(path);
    db.prepare('UPDATE data_keys SET wrapped = ? WHERE key_id = ?').run(Buffer.alloc(60, 1), keyId);
    db.close();
    const file = openKeyFile({ path, masterKey });
    const corrupt = { detail: { _tag: 'WrappedKeyCorrupt', subject: 'user-1', keyId } };
    expect(() => file.get('user-1', keyId)).toThrow(expect.objectContaining(corrupt) as Error);
    file.close();
    const reopened = sqliteKeyStore({ path, masterKey });
    await expect(reopened.get('user-1', keyId)).rejects.toMatchObject(corrupt);
    await reopened.close();
  });

  it('counts a subject erased in the erasure log as erased, though a restored database still holds its keys', async () => {
    const path = freshPath();
    const store = sqliteKeyStore({ path, masterKey });
    const { keyId } = await store.create('user-1');
    await store.create('user-2');
    await store.close();
    await restoreBackupTakenBeforeErasing(path, masterKey, ['user-1']);
    const before = fingerprint(path);
    const file = openKeyFile({ path, masterKey });
    expect([file.current('user-1'), file.get('user-1', keyId), file.current('user-2') === null]).toEqual([null, null, false]);
    expect(file.erasedSubjects()).toEqual(['user-1']);
    file.close();
    // Still the restored database: applying the erasure is the key store's to do, when it next opens.
    expect(fingerprint(path)).toEqual(before);
  });
});

describe('openEmbeddedKeyFile', () => {
  it("reads the embedded key store with the generated master key, and never generates one", async () => {
    const dataDir = join(folder, 'shop-1');
    const store = embeddedKeyStore({ dataDir });
    const key = await store.create('user-1');
    await store.close();
    const file = openEmbeddedKeyFile({ dataDir });
    expect(file.current('user-1')).toEqual(key);
    file.close();
    const bare = join(folder, 'shop-2');
    mkdirSync(bare);
    copyFileSync(join(dataDir, 'keys.db'), join(bare, 'keys.db'));
    expect(() => openEmbeddedKeyFile({ dataDir: bare })).toThrow(expect.objectContaining({ detail: { _tag: 'MasterKeyFileNotFound', path: join(bare, 'master.key') } }) as Error);
    expect(existsSync(join(bare, 'master.key'))).toBe(false);
    expect(openEmbeddedKeyFile({ dataDir: bare, masterKey: loadOrCreateMasterKey(dataDir) }).current('user-1')).toEqual(key);
    chmodSync(join(dataDir, 'master.key'), 0o644);
    expect(() => openEmbeddedKeyFile({ dataDir })).toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'InsecureMasterKeyFile' }) as unknown }) as Error);
  });
});
