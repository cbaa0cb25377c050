/**
 * Norwegian organisation numbers: nine digits, the last a modulus-11 check digit over the first eight with
 * weights 3 2 7 6 5 4 3 2. A remainder giving check digit 10 means the number is never issued.
 */
const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** The check digit for eight digits, or null when no valid number has them. */
export function orgNumberCheckDigit(firstEight: string): number | null {
  if (!/^\d{8}$/.test(firstEight)) return null;
  const sum = WEIGHTS.reduce((total, weight, index) => total + weight * Number(firstEight[index]), 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

export function isValidOrgNumber(value: string): boolean {
  const digits = value.replace(/\s/g, '');
  if (!/^[89]\d{8}$/.test(digits)) return false;
  return orgNumberCheckDigit(digits.slice(0, 8)) === Number(digits[8]);
}
