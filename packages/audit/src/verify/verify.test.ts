import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@shopstream/kernel';
import { memoryEventStore } from '@shopstream/kernel';
import { storedHistory, storedLog, testRegistry } from './fixtures.js';
import type { GeneratedAppend } from './fixtures.js';
import { verifyLog } from './verify.js';

const appendArb: fc.Arbitrary<GeneratedAppend> = fc.record({
  stream: fc.constantFrom('cart-a', 'cart-b', 'order-c', 'order-d', 'cart-e'),
  sku: fc.constantFrom('TEA-250G', 'BAND-9', 'MUG'),
  quantity: fc.integer({ min: 1, max: 9 }),
  remove: fc.boolean(),
});
const historyArb = fc.array(appendArb, { minLength: 1, maxLength: 40 });

type Tampering =
  | { readonly kind: 'change'; readonly index: number }
  | { readonly kind: 'remove'; readonly index: number }
  | { readonly kind: 'reorder'; readonly index: number; readonly other: number }
  | { readonly kind: 'duplicate'; readonly index: number };

const tamperingArb: fc.Arbitrary<Tampering> = fc.oneof(
  fc.record({ kind: fc.constant('change' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('remove' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('reorder' as const), index: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), index: fc.nat() }),
);

/** The log after one tampering, or null when the history offers no place for it (a reorder needs a stream of two). */
const tamper = (log: readonly RecordedEvent[], t: Tampering): RecordedEvent[] | null => {
  const at = (index: number) => log[index % log.length] as RecordedEvent;
  const target = at(t.index);
  switch (t.kind) {
    case 'change':
      return log.map((event) =>
        event === target ? { ...event, data: event.type === 'ItemAdded' ? { ...(event.data as object), quantity: 10 } : { sku: 'SWAPPED' } } : event,
      );
    case 'remove':
      return log.filter((event) => event !== target);
    case 'reorder': {
      const siblings = log.filter((event) => event.stream === target.stream);
      if (siblings.length < 2) return null;
      const other = siblings[t.other % siblings.length] as RecordedEvent;
      if (other === target) return null;
      // The two events trade places in the log: each now stands at the other's position.
      return log.map((event) => (event === target ? { ...event, position: other.position } : event === other ? { ...event, position: target.position } : event));
    }
    case 'duplicate':
      return [...log, { ...target, position: (log.at(-1)?.position ?? 0) + 1 }];
  }
};

const strict = (log: readonly RecordedEvent[]) => ({ registry: testRegistry, contiguousPositions: true, lastAssignedPosition: log.at(-1)?.position ?? 0, pageSize: 7 });

describe('verifyLog', () => {
  it('finds nothing in any untouched history, whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 1, max: 50 }), async (appends, pageSize) => {
        const log = await storedHistory(appends);
        const report = await verifyLog(storedLog(log), { ...strict(log), pageSize });
        expect(report.findings).toEqual([]);
        expect(report.ok).toBe(true);
        expect(report.events).toBe(appends.length);
        expect(report.streams).toBe(new Set(appends.map((a) => a.stream)).size);
      }),
    );
  });

  it('finds any single changed, removed, reordered or duplicated event', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, tamperingArb, async (appends, tampering) => {
        const log = await storedHistory(appends);
        const tampered = tamper(log, tampering);
        fc.pre(tampered !== null);
        if (tampered === null) return;
        const report = await verifyLog(storedLog(tampered), strict(log));
        expect(report.ok).toBe(false);
        expect(report.totalFindings).toBeGreaterThan(0);
      }),
    );
  });

  it('names the changed event by stream, revision and position', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.nat(), async (appends, index) => {
        const log = await storedHistory(appends);
        const target = log[index % log.length] as RecordedEvent;
        const tampered = tamper(log, { kind: 'change', index }) ?? [];
        const report = await verifyLog(storedLog(tampered), strict(log));
        expect(report.findings).toEqual([expect.objectContaining({ _tag: 'HashMismatch', stream: target.stream, revision: target.revision, position: target.position })]);
      }),
    );
  });

  it('reports an event removed from the end of a stream only through the positions the store promises', async () => {
    const log = await storedHistory([
      { stream: 'cart-a', sku: 'MUG', quantity: 1, remove: false },
      { stream: 'cart-b', sku: 'MUG', quantity: 1, remove: false },
      { stream: 'cart-a', sku: 'MUG', quantity: 2, remove: false },
      { stream: 'cart-b', sku: 'MUG', quantity: 3, remove: false },
    ]);
    const withoutTail = log.filter((event) => event.position !== 3);
    expect((await verifyLog(storedLog(withoutTail), { registry: testRegistry })).ok).toBe(true);
    expect((await verifyLog(storedLog(withoutTail), strict(log))).findings).toEqual([{ _tag: 'PositionGap', after: 2, next: 4 }]);
    const withoutLast = log.slice(0, -1);
    expect((await verifyLog(storedLog(withoutLast), strict(log))).findings).toEqual([{ _tag: 'LogTruncated', lastPosition: 3, lastAssignedPosition: 4 }]);
  });

  it('checks payloads against their schema and refuses unknown types', async () => {
    const log = await storedHistory([{ stream: 'cart-a', sku: 'MUG', quantity: 1, remove: false }]);
    const first = log[0] as RecordedEvent;
    const unknown = { ...first, type: 'ItemStolen' };
    const invalid = { ...first, data: { sku: '', quantity: 1 } };
    expect((await verifyLog(storedLog([unknown]), { registry: testRegistry })).findingsByTag).toMatchObject({ InvalidPayload: 1, HashMismatch: 1 });
    const report = await verifyLog(storedLog([invalid]), { registry: testRegistry });
    expect(report.findings.map((f) => f._tag).sort()).toEqual(['HashMismatch', 'InvalidPayload']);
  });

  it('verifies one stream or one category of a live memory store', async () => {
    const store = memoryEventStore({ registry: testRegistry });
    await store.append('cart-a', [{ type: 'ItemAdded', data: { sku: 'MUG', quantity: 1 } }]);
    await store.append('order-b', [{ type: 'ItemRemoved', data: { sku: 'MUG' } }]);
    await store.append('cart-a', [{ type: 'ItemRemoved', data: { sku: 'MUG' } }]);
    const stream = await verifyLog(store, { registry: testRegistry, scope: { kind: 'stream', stream: 'cart-a' }, pageSize: 1 });
    expect([stream.ok, stream.streams, stream.events, stream.firstPosition, stream.lastPosition]).toEqual([true, 1, 2, 1, 3]);
    const category = await verifyLog(store, { registry: testRegistry, scope: { kind: 'category', category: 'order' }, contiguousPositions: true });
    expect([category.ok, category.events]).toEqual([true, 1]);
  });

  it('lists at most maxFindings but counts and reports them all', async () => {
    const log = await storedHistory(Array.from({ length: 5 }, (_, i) => ({ stream: `cart-${i}`, sku: 'MUG', quantity: 1, remove: false })));
    const seen: string[] = [];
    const report = await verifyLog(storedLog(log.map((event) => ({ ...event, hash: 'f'.repeat(64) }))), {
      registry: testRegistry,
      maxFindings: 2,
      onFinding: (finding) => seen.push(finding._tag),
    });
    expect([report.findings.length, report.totalFindings, report.findingsByTag.HashMismatch, seen.length]).toEqual([2, 5, 5, 5]);
  });
});
