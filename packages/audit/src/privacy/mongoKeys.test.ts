import { generateMasterKey } from '@shopstream/kernel';
import { personalDataVault } from '@shopstream/commerce/privacy';
import { describe, expect, it } from 'vitest';
// The key storage of @shopstream/store-mongodb's own tests: MongoDB's documents in process, written with the key
// store's updates and read with `mongoKeyReader`'s code past its connection (both key contracts pass on it).
import { mingoKeyStorage } from '../../../store-mongodb/src/keys/fixtures.js';
import { mongoKeyStoreReader } from './mongoKeys.js';

const refusal = (tag: string) => expect.objectContaining({ name: 'AuditError', detail: expect.objectContaining({ _tag: tag }) as unknown }) as Error;
const where = { uri: 'mongodb://keys.example', database: 'shopstream', collection: 'data_keys' } as const;

/** A key store on MongoDB's documents holding a key of `user-1` and the erasure of `user-2`, and a value sealed for `user-1`. */
const keysOnMongo = async () => {
  const masterKey = generateMasterKey();
  const storage = mingoKeyStorage();
  const store = await storage.store(masterKey);
  const sealed = await personalDataVault(store).seal('user-1', '李梅');
  await personalDataVault(store).seal('user-2', '李雷');
  await store.delete('user-2');
  return { masterKey, storage, sealed };
};

describe('mongoKeyStoreReader', () => {
  it("opens the values the shop sealed, tells an erased subject from an unknown one, and changes nothing", async () => {
    const { masterKey, storage, sealed } = await keysOnMongo();
    const before = JSON.stringify([storage.subjects, storage.meta]);
    const keys = await mongoKeyStoreReader({ ...where, masterKey }, async (options) => storage.read(options.masterKey));
    expect(await personalDataVault(keys).open(sealed)).toBe('李梅');
    expect([await keys.current('user-2'), await keys.current('user-9')]).toEqual([null, null]);
    expect(await keys.erasedSubjects()).toEqual(['user-2']);
    await expect(keys.create('user-3')).rejects.toThrow(refusal('ReadOnly'));
    await expect(keys.delete('user-1')).rejects.toThrow(refusal('ReadOnly'));
    await keys.close();
    expect(JSON.stringify([storage.subjects, storage.meta])).toBe(before);
  });

  it("tells the key store's refusals as the audit's: another master key, a malformed one, no key store there", async () => {
    const { storage } = await keysOnMongo();
    const open = async (options: { readonly masterKey: string | Uint8Array }) => storage.read(options.masterKey);
    await expect(mongoKeyStoreReader({ ...where, masterKey: generateMasterKey() }, open)).rejects.toThrow(refusal('WrongMasterKey'));
    await expect(mongoKeyStoreReader({ ...where, masterKey: 'c2hvcnQ=' }, open)).rejects.toThrow(refusal('MasterKeyUnavailable'));
    const empty = mingoKeyStorage();
    await expect(mongoKeyStoreReader({ ...where, masterKey: generateMasterKey() }, async (options) => empty.read(options.masterKey))).rejects.toThrow(refusal('KeyStoreNotFound'));
  });

  it('refuses a connection string or name MongoDB would refuse before connecting (InvalidKeyStoreOption), with the real reader', async () => {
    const masterKey = generateMasterKey();
    for (const [uri, option] of [
      ['postgres://keys.example', 'uri'],
      ['mongodb://', 'uri'],
      ['mongodb://keys.example:99999', 'uri'],
      ['mongodb://keys.example/?noSuchOption=1', 'uri'],
    ] as const) {
      await expect(mongoKeyStoreReader({ ...where, uri, masterKey })).rejects.toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'InvalidKeyStoreOption', option }) as unknown }) as Error);
    }
    await expect(mongoKeyStoreReader({ ...where, database: 'a.b', masterKey })).rejects.toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'InvalidKeyStoreOption', option: 'database' }) as unknown }) as Error);
    await expect(mongoKeyStoreReader({ ...where, collection: 'a$b', masterKey })).rejects.toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'InvalidKeyStoreOption', option: 'collection' }) as unknown }) as Error);
  });

  it("tells the server's refusal of the account (no find, wrong password) as KeyStoreAccessDenied", async () => {
    const masterKey = generateMasterKey();
    for (const codeName of ['Unauthorized', 'AuthenticationFailed']) {
      // What the driver throws for it: a MongoServerError carrying the server's code name.
      const denied = Object.assign(new Error(`not authorized on shopstream to execute command { find: "data_keys_meta" }`), { name: 'MongoServerError', codeName });
      await expect(mongoKeyStoreReader({ ...where, masterKey }, async () => Promise.reject(denied))).rejects.toThrow(
        expect.objectContaining({ detail: { _tag: 'KeyStoreAccessDenied', store: 'mongodb:shopstream/data_keys', reason: denied.message } }) as Error,
      );
    }
  });
});
