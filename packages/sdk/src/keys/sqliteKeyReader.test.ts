import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyReaderContract } from '@shopstream/kernel/testing';
import { afterAll } from 'vitest';
import { sqliteKeyReader } from './keyFile.js';
import { sqliteKeyStore } from './sqliteKeyStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-key-reader-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;
let current = '';
const freshPath = () => join(folder, `keys-${(n += 1)}.db`);
const digest = (file: string) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null);

// The same contract `mongoKeyReader` passes against a real MongoDB: both readers of one port behave alike.
keyReaderContract('sqlite', {
  create: (masterKey) => sqliteKeyStore({ path: (current = freshPath()), masterKey }),
  read: (masterKey) => sqliteKeyReader({ path: current, masterKey }),
  stored: async () => ({ database: digest(current), wal: digest(`${current}-wal`), erasures: digest(`${current}.erasures`) }),
  missing: () => {
    const path = freshPath();
    return { read: (masterKey) => sqliteKeyReader({ path, masterKey }), stored: async () => [path, `${path}-wal`, `${path}.erasures`].map(existsSync) };
  },
});
