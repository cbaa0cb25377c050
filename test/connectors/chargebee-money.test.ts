/**
 * The Chargebee connector reads money with the same minor-unit rule as the dataflow engine (model/money.ts):
 * the order document's currency must be one the rule knows, and fractional minor units become exact
 * `*_in_decimal` text in that currency's major units.
 */
import { orderDocumentSchema } from '../../connectors/chargebee';
import { parseOrderDocument } from '../../connectors/chargebee/order-flow';
import { ValidationError } from '../../connectors/errors';
import { minorToMajorDecimal, toMinorUnits } from '../../model/money';

const document = (currency: string): Record<string, unknown> => ({
  customer_id: 'pogo-c-1',
  currency_code: currency,
  po_number: 'SO-1',
  order_line_items: [{ item_id: 'pogo-p-1', quantity: 1, unit_price: 1000 }],
});

describe('the order document currency', () => {
  test.each(['NOK', 'ISK', 'JPY', 'KWD'])('%s is accepted', (currency) => {
    expect(parseOrderDocument(document(currency), 'order so-1').currency_code).toBe(currency);
  });

  test.each(['XXQ', 'nok', 'NOK1', 'XXX'])('%p is refused before anything is written, naming the field', (currency) => {
    expect(() => parseOrderDocument(document(currency), 'order so-1')).toThrow(ValidationError);
    expect(() => parseOrderDocument(document(currency), 'order so-1')).toThrow(
      'Chargebee order so-1: currency_code must be an ISO 4217 currency code',
    );
    expect(orderDocumentSchema.safeParse(document(currency)).success).toBe(false);
  });
});

describe('fractional minor units as the connector sends them', () => {
  test('unit_price_in_decimal is in the major units of the document currency', () => {
    // 12.345 NOK is 1234.5 øre; 1250.5 ISK is 1250.5 minor units (ISK has none); 1.2345 KWD is 1234.5 fils.
    expect(minorToMajorDecimal(1234.5, 'NOK')).toBe('12.345');
    expect(minorToMajorDecimal(1250.5, 'ISK')).toBe('1250.5');
    expect(minorToMajorDecimal(1250.5, 'JPY')).toBe('1250.5');
    expect(minorToMajorDecimal(1234.5, 'KWD')).toBe('1.2345');
  });

  test('what the engine writes, the connector reads back as the same major amount', () => {
    for (const [major, currency] of [
      [1250.5, 'NOK'],
      [1000, 'ISK'],
      [4200, 'JPY'],
      [12.345, 'KWD'],
    ] as const) {
      expect(minorToMajorDecimal(toMinorUnits(major, currency).minor, currency)).toBe(String(major));
    }
  });
});
