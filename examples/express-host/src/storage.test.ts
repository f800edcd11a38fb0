import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostConfig } from './config.js';
import { hostState, hostStorage, storageChoice } from './storage.js';

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
    expect(storageChoice(config)).toEqual({ events: 'sqlite', readModels: 'sqlite', shopState: 'sqlite' });
    expect(await hostStorage(config, dataDir)).toBeUndefined();
  });

  it('puts the log on EventStoreDB and keeps the read models in the data folder when only ESDB_CONNECTION_STRING is set', async () => {
    // The client connects on first use, so the stores open without a server; nothing here reads or appends.
    const config = hostConfig({ ESDB_CONNECTION_STRING: 'esdb://localhost:1?tls=false' });
    expect(storageChoice(config)).toEqual({ events: 'eventstoredb', readModels: 'sqlite', shopState: 'sqlite' });
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
    expect(storageChoice(config)).toEqual({ events: 'sqlite', readModels: 'mongodb', shopState: 'mongodb' });
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
});
