/**
 * Money and quantities as Chargebee takes them: integers in minor units, or, for fractional values, decimal
 * strings in major units (`unit_price_in_decimal`, `quantity_in_decimal`).
 */

/** ISO 4217 currencies whose minor unit is not 1/100. Everything else has two decimals. */
const MINOR_UNIT_EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0,
  XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function minorUnitExponent(currencyCode: string): number {
  return MINOR_UNIT_EXPONENTS[currencyCode.toUpperCase()] ?? 2;
}

/** A plain decimal string (no exponent notation) for a finite number. */
export function decimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // Up to 10 decimals, then trailing zeros trimmed: enough for quantities and sub-minor prices, no float noise.
  const fixed = value.toFixed(10);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Minor units (possibly fractional) as a decimal string in major units, shifted exactly on the digits. */
export function minorToMajorDecimal(minor: number, currencyCode: string): string {
  const exponent = minorUnitExponent(currencyCode);
  const text = decimalString(Math.abs(minor));
  const [whole = '0', fraction = ''] = text.split('.');
  const padded = whole.padStart(exponent + 1, '0');
  const major = padded.slice(0, padded.length - exponent);
  const decimals = (padded.slice(padded.length - exponent) + fraction).replace(/0+$/, '');
  const sign = minor < 0 ? '-' : '';
  return decimals === '' ? `${sign}${major}` : `${sign}${major}.${decimals}`;
}
