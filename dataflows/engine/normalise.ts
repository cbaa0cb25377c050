/**
 * Normalised merge-key values: two records match when these are equal. No personal data leaves here except
 * as the caller chooses (merge workflow ids carry a hash of the value).
 */

/** Trimmed, lower-case; undefined when there is no e-mail to match on. */
export function normaliseEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const email = value.trim().toLowerCase();
  return email.includes('@') ? email : undefined;
}

const orgNumberWeights = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/** A Norwegian organisation number: 9 digits whose last is the mod-11 check digit of the first 8. */
export function isValidNorwegianOrgNumber(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const sum = orgNumberWeights.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  const remainder = sum % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check !== 10 && check === Number(digits[8]);
}

/**
 * The org number's 9 digits, from forms such as `NO 987 654 321 MVA` or `987654321`; undefined when the
 * digits are not a valid Norwegian organisation number.
 */
export function normaliseOrgNumber(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const digits = String(value).replace(/\D/g, '');
  return isValidNorwegianOrgNumber(digits) ? digits : undefined;
}

/** A product name as Chargebee compares it: trimmed, inner whitespace kept. */
export function normaliseName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
