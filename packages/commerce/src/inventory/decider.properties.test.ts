import { fold } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { InventoryCommand } from './commands.js';
import { inventoryDecider, stockLevels } from './decider.js';
import type { StockState } from './decider.js';
import { inventoryEvents } from './events.js';
import type { InventoryEvent } from './events.js';

const sku = 'TEA-100G';
const reservationIds = [1, 2, 3, 4].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
const orderIds = ['00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000f2'];
const start = Date.parse('2026-01-01T00:00:00.000Z');
const minutes = (n: number) => new Date(start + n * 60_000).toISOString();
const arbReservation = fc.constantFrom(...reservationIds);

/** A command built at the moment it is decided (expiries are relative to then), and the minutes that pass before. */
type Step = { readonly command: (now: number) => InventoryCommand; readonly wait: number };
const at = (now: number, offsetMinutes: number) => new Date(now + offsetMinutes * 60_000).toISOString();
const arbCommand: fc.Arbitrary<(now: number) => InventoryCommand> = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map((quantity) => () => ({ type: 'ReceiveStock' as const, sku, quantity, reference: null })),
  fc.nat({ max: 12 }).map((counted) => () => ({ type: 'AdjustStock' as const, sku, counted, reason: 'stocktake' })),
  fc
    .record({ reservationId: arbReservation, orderId: fc.constantFrom(...orderIds), quantity: fc.integer({ min: 1, max: 4 }), ttl: fc.integer({ min: -1, max: 30 }) })
    .map(({ ttl, ...r }) => (now: number) => ({ type: 'ReserveStock' as const, sku, ...r, expiresAt: at(now, ttl) })),
  arbReservation.map((reservationId) => () => ({ type: 'ReleaseReservation' as const, sku, reservationId, reason: 'cancelled' })),
  arbReservation.map((reservationId) => () => ({ type: 'CommitReservation' as const, sku, reservationId })),
  fc.integer({ min: -10, max: 1 }).map((lag) => (now: number) => ({ type: 'ExpireReservations' as const, sku, asOf: at(now, lag) })),
);
const arbSteps: fc.Arbitrary<Step[]> = fc.array(fc.record({ command: arbCommand, wait: fc.nat({ max: 10 }) }), { minLength: 5, maxLength: 60, size: 'medium' });

const schemaOf = new Map(inventoryEvents.map((d) => [d.type as string, d.schema]));

/** Events as a store hands them back: plain JSON, whatever objects the generators built. */
const asStored = <T>(events: T[]): T[] => JSON.parse(JSON.stringify(events)) as T[];

describe('inventory decider properties', () => {
  it('stock is never negative and never oversold, and only what was reserved is ever committed', () => {
    fc.assert(
      fc.property(arbSteps, (steps) => {
        let state = inventoryDecider.initialState();
        let clock = start;
        // An independent model of which reservations hold stock, kept from the events alone.
        const active = new Map<string, number>();
        const reservedQuantity = new Map<string, number>();
        const committed = new Set<string>();
        for (const { command, wait } of steps) {
          clock += wait * 60_000;
          const decision = inventoryDecider.decide(command(clock), state, { now: new Date(clock) });
          if (E.isLeft(decision)) continue;
          for (const event of decision.right) {
            expect(schemaOf.get(event.type)?.safeParse(event.data).success).toBe(true);
            if (event.type === 'StockReserved') {
              expect(reservedQuantity.has(event.data.reservationId)).toBe(false);
              reservedQuantity.set(event.data.reservationId, event.data.quantity);
              active.set(event.data.reservationId, event.data.quantity);
            }
            if (event.type === 'StockReservationCommitted') {
              // Committed once, for exactly the quantity reserved, and only while still held.
              expect(event.data.quantity).toBe(reservedQuantity.get(event.data.reservationId));
              expect(active.has(event.data.reservationId)).toBe(true);
              committed.add(event.data.reservationId);
            }
            if (event.type === 'StockReservationReleased' || event.type === 'StockReservationExpired') {
              expect(active.get(event.data.reservationId)).toBe(event.data.quantity);
            }
            if (event.type !== 'StockReserved') active.delete('reservationId' in event.data ? event.data.reservationId : '');
            state = inventoryDecider.evolve(state, event);
            const { onHand, reserved, available } = stockLevels(state);
            expect(available).toBeGreaterThanOrEqual(0);
            expect(reserved).toBeGreaterThanOrEqual(0);
            expect(onHand).toBeGreaterThanOrEqual(reserved);
            expect(reserved).toBe([...active.values()].reduce((a, b) => a + b, 0));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  const arbEvent: fc.Arbitrary<InventoryEvent> = fc.oneof(
    fc.record({ sku: fc.constant(sku), quantity: fc.integer({ min: 1, max: 9 }), reference: fc.constant(null) }).map((data) => ({ type: 'StockReceived' as const, data })),
    fc.record({ sku: fc.constant(sku), previous: fc.nat(9), counted: fc.nat(9), reason: fc.constant('count') }).map((data) => ({ type: 'StockAdjusted' as const, data })),
    fc
      .record({ sku: fc.constant(sku), reservationId: arbReservation, orderId: fc.constantFrom(...orderIds), quantity: fc.integer({ min: 1, max: 9 }), expiresAt: fc.constant(minutes(5)) })
      .map((data) => ({ type: 'StockReserved' as const, data })),
    fc
      .record({ sku: fc.constant(sku), reservationId: arbReservation, orderId: fc.constantFrom(...orderIds), quantity: fc.integer({ min: 1, max: 9 }) })
      .chain((data) =>
        fc.constantFrom<InventoryEvent>(
          { type: 'StockReservationReleased', data: { ...data, reason: 'x' } },
          { type: 'StockReservationCommitted', data },
          { type: 'StockReservationExpired', data: { ...data, expiresAt: minutes(5) } },
        ),
      ),
  );

  it('evolve takes any sequence of valid events, and the same history folds to the same state, snapshot or not', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }).map(asStored), fc.nat(), (events, cut) => {
        for (const event of events) expect(schemaOf.get(event.type)?.safeParse(event.data).success).toBe(true);
        const once = fold(inventoryDecider, events);
        expect(fold(inventoryDecider, events)).toStrictEqual(once);
        const at = cut % (events.length + 1);
        const snapshot = JSON.parse(JSON.stringify(fold(inventoryDecider, events.slice(0, at)))) as StockState;
        expect(fold(inventoryDecider, events.slice(at), snapshot)).toStrictEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
