/**
 * The nested case: a sales order and its lines become the one order document the Chargebee connector
 * writes (as an invoice): references resolved through links, money in minor units, fractional
 * quantities kept, text and summary lines skipped, negative lines parking the order.
 */
import { loadDataflows, referencesOf, targetIdFor, toTarget, type Mapping } from '../../dataflows/engine';
import { normalLine, resolveLink, resolveNothing, salesOrder, salesOrderId } from './fixtures';

const flow = loadDataflows().find((candidate) => candidate.id === 'poweroffice-to-chargebee')!;
const orders: Mapping = flow!.mappings.find((m) => m.id === 'poweroffice-to-chargebee:Salesorders->Order')!;

const textLine = {
  Id: 'a1b2c3d4-0000-4000-8000-000000000002',
  LineType: 'Text',
  Description: 'Takk for handelen!',
  SortOrder: 1,
};
const chargeLine = {
  Id: 'a1b2c3d4-0000-4000-8000-000000000003',
  Description: 'Reisekostnader',
  Quantity: 1,
  ProductUnitPrice: 480,
  LineType: 'Normal',
  VatRate: 0.25,
};
const summaryLine = { Id: 'a1b2c3d4-0000-4000-8000-000000000004', LineType: 'Summary', Description: 'Sum reise' };
const finePriceLine = {
  Id: 'a1b2c3d4-0000-4000-8000-000000000005',
  ProductId: 7002,
  Description: 'Skruer',
  Quantity: 3,
  ProductUnitPrice: 12.345,
  LineType: null,
};

const fullOrder = { ...salesOrder, SalesOrderLines: [normalLine, textLine, chargeLine, summaryLine, finePriceLine] };

describe('Salesorders with Salesorderlines → one order document', () => {
  test('the header and every invoiceable line, in minor units, with linked ids', () => {
    const result = toTarget(orders, fullOrder, resolveLink);
    expect(result.problems).toEqual([]);
    expect(result.missingRefs).toEqual([]);
    expect(result.skippedLines).toBe(2);
    expect(result.values).toEqual({
      customer_id: 'pogo-c-1001',
      currency_code: 'NOK',
      po_number: salesOrderId,
      order_line_items: [
        // 2.5 × 1250.50 NOK = 3126.25 NOK; the quantity keeps its fraction.
        {
          item_id: 'pogo-p-7001',
          description: 'Konsulenttime senior, september',
          quantity: 2.5,
          quantity_in_decimal: '2.5',
          unit_price: 125050,
          amount: 312625,
        },
        // No product: an ad-hoc charge, no item_id.
        { description: 'Reisekostnader', quantity: 1, unit_price: 48000, amount: 48000 },
        // A price finer than one øre travels exactly as a decimal too; the amount is rounded half away from zero.
        {
          item_id: 'pogo-p-7002',
          description: 'Skruer',
          quantity: 3,
          unit_price: 1235,
          unit_price_in_decimal: '12.345',
          amount: 3704,
        },
      ],
    });
  });

  test('the computed tax is never written', () => {
    const lines = toTarget(orders, fullOrder, resolveLink).values.order_line_items as Record<string, unknown>[];
    for (const line of lines) expect(line).not.toHaveProperty('tax_amount');
  });

  test('the order id linkflow gives is so-<uuid>, within Chargebee 40 characters', () => {
    expect(targetIdFor(orders, salesOrderId)).toBe(`so-${salesOrderId}`);
    expect(targetIdFor(orders, salesOrderId).length).toBeLessThanOrEqual(40);
    expect(() => targetIdFor(orders, `${salesOrderId}-extra`)).toThrow(/more than Order's 40/);
  });

  test('a negative line parks the order, naming the line and the field', () => {
    const creditLine = { ...normalLine, Id: 'a1b2c3d4-0000-4000-8000-000000000009', Quantity: -1 };
    const result = toTarget(orders, { ...salesOrder, SalesOrderLines: [normalLine, creditLine] }, resolveLink);
    expect(result.problems).toEqual([
      {
        field: 'SalesOrderLines[1].Quantity',
        message: `Salesorders ${salesOrderId}, line 2 (Id a1b2c3d4-0000-4000-8000-000000000009): Quantity is -1; a negative quantity is a credit, which an invoice line cannot carry: the order is parked`,
      },
    ]);
  });

  test('a negative price parks the order too', () => {
    const result = toTarget(
      orders,
      { ...salesOrder, SalesOrderLines: [{ ...normalLine, ProductUnitPrice: -100 }] },
      resolveLink,
    );
    expect(result.problems.map((p) => p.field)).toEqual(['SalesOrderLines[0].ProductUnitPrice']);
  });

  test('an order read without its lines is a problem, not an empty order', () => {
    const { SalesOrderLines: _lines, ...header } = salesOrder;
    const result = toTarget(orders, header, resolveLink);
    expect(result.problems).toEqual([
      {
        field: 'SalesOrderLines',
        message: `Salesorders ${salesOrderId}: SalesOrderLines is missing; read the record with its lines`,
      },
    ]);
  });

  test('a line field that is not a number is a problem naming it', () => {
    const result = toTarget(
      orders,
      { ...salesOrder, SalesOrderLines: [{ ...normalLine, Quantity: 'two' }] },
      resolveLink,
    );
    expect(result.problems.map((p) => p.field)).toEqual(['SalesOrderLines[0].Quantity', 'SalesOrderLines[0].Quantity']);
    expect(result.problems[0]?.message).toMatch(/Quantity "two" is not a number/);
  });
});

describe('references', () => {
  test('CustomerId becomes the linked Chargebee customer id, never the PowerOffice id', () => {
    expect(toTarget(orders, salesOrder, resolveLink).values.customer_id).toBe('pogo-c-1001');
  });

  test('CustomerReferenceContactPersonId is used only when CustomerId is empty', () => {
    expect(toTarget(orders, { ...salesOrder, CustomerId: null }, resolveLink).values.customer_id).toBe('pogo-cp-5501');
    expect(toTarget(orders, { ...salesOrder, CustomerId: 1002 }, resolveLink).values.customer_id).toBe('pogo-c-1002');
  });

  test('a reference without a link is reported, not dropped, and not replaced by the fallback', () => {
    const result = toTarget(orders, salesOrder, resolveNothing);
    expect(result.values).not.toHaveProperty('customer_id');
    expect(result.missingRefs).toEqual([
      { mapping: 'Customers', resource: 'Customers', id: '1001', field: 'CustomerId' },
      { mapping: 'Product', resource: 'Products', id: '7001', field: 'SalesOrderLines[0].ProductId' },
    ]);
  });

  test('referencesOf lists what must be linked first: the customer and each invoiceable line’s product', () => {
    expect(referencesOf(orders, fullOrder)).toEqual([
      { mapping: 'Customers', resource: 'Customers', id: '1001', field: 'CustomerId' },
      { mapping: 'Product', resource: 'Products', id: '7001', field: 'SalesOrderLines[0].ProductId' },
      { mapping: 'Product', resource: 'Products', id: '7002', field: 'SalesOrderLines[4].ProductId' },
    ]);
    expect(referencesOf(orders, { ...salesOrder, CustomerId: null })).toEqual([
      { mapping: 'Contactperson', resource: 'ContactPersons', id: '5501', field: 'CustomerReferenceContactPersonId' },
      { mapping: 'Product', resource: 'Products', id: '7001', field: 'SalesOrderLines[0].ProductId' },
    ]);
  });

  test('mappings without references need nothing first', () => {
    const products = flow!.mappings.find((m) => m.source.type === 'Product')!;
    expect(referencesOf(products, { Id: 7001, Name: 'x' })).toEqual([]);
  });
});
