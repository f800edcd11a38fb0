import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateMasterKey, isKeyStoreError, isPersistentKeyStoreError } from '@shopstream/kernel';
import { ConfigError, hostConfig } from './config.js';
import { hostKeyStore, hostMasterKey, hostSecrets, hostState, hostStorage, storageChoice } from './storage.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'shopstream-host-storage-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the host\'s storage', () => {
  it('leaves the embedded default to the SDK when no scale-out server is named', async () => {
    const config = hostConfig({});
    expect(storageChoice(config)).toEqual({ events: 'sqlite', readModels: 'sqlite', shopState: 'sqlite', keys: 'sqlite' });
    expect(await hostStorage(config, dataDir)).toBeUndefined();
  });

  it('puts the log on EventStoreDB and keeps the read models in the data folder when only ESDB_CONNECTION_STRING is set', async () => {
    // The client connects on first use, so the stores open without a server; nothing here reads or appends.
    const config = hostConfig({ ESDB_CONNECTION_STRING: 'esdb://localhost:1?tls=false' });
    expect(storageChoice(config)).toEqual({ events: 'eventstoredb', readModels: 'sqlite', shopState: 'sqlite', keys: 'sqlite' });
    const storage = await hostStorage(config, dataDir);
    expect(storage?.kind).toBe('custom');
    if (storage?.kind !== 'custom') return;
    expect(existsSync(join(dataDir, 'read.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'snapshots.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(false);
    await storage.close?.();
  });

  it('refuses connection strings that name no server of the kind, saying which variable is wrong', () => {
    expect(() => hostConfig({ ESDB_CONNECTION_STRING: 'http://localhost:2113' })).toThrow(/ESDB_CONNECTION_STRING/);
    expect(() => hostConfig({ MONGODB_URI: 'localhost:27017' })).toThrow(/MONGODB_URI/);
    expect(() => hostConfig({ MONGODB_URI: 'mongodb://localhost', MONGODB_DATABASE: 'a.b' })).toThrow(/MONGODB_DATABASE/);
    expect(hostConfig({ MONGODB_URI: 'mongodb+srv://cluster.example/?retryWrites=true' }).MONGODB_DATABASE).toBe('shopstream');
  });

  // The read models on MongoDB need a server; skipped, not faked, without one (docker-compose.yml starts one).
  it.skipIf(process.env.MONGODB_URI === undefined)('puts the read models and snapshots on MongoDB and keeps the log in the data folder when only MONGODB_URI is set', async () => {
    const config = hostConfig({ MONGODB_URI: process.env.MONGODB_URI, MONGODB_DATABASE: `host_test_${process.pid}` });
    expect(storageChoice(config)).toEqual({ events: 'sqlite', readModels: 'mongodb', shopState: 'mongodb', keys: 'mongodb' });
    const storage = await hostStorage(config, dataDir);
    if (storage?.kind !== 'custom') throw new Error('expected custom storage');
    expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'read.sqlite'))).toBe(false);
    await storage.readStore.collection('probe').replaceOne({ _id: 'p' });
    expect(await storage.readStore.collection('probe').get('p')).toEqual({ _id: 'p' });
    await storage.readStore.dropCollection('probe');
    await storage.close?.();
    const state = await hostState(config);
    if (state === undefined) throw new Error('expected the shop state on MongoDB');
    expect(await state.put('sessions', 'probe', { userId: 'u-1' }, { ttlMs: 60_000 })).toBe(true);
    expect((await state.get('sessions', 'probe'))?.value).toEqual({ userId: 'u-1' });
    await state.delete('sessions', 'probe');
    await state.close();
  });

  it('keeps the shop state to the SDK (the data folder) unless the read models are on MongoDB', async () => {
    expect(await hostState(hostConfig({}))).toBeUndefined();
    expect(await hostState(hostConfig({ ESDB_CONNECTION_STRING: 'esdb://localhost:1?tls=false' }))).toBeUndefined();
  });

  it('keeps the personal-data keys to the SDK (keys.db in the data folder) unless the read models are on MongoDB', async () => {
    expect(await hostKeyStore(hostConfig({}), {})).toBeUndefined();
    expect(await hostKeyStore(hostConfig({ ESDB_CONNECTION_STRING: 'esdb://localhost:1?tls=false' }), { SHOPSTREAM_MASTER_KEY: generateMasterKey() })).toBeUndefined();
  });

  it('refuses to share keys on MongoDB without SHOPSTREAM_MASTER_KEY, or with a malformed one, before connecting', async () => {
    // Nothing listens on port 1: a refusal here is the host's own, not a failed connection.
    const config = hostConfig({ MONGODB_URI: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200' });
    for (const environment of [{}, { SHOPSTREAM_MASTER_KEY: '' }]) {
      await expect(hostKeyStore(config, environment)).rejects.toSatisfy(
        (error) => error instanceof ConfigError && error.problems.length === 1 && /^SHOPSTREAM_MASTER_KEY: required when MONGODB_URI is set/.test(error.problems[0] ?? ''),
      );
    }
    await expect(hostKeyStore(config, { SHOPSTREAM_MASTER_KEY: Buffer.alloc(16, 1).toString('base64') })).rejects.toSatisfy(
      (error) => error instanceof ConfigError && /SHOPSTREAM_MASTER_KEY: it has 16 bytes, not 32/.test(error.message),
    );
  });

  it('reads the peppers from the environment, both or neither, and requires them when hosts share MongoDB', () => {
    const contact = randomBytes(32).toString('base64');
    const code = randomBytes(48).toString('base64');
    const embedded = hostConfig({});
    expect(hostSecrets(embedded, {})).toBeUndefined();
    const given = hostSecrets(embedded, { SHOPSTREAM_CONTACT_PEPPER: contact, SHOPSTREAM_CODE_PEPPER: `${code}\n` });
    expect(given && Buffer.from(given.contactPepper).toString('base64')).toBe(contact);
    expect(given && Buffer.from(given.codePepper).toString('base64')).toBe(code);
    const refusal = (environment: NodeJS.ProcessEnv, config = embedded) => {
      try {
        hostSecrets(config, environment);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.join('\n');
        throw error;
      }
      throw new Error('expected a ConfigError');
    };
    expect(refusal({ SHOPSTREAM_CONTACT_PEPPER: contact })).toMatch(/give both or neither/);
    expect(refusal({ SHOPSTREAM_CONTACT_PEPPER: contact, SHOPSTREAM_CODE_PEPPER: randomBytes(16).toString('base64') })).toMatch(/SHOPSTREAM_CODE_PEPPER: it has 16 bytes, at least 32/);
    expect(refusal({ SHOPSTREAM_CONTACT_PEPPER: 'not base64!', SHOPSTREAM_CODE_PEPPER: code })).toMatch(/SHOPSTREAM_CONTACT_PEPPER: it is not canonical base64/);
    expect(refusal({}, hostConfig({ MONGODB_URI: 'mongodb://127.0.0.1:1' }))).toMatch(/required when MONGODB_URI is set/);
    expect(hostSecrets(hostConfig({ MONGODB_URI: 'mongodb://127.0.0.1:1' }), { SHOPSTREAM_CONTACT_PEPPER: contact, SHOPSTREAM_CODE_PEPPER: code })).toBeDefined();
    // The configuration object never carries them.
    expect(JSON.stringify(hostConfig({ SHOPSTREAM_CONTACT_PEPPER: contact }))).not.toContain(contact);
  });

  it('reads the master key from SHOPSTREAM_MASTER_KEY only, as 32 bytes, for the embedded key store too', () => {
    const key = generateMasterKey();
    expect(hostMasterKey({})).toBeUndefined();
    expect(hostMasterKey({ SHOPSTREAM_MASTER_KEY: `${key}\n` })).toEqual(Buffer.from(key, 'base64'));
    expect(() => hostMasterKey({ SHOPSTREAM_MASTER_KEY: 'not base64!' })).toThrow(/SHOPSTREAM_MASTER_KEY: it is not canonical base64/);
    // The configuration object never carries it.
    expect(JSON.stringify(hostConfig({ SHOPSTREAM_MASTER_KEY: key }))).not.toContain(key);
  });

  it.skipIf(process.env.MONGODB_URI === undefined)('shares the personal-data keys on MongoDB between host processes given one master key, and refuses another', async () => {
    const config = hostConfig({ MONGODB_URI: process.env.MONGODB_URI, MONGODB_DATABASE: `host_keys_${process.pid}_${Date.now()}` });
    const masterKey = generateMasterKey();
    const [a, b] = await Promise.all([hostKeyStore(config, { SHOPSTREAM_MASTER_KEY: masterKey }), hostKeyStore(config, { SHOPSTREAM_MASTER_KEY: masterKey })]);
    if (a === undefined || b === undefined) throw new Error('expected the keys on MongoDB');
    try {
      const key = await a.create('probe-subject');
      expect(await b.current('probe-subject')).toEqual(key);
      await b.delete('probe-subject');
      expect(await a.get('probe-subject', key.keyId)).toBeNull();
      await expect(a.create('probe-subject')).rejects.toSatisfy(isKeyStoreError);
      await expect(hostKeyStore(config, { SHOPSTREAM_MASTER_KEY: generateMasterKey() })).rejects.toSatisfy((error) => isPersistentKeyStoreError(error, 'WrongMasterKey'));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
