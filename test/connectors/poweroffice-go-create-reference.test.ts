/**
 * PowerOffice GO as a target: linkflow's reference (preferredId) goes into each record it creates, and a
 * create that may have happened before finds that record instead of making a second one.
 */
import { integerIdsAsNumbers } from '../../connectors/poweroffice-go';
import { startSandboxWithConnector, type SandboxContext } from './poweroffice-go-helpers';

let ctx: SandboxContext;
beforeAll(async () => {
  ctx = await startSandboxWithConnector();
});
afterAll(async () => ctx.close());

const posts = (path: string): number => ctx.sandbox.http.stats().byRoute[`POST ${path}`] ?? 0;

test('a customer carries the reference in ExternalImportReference; a retried create finds it', async () => {
  const options = { idempotencyKey: 'k1', preferredId: 'ccrm-c-0001' };
  const first = await ctx.connector.create('Customers', { Name: 'Referanse AS' }, { ...options, mayExist: false });
  expect(first.data['ExternalImportReference']).toBe('ccrm-c-0001');
  const before = posts('/v2/Customers');
  const again = await ctx.connector.create('Customers', { Name: 'Referanse AS' }, options);
  expect(again.id).toBe(first.id);
  expect(posts('/v2/Customers')).toBe(before);
});

test('a contact person carries it in ExternalCode, under its customer', async () => {
  const customer = await ctx.connector.create('Customers', { Name: 'Forelder AS' }, { idempotencyKey: 'k2' });
  const options = { idempotencyKey: 'k3', preferredId: 'ccrm-p-0001', parentId: customer.id };
  const first = await ctx.connector.create('ContactPersons', { FirstName: 'Kari', LastName: 'Ref' }, options);
  expect(first.data['ExternalCode']).toBe('ccrm-p-0001');
  const again = await ctx.connector.create('ContactPersons', { FirstName: 'Kari', LastName: 'Ref' }, options);
  expect(again.id).toBe(first.id);
});

test('a product has no reference field: a retried create finds it by its unique Code', async () => {
  const options = { idempotencyKey: 'k4', preferredId: 'ccrm-x-1' };
  const first = await ctx.connector.create('Products', { Name: 'Vare', Code: 'REF-1' }, options);
  const again = await ctx.connector.create('Products', { Name: 'Vare', Code: 'REF-1' }, options);
  expect(again.id).toBe(first.id);
});

test("a sales order carries it in ExternalImportReference; a retry finds it among this integration's orders", async () => {
  const customer = await ctx.connector.create('Customers', { Name: 'Ordre AS' }, { idempotencyKey: 'k5' });
  const order = {
    CustomerId: Number(customer.id),
    SalesOrderStatus: 'Confirmed',
    CurrencyCode: 'NOK',
    SalesOrderLines: [{ Description: 'Timer', Quantity: 2, ProductUnitPrice: 100 }],
  };
  const options = { idempotencyKey: 'k6', preferredId: 'ccrm-o-0001' };
  const first = await ctx.connector.create('SalesOrders', order, options);
  expect(first.data['ExternalImportReference']).toBe('ccrm-o-0001');
  const again = await ctx.connector.create('SalesOrders', order, options);
  expect(again.id).toBe(first.id);
});

test('without a reference nothing is looked up: one request per create', async () => {
  const before = ctx.sandbox.http.stats().requests;
  await ctx.connector.create('Customers', { Name: 'Uten AS' }, { idempotencyKey: 'k7' });
  expect(ctx.sandbox.http.stats().requests - before).toBe(1);
});

test('ids linkflow carries as text go out as the numbers PowerOffice takes, in lines too', () => {
  expect(
    integerIdsAsNumbers({
      CustomerId: '5000011',
      Name: '123',
      SalesOrderLines: [{ ProductId: '42', Description: '7' }],
    }),
  ).toEqual({ CustomerId: 5000011, Name: '123', SalesOrderLines: [{ ProductId: 42, Description: '7' }] });
  expect(integerIdsAsNumbers({ CustomerId: '99999999999999999' })).toEqual({ CustomerId: '99999999999999999' });
});
