import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@shopstream/kernel';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openEventFile } from './eventFile.js';
import type { EventFile } from './eventFile.js';
import { decodeRow, toRecorded } from './rows.js';
import type { EventRow, StoredEventRow } from './rows.js';
import { sqliteEventStore } from './sqliteEventStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-event-file-'));
let files = 0;
const newFile = () => join(folder, `events-${(files += 1)}.sqlite`);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const digest = (file: string) => createHash('sha256').update(existsSync(file) ? readFileSync(file) : '').digest('hex');

/**
 * What "read-only" must leave as it was: the database file's bytes and modification time, and what its WAL holds
 * (a reader of a WAL file may create the empty WAL and shared-memory files SQLite needs, never write a frame).
 */
const fingerprint = (path: string) => ({ database: digest(path), modified: statSync(path).mtimeMs, wal: digest(`${path}-wal`) });

const everyRow = (file: EventFile): readonly StoredEventRow[] => file.rowsAfter(0, Number.MAX_SAFE_INTEGER);

interface Append {
  readonly stream: string;
  readonly data: Record<string, unknown>;
}
const appendArb: fc.Arbitrary<Append> = fc.record({
  stream: fc.constantFrom('cart-a', 'cart-b', 'order-1', 'user-李梅'),
  data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
});

/** A file written by the store from the appends, closed, so that the reader is its only user. */
const written = async (appends: readonly Append[]): Promise<{ path: string; events: readonly RecordedEvent[] }> => {
  const path = newFile();
  const store = sqliteEventStore({ path });
  for (const { stream, data } of appends) await store.append(stream, [{ type: 'Noted', data }]);
  const events = await store.readAll({ raw: true });
  await store.close();
  return { path, events };
};

/** Edits a row behind the store's back, as a tamperer with the file would. */
const tamper = (path: string, sql: string, ...values: unknown[]) => {
  const db = new Database(path);
  db.prepare(sql).run(...values);
  db.close();
};

describe('openEventFile', () => {
  it('reads back, through the store mapping, exactly the events the store wrote, and leaves the file as it was', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(appendArb, { minLength: 1, maxLength: 12 }), async (appends) => {
        const { path, events } = await written(appends);
        const before = fingerprint(path);
        const file = openEventFile({ path });
        expect(everyRow(file).map(toRecorded)).toEqual(events);
        expect(everyRow(file).map(decodeRow)).toEqual(events.map((event) => ({ ok: true, event })));
        for (const stream of new Set(appends.map((append) => append.stream))) {
          const ofStream = events.filter((event) => event.stream === stream);
          expect(file.streamRows(stream, { direction: 'forwards', fromRevision: 0, maxCount: 100 }).map(toRecorded)).toEqual(ofStream);
          expect(file.streamRows(stream, { direction: 'backwards', fromRevision: 100, maxCount: 100 }).map(toRecorded)).toEqual([...ofStream].reverse());
          expect(file.streamRevision(stream)).toBe(ofStream.length - 1);
        }
        expect(file.rowsAfter(0, 100, { streamCategories: ['cart'] }).map(toRecorded)).toEqual(events.filter((event) => event.stream.startsWith('cart-')));
        expect(file.inSnapshot(() => [file.headPosition(), file.lastAssignedPosition()])).toEqual([events.length, events.length]);
        file.close();
        expect(fingerprint(path)).toEqual(before);
      }),
      { numRuns: 15 },
    );
  });

  it('reports a row edited into something the store never writes as a typed problem, and the store refuses it', async () => {
    const tamperings: readonly { readonly sql: string; readonly value: unknown; readonly column: keyof EventRow }[] = [
      { sql: 'UPDATE events SET data = ? WHERE position = 2', value: '{"sku":"MUG"', column: 'data' },
      { sql: 'UPDATE events SET data = ? WHERE position = 2', value: Buffer.from('{}'), column: 'data' },
      { sql: 'UPDATE events SET metadata = ? WHERE position = 2', value: '[1,2]', column: 'metadata' },
      { sql: 'UPDATE events SET stream = ? WHERE position = 2', value: Buffer.from('cart-a'), column: 'stream' },
      { sql: 'UPDATE events SET revision = ? WHERE position = 2', value: 'one', column: 'revision' },
      { sql: 'UPDATE events SET schema_version = ? WHERE position = 2', value: 1.5, column: 'schema_version' },
      { sql: 'UPDATE events SET hash = ? WHERE position = 2', value: Buffer.from('cafe', 'hex'), column: 'hash' },
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...tamperings), async ({ sql, value, column }) => {
        const { path, events } = await written([
          { stream: 'cart-a', data: { sku: 'MUG' } },
          { stream: 'cart-a', data: { sku: 'TEA' } },
          { stream: 'cart-b', data: {} },
        ]);
        tamper(path, sql, value);
        const file = openEventFile({ path });
        const decoded = everyRow(file).map(decodeRow);
        file.close();
        expect(decoded.map((row) => row.ok)).toEqual([true, false, true]);
        const [, middle] = decoded;
        if (middle?.ok !== false) return;
        expect(middle.problem).toMatchObject({ _tag: 'MalformedEventRow', position: 2, columns: [{ column }] });
        // What still reads is kept as evidence: the event's id and hash as stored.
        expect(middle.problem.event.id).toBe(events[1]?.id);
        const store = sqliteEventStore({ path });
        await expect(store.readAll()).rejects.toMatchObject({ name: 'MalformedEventRowError', detail: { position: 2 } });
        await store.close();
      }),
      { numRuns: tamperings.length * 2 },
    );
  });

  it('keeps JSON that no longer parses as its text, so a hash check sees the row changed', async () => {
    const { path, events } = await written([{ stream: 'cart-a', data: { sku: 'MUG' } }]);
    tamper(path, 'UPDATE events SET metadata = ? WHERE position = 1', '{not json');
    const file = openEventFile({ path });
    const [row] = everyRow(file).map(decodeRow);
    file.close();
    expect(row).toEqual({
      ok: false,
      problem: {
        _tag: 'MalformedEventRow',
        position: 1,
        stream: 'cart-a',
        revision: 0,
        columns: [{ column: 'metadata', reason: expect.stringMatching(/^is not JSON/) as unknown }],
        event: { ...events[0], metadata: { unparsableJson: '{not json' } },
      },
    });
  });

  it('sees what a running store appends meanwhile, and the positions removed from the end', async () => {
    const path = newFile();
    const store = sqliteEventStore({ path });
    await store.append('cart-a', [{ type: 'Noted', data: {} }]);
    const file = openEventFile({ path });
    const version = file.dataVersion();
    // The reader holds no lock the writer waits on.
    await store.append('cart-a', [{ type: 'Noted', data: {} }], { expectedRevision: 0 });
    await store.append('cart-b', [{ type: 'Noted', data: {} }]);
    expect([file.dataVersion() !== version, file.headPosition(), file.streamRevision('cart-a')]).toEqual([true, 3, 1]);
    await store.close();
    tamper(path, 'DELETE FROM events WHERE position = 3');
    expect([file.headPosition(), file.lastAssignedPosition()]).toEqual([2, 3]);
    file.close();
    expect(() => file.headPosition()).toThrow(expect.objectContaining({ detail: { _tag: 'EventFileClosed', path } }) as Error);
  });

  it('refuses what is not an event store file, and creates nothing', () => {
    const missing = join(folder, 'missing.sqlite');
    expect(() => openEventFile({ path: missing })).toThrow(expect.objectContaining({ detail: { _tag: 'EventFileNotFound', path: missing } }) as Error);
    expect(existsSync(missing)).toBe(false);
    const text = newFile();
    writeFileSync(text, 'not a database at all, just some text that is long enough to have a header');
    expect(() => openEventFile({ path: text })).toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'NotAnEventFile' }) as unknown }) as Error);
    const empty = newFile();
    new Database(empty).close();
    expect(() => openEventFile({ path: empty })).toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'NotAnEventFile' }) as unknown }) as Error);
    const newer = newFile();
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    const before = fingerprint(newer);
    expect(() => openEventFile({ path: newer })).toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'NewerEventFileSchema', schemaVersion: 99 }) as unknown }) as Error);
    expect(fingerprint(newer)).toEqual(before);
  });
});
