/**
 * A built read store kept on disk under results/cache/, so that a scenario whose subject is querying (not
 * projecting) can be iterated on without rebuilding its read model every run. Each collection is one file in
 * V8's structured-clone format: JSON of a 100,000-product read model is longer than a string may be.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Document, ReadStore, StoredCollection } from '@shopstream/kernel';

const cacheFolder = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results', 'cache');

/** A key naming what the stored documents depend on: change any part and the cache misses. */
export const cacheKey = (parts: readonly string[]): string => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);

/** The text of every non-test `.ts` file under a folder, in path order, skipping the named files and subfolders. */
export const sourcesOf = (folder: string, skip: readonly string[] = []): string => {
  const files: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(at, entry.name);
      if (skip.includes(entry.name)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  walk(folder);
  return files.map((file) => `${file}\n${readFileSync(file, 'utf8')}`).join('\n');
};

const folderOf = (name: string, key: string) => join(cacheFolder, `${name}-${key}`);

/** The collections saved under this name and key, or null when there are none. */
export const loadReadStore = (name: string, key: string): StoredCollection[] | null => {
  const folder = folderOf(name, key);
  if (!existsSync(join(folder, 'complete'))) return null;
  const names = JSON.parse(readFileSync(join(folder, 'complete'), 'utf8')) as string[];
  return names.map((collection, i) => ({ name: collection, documents: deserialize(readFileSync(join(folder, `${i}.v8`))) as Document[], indexes: [] }));
};

/**
 * Saves every collection's documents (indexes are declared again by whoever opens them). Written to a
 * temporary folder and renamed, so an interrupted save is never read as a complete one.
 */
export const saveReadStore = async (name: string, key: string, store: ReadStore): Promise<void> => {
  const folder = folderOf(name, key);
  const partial = `${folder}.partial-${process.pid}`;
  mkdirSync(partial, { recursive: true });
  const names = await store.listCollections();
  for (const [i, collection] of names.entries()) {
    writeFileSync(join(partial, `${i}.v8`), serialize(await store.collection(collection).find({})));
  }
  writeFileSync(join(partial, 'complete'), JSON.stringify(names));
  renameSync(partial, folder);
};
