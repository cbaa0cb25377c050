/**
 * The one minor-unit rule (model/money.ts) and the engine's money conversions that use it: per ISO 4217
 * currency, both directions, line amounts, prices finer than a minor unit, rounding, and unknown currencies.
 */
import { z } from 'zod';
import { convertForward, convertReverse } from '../../dataflows/engine/conversions';
import {
  currencyCodeSchema,
  decimalString,
  knownCurrencyCodes,
  lineAmountMinorUnits,
  minorToMajor,
  minorToMajorDecimal,
  minorUnitExponent,
  normaliseCurrencyCode,
  toMinorUnits,
  UnknownCurrencyError,
} from '../../model/money';

describe('minor units per ISO 4217 currency', () => {
  test('NOK has 2 decimals, ISK and JPY none, KWD 3', () => {
    expect(minorUnitExponent('NOK')).toBe(2);
    expect(minorUnitExponent('ISK')).toBe(0);
    expect(minorUnitExponent('JPY')).toBe(0);
    expect(minorUnitExponent('KWD')).toBe(3);
    expect(minorUnitExponent('CLF')).toBe(4);
  });

  test('an unknown code is an error, never a silent 2 decimals', () => {
    for (const code of ['XXQ', 'nok1', 'nok', 'NO', '', 'XXX', 'XAU']) {
      expect(() => minorUnitExponent(code)).toThrow(UnknownCurrencyError);
    }
    expect(() => toMinorUnits(10, 'XXQ')).toThrow('"XXQ" is not an ISO 4217 currency code');
    expect(() => minorToMajorDecimal(10, 'XXQ')).toThrow(UnknownCurrencyError);
  });

  test('codes are normalised from text only: trimmed, upper case, checked', () => {
    expect(normaliseCurrencyCode(' nok ')).toBe('NOK');
    expect(normaliseCurrencyCode('isk')).toBe('ISK');
    expect(normaliseCurrencyCode('nok1')).toBeUndefined();
    expect(normaliseCurrencyCode('XXQ')).toBeUndefined();
    expect(normaliseCurrencyCode(578)).toBeUndefined();
    expect(normaliseCurrencyCode(null)).toBeUndefined();
    // At a boundary the code must already be exact.
    expect(currencyCodeSchema.safeParse('NOK').success).toBe(true);
    expect(currencyCodeSchema.safeParse('nok').success).toBe(false);
  });

  test('the table holds exactly the ISO 4217 codes with a minor unit (as in zod’s copy of the SIX list)', () => {
    const iso = z.currencyCode();
    // Units of account: metals, bond-market units, SDR, Sucre, ADB and Arab accounting units, testing, none.
    const noMinorUnit = ['XAD', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA'];
    noMinorUnit.push('XXX');
    const recentlyWithdrawn = ['ANG', 'BGN', 'CUC', 'HRK', 'SLL', 'ZWL'];
    const table = knownCurrencyCodes();
    expect(table.filter((code) => !iso.safeParse(code).success).sort()).toEqual(recentlyWithdrawn);
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const listed = [...letters].flatMap((a) => [...letters].flatMap((b) => [...letters].map((c) => a + b + c)));
    const isoCodes = listed.filter((code) => iso.safeParse(code).success);
    expect(isoCodes.filter((code) => !table.includes(code))).toEqual(noMinorUnit);
  });
});

describe('major → minor units', () => {
  test.each([
    [1250.5, 'NOK', 125050],
    [1000, 'ISK', 1000],
    [1000, 'JPY', 1000],
    [12.345, 'KWD', 12345],
    [0.01, 'NOK', 1],
    [0.001, 'KWD', 1],
    [12.3, 'NOK', 1230], // 12.3 × 100 is 1229.9999999999998 in floating point
    [0, 'NOK', 0],
  ])('%p %s is %p minor units, exactly', (major, currency, minor) => {
    expect(toMinorUnits(major, currency)).toEqual({ minor, exact: true });
  });

  test('a price finer than one minor unit is rounded half away from zero and marked inexact', () => {
    expect(toMinorUnits(12.345, 'NOK')).toEqual({ minor: 1235, exact: false });
    expect(toMinorUnits(-12.345, 'NOK')).toEqual({ minor: -1235, exact: false });
    expect(toMinorUnits(12.344, 'NOK')).toEqual({ minor: 1234, exact: false });
    expect(toMinorUnits(1250.5, 'ISK')).toEqual({ minor: 1251, exact: false });
    expect(toMinorUnits(0.4, 'JPY')).toEqual({ minor: 0, exact: false });
    expect(toMinorUnits(-0.4, 'JPY').minor).toBe(0); // never -0
    expect(toMinorUnits(1.2345, 'KWD')).toEqual({ minor: 1235, exact: false });
    expect(toMinorUnits(0.285, 'NOK')).toEqual({ minor: 29, exact: false }); // 28.499999999999996 as floats
  });
});

describe('line amounts: unit price × quantity, rounded once', () => {
  test.each([
    [1250.5, 2.5, 'NOK', 312625],
    [12.345, 3, 'NOK', 3704], // 37.035 NOK; rounding the price first would give 3705
    [1000, 1, 'ISK', 1000],
    [1250.5, 3, 'JPY', 3752], // 3751.5 ¥
    [199, 7, 'JPY', 1393],
    [12.345, 2.5, 'KWD', 30863], // 30.8625 KWD
    [0.125, 3, 'KWD', 375],
  ])('%p × %p %s is %p minor units', (price, quantity, currency, minor) => {
    expect(lineAmountMinorUnits(price, quantity, currency)).toBe(minor);
  });
});

describe('minor → major units', () => {
  test.each([
    [125050, 'NOK', '1250.5', 1250.5],
    [1000, 'ISK', '1000', 1000],
    [1000, 'JPY', '1000', 1000],
    [12345, 'KWD', '12.345', 12.345],
    [5, 'NOK', '0.05', 0.05],
    [5, 'KWD', '0.005', 0.005],
    [-1235, 'NOK', '-12.35', -12.35],
    [0, 'KWD', '0', 0],
  ])('%p minor units of %s are %s', (minor, currency, text, major) => {
    expect(minorToMajorDecimal(minor, currency)).toBe(text);
    expect(minorToMajor(minor, currency)).toBe(major);
  });

  test('fractional minor units (prices finer than the minor unit) shift exactly on the digits', () => {
    expect(minorToMajorDecimal(1234.5, 'NOK')).toBe('12.345');
    expect(minorToMajorDecimal(1234.5, 'ISK')).toBe('1234.5');
    expect(minorToMajorDecimal(0.5, 'KWD')).toBe('0.0005');
  });

  test('there and back again', () => {
    for (const [major, currency] of [
      [1250.5, 'NOK'],
      [1000, 'ISK'],
      [98765, 'JPY'],
      [12.345, 'KWD'],
    ] as const) {
      expect(minorToMajor(toMinorUnits(major, currency).minor, currency)).toBe(major);
    }
  });
});

describe('decimal text, written once', () => {
  test('plain, exact, no exponent, no binary noise', () => {
    expect(decimalString(2.5)).toBe('2.5');
    expect(decimalString(12.345)).toBe('12.345');
    expect(decimalString(1000)).toBe('1000');
    expect(decimalString(0.1 + 0.2)).toBe('0.3');
    expect(decimalString(1e-7)).toBe('0.0000001');
    expect(decimalString(-0)).toBe('0');
    expect(() => decimalString(Number.NaN)).toThrow(RangeError);
  });
});

describe('the engine conversions use the record currency', () => {
  const price = { type: 'money-minor-units', decimal_field: 'unit_price_in_decimal' } as const;
  const amount = { type: 'line-amount-minor-units', unit_price: 'ProductUnitPrice' } as const;

  test('money-minor-units forward, per currency; a finer price also travels as decimal text', () => {
    expect(convertForward(price, 1000, {}, 'ISK')).toEqual({ ok: true, value: 1000, extra: {} });
    expect(convertForward(price, 1000, {}, 'NOK')).toEqual({ ok: true, value: 100000, extra: {} });
    expect(convertForward(price, '12.345', {}, 'KWD')).toEqual({ ok: true, value: 12345, extra: {} });
    expect(convertForward(price, 12.345, {}, 'NOK')).toEqual({
      ok: true,
      value: 1235,
      extra: { unit_price_in_decimal: '12.345' },
    });
    const yen = { ok: true, value: 100, extra: { unit_price_in_decimal: '99.5' } };
    expect(convertForward(price, 99.5, {}, 'JPY')).toEqual(yen);
  });

  test('line-amount-minor-units forward, per currency', () => {
    expect(convertForward(amount, 1, { ProductUnitPrice: 1000 }, 'ISK')).toMatchObject({ ok: true, value: 1000 });
    expect(convertForward(amount, 3, { ProductUnitPrice: 12.345 }, 'NOK')).toMatchObject({ ok: true, value: 3704 });
    expect(convertForward(amount, 2.5, { ProductUnitPrice: 12.345 }, 'KWD')).toMatchObject({ ok: true, value: 30863 });
  });

  test('money-minor-units reverse, per currency', () => {
    expect(convertReverse(price, 125050, 'NOK')).toEqual({ ok: true, value: 1250.5, extra: {} });
    expect(convertReverse(price, 1000, 'ISK')).toEqual({ ok: true, value: 1000, extra: {} });
    expect(convertReverse(price, 1000, 'JPY')).toEqual({ ok: true, value: 1000, extra: {} });
    expect(convertReverse(price, 12345, 'KWD')).toEqual({ ok: true, value: 12.345, extra: {} });
  });

  test('without a currency, or with an unknown one, money is a problem, not a guess', () => {
    const noCurrency = { ok: false, severity: 'problem', message: expect.stringMatching(/no known currency/) };
    expect(convertForward(price, 1000, {})).toEqual(noCurrency);
    expect(convertForward(amount, 1, { ProductUnitPrice: 1000 })).toEqual(noCurrency);
    expect(convertReverse(price, 1000)).toEqual(noCurrency);
    const unknown = {
      ok: false,
      severity: 'problem',
      message: expect.stringMatching(/"XXQ" is not an ISO 4217 currency code/),
    };
    expect(convertForward(price, 1000, {}, 'XXQ')).toEqual(unknown);
    expect(convertForward(amount, 1, { ProductUnitPrice: 1000 }, 'XXQ')).toEqual(unknown);
    expect(convertReverse(price, 1000, 'XXQ')).toEqual(unknown);
  });

  test('currency-code: upper case and checked; empty is the record currency (the declared default)', () => {
    const code = { type: 'currency-code' } as const;
    expect(convertForward(code, ' isk ', {}, 'ISK')).toEqual({ ok: true, value: 'ISK', extra: {} });
    expect(convertForward(code, '', {}, 'NOK')).toEqual({ ok: true, value: 'NOK', extra: {} });
    const refused = { ok: false, message: '"nok1" is not an ISO 4217 currency code' };
    expect(convertForward(code, 'nok1', {}, undefined)).toMatchObject(refused);
    expect(convertReverse(code, 'kwd')).toEqual({ ok: true, value: 'KWD', extra: {} });
    expect(convertReverse(code, 'XXQ')).toMatchObject({ ok: false, severity: 'problem' });
  });

  test('an amount beyond exact integers is a problem, not a crash', () => {
    const tooLarge = { ok: false, message: expect.stringMatching(/too large/) };
    expect(convertForward(price, 1e17, {}, 'NOK')).toMatchObject(tooLarge);
    expect(convertForward(price, 1e21, {}, 'NOK')).toMatchObject(tooLarge);
    expect(convertForward(amount, 1e20, { ProductUnitPrice: 10 }, 'NOK')).toMatchObject({ ok: false });
  });
});
