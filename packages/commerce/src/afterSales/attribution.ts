import type { Money } from '../shared/money.js';
import { money } from '../shared/money.js';

/**
 * Splits a case's payout over its lines in proportion to what each could be refunded, in whole minor units:
 * each line gets the floor of its share, and the units left over go one each to the lines with the largest
 * remainders (ties to the earlier line), so the parts add up to the payout exactly and no line gets more than
 * its own ceiling. A payout above the lines' total (which the case's decider never lets through) is capped at it.
 */
export const attributePayout = <L extends { readonly refundable: Money }>(payout: Money, lines: readonly L[]): Money[] => {
  const ceilings = lines.map((l) => Math.max(0, l.refundable.amount));
  const total = ceilings.reduce((a, b) => a + b, 0);
  const paid = Math.max(0, Math.min(payout.amount, total));
  if (total === 0) return lines.map(() => money(0, payout.currency));
  // BigInt keeps paid × ceiling exact however large the amounts.
  const shares = ceilings.map((ceiling, index) => {
    const scaled = BigInt(paid) * BigInt(ceiling);
    return { index, floor: Number(scaled / BigInt(total)), remainder: scaled % BigInt(total) };
  });
  let left = paid - shares.reduce((sum, s) => sum + s.floor, 0);
  const parts = shares.map((s) => s.floor);
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const share of byRemainder) {
    if (left === 0) break;
    if (share.remainder === 0n) continue;
    parts[share.index] = (parts[share.index] ?? 0) + 1;
    left -= 1;
  }
  return parts.map((amount) => money(amount, payout.currency));
};
