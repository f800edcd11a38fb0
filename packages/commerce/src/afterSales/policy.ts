import { z } from 'zod';

export const CaseKind = z.enum(['return', 'exchange', 'repair', 'complaint']);
export type CaseKind = z.infer<typeof CaseKind>;

export const ReasonCode = z.enum([
  /** The seven-day no-reason return (七天无理由退货). */
  'no_reason',
  'quality_defect',
  'damaged_in_transit',
  'wrong_item',
  'not_as_described',
  'missing_parts',
  'malfunction',
  'late_delivery',
  'service_attitude',
  'other',
]);
export type ReasonCode = z.infer<typeof ReasonCode>;

/**
 * Which reasons each kind of case accepts and for how many days after delivery (complaints: after delivery,
 * or after the order was placed when it never arrived). A reason missing from a kind is not allowed for it.
 */
export interface AfterSalesPolicy {
  readonly windows: Readonly<Record<CaseKind, Partial<Readonly<Record<ReasonCode, number>>>>>;
  /** Reasons a customer must back with at least one photo. */
  readonly evidenceRequired: readonly ReasonCode[];
  readonly maxEvidence: number;
}

const QUALITY_DAYS = 15;

export const defaultAfterSalesPolicy: AfterSalesPolicy = {
  windows: {
    return: {
      no_reason: 7,
      quality_defect: QUALITY_DAYS,
      damaged_in_transit: QUALITY_DAYS,
      wrong_item: QUALITY_DAYS,
      not_as_described: QUALITY_DAYS,
      missing_parts: QUALITY_DAYS,
    },
    exchange: {
      quality_defect: QUALITY_DAYS,
      damaged_in_transit: QUALITY_DAYS,
      wrong_item: QUALITY_DAYS,
      not_as_described: QUALITY_DAYS,
      missing_parts: QUALITY_DAYS,
    },
    repair: { malfunction: 365, quality_defect: 365 },
    complaint: { late_delivery: 90, service_attitude: 90, not_as_described: 90, other: 90 },
  },
  evidenceRequired: ['quality_defect', 'damaged_in_transit', 'wrong_item', 'not_as_described', 'missing_parts', 'malfunction'],
  maxEvidence: 9,
};

/** Kinds that need the item back before the case can be settled. */
export const itemKinds: readonly CaseKind[] = ['return', 'exchange', 'repair'];

export const needsItem = (kind: CaseKind): boolean => itemKinds.includes(kind);
