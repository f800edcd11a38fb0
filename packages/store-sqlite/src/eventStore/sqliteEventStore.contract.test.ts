import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '@shopstream/kernel/testing';
import { afterAll } from 'vitest';
import { sqliteEventStore } from './sqliteEventStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-contract-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

eventStoreContract('sqlite file', {
  create: ({ registry }) => {
    files += 1;
    return sqliteEventStore({ path: join(folder, `store-${files}.db`), ...(registry ? { registry } : {}) });
  },
  numRuns: 15,
  gaplessPositions: true,
});

eventStoreContract('sqlite :memory:', {
  create: ({ registry }) => sqliteEventStore({ path: ':memory:', ...(registry ? { registry } : {}) }),
  gaplessPositions: true,
});
