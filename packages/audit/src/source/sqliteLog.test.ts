import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { defineEvent, eventRegistry } from '@shopstream/kernel';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@shopstream/kernel';
import { sqliteEventStore } from '@shopstream/store-sqlite';
import { z } from 'zod';
import { testRegistry } from '../verify/fixtures.js';
import { verifyLog } from '../verify/verify.js';
import { sqliteLog } from './sqliteLog.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A file written by the real SQLite event store, and the audit's read-only log on it. */
const opened = async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'shopstream-log-')), 'events.sqlite');
  const writer = sqliteEventStore({ path, registry: testRegistry });
  await writer.append('cart-a', [{ type: 'ItemAdded', data: { sku: 'MUG', quantity: 1 } }]);
  await writer.append('order-b', [{ type: 'ItemRemoved', data: { sku: 'MUG' } }]);
  await writer.append('cart-a', [{ type: 'ItemRemoved', data: { sku: 'MUG' } }]);
  const log = sqliteLog({ path, registry: testRegistry, pollIntervalMs: 10 });
  cleanups.push(() => log.close(), () => writer.close());
  return { path, writer, log };
};

const summary = (events: readonly RecordedEvent[]) => events.map((e) => `${e.position} ${e.stream}@${e.revision} ${e.type}`);

describe('sqliteLog', () => {
  it('reads what the SQLite store wrote, by stream, by filter and in pages', async () => {
    const { writer, log } = await opened();
    expect(await log.readAll({ raw: true })).toEqual(await writer.readAll({ raw: true }));
    expect(summary(await log.readStream('cart-a', { direction: 'backwards', maxCount: 1 }))).toEqual(['3 cart-a@1 ItemRemoved']);
    expect(summary(await log.readAll({ after: 1, maxCount: 1 }))).toEqual(['2 order-b@0 ItemRemoved']);
    expect(summary(await log.readAll({ filter: { streamCategories: ['cart'], eventTypes: ['ItemRemoved'] } }))).toEqual(['3 cart-a@1 ItemRemoved']);
    expect(await log.readAll({ filter: { eventTypes: [] } })).toEqual([]);
    expect([await log.streamRevision('cart-a'), await log.streamRevision('cart-z'), await log.headPosition()]).toEqual([1, -1, 3]);
    expect(log.snapshot()).toEqual({ headPosition: 3, lastAssignedPosition: 3 });
  });

  it('upcasts older schema versions unless asked for the raw form', async () => {
    const { path } = await opened();
    const upcasting = eventRegistry([
      defineEvent('ItemAdded', z.strictObject({ sku: z.string(), quantity: z.number(), gift: z.boolean() }), {
        version: 2,
        upcasters: { 1: (data) => ({ ...(data as object), gift: false }) },
      }),
    ]);
    const log = sqliteLog({ path, registry: upcasting });
    cleanups.push(() => log.close());
    const [upcast] = await log.readStream('cart-a', { maxCount: 1 });
    const [raw] = await log.readStream('cart-a', { maxCount: 1, raw: true });
    expect([upcast?.schemaVersion, upcast?.data, raw?.schemaVersion, raw?.data]).toEqual([2, { sku: 'MUG', quantity: 1, gift: false }, 1, { sku: 'MUG', quantity: 1 }]);
  });

  it("subscribes: the stored events, caughtUp, then what the shop appends meanwhile", async () => {
    const { writer, log } = await opened();
    const subscription = log.subscribe({ filter: { streamCategories: ['cart'] }, batchSize: 1 });
    const seen: string[] = [];
    for await (const message of subscription) {
      seen.push(message.type === 'event' ? `${message.event.position} ${message.event.type}` : `caughtUp ${message.position}`);
      if (message.type === 'caughtUp' && message.position === 3) await writer.append('cart-a', [{ type: 'ItemAdded', data: { sku: 'TEA', quantity: 2 } }]);
      if (seen.length === 4) break;
    }
    await subscription.stop();
    expect(seen).toEqual(['1 ItemAdded', '3 ItemRemoved', 'caughtUp 3', '4 ItemAdded']);
  });

  it('refuses to write, and refuses a file that does not exist', async () => {
    const { log, writer } = await opened();
    await expect(log.append('cart-a', [{ type: 'ItemAdded', data: { sku: 'MUG', quantity: 1 } }])).rejects.toMatchObject({ detail: { _tag: 'ReadOnly' } });
    expect(await writer.headPosition()).toBe(3);
    expect(() => sqliteLog({ path: join(tmpdir(), 'no-such-dir', 'events.sqlite') })).toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'EventStoreNotFound' }) as unknown }) as Error);
    await log.close();
    await expect(log.readAll()).rejects.toMatchObject({ detail: { _tag: 'InvalidArgument' } });
  });

  it('reads a row edited into something the store never writes as evidence, where the store itself refuses it', async () => {
    const { path, writer } = await opened();
    const stored = await writer.readAll({ raw: true });
    await writer.close();
    const db = new Database(path);
    db.prepare('UPDATE events SET data = ?, stream = ? WHERE position = 2').run('{"sku":', Buffer.from('order-b'));
    db.close();
    const strict = sqliteEventStore({ path });
    cleanups.push(() => strict.close());
    await expect(strict.readAll()).rejects.toMatchObject({ name: 'MalformedEventRowError', detail: { position: 2 } });
    const log = sqliteLog({ path, registry: testRegistry });
    cleanups.push(() => log.close());
    const [, edited] = await log.readAll({ raw: true });
    expect([edited?.id, edited?.data, edited?.hash]).toEqual([stored[1]?.id, { unparsableJson: '{"sku":' }, stored[1]?.hash]);
    const report = await verifyLog(log, { registry: testRegistry });
    expect(report.findings).toContainEqual(expect.objectContaining({ _tag: 'HashMismatch', position: 2 }));
  });

  it('verify reports, and never trips over, any column edited into a value the store never writes', async () => {
    const edits: readonly (readonly [string, unknown])[] = [
      ['data', '{"sku":'],
      ['data', Buffer.from('{}')],
      ['metadata', '[1,2]'],
      ['metadata', 'null'],
      ['stream', Buffer.from('cart-a')],
      ['revision', 'one'],
      ['schema_version', 1.5],
      ['type', Buffer.from('ItemAdded')],
      ['occurred_at', Buffer.from('2026')],
      ['hash', Buffer.from('cafe', 'hex')],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...edits), fc.integer({ min: 1, max: 3 }), async ([column, value], position) => {
        const { path, writer } = await opened();
        await writer.close();
        const db = new Database(path);
        db.prepare(`UPDATE events SET ${column} = ? WHERE position = ?`).run(value, position);
        db.close();
        const log = sqliteLog({ path, registry: testRegistry });
        const report = await verifyLog(log, { registry: testRegistry, contiguousPositions: true });
        await log.close();
        expect(report.events).toBe(3);
        expect(report.findings).toContainEqual(expect.objectContaining({ _tag: 'HashMismatch', position }));
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a file that is not an event store with a typed error', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'shopstream-log-')), 'events.sqlite');
    writeFileSync(path, 'these are not the events you are looking for, nor is this a SQLite database file');
    expect(() => sqliteLog({ path })).toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'UnreadableEventStore', path }) as unknown }) as Error);
  });
});
