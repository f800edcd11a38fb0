/**
 * The index of the first item after `position` in a list ordered by position (binary search: positions may have
 * gaps, as a filtered or partial list has).
 */
export const firstAfterPosition = (items: readonly { readonly position: number }[], position: number): number => {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as { readonly position: number }).position <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
