/**
 * Money in minor units, per ISO 4217 currency: the one rule that both the dataflow engine (PowerOffice prices →
 * Chargebee integers) and the Chargebee connector (integers → `*_in_decimal` strings) use. A currency's minor
 * unit is 10^-exponent of its major unit: øre for NOK (2), none for ISK and JPY (0), fils for KWD (3).
 *
 * Pure functions on plain numbers and strings, no I/O, so that any layer may import them (connectors must not
 * import Temporal or the engine; this module imports neither).
 */
import { z } from 'zod';

/**
 * ISO 4217 codes and their minor-unit exponents (list one, as SIX publishes it). Units of account that no
 * invoice is written in (precious metals, bond-market units, SDR, Sucre, the ADB and Arab accounting units, XTS
 * for testing, XXX for "no currency") are left out on purpose: they have no usable minor unit.
 */
const EXPONENTS_BY_DIGITS: Readonly<Record<number, readonly string[]>> = {
  0: [
    'BIF',
    'CLP',
    'DJF',
    'GNF',
    'ISK',
    'JPY',
    'KMF',
    'KRW',
    'PYG',
    'RWF',
    'UGX',
    'UYI',
    'VND',
    'VUV',
    'XAF',
    'XOF',
    'XPF',
  ],
  2: [
    'AED',
    'AFN',
    'ALL',
    'AMD',
    'AOA',
    'ARS',
    'AUD',
    'AWG',
    'AZN',
    'BAM',
    'BBD',
    'BDT',
    'BMD',
    'BND',
    'BOB',
    'BOV',
    'BRL',
    'BSD',
    'BTN',
    'BWP',
    'BYN',
    'BZD',
    'CAD',
    'CDF',
    'CHE',
    'CHF',
    'CHW',
    'CNY',
    'COP',
    'COU',
    'CRC',
    'CUP',
    'CVE',
    'CZK',
    'DKK',
    'DOP',
    'DZD',
    'EGP',
    'ERN',
    'ETB',
    'EUR',
    'FJD',
    'FKP',
    'GBP',
    'GEL',
    'GHS',
    'GIP',
    'GMD',
    'GTQ',
    'GYD',
    'HKD',
    'HNL',
    'HTG',
    'HUF',
    'IDR',
    'ILS',
    'INR',
    'IRR',
    'JMD',
    'KES',
    'KGS',
    'KHR',
    'KPW',
    'KYD',
    'KZT',
    'LAK',
    'LBP',
    'LKR',
    'LRD',
    'LSL',
    'MAD',
    'MDL',
    'MGA',
    'MKD',
    'MMK',
    'MNT',
    'MOP',
    'MRU',
    'MUR',
    'MVR',
    'MWK',
    'MXN',
    'MXV',
    'MYR',
    'MZN',
    'NAD',
    'NGN',
    'NIO',
    'NOK',
    'NPR',
    'NZD',
    'PAB',
    'PEN',
    'PGK',
    'PHP',
    'PKR',
    'PLN',
    'QAR',
    'RON',
    'RSD',
    'RUB',
    'SAR',
    'SBD',
    'SCR',
    'SDG',
    'SEK',
    'SGD',
    'SHP',
    'SLE',
    'SOS',
    'SRD',
    'SSP',
    'STN',
    'SVC',
    'SYP',
    'SZL',
    'THB',
    'TJS',
    'TMT',
    'TOP',
    'TRY',
    'TTD',
    'TWD',
    'TZS',
    'UAH',
    'USD',
    'USN',
    'UYU',
    'UZS',
    'VED',
    'VES',
    'WST',
    'XCD',
    'XCG',
    'YER',
    'ZAR',
    'ZMW',
    'ZWG',
    // Withdrawn from list one in recent years (replaced by EUR, SLE, ZWG, XCG, or abolished), kept because
    // accounting data from before the change still carries them and their minor unit did not change.
    'ANG',
    'BGN',
    'CUC',
    'HRK',
    'SLL',
    'ZWL',
  ],
  3: ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'],
  4: ['CLF', 'UYW'],
};

const MINOR_UNIT_EXPONENTS: ReadonlyMap<string, number> = new Map(
  Object.entries(EXPONENTS_BY_DIGITS).flatMap(([digits, codes]) =>
    codes.map((code) => [code, Number(digits)] as const),
  ),
);

/** Every currency code the table knows, sorted (for tests and messages). */
export function knownCurrencyCodes(): string[] {
  return [...MINOR_UNIT_EXPONENTS.keys()].sort();
}

/** Thrown when money meets a code that is not an ISO 4217 currency with a minor unit. */
export class UnknownCurrencyError extends RangeError {
  readonly currency: string;
  constructor(currency: string) {
    super(`${JSON.stringify(currency)} is not an ISO 4217 currency code`);
    this.name = 'UnknownCurrencyError';
    this.currency = currency;
  }
}

/** Exactly an upper-case ISO 4217 code from the table (`NOK`, never `nok` or ` NOK`). */
export function isCurrencyCode(code: string): boolean {
  return MINOR_UNIT_EXPONENTS.has(code);
}

/**
 * A currency code as a person or an API may spell it (` nok `) → the ISO 4217 code (`NOK`), or undefined when
 * it is not one. Only text is a code: a number (578, ISO's numeric NOK) is refused rather than guessed at.
 */
export function normaliseCurrencyCode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const code = value.trim().toUpperCase();
  return isCurrencyCode(code) ? code : undefined;
}

/** For data that crosses a boundary: an upper-case ISO 4217 code that the minor-unit table knows. */
export const currencyCodeSchema = z.string().refine(isCurrencyCode, { error: 'must be an ISO 4217 currency code' });

/** Decimal digits of the currency's minor unit: NOK 2, ISK 0, JPY 0, KWD 3. Throws on an unknown code. */
export function minorUnitExponent(currency: string): number {
  const exponent = MINOR_UNIT_EXPONENTS.get(currency);
  if (exponent === undefined) throw new UnknownCurrencyError(currency);
  return exponent;
}

/**
 * A plain decimal text (no exponent notation) for a finite number: `12.345`, `2.5`, `1000`. At most 10 decimals,
 * trailing zeros trimmed, which is enough for quantities and sub-minor prices and drops binary noise
 * (0.1 + 0.2 is `0.3`, not `0.30000000000000004`).
 */
export function decimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const fixed = value.toFixed(10);
  // toFixed falls back to exponent notation from 1e21 on; no price or quantity is that large.
  if (/e/i.test(fixed)) throw new RangeError(`too large for a decimal text: ${value}`);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  // A tiny negative value rounds to "-0", which is no amount of money anyone would want to read.
  return trimmed === '-0' ? '0' : trimmed;
}

/**
 * Moves the decimal point of a plain decimal text `places` digits to the right (negative: to the left), on the
 * digits rather than by multiplying floats, so that 12.345 KWD is 12345 fils and not 12344.999999999998.
 */
function shiftDecimal(text: string, places: number): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  let digits = whole + fraction;
  let point = whole.length + places;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fracPart = digits.slice(point).replace(/0+$/, '');
  const unsigned = fracPart === '' ? intPart : `${intPart}.${fracPart}`;
  return negative && /[1-9]/.test(unsigned) ? `-${unsigned}` : unsigned;
}

/** Rounds half away from zero, as money is rounded (2.5 → 3, -2.5 → -3); never returns -0. */
function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value)) + 0;
}

export interface MinorUnits {
  /** Whole minor units, rounded half away from zero. */
  minor: number;
  /** Whether `minor` is the value exactly (false for a price finer than one minor unit, such as 12.345 NOK). */
  exact: boolean;
}

/** Major units (1250.5 NOK) → whole minor units of that currency (125050 øre). Throws on an unknown currency. */
export function toMinorUnits(major: number, currency: string): MinorUnits {
  const scaled = Number(shiftDecimal(decimalString(major), minorUnitExponent(currency)));
  const minor = roundHalfAwayFromZero(scaled);
  return { minor, exact: minor === scaled };
}

/**
 * A line's amount, unit price × quantity in major units → whole minor units, rounded once at the end (3 × 12.345
 * NOK = 37.035 NOK = 3704 øre; rounding the price first would give 3705).
 */
export function lineAmountMinorUnits(unitPrice: number, quantity: number, currency: string): number {
  return toMinorUnits(unitPrice * quantity, currency).minor;
}

/**
 * Minor units (possibly fractional, for a price finer than the minor unit) → the exact major-unit decimal text
 * Chargebee's `*_in_decimal` fields take: 1234.5 øre is `12.345`, 100 yen is `100`, 1500 fils is `1.5`.
 */
export function minorToMajorDecimal(minor: number, currency: string): string {
  return shiftDecimal(decimalString(minor), -minorUnitExponent(currency));
}

/** Minor units → major units as a number (125050 øre → 1250.5 NOK; 1000 ISK → 1000). */
export function minorToMajor(minor: number, currency: string): number {
  return Number(minorToMajorDecimal(minor, currency));
}
