/** The decimal conversion: exact text on one side ("12.50"), a JSON number on the other, both ways. */
import { convertForward, convertReverse } from '../../dataflows/engine/conversions';

const toNumber = { type: 'decimal', target_form: 'number' } as const;
const toText = { type: 'decimal', target_form: 'text' } as const;

test('text to a number going forward, and back to text in reverse', () => {
  expect(convertForward(toNumber, '12.50', {})).toEqual({ ok: true, value: 12.5, extra: {} });
  expect(convertReverse(toNumber, 12.5)).toEqual({ ok: true, value: '12.5', extra: {} });
  // Binary noise is dropped (model/money.ts decimalString): 0.1 + 0.2 is 0.3 in text.
  expect(convertReverse(toNumber, 0.1 + 0.2)).toEqual({ ok: true, value: '0.3', extra: {} });
});

test('a number to text going forward keeps text as written', () => {
  expect(convertForward(toText, 1999, {})).toEqual({ ok: true, value: '1999', extra: {} });
  expect(convertForward(toText, ' 19.90 ', {})).toEqual({ ok: true, value: '19.90', extra: {} });
  expect(convertReverse(toText, '19.90')).toEqual({ ok: true, value: 19.9, extra: {} });
});

test('what is not a number is a problem of the record', () => {
  expect(convertForward(toNumber, '12,50', {})).toMatchObject({ ok: false, severity: 'problem' });
  expect(convertForward(toNumber, 'abc', {})).toMatchObject({ ok: false, message: '"abc" is not a number' });
});

test('values: one side’s codes for the other’s, both ways; an unknown one is a problem', () => {
  const status = { type: 'values', map: { confirmed: 'Confirmed', draft: 'Draft' } } as const;
  expect(convertForward(status, 'confirmed', {})).toEqual({ ok: true, value: 'Confirmed', extra: {} });
  expect(convertReverse(status, 'Draft')).toEqual({ ok: true, value: 'draft', extra: {} });
  expect(convertForward(status, 'cancelled', {})).toMatchObject({
    ok: false,
    message: '"cancelled" is not one of confirmed, draft',
  });
});
