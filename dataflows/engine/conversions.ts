/**
 * Declared value conversions, both ways. Each returns the value to write plus any extra sibling fields
 * (a price finer than a minor unit also travels exactly as a decimal string), or a message saying why the
 * value cannot be converted.
 */
import type { ConversionDecl } from './schema';
import { getPath } from './paths';
import { normaliseOrgNumber } from './normalise';

/** Chargebee amounts are integers in minor units; NOK, SEK, DKK, EUR and USD all have two decimals. */
export const minorUnitsPerMajor = 100;

/** A small tolerance for binary floating point: 12.3 × 100 is 1229.9999999999998. */
const epsilon = 1e-6;

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

/**
 * Rounds half away from zero, as money is rounded. The value is first cut to 6 decimals so that binary noise
 * (12.345 × 3 × 100 = 3703.4999999999995) does not decide the rounding.
 */
function roundMoney(value: number): number {
  const cleaned = Number(value.toFixed(6));
  return Math.sign(cleaned) * Math.round(Math.abs(cleaned)) + 0;
}

/** The shortest exact decimal text of a number (`12.345`), never in exponent form. */
export function decimalText(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(10).replace(/\.?0+$/, '') : text;
}

export function toMinorUnits(major: number): { minor: number; exact: boolean } {
  const scaled = Number((major * minorUnitsPerMajor).toFixed(6));
  const minor = roundMoney(scaled);
  return { minor, exact: Math.abs(scaled - minor) < epsilon };
}

/** Forward: source value → target value. `record` is the whole source record, for conversions that need more. */
export function convertForward(decl: ConversionDecl, value: unknown, record: unknown): ConversionOutcome {
  switch (decl.type) {
    case 'money-minor-units': {
      const major = toNumber(value);
      if (major === undefined) return notANumber(value);
      const { minor, exact } = toMinorUnits(major);
      const extra: Record<string, unknown> = {};
      if (!exact && decl.decimal_field !== undefined) extra[decl.decimal_field] = decimalText(major);
      return { ok: true, value: minor, extra };
    }
    case 'line-amount-minor-units': {
      const quantity = toNumber(value);
      if (quantity === undefined) return notANumber(value);
      const priceValue = getPath(record, decl.unit_price);
      const price = toNumber(priceValue ?? 0);
      if (price === undefined) return { ok: false, severity: 'problem', message: `${decl.unit_price} ${JSON.stringify(priceValue)} is not a number` };
      return { ok: true, value: roundMoney(price * quantity * minorUnitsPerMajor), extra: {} };
    }
    case 'quantity': {
      const quantity = toNumber(value);
      if (quantity === undefined) return notANumber(value);
      const extra: Record<string, unknown> = {};
      if (!Number.isInteger(quantity) && decl.decimal_field !== undefined) extra[decl.decimal_field] = decimalText(quantity);
      return { ok: true, value: quantity, extra };
    }
    case 'org-number': {
      const digits = normaliseOrgNumber(value);
      if (digits === undefined) {
        return { ok: false, severity: 'warning', message: `${JSON.stringify(value)} is not a valid Norwegian organisation number; it is not written` };
      }
      return { ok: true, value: digits, extra: {} };
    }
  }
}

/** Reverse: target value → source value, for two-way pairs (the schema allows only reversible conversions there). */
export function convertReverse(decl: ConversionDecl, value: unknown): ConversionOutcome {
  switch (decl.type) {
    case 'money-minor-units': {
      const minor = toNumber(value);
      if (minor === undefined) return notANumber(value);
      return { ok: true, value: minor / minorUnitsPerMajor, extra: {} };
    }
    case 'quantity': {
      const quantity = toNumber(value);
      return quantity === undefined ? notANumber(value) : { ok: true, value: quantity, extra: {} };
    }
    case 'org-number': {
      const digits = normaliseOrgNumber(value);
      if (digits === undefined) {
        return { ok: false, severity: 'warning', message: `${JSON.stringify(value)} is not a valid Norwegian organisation number; it is not written back` };
      }
      return { ok: true, value: digits, extra: {} };
    }
    case 'line-amount-minor-units':
      return { ok: false, severity: 'problem', message: 'an amount computed from price and quantity has no reverse' };
  }
}
