/**
 * Custom CRM → PowerOffice GO on the real Temporal server and the sandboxes: customers, contacts under their
 * customer, products and confirmed orders with their lines become PowerOffice records; edits made in
 * PowerOffice go back through the contract's PATCH; link-first on org number; nothing is created twice.
 */
import type { Connector } from '../../connectors/connector';
import { orgNumberFrom } from '../support/org-numbers';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

const DATAFLOW = 'customcrm-to-poweroffice';
let h: SyncHarness;
let crm: Connector;

beforeAll(async () => {
  h = await startSyncHarness({ systems: ['customcrm', 'poweroffice-go'] });
  const connector = h.connectors['customcrm'];
  if (!connector) throw new Error('no Custom CRM connector');
  crm = connector;
  await h.start();
}, 120_000);
afterAll(async () => h?.close());

const address = { streetAddress1: 'Kongens gate 1', city: 'Trondheim', zipCode: '7011', country: 'NO' };

test('a customer and a contact under it become a PowerOffice customer and contact person, both ways', async () => {
  const org = orgNumberFrom(93000001);
  const customer = await crm.create(
    'customers',
    { name: 'Midt Handel AS', orgNumber: org, email: 'post@midthandel.example.no', ...address },
    { idempotencyKey: 'ccrm-c-1' },
  );
  const contact = await crm.create(
    'contacts',
    { firstName: 'Marit', lastName: 'Midt', email: 'marit@midthandel.example.no' },
    { idempotencyKey: 'ccrm-p-1', parentId: customer.id },
  );
  const poCustomer = await h.linkedTarget('customers', customer.id, DATAFLOW);
  expect((await h.po.get('Customers', poCustomer.id))?.data).toMatchObject({
    Name: 'Midt Handel AS',
    OrganizationNumber: org,
    EmailAddress: 'post@midthandel.example.no',
    MailAddress: { AddressLine1: 'Kongens gate 1', City: 'Trondheim', ZipCode: '7011', CountryCode: 'NO' },
  });
  const poPerson = await h.linkedTarget('contacts', contact.id, DATAFLOW);
  expect(poPerson.parentId).toBe(poCustomer.id);
  const person = await h.po.get('ContactPersons', poPerson.id, { parentId: poCustomer.id });
  expect(person?.data).toMatchObject({
    FirstName: 'Marit',
    LastName: 'Midt',
    EmailAddress: 'marit@midthandel.example.no',
  });

  await h.po.update('ContactPersons', poPerson.id, { LastName: 'Midtbø' }, { parentId: poCustomer.id });
  await h.eventually('the edit in the Custom CRM', async () =>
    (await crm.get('contacts', contact.id))?.data['lastName'] === 'Midtbø' ? true : undefined,
  );
  await crm.update('customers', customer.id, { name: 'Midt Handel og Service AS' });
  await h.eventually('the new name in PowerOffice', async () =>
    (await h.po.get('Customers', poCustomer.id))?.data['Name'] === 'Midt Handel og Service AS' ? true : undefined,
  );
});

test('a customer PowerOffice already has is linked on its org number, not created again', async () => {
  const org = orgNumberFrom(94000001);
  const existing = await h.po.create(
    'Customers',
    { Name: 'Fra Før AS', OrganizationNumber: org },
    { idempotencyKey: 'ccrm-existing' },
  );
  const customer = await crm.create(
    'customers',
    { name: 'Fra Før AS', orgNumber: org },
    { idempotencyKey: 'ccrm-c-2' },
  );
  expect((await h.linkedTarget('customers', customer.id, DATAFLOW)).id).toBe(existing.id);
});

test('a contact with no customer is parked, naming the field', async () => {
  const contact = await crm.create(
    'contacts',
    { firstName: 'Uten', lastName: 'Kunde' },
    { idempotencyKey: 'ccrm-p-2' },
  );
  const parked = await h.untilStatus('contacts', contact.id, 'parked', 60_000, DATAFLOW);
  expect(parked.parkedReason).toMatch(/has no customerId/);
});

test('a product becomes a product with its price; a price edited in PowerOffice comes back as decimal text', async () => {
  const product = await crm.create(
    'products',
    { code: 'CC-100', name: 'Rådgivning', price: '1250.50', currency: 'NOK' },
    { idempotencyKey: 'ccrm-x-1' },
  );
  const poProduct = await h.linkedTarget('products', product.id, DATAFLOW);
  expect((await h.po.get('Products', poProduct.id))?.data).toMatchObject({
    Code: 'CC-100',
    Name: 'Rådgivning',
    UnitPrice: 1250.5,
  });
  await h.po.update('Products', poProduct.id, { UnitPrice: 1300 });
  await h.eventually('the new price in the Custom CRM', async () =>
    (await crm.get('products', product.id))?.data['price'] === '1300' ? true : undefined,
  );
});

test('a confirmed order waits for its customer and products, then becomes a sales order with its lines', async () => {
  const customer = await crm.create(
    'customers',
    { name: 'Ordre Kunde AS', orgNumber: orgNumberFrom(95000001), ...address },
    { idempotencyKey: 'ccrm-c-3' },
  );
  const product = await crm.create(
    'products',
    { code: 'CC-200', name: 'Lisens', price: '99.90', currency: 'NOK' },
    { idempotencyKey: 'ccrm-x-2' },
  );
  const order = await crm.create(
    'orders',
    {
      customerId: customer.id,
      currency: 'NOK',
      orderDate: '2026-11-30',
      status: 'confirmed',
      lines: [{ productId: product.id, quantity: '3', unitPrice: '99.90' }],
    },
    { idempotencyKey: 'ccrm-o-1' },
  );
  const draft = await crm.create(
    'orders',
    { customerId: customer.id, currency: 'NOK', orderDate: '2026-11-30', status: 'draft', lines: [] },
    { idempotencyKey: 'ccrm-o-2' },
  );
  const salesOrder = await h.linkedTarget('orders', order.id, DATAFLOW);
  const poCustomer = await h.linkedTarget('customers', customer.id, DATAFLOW);
  const poProduct = await h.linkedTarget('products', product.id, DATAFLOW);
  const written = await h.po.get('SalesOrders', salesOrder.id);
  expect(written?.data).toMatchObject({
    CustomerId: Number(poCustomer.id),
    CurrencyCode: 'NOK',
    SalesOrderStatus: 'Confirmed',
    SalesOrderLines: [
      expect.objectContaining({ ProductId: Number(poProduct.id), Quantity: 3, ProductUnitPrice: 99.9 }),
    ],
  });
  // The draft is not written: no link watches it until it changes.
  expect(await h.linkRuns('orders', draft.id, DATAFLOW)).toBe(false);
}, 120_000);
