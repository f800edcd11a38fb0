import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { embeddedKeyStore } from '@shopstream/sdk';
import { keyStoreReader } from './keyStoreReader.js';

/** A data folder whose key store holds one key of `user-1`, written by the SDK's embedded key store. */
const dataFolder = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shopstream-keys-audit-'));
  const store = embeddedKeyStore({ dataDir });
  const key = await store.create('user-1');
  await store.close();
  return { dataDir, key };
};

const refused = (tag: string) => expect.objectContaining({ detail: expect.objectContaining({ _tag: tag }) as unknown }) as Error;

describe('keyStoreReader', () => {
  it('opens the keys the shop created, and refuses to create or erase one', async () => {
    const { dataDir, key } = await dataFolder();
    const keys = keyStoreReader({ dataDir });
    expect([await keys.current('user-1'), await keys.get('user-1', key.keyId), await keys.current('user-2')]).toEqual([key, key, null]);
    await expect(keys.create('user-2')).rejects.toMatchObject({ detail: { _tag: 'ReadOnly' } });
    await expect(keys.delete('user-1')).rejects.toMatchObject({ detail: { _tag: 'ReadOnly' } });
    await keys.close();
  });

  it("tells the key store's refusals as the audit's, and never generates a master key", async () => {
    const { dataDir, key } = await dataFolder();
    const bare = join(mkdtempSync(join(tmpdir(), 'shopstream-keys-audit-')), 'data');
    mkdirSync(bare);
    copyFileSync(join(dataDir, 'keys.db'), join(bare, 'keys.db'));
    expect(() => keyStoreReader({ dataDir: bare })).toThrow(refused('MasterKeyUnavailable'));
    expect(existsSync(join(bare, 'master.key'))).toBe(false);
    expect(() => keyStoreReader({ dataDir: bare, masterKey: 'not base64!' })).toThrow(refused('MasterKeyUnavailable'));
    const masterKey = readFileSync(join(dataDir, 'master.key'), 'utf8');
    expect(() => keyStoreReader({ dataDir: join(bare, 'nowhere'), masterKey })).toThrow(refused('KeyStoreNotFound'));
    const db = new Database(join(bare, 'keys.db'));
    db.prepare('UPDATE data_keys SET wrapped = zeroblob(60)').run();
    db.close();
    const keys = keyStoreReader({ dataDir: bare, masterKey });
    await expect(keys.get('user-1', key.keyId)).rejects.toMatchObject({ detail: { _tag: 'DataKeyCorrupt', subject: 'user-1', keyId: key.keyId } });
    await keys.close();
  });
});
