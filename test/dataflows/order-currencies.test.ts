/**
 * Sales orders in currencies without two decimals: the order document's amounts are in the minor units of the
 * order's own currency (ISK and JPY have none, KWD has three), never a fixed × 100. An order whose currency is
 * not an ISO 4217 code is parked with a message naming the order and the field, not invoiced with a guess.
 */
import { loadDataflows, parseDataflow, toSource, toTarget, type Mapping } from '../../dataflows/engine';
import { normalLine, resolveLink, salesOrder, salesOrderId } from './fixtures';

const flow = loadDataflows().find((candidate) => candidate.id === 'poweroffice-to-chargebee')!;
const orders: Mapping = flow!.mappings.find((m) => m.id === 'poweroffice-to-chargebee:Salesorders->Order')!;

function orderIn(currency: unknown, lines: Record<string, unknown>[]): Record<string, unknown> {
  return { ...salesOrder, CurrencyCode: currency, SalesOrderLines: lines };
}

/** One invoiceable line of `quantity` × `price` (major units of the order's currency). */
function line(quantity: number, price: number): Record<string, unknown> {
  return { ...normalLine, Quantity: quantity, ProductUnitPrice: price };
}

function lineItems(order: Record<string, unknown>): Record<string, unknown>[] {
  const result = toTarget(orders, order, resolveLink);
  expect(result.problems).toEqual([]);
  return result.values['order_line_items'] as Record<string, unknown>[];
}

describe('order lines in the minor units of the order currency', () => {
  test('an ISK line of 1000 kr is 1000 minor units, not 100000 (ISK has no decimals)', () => {
    const [item] = lineItems(orderIn('ISK', [line(1, 1000)]));
    expect(item).toMatchObject({ unit_price: 1000, amount: 1000 });
  });

  test('JPY: whole yen; a fractional yen price also travels as a decimal, the amount is rounded', () => {
    const [item] = lineItems(orderIn('JPY', [line(3, 1250.5)]));
    // 1250.5 ¥ rounds to 1251 ¥; 3 × 1250.5 = 3751.5 ¥ rounds half away from zero to 3752 ¥.
    expect(item).toMatchObject({ unit_price: 1251, unit_price_in_decimal: '1250.5', amount: 3752 });
  });

  test('KWD has three decimals: 12.345 KWD is 12345 fils, exactly', () => {
    const [item] = lineItems(orderIn('KWD', [line(2.5, 12.345)]));
    expect(item).toMatchObject({ unit_price: 12345, amount: 30863 }); // 30.8625 KWD → 30863 fils
    expect(item).not.toHaveProperty('unit_price_in_decimal');
  });

  test('NOK keeps two decimals', () => {
    const [item] = lineItems(orderIn('NOK', [line(2, 1250.5)]));
    expect(item).toMatchObject({ unit_price: 125050, amount: 250100 });
  });

  test('the currency code is written in upper case, and the amounts follow it', () => {
    const result = toTarget(orders, orderIn(' isk ', [line(1, 1000)]), resolveLink);
    expect(result.problems).toEqual([]);
    expect(result.values['currency_code']).toBe('ISK');
    expect(result.values['order_line_items']).toMatchObject([{ unit_price: 1000, amount: 1000 }]);
  });
});

describe('an order whose currency is not known', () => {
  test.each(['XXQ', 'nok1', 'NO', 'XXX'])('CurrencyCode %p parks the order, naming the order and the field', (code) => {
    const result = toTarget(orders, orderIn(code, [line(1, 1000)]), resolveLink);
    expect(result.problems).toEqual([
      {
        field: 'CurrencyCode',
        message:
          `Salesorders ${salesOrderId}: CurrencyCode ${JSON.stringify(code)} is not an ISO 4217 currency code; ` +
          'amounts are not converted with a guessed one',
      },
    ]);
    // Nothing is converted with a guessed currency.
    expect(result.values['currency_code']).toBeUndefined();
    const unpriced = { item_id: 'pogo-p-7001', description: normalLine.Description, quantity: 1 };
    expect(result.values['order_line_items']).toEqual([unpriced]);
  });

  test('a currency that is not text is refused the same way', () => {
    const result = toTarget(orders, orderIn(578, [normalLine]), resolveLink);
    expect(result.problems.map((p) => p.field)).toEqual(['CurrencyCode']);
  });

  test('an order without a CurrencyCode is in the base currency NOK (docs/DECISIONS.md 23), amounts and code alike', () => {
    for (const absent of [undefined, null, '', '  ']) {
      const result = toTarget(orders, orderIn(absent, [line(1, 1000)]), resolveLink);
      expect(result.problems).toEqual([]);
      expect(result.values['currency_code']).toBe('NOK');
      expect(result.values['order_line_items']).toMatchObject([{ unit_price: 100000, amount: 100000 }]);
    }
  });
});

describe('money without a currency is an explicit problem', () => {
  test('a line mapped without its order has no currency: each amount is a problem naming the line and field', () => {
    const lines = flow!.mappings.find((m) => m.id === 'poweroffice-to-chargebee:Salesorderlines->Order')!;
    const result = toTarget(lines, normalLine, resolveLink);
    const why = 'cannot be converted to minor units: the record has no known currency';
    expect(result.problems).toEqual([
      { field: 'ProductUnitPrice', message: `Salesorderlines ${normalLine.Id}: ProductUnitPrice ${why}` },
      { field: 'Quantity', message: `Salesorderlines ${normalLine.Id}: Quantity ${why}` },
    ]);
  });
});

/** A product price in its own currency, two-way: a small dataflow of its own (the real file has none). */
const pricesFile = `
dataflow: prices
title: Prices
source_system: poweroffice-go
target_system: chargebee
mappings:
  - source: {type: Price, resource: Prices}
    target: {type: ItemPrice, resource: item_price}
    creation: always
    currency: {field: CurrencyCode, default: NOK}
    props:
      - {pair: [UnitPrice, price], direction: both, conversion: {type: money-minor-units}}
`;

describe('a two-way money pair, both directions in the record currency', () => {
  // Parsed in beforeAll, so that a file this engine cannot read fails these tests, not the whole suite.
  let prices: Mapping;
  beforeAll(() => {
    [prices] = parseDataflow(pricesFile, 'prices.yaml').mappings as [Mapping];
  });

  test.each([
    ['NOK', 1250.5, 125050],
    ['ISK', 1000, 1000],
    ['JPY', 4200, 4200],
    ['KWD', 12.345, 12345],
    [undefined, 1250.5, 125050], // no CurrencyCode: the declared default, NOK
  ])('%s: %p major units ⇄ %p minor units', (currency, major, minor) => {
    const record = { Id: 1, CurrencyCode: currency, UnitPrice: major };
    expect(toTarget(prices, record, resolveLink).values).toEqual({ price: minor });
    expect(toSource(prices, { price: minor }, record)).toEqual({ UnitPrice: major });
  });

  test('an edit is not written back in a guessed currency', () => {
    expect(toSource(prices, { price: 1000 }, { Id: 1, CurrencyCode: 'XXQ', UnitPrice: 10 })).toEqual({});
    // Without the current record its currency is unknown, default or not.
    expect(toSource(prices, { price: 1000 })).toEqual({});
  });
});
