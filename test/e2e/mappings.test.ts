/**
 * Every mapping of the PowerOffice GO → Chargebee dataflow creates (or links) the right Chargebee record with
 * the right fields; the two Business_entity mappings are declared unsupported, with the reason, and not polled.
 */
import { describeDataflows } from '../../dataflows/engine';
import { pollerTargets } from '../../client/sync-control';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
}, 120_000);
afterAll(async () => h?.close());

const key = (name: string) => ({ idempotencyKey: `mappings-${name}` });

test('persons, employees, private customers and products become customers and items with their fields', async () => {
  const company = await h.po.create(
    'Customers',
    { Name: 'Nordlys Regnskap AS', OrganizationNumber: '923609016' },
    key('company'),
  );
  const contact = await h.po.create(
    'ContactPersons',
    { FirstName: 'Kari', LastName: 'Nordmann', EmailAddress: 'kari.nordmann@example.no' },
    { ...key('contact'), parentId: company.id },
  );
  const employee = await h.po.create(
    'Employees',
    { FirstName: 'Ola', LastName: 'Hansen', EmailAddress: 'ola.hansen@example.no' },
    key('employee'),
  );
  const privateCustomer = await h.po.create(
    'Customers',
    { Name: 'Per Olsen', IsPerson: true, FirstName: 'Per', LastName: 'Olsen', EmailAddress: 'per.olsen@example.no' },
    key('private'),
  );
  const product = await h.po.create(
    'Products',
    { Name: 'Rådgivning time', Code: 'RAD-1', UnitPrice: 1250 },
    key('product'),
  );
  await h.start();

  const expectations: [string, string, string, Record<string, unknown>][] = [
    [
      'ContactPersons',
      contact.id,
      `pogo-cp-${contact.id}`,
      {
        email: 'kari.nordmann@example.no',
        first_name: 'Kari',
        last_name: 'Nordmann',
        meta_data: { pogo_contact_person_id: Number(contact.id) },
      },
    ],
    [
      'Employees',
      employee.id,
      `pogo-e-${employee.id}`,
      {
        email: 'ola.hansen@example.no',
        first_name: 'Ola',
        last_name: 'Hansen',
        meta_data: { pogo_employee_id: Number(employee.id) },
      },
    ],
    [
      'Customers',
      privateCustomer.id,
      `pogo-c-${privateCustomer.id}`,
      {
        email: 'per.olsen@example.no',
        first_name: 'Per',
        last_name: 'Olsen',
        meta_data: { pogo_customer_id: Number(privateCustomer.id) },
      },
    ],
  ];
  for (const [resource, id, customerId, fields] of expectations) {
    const state = await h.untilStatus(resource, id);
    expect(state.target).toEqual({ system: 'chargebee', type: 'customer', id: customerId });
    const customer = await h.cb.get('customer', customerId);
    expect(customer?.data).toMatchObject(fields);
  }

  const productLink = await h.untilStatus('Products', product.id);
  expect(productLink.target).toEqual({ system: 'chargebee', type: 'item', id: `pogo-p-${product.id}` });
  const item = await h.cb.get('item', `pogo-p-${product.id}`);
  expect(item?.data).toMatchObject({
    name: 'Rådgivning time',
    type: 'charge',
    metadata: { pogo_product_id: Number(product.id) },
  });
  expect(typeof item?.data['item_family_id']).toBe('string');

  // The organisation is not created, and no link watches it: nothing has asked for it yet. (The private customer
  // read on the same page is linked, so the poller has been past it.)
  expect(await h.linkRuns('Customers', company.id)).toBe(false);
  expect(await h.cb.get('customer', `pogo-c-${company.id}`)).toBeNull();
});

test('an organisation customer is created when its first order needs it; the order becomes an invoice and an order', async () => {
  const org = await h.po.create(
    'Customers',
    { Name: 'Havbruk Vest AS', OrganizationNumber: '974760673', EmailAddress: 'faktura@havbrukvest.no' },
    key('org'),
  );
  const product = await h.po.create(
    'Products',
    { Name: 'Fôrautomat', Code: 'FA-1', UnitPrice: 1999.5 },
    key('org-product'),
  );
  await h.linkedTarget('Products', product.id);
  expect(await h.cb.get('customer', `pogo-c-${org.id}`)).toBeNull();

  const order = await h.po.create(
    'SalesOrders',
    {
      CustomerId: Number(org.id),
      SalesOrderStatus: 'Confirmed',
      CurrencyCode: 'NOK',
      SalesOrderLines: [{ ProductId: Number(product.id), Quantity: 3, ProductUnitPrice: 1999.5 }],
    },
    key('order'),
  );
  const orderLink = await h.untilStatus('SalesOrders', order.id);
  expect(orderLink.target).toEqual({ system: 'chargebee', type: 'order', id: `so-${order.id}` });

  const customer = await h.cb.get('customer', `pogo-c-${org.id}`);
  expect(customer?.data).toMatchObject({
    company: 'Havbruk Vest AS',
    email: 'faktura@havbrukvest.no',
    cf_org_number: '974760673',
    meta_data: { pogo_customer_id: Number(org.id) },
  });
  expect((await h.link('Customers', org.id)).status).toBe('linked');

  const invoices = await h.cb.findByKey('invoice', { field: 'customer_id', value: `pogo-c-${org.id}` });
  expect(invoices).toHaveLength(1);
  const invoice = invoices[0]?.data ?? {};
  expect(invoice).toMatchObject({ customer_id: `pogo-c-${org.id}`, currency_code: 'NOK', po_number: order.id });
  expect(invoice['line_items']).toEqual([
    expect.objectContaining({
      entity_id: expect.stringContaining(`pogo-p-${product.id}`),
      unit_amount: 199950,
      quantity: 3,
      amount: 599850,
    }),
  ]);
  const chargebeeOrder = await h.cb.get('order', `so-${order.id}`);
  expect(chargebeeOrder?.data).toMatchObject({
    customer_id: `pogo-c-${org.id}`,
    invoice_id: invoices[0]?.id,
    currency_code: 'NOK',
  });
});

test('both Business_entity mappings are declared unsupported with the reason, and their sources are not polled for them', () => {
  const described = describeDataflows(h.sync.flows).filter((d) => d.target.type === 'Business_entity');
  expect(described.map((d) => d.source.type).sort()).toEqual(['Customers', 'Departments']);
  for (const d of described)
    expect(d.unsupported?.reason).toMatch(/public API cannot create, read or change business entities/);
  // Departments feed nothing else, so nobody polls them; Customers are polled for their other mappings.
  const polled = pollerTargets(h.sync.flows).map((t) => `${t.system}/${t.resource}`);
  expect(polled).not.toContain('poweroffice-go/Departments');
  expect(polled).toContain('poweroffice-go/Customers');
});
