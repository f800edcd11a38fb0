import { z } from 'zod';
import { Sku } from '../catalog/values.js';

const quantity = z.number().int().positive().safe();

export const ReceiveStock = z.strictObject({
  type: z.literal('ReceiveStock'),
  sku: Sku,
  quantity,
  /** The delivery note, purchase order or transfer the units came with. */
  reference: z.string().max(200).nullable(),
});

export const AdjustStock = z.strictObject({
  type: z.literal('AdjustStock'),
  sku: Sku,
  counted: z.number().int().nonnegative().safe(),
  reason: z.string().min(1).max(500),
});

export const ReserveStock = z.strictObject({
  type: z.literal('ReserveStock'),
  sku: Sku,
  /** Chosen by the caller, so that a retried reservation is recognised and not taken twice. */
  reservationId: z.uuid(),
  orderId: z.uuid(),
  quantity,
  expiresAt: z.iso.datetime(),
});

export const ReleaseReservation = z.strictObject({
  type: z.literal('ReleaseReservation'),
  sku: Sku,
  reservationId: z.uuid(),
  reason: z.string().min(1).max(500),
});

export const CommitReservation = z.strictObject({ type: z.literal('CommitReservation'), sku: Sku, reservationId: z.uuid() });

/** Expires every reservation whose `expiresAt` is at or before `asOf` (the instant the timeout fired). */
export const ExpireReservations = z.strictObject({ type: z.literal('ExpireReservations'), sku: Sku, asOf: z.iso.datetime() });

export const InventoryCommand = z.discriminatedUnion('type', [
  ReceiveStock,
  AdjustStock,
  ReserveStock,
  ReleaseReservation,
  CommitReservation,
  ExpireReservations,
]);
export type InventoryCommand = z.infer<typeof InventoryCommand>;
