import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isKeyStoreError, personalDataVault } from '@shopstream/commerce/privacy';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isPersistentKeyStoreError } from './errors.js';
import { restoreBackupTakenBeforeErasing } from './fixtures.js';
import { generateMasterKey, loadOrCreateMasterKey } from './masterKey.js';
import { embeddedKeyStore, sqliteKeyStore } from './sqliteKeyStore.js';
import type { PersistentKeyStore } from './sqliteKeyStore.js';

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

describe('sqliteKeyStore', () => {
  it('creates, rotates and finds keys, and the vault seals and opens with them', async () => {
    const keys = sqliteKeyStore({ path: freshPath(), masterKey });
    expect(await keys.current('user-1')).toBeNull();
    const first = await keys.create('user-1');
    expect(first.key).toHaveLength(32);
    expect(await keys.current('user-1')).toEqual(first);
    const second = await keys.create('user-1');
    expect(await keys.current('user-1')).toEqual(second);
    expect(await keys.get('user-1', first.keyId)).toEqual(first);
    expect(await keys.get('user-2', first.keyId)).toBeNull();
    const vault = personalDataVault(keys);
    const sealed = await vault.seal('user-1', '13800138000');
    expect(await vault.open(sealed)).toBe('13800138000');
    await keys.close();
  });

  it('keeps keys across a reopen with the same master key', async () => {
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

  it('erasing deletes every key of the subject for good: reads give null, creating is refused, the bytes are gone from the files', async () => {
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

  it('fails clearly when opened with another master key, and refuses malformed master keys', async () => {
    const path = freshPath();
    const keys = sqliteKeyStore({ path, masterKey });
    await keys.create('user-1');
    await keys.close();
    expect(() => sqliteKeyStore({ path, masterKey: generateMasterKey() })).toThrow(/does not open the key store/);
    try {
      sqliteKeyStore({ path, masterKey: generateMasterKey() });
    } catch (error) {
      expect(isPersistentKeyStoreError(error, 'WrongMasterKey')).toBe(true);
    }
    expect(() => sqliteKeyStore({ path: freshPath(), masterKey: randomBytes(31) })).toThrow(/31 bytes, not 32/);
    expect(() => sqliteKeyStore({ path: freshPath(), masterKey: 'not base64!' })).toThrow(/base64/);
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

  it('behaves like the commerce memory key store over any sequence of creates and erasures (property)', async () => {
    const operation = fc.record({ erase: fc.boolean(), subject: fc.constantFrom('a', 'b', '张三') });
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 10 }), async (operations) => {
        const keys: PersistentKeyStore = sqliteKeyStore({ path: freshPath(), masterKey });
        const held = new Map<string, string[]>();
        const erased = new Set<string>();
        for (const { erase, subject } of operations) {
          if (erase) {
            await keys.delete(subject);
            held.delete(subject);
            erased.add(subject);
          } else if (erased.has(subject)) {
            await expect(keys.create(subject)).rejects.toSatisfy(isKeyStoreError);
          } else {
            held.set(subject, [...(held.get(subject) ?? []), (await keys.create(subject)).keyId]);
          }
        }
        for (const subject of ['a', 'b', '张三']) {
          const ids = held.get(subject) ?? [];
          expect((await keys.current(subject))?.keyId ?? null).toBe(ids.at(-1) ?? null);
          for (const id of ids) expect(await keys.get(subject, id)).not.toBeNull();
        }
        expect(new Set(await keys.erasedSubjects())).toEqual(erased);
        await keys.close();
      }),
      { numRuns: 25 },
    );
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
