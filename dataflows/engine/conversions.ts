/**
 * Declared value conversions, both ways. Each returns the value to write plus any extra sibling fields
 * (a price finer than a minor unit also travels exactly as a decimal string), or a message saying why the
 * value cannot be converted.
 *
 * Money is converted in the minor units of the record's currency (model/money.ts, the one rule the Chargebee
 * connector uses too): the caller passes the currency it resolved from the mapping's `currency` declaration.
 */
import {
  decimalString,
  lineAmountMinorUnits,
  minorToMajor,
  minorUnitExponent,
  normaliseCurrencyCode,
  toMinorUnits,
  UnknownCurrencyError,
} from '../../model/money';
import type { ConversionDecl } from './schema';
import { getPath, isEmpty } from './paths';
import { normaliseOrgNumber } from './normalise';

export type ConversionOutcome =
  | { ok: true; value: unknown; extra: Record<string, unknown> }
  | { ok: false; severity: 'problem' | 'warning'; message: string };

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function notANumber(value: unknown): ConversionOutcome {
  return { ok: false, severity: 'problem', message: `${JSON.stringify(value)} is not a number` };
}

type Refusal = Extract<ConversionOutcome, { ok: false }>;

function problem(message: string): Refusal {
  return { ok: false, severity: 'problem', message };
}

/**
 * The currency money is converted in, or why there is none. Never a silent × 100: a currency the caller could
 * not name, or one without a known minor unit, is a problem of the record.
 */
function usableCurrency(currency: string | undefined): { ok: true; code: string } | Refusal {
  if (currency === undefined) return problem('cannot be converted to minor units: the record has no known currency');
  try {
    minorUnitExponent(currency);
    return { ok: true, code: currency };
  } catch (error) {
    if (error instanceof UnknownCurrencyError) return problem(`cannot be converted to minor units: ${error.message}`);
    throw error;
  }
}

/**
 * Chargebee takes amounts as integers; beyond 2^53 an integer is no longer exact, and from 1e21 on a number
 * has no plain decimal text (model/money.ts throws a RangeError): both are problems of the record, not crashes.
 */
function minorUnitsOutcome(compute: () => { minor: number; extra?: Record<string, unknown> }): ConversionOutcome {
  try {
    const { minor, extra = {} } = compute();
    if (!Number.isSafeInteger(minor)) return problem(`is too large: ${minor} minor units is not an exact integer`);
    return { ok: true, value: minor, extra };
  } catch (error) {
    if (error instanceof RangeError) return problem(`cannot be converted to minor units: ${error.message}`);
    throw error;
  }
}

/**
 * Forward: source value → target value. `record` is the whole source record (the line, for line pairs), for
 * conversions that need more; `currency` is the record's ISO 4217 code, for money (for a line, its order's).
 */
export function convertForward(
  decl: ConversionDecl,
  value: unknown,
  record: unknown,
  currency?: string,
): ConversionOutcome {
  switch (decl.type) {
    case 'money-minor-units': {
      const major = toNumber(value);
      if (major === undefined) return notANumber(value);
      const money = usableCurrency(currency);
      if (!money.ok) return money;
      return minorUnitsOutcome(() => {
        const { minor, exact } = toMinorUnits(major, money.code);
        const extra: Record<string, unknown> = {};
        if (!exact && decl.decimal_field !== undefined) extra[decl.decimal_field] = decimalString(major);
        return { minor, extra };
      });
    }
    case 'line-amount-minor-units': {
      const quantity = toNumber(value);
      if (quantity === undefined) return notANumber(value);
      const priceValue = getPath(record, decl.unit_price);
      const price = toNumber(priceValue ?? 0);
      if (price === undefined) return problem(`${decl.unit_price} ${JSON.stringify(priceValue)} is not a number`);
      const money = usableCurrency(currency);
      if (!money.ok) return money;
      return minorUnitsOutcome(() => ({ minor: lineAmountMinorUnits(price, quantity, money.code) }));
    }
    case 'currency-code': {
      // An empty field means the record's currency as resolved by the caller (the declared default).
      const code = isEmpty(value) ? currency : normaliseCurrencyCode(value);
      if (code !== undefined) return { ok: true, value: code, extra: {} };
      if (isEmpty(value)) return problem('is empty and no default currency is declared');
      return problem(`${JSON.stringify(value)} is not an ISO 4217 currency code`);
    }
    case 'quantity': {
      const quantity = toNumber(value);
      if (quantity === undefined) return notANumber(value);
      const extra: Record<string, unknown> = {};
      // Every fractional double is below 2^53, far from where decimalString would refuse (1e21).
      if (!Number.isInteger(quantity) && decl.decimal_field !== undefined) {
        extra[decl.decimal_field] = decimalString(quantity);
      }
      return { ok: true, value: quantity, extra };
    }
    case 'org-number': {
      const digits = normaliseOrgNumber(value);
      if (digits === undefined) {
        // Parked, not left out: an organisation is matched on its org number, and one written without it would
        // be linked by nothing but the id linkflow gave it.
        return {
          ok: false,
          severity: 'problem',
          message: `${JSON.stringify(value)} is not a valid Norwegian organisation number (9 digits with a mod-11 check digit); correct it where it was entered`,
        };
      }
      return { ok: true, value: digits, extra: {} };
    }
    case 'decimal':
      return decimalIn(decl.target_form, value);
    case 'values':
      return mapped(decl.map, value);
  }
}

/** The value `map` gives for `value` (compared as text), or why there is none. */
function mapped(map: Record<string, string>, value: unknown): ConversionOutcome {
  const key = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  const found = key === undefined ? undefined : map[key];
  if (found !== undefined) return { ok: true, value: found, extra: {} };
  return problem(`${JSON.stringify(value)} is not one of ${Object.keys(map).join(', ')}`);
}

/** A decimal as a JSON number, or as its exact plain text ("12.5"), from either form. */
function decimalIn(form: 'number' | 'text', value: unknown): ConversionOutcome {
  const number = toNumber(value);
  if (number === undefined) return notANumber(value);
  if (form === 'number') return { ok: true, value: number, extra: {} };
  // Text that is already a plain decimal is kept as written (trailing zeros included): it is exact.
  if (typeof value === 'string') return { ok: true, value: value.trim(), extra: {} };
  try {
    return { ok: true, value: decimalString(number), extra: {} };
  } catch (error) {
    if (error instanceof RangeError) return problem(`cannot be written as a decimal: ${error.message}`);
    throw error;
  }
}

/**
 * Reverse: target value → source value, for two-way pairs (the schema allows only reversible conversions there).
 * `currency` is the source record's ISO 4217 code, for money.
 */
export function convertReverse(decl: ConversionDecl, value: unknown, currency?: string): ConversionOutcome {
  switch (decl.type) {
    case 'money-minor-units': {
      const minor = toNumber(value);
      if (minor === undefined) return notANumber(value);
      const money = usableCurrency(currency);
      if (!money.ok) return money;
      try {
        return { ok: true, value: minorToMajor(minor, money.code), extra: {} };
      } catch (error) {
        if (error instanceof RangeError) return problem(`cannot be converted to major units: ${error.message}`);
        throw error;
      }
    }
    case 'currency-code': {
      const code = normaliseCurrencyCode(value);
      if (code === undefined) return problem(`${JSON.stringify(value)} is not an ISO 4217 currency code`);
      return { ok: true, value: code, extra: {} };
    }
    case 'quantity': {
      const quantity = toNumber(value);
      return quantity === undefined ? notANumber(value) : { ok: true, value: quantity, extra: {} };
    }
    case 'org-number': {
      const digits = normaliseOrgNumber(value);
      if (digits === undefined) {
        return {
          ok: false,
          severity: 'warning',
          message: `${JSON.stringify(value)} is not a valid Norwegian organisation number; it is not written back`,
        };
      }
      return { ok: true, value: digits, extra: {} };
    }
    case 'line-amount-minor-units':
      return problem('an amount computed from price and quantity has no reverse');
    case 'decimal':
      return decimalIn(decl.target_form === 'number' ? 'text' : 'number', value);
    case 'values':
      return mapped(Object.fromEntries(Object.entries(decl.map).map(([from, to]) => [to, from])), value);
  }
}
