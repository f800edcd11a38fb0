import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock, memoryEventStore, sequentialIds } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import { identity } from '@shopstream/commerce';
import { createShop } from '@shopstream/sdk';
import { simulate } from '../simulate.js';
import { HistoryCopyMismatch, copyHistory } from './copyHistory.js';

const secrets = { contactPepper: new Uint8Array(32).fill(1), codePepper: new Uint8Array(32).fill(2) };

/** Every field a recorded event has, the hash chain included. */
const everything = (store: EventStore) => store.readAll({ raw: true });

describe('copyHistory', () => {
  it('writes a simulated memory history into an SQLite event store as the same history: ids, positions, revisions, hashes', async () => {
    const clock = new ManualClock('2026-03-02T00:00:00.000Z');
    const source = await createShop({
      storage: { kind: 'memory' },
      clock,
      ids: sequentialIds(),
      secrets,
      passwordHasher: identity.scryptPasswordHasher({ ...identity.SCRYPT_DEFAULTS, N: 2 ** 4 }),
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'simulator-copy-'));
    // Never started: only its event store is written, as the generator writes the benchmark's file.
    const target = await createShop({ storage: { kind: 'sqlite', dataDir }, secrets });
    try {
      await source.start();
      await simulate(source, { seed: 3, customers: 12, days: 3, clock });
      const progress: number[] = [];
      const copied = await copyHistory(source.eventStore, target.eventStore, { pageSize: 500, onProgress: (n) => progress.push(n) });
      const head = await source.eventStore.headPosition();
      expect(copied).toBe(head);
      expect(progress.at(-1)).toBe(head);
      expect(await target.eventStore.headPosition()).toBe(head);
      expect(await everything(target.eventStore)).toEqual(await everything(source.eventStore));
    } finally {
      await source.stop();
      await target.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('copies any log of interleaved streams event for event, whatever the page size', async () => {
    const appends = fc.array(fc.record({ stream: fc.constantFrom('a-1', 'a-2', 'b-1', 'c-9'), count: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(appends, fc.integer({ min: 1, max: 7 }), async (plan, pageSize) => {
        const ids = sequentialIds();
        const from = memoryEventStore({ newId: () => ids.next() });
        for (const [n, { stream, count }] of plan.entries()) {
          await from.append(stream, Array.from({ length: count }, (_, i) => ({ type: 'Happened', data: { n, i }, metadata: { actor: { kind: 'system', id: 'test' } } })));
        }
        const to = memoryEventStore();
        expect(await copyHistory(from, to, { pageSize })).toBe(await from.headPosition());
        expect(await to.readAll()).toEqual(await from.readAll());
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a target that holds events already: positions could not come out the same', async () => {
    const from = memoryEventStore();
    await from.append('a-1', [{ type: 'Happened', data: {} }]);
    const to = memoryEventStore();
    await to.append('b-1', [{ type: 'Other', data: {} }]);
    await expect(copyHistory(from, to)).rejects.toThrow(/not empty/);
  });

  it('stops at the first event the target records differently', async () => {
    const from = memoryEventStore();
    await from.append('a-1', [{ type: 'Happened', data: { n: 1 } }]);
    // A target that stamps positions its own way: the copy would not be the same history.
    const inner = memoryEventStore();
    const shifted: EventStore = {
      ...inner,
      append: async (stream, events, options) => {
        const result = await inner.append(stream, events, options);
        return { ...result, events: result.events.map((event) => ({ ...event, position: event.position + 10 })) };
      },
    };
    await expect(copyHistory(from, shifted)).rejects.toBeInstanceOf(HistoryCopyMismatch);
  });
});
