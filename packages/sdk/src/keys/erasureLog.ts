import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * An append-only file of erased subjects beside the key database. It is a second copy of the tombstones, kept
 * apart so that restoring an older backup of the database alone does not bring erased keys back: on open, every
 * subject listed here is erased again.
 */
export interface ErasureLog {
  readonly path: string;
  read(): string[];
  append(subjects: readonly string[]): void;
}

export const erasureLog = (path: string): ErasureLog => ({
  path,
  read: () => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
      throw error;
    }
    const subjects: string[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        const subject: unknown = JSON.parse(line);
        if (typeof subject === 'string') subjects.push(subject);
      } catch {
        // A line cut short by a crash mid-append: the database's own tombstone still holds that erasure.
      }
    }
    return subjects;
  },
  append: (subjects) => {
    if (subjects.length === 0) return;
    const fd = openSync(path, 'a', 0o600);
    try {
      writeSync(fd, subjects.map((subject) => `${JSON.stringify(subject)}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
});
