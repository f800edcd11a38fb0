import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotStoreContract } from '@shopstream/kernel/testing';
import { afterAll } from 'vitest';
import { sqliteSnapshotStore } from './sqliteSnapshotStore.js';
import type { SqliteSnapshotStore } from './sqliteSnapshotStore.js';

const dir = mkdtempSync(join(tmpdir(), 'shopstream-snapshots-'));
const opened: SqliteSnapshotStore[] = [];
let files = 0;
let current = '';
const open = (path: string) => {
  const store = sqliteSnapshotStore({ path });
  opened.push(store);
  return store;
};

afterAll(() => {
  for (const store of opened) store.close();
  rmSync(dir, { recursive: true, force: true });
});

snapshotStoreContract('sqlite', {
  create: () => {
    current = join(dir, `snapshots-${files++}.db`);
    return open(current);
  },
  reopen: () => open(current),
});
