import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { personalDataVault } from '@shopstream/commerce/privacy';
import { generateMasterKey, isKeyStoreError, isPersistentKeyStoreError } from '@shopstream/kernel';
import { persistentKeyStoreContract } from '@shopstream/kernel/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreBackupTakenBeforeErasing } from './fixtures.js';
import { loadOrCreateMasterKey } from './masterKey.js';
import { embeddedKeyStore, sqliteKeyStore } from './sqliteKeyStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-keys-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(folder, `keys-${(n += 1)}.db`);
const masterKey = generateMasterKey();

/** Every byte of the store's files, to check that nothing of an erased key is left in them. */
const fileBytes = (path: string): Buffer =>
  Buffer.concat([path, `${path}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file)));

const wrappedBytes = (path: string, subject: string): Buffer[] => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[string], { wrapped: Buffer }>('SELECT wrapped FROM data_keys WHERE subject = ?').all(subject).map((row) => row.wrapped);
  } finally {
    db.close();
  }
};

let current = '';
persistentKeyStoreContract('sqlite', {
  create: (key) => sqliteKeyStore({ path: (current = freshPath()), masterKey: key }),
  reopen: (key) => sqliteKeyStore({ path: current, masterKey: key }),
});

describe('sqliteKeyStore', () => {
  it('opens sealed values again after a reopen, with the master key given as base64 or as bytes', async () => {
    const path = freshPath();
    const keys = sqliteKeyStore({ path, masterKey });
    const vault = personalDataVault(keys);
    const sealed = await vault.seal('user-1', '上海市浦东新区 1 号');
    const key = await keys.current('user-1');
    await keys.close();
    const again = sqliteKeyStore({ path, masterKey: Buffer.from(masterKey, 'base64') });
    expect(await again.current('user-1')).toEqual(key);
    expect(await personalDataVault(again).open(sealed)).toBe('上海市浦东新区 1 号');
    await again.close();
  });

  it('stores no data key in clear', async () => {
    const path = freshPath();
    const keys = sqliteKeyStore({ path, masterKey });
    const key = await keys.create('user-1');
    await keys.close();
    expect(fileBytes(path).includes(Buffer.from(key.key))).toBe(false);
  });

  it('erasing leaves none of the wrapped bytes in the database or its WAL, and the vault opens nothing of the subject', async () => {
    const path = freshPath();
    const keys = sqliteKeyStore({ path, masterKey });
    const vault = personalDataVault(keys);
    const sealed = await vault.seal('user-1', 'zhang.san@example.com');
    await keys.create('user-1');
    const kept = await vault.seal('user-2', 'li.si@example.com');
    const wrapped = wrappedBytes(path, 'user-1');
    expect(wrapped).toHaveLength(2);
    for (const bytes of wrapped) expect(fileBytes(path).includes(bytes)).toBe(true);

    await vault.erase('user-1');
    await keys.delete('user-1');
    expect(await keys.current('user-1')).toBeNull();
    expect(await keys.get('user-1', sealed.keyId)).toBeNull();
    expect(await vault.open(sealed)).toBeNull();
    await expect(keys.create('user-1')).rejects.toSatisfy((error) => isKeyStoreError(error) && error.detail.subject === 'user-1');
    expect(await vault.open(kept)).toBe('li.si@example.com');
    expect(await keys.erasedSubjects()).toEqual(['user-1']);
    for (const bytes of wrapped) expect(fileBytes(path).includes(bytes)).toBe(false);
    await keys.close();
    for (const bytes of wrapped) expect(fileBytes(path).includes(bytes)).toBe(false);
  });

  it('refuses a wrapped key moved to another subject', async () => {
    const path = freshPath();
    const keys = sqliteKeyStore({ path, masterKey });
    const victim = await keys.create('user-1');
    await keys.close();
    const db = new Database(path);
    db.prepare("UPDATE data_keys SET subject = 'user-2' WHERE subject = 'user-1'").run();
    db.close();
    const again = sqliteKeyStore({ path, masterKey });
    await expect(again.get('user-2', victim.keyId)).rejects.toSatisfy((error) => isPersistentKeyStoreError(error, 'WrappedKeyCorrupt'));
    await again.close();
  });

  it('a restored backup of the database does not bring erased keys back: the erasure log is re-applied on open', async () => {
    const path = freshPath();
    const keys = sqliteKeyStore({ path, masterKey });
    const sealed = await personalDataVault(keys).seal('user-1', '13800138000');
    await keys.close();
    await restoreBackupTakenBeforeErasing(path, masterKey, ['user-1']);
    const restored = sqliteKeyStore({ path, masterKey });
    expect(await restored.get('user-1', sealed.keyId)).toBeNull();
    expect(await restored.erasedSubjects()).toEqual(['user-1']);
    await restored.close();
  });

  it('reapplyErasures erases what the event log says was erased, even when the erasure log was restored too', async () => {
    const path = freshPath();
    const keys = sqliteKeyStore({ path, masterKey });
    await keys.create('user-1');
    await keys.create('user-2');
    await keys.close();
    await restoreBackupTakenBeforeErasing(path, masterKey, ['user-1']);
    rmSync(`${path}.erasures`);
    const restored = sqliteKeyStore({ path, masterKey });
    expect(await restored.current('user-1')).not.toBeNull();
    expect(await restored.reapplyErasures(['user-1', 'user-9'])).toBe(1);
    expect(await restored.current('user-1')).toBeNull();
    expect(await restored.current('user-2')).not.toBeNull();
    expect(await restored.reapplyErasures(['user-1'])).toBe(0);
    await expect(restored.create('user-9')).rejects.toSatisfy(isKeyStoreError);
    expect(readFileSync(`${path}.erasures`, 'utf8')).toContain('"user-1"');
    await restored.close();
  });

});

describe('the embedded default master key', () => {
  it('is generated once into <dataDir>/master.key with mode 0600 and read back after', async () => {
    const dataDir = join(folder, 'data-1');
    const key = loadOrCreateMasterKey(dataDir);
    expect(key).toHaveLength(32);
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateMasterKey(dataDir)).toEqual(key);
    const keys = embeddedKeyStore({ dataDir });
    const created = await keys.create('user-1');
    await keys.close();
    const again = embeddedKeyStore({ dataDir });
    expect(await again.current('user-1')).toEqual(created);
    await again.close();
  });

  it('is refused when others can read its file', () => {
    const dataDir = join(folder, 'data-2');
    loadOrCreateMasterKey(dataDir);
    chmodSync(join(dataDir, 'master.key'), 0o644);
    expect(() => loadOrCreateMasterKey(dataDir)).toThrow(/readable by others/);
  });
});
