/**
 * String equality whose time does not depend on where the strings differ. Deciders compare code hashes with
 * it; they are pure, so node:crypto's timingSafeEqual is not theirs to call.
 */
export const constantTimeEqual = (a: string, b: string): boolean => {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  // Past the end of the shorter string charCodeAt gives NaN, which `| 0` turns into 0.
  for (let i = 0; i < length; i++) difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return difference === 0;
};
