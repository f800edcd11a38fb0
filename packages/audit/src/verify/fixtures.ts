import { catchUpSubscription, defineEvent, eventRegistry, matchesFilter, memoryEventStore, normaliseAllRead, normaliseStreamRead } from '@shopstream/kernel';
import type { EventStore, RecordedEvent } from '@shopstream/kernel';
import { z } from 'zod';
import { AuditError } from '../errors.js';

/** A small registry for generated histories. */
export const testRegistry = eventRegistry([
  defineEvent('ItemAdded', z.strictObject({ sku: z.string().min(1), quantity: z.number().int().positive() })),
  defineEvent('ItemRemoved', z.strictObject({ sku: z.string().min(1) })),
]);

export interface GeneratedAppend {
  readonly stream: string;
  readonly sku: string;
  readonly quantity: number;
  readonly remove: boolean;
}

/** Writes the appends through a real memory event store and returns the log exactly as stored. */
export const storedHistory = async (appends: readonly GeneratedAppend[]): Promise<RecordedEvent[]> => {
  const store = memoryEventStore({ registry: testRegistry });
  for (const append of appends) {
    await store.append(append.stream, [
      append.remove ? { type: 'ItemRemoved', data: { sku: append.sku } } : { type: 'ItemAdded', data: { sku: append.sku, quantity: append.quantity } },
    ]);
  }
  const log = await store.readAll({ raw: true });
  await store.close();
  return log;
};

/**
 * A log exactly as given, tampered or not, behind the EventStore port: what a store hands out after someone
 * edited its file. Reads follow the port's contract (log order by position, streams by revision).
 */
export const storedLog = (events: readonly RecordedEvent[]): EventStore => {
  const byPosition = [...events].sort((a, b) => a.position - b.position);
  return {
    append: async () => {
      throw new AuditError({ _tag: 'ReadOnly', operation: 'append' });
    },
    readStream: async (stream, options) => {
      const read = normaliseStreamRead(stream, options);
      const ofStream = byPosition.filter((event) => event.stream === stream).sort((a, b) => a.revision - b.revision);
      const ordered = read.direction === 'forwards' ? ofStream.filter((e) => e.revision >= read.fromRevision) : ofStream.reverse().filter((e) => e.revision <= read.fromRevision);
      return ordered.slice(0, read.maxCount);
    },
    readAll: async (options) => {
      const read = normaliseAllRead(options);
      return byPosition.filter((event) => event.position > read.after && matchesFilter(read.filter, event.stream, event.type)).slice(0, read.maxCount);
    },
    subscribe: (options) =>
      catchUpSubscription(
        {
          readBatch: async (after, maxCount, filter) => {
            const batch = byPosition.filter((event) => event.position > after && matchesFilter(filter, event.stream, event.type)).slice(0, maxCount);
            const full = batch.length === maxCount;
            return { events: batch, scannedTo: full ? (batch.at(-1)?.position ?? after) : Math.max(after, byPosition.at(-1)?.position ?? 0), more: full };
          },
          waitForAppend: (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
        },
        options,
      ),
    streamRevision: async (stream) => Math.max(-1, ...byPosition.filter((event) => event.stream === stream).map((event) => event.revision)),
    headPosition: async () => byPosition.at(-1)?.position ?? 0,
    close: async () => undefined,
  };
};
