/** Luhn's checksum, which every payment card number satisfies. */
export const passesLuhn = (digits: string): boolean => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
};

/**
 * Whether text holds what looks like a full card number: a run of 13 to 19 digits (spaces or dashes between
 * groups allowed) that passes Luhn. Only whole runs are checked, so a provider's 20-plus-digit agreement number
 * is not mistaken for one.
 */
export const looksLikeCardNumber = (text: string): boolean => {
  const runs = text.normalize('NFKC').match(/\d(?:[ -]?\d)*/g) ?? [];
  return runs.some((run) => {
    const digits = run.replace(/[ -]/g, '');
    return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
  });
};
