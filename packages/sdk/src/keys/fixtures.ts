import { copyFileSync } from 'node:fs';
import { sqliteKeyStore } from './sqliteKeyStore.js';

/**
 * Erases `subjects` through the key store, then puts back the database as it was before (a backup restored):
 * the erasure log lists them, yet the database holds their keys and no tombstone.
 */
export const restoreBackupTakenBeforeErasing = async (path: string, masterKey: string, subjects: readonly string[]): Promise<void> => {
  copyFileSync(path, `${path}.backup`);
  const keys = sqliteKeyStore({ path, masterKey });
  for (const subject of subjects) await keys.delete(subject);
  await keys.close();
  copyFileSync(`${path}.backup`, path);
};
