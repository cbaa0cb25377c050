import { z } from 'zod';
import {
  ContactPersonDto,
  CustomerDto,
  DepartmentDto,
  EmployeeDto,
  ProblemDetailsLowercase,
  ProductDto,
  SalesOrderCompleteDto,
  SalesOrderDto,
  SalesOrderLineDto,
  SupplierDto,
} from '../../generated/poweroffice-go';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { createRecord, formatTimestamp, startPowerOfficeSandbox, updateRecord } from '../../sandboxes/poweroffice-go';
import { startTestSandbox, TestClient } from './poweroffice-go-helpers';

// The API's responses are checked against the schemas generated from PowerOffice's OpenAPI document, made
// strict about the fields the sandbox must always send.
const customerResponse = CustomerDto.extend({ Id: z.number().int(), LastChangedDateTimeOffset: z.string() });
const problem = ProblemDetailsLowercase.extend({ title: z.string(), status: z.number(), detail: z.string() });

let sandbox: RunningSandbox;
let client: TestClient;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  client = new TestClient(sandbox);
  await client.authenticate();
});
afterEach(async () => {
  await sandbox.close();
});

async function createCustomer(body: Record<string, unknown>): Promise<z.infer<typeof customerResponse>> {
  const created = await client.call('POST', '/Customers', body);
  expect(created.status).toBe(201);
  return customerResponse.parse(created.json);
}

describe('authentication', () => {
  test('a good token works on any path casing; bad keys get 400 invalid_client', async () => {
    expect((await client.call('GET', '/customers')).status).toBe(204);
    const bad = await client.requestToken('wrong', 'keys');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: 'invalid_client', error_description: expect.any(String) });
  });

  test('missing or bad tokens and missing subscription keys are refused with 401', async () => {
    const anonymous = new TestClient(sandbox);
    expect((await anonymous.call('GET', '/Customers')).status).toBe(401);
    expect((await client.call('GET', '/Customers', undefined, { Authorization: 'Bearer nonsense' })).status).toBe(401);
    const noKey = await fetch(`${sandbox.baseUrl}/Customers`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({
      statusCode: 401,
      message: expect.stringContaining('missing subscription key'),
    });
  });

  test('a token expires after expires_in', async () => {
    const shortLived = await startTestSandbox({ tokenTtlSeconds: 1 });
    try {
      const shortClient = new TestClient(shortLived);
      const token = await shortClient.requestToken();
      expect(token.json).toMatchObject({ token_type: 'bearer', expires_in: 1 });
      await shortClient.authenticate();
      expect((await shortClient.call('GET', '/Customers')).status).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await shortClient.call('GET', '/Customers')).status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });
});

describe('resources', () => {
  test('POST answers 201 (Products 200) with DTOs that match the generated schemas', async () => {
    const customer = await createCustomer({
      name: 'Fjord Bygg AS',
      organizationNumber: '914994780',
      emailAddress: 'post@fjordbygg.no',
      mailAddress: { city: 'Bergen', zipCode: '5003' },
    });
    expect(customer).toMatchObject({
      Name: 'Fjord Bygg AS',
      Number: 10000,
      MailAddress: { City: 'Bergen', CountryCode: 'NO' },
    });
    const supplier = await client.call('POST', '/Suppliers', { Name: 'Leverandør AS' });
    expect(supplier.status).toBe(201);
    const employee = await client.call('POST', '/Employees', {
      FirstName: 'Åse',
      LastName: 'Bråten',
      EmailAddress: 'ase@firma.no',
    });
    expect(employee.status).toBe(201);
    // Customers, suppliers and employees share one id sequence.
    const ids = [customer.Id, SupplierDto.parse(supplier.json).Id, EmployeeDto.parse(employee.json).Id];
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]).toBe(customer.Id + 1);
    const department = await client.call('POST', '/Departments', { Name: 'Salg', Code: '200' });
    expect(department.status).toBe(201);
    DepartmentDto.parse(department.json);
    const product = await client.call('POST', '/Products', {
      Name: 'Brød',
      Code: 'B1',
      UnitPrice: 40,
      ProductGroupCode: 'MAT',
    });
    expect(product.status).toBe(200);
    const productDto = ProductDto.parse(product.json);
    const person = await client.call('POST', `/ContactPersons/${customer.Id}`, {
      FirstName: 'Kari',
      LastName: 'Nordmann',
      EmailAddress: 'kari@fjordbygg.no',
    });
    expect(person.status).toBe(201);
    const personDto = ContactPersonDto.parse(person.json);
    expect(personDto.ContactId).toBe(customer.Id);
    expect((await client.call('GET', `/ContactPersons?contactIds=${customer.Id}`)).json).toHaveLength(1);
    expect((await client.call('GET', `/ContactPersons/${customer.Id}/${personDto.Id}`)).status).toBe(200);

    const order = await client.call('POST', '/SalesOrders/Complete', {
      CustomerId: customer.Id,
      CustomerReferenceContactPersonId: personDto.Id,
      SalesOrderStatus: 'Confirmed',
      SalesOrderLines: [
        { ProductId: productDto.Id, Quantity: 2.5 },
        { LineType: 'Text', Description: 'Takk for handelen' },
        { Description: 'Frakt', Quantity: 1, ProductUnitPrice: 100 },
      ],
    });
    expect(order.status).toBe(201);
    const complete = SalesOrderCompleteDto.parse(order.json);
    expect(complete).toMatchObject({ LineCount: 3, NetAmount: 200, TotalAmount: 240, CustomerNo: 10000 });
    expect(complete.SalesOrderLines?.[0]).toMatchObject({
      NetAmount: 100,
      VatRate: 0.15,
      VatAmount: 15,
      TotalAmount: 115,
      Description: 'Brød',
    });
    expect(complete.SalesOrderLines?.[2]).toMatchObject({ VatRate: 0.25, TotalAmount: 125 });
    const header = await client.call('GET', `/SalesOrders/${String(complete.Id)}`);
    expect(SalesOrderDto.parse(header.json)).not.toHaveProperty('SalesOrderLines');
    const line = await client.call('POST', `/SalesOrders/${String(complete.Id)}/Lines`, {
      ProductId: productDto.Id,
      Quantity: 1,
    });
    expect(line.status).toBe(201);
    const lineDto = SalesOrderLineDto.parse(line.json);
    const lines = await client.call('GET', `/SalesOrders/${String(complete.Id)}/Lines`);
    expect(z.array(SalesOrderLineDto).parse(lines.json)).toHaveLength(4);
    const patchedLine = await client.call('PATCH', `/SalesOrders/${String(complete.Id)}/Lines/${String(lineDto.Id)}`, [
      { op: 'replace', path: '/quantity', value: 3 },
    ]);
    expect(patchedLine.json).toMatchObject({ Quantity: 3, NetAmount: 120 });
    expect(
      (await client.call('DELETE', `/SalesOrders/${String(complete.Id)}/Lines/${String(lineDto.Id)}`)).status,
    ).toBe(200);
  });

  test('validation errors come as ProblemDetails naming the fields', async () => {
    const company = await client.call('POST', '/Customers', {
      EmailAddress: 'not-an-email',
      MailAddress: { City: 'Oslo' },
    });
    expect(company.status).toBe(400);
    const body = problem.parse(company.json);
    expect(Object.keys(body.errors ?? {}).sort()).toEqual(['EmailAddress', 'MailAddress.ZipCode', 'Name']);
    const personCustomer = await client.call('POST', '/Customers', { IsPerson: true, FirstName: 'Ola' });
    expect(problem.parse(personCustomer.json).errors).toHaveProperty('LastName');
    expect((await client.call('POST', '/Departments', { Code: 'X' })).status).toBe(400);
    expect((await client.call('POST', '/Products', { Code: 'X' })).status).toBe(400);
    const order = await client.call('POST', '/SalesOrders/Complete', {
      CustomerId: 123,
      SalesOrderLines: [{ ProductId: 999, Quantity: 1 }],
    });
    expect(order.status).toBe(400);
    expect(problem.parse(order.json).errors).toMatchObject({
      CustomerId: [expect.stringContaining('123')],
      'SalesOrderLines[0].ProductId': [expect.any(String)],
    });
    await createCustomer({ Name: 'Første AS', ExternalImportReference: 'ABC123' });
    const duplicate = await client.call('POST', '/Customers', { Name: 'Andre AS', externalImportReference: 'abc123' });
    expect(problem.parse(duplicate.json).detail).toContain('already in use');
    const notFound = await client.call('GET', '/Customers/42');
    expect(notFound.status).toBe(404);
    expect(problem.parse(notFound.json).title).toBe('Object(s) not found');
  });

  test('JSON Patch: any casing, nested paths, arrays, test op; read-only fields are refused', async () => {
    const customer = await createCustomer({
      Name: 'Patch AS',
      MailAddress: { City: 'Oslo', ZipCode: '0150' },
      ContactGroupIds: [1, 2],
    });
    const patched = await client.call('PATCH', `/Customers/${customer.Id}`, [
      { op: 'test', path: '/name', value: 'Patch AS' },
      { op: 'replace', path: '/PhoneNumber', value: '2222 6666' },
      { op: 'replace', path: '/mailAddress/city', value: 'Bergen' },
      { op: 'add', path: '/ContactGroupIds/-', value: 3 },
      { op: 'remove', path: '/ContactGroupIds/0' },
    ]);
    expect(patched.status).toBe(200);
    expect(customerResponse.parse(patched.json)).toMatchObject({
      PhoneNumber: '2222 6666',
      MailAddress: { City: 'Bergen' },
      ContactGroupIds: [2, 3],
    });
    expect(
      (await client.call('PATCH', `/Customers/${customer.Id}`, [{ op: 'replace', path: '/Id', value: 1 }])).status,
    ).toBe(400);
    const failedTest = await client.call('PATCH', `/Customers/${customer.Id}`, [
      { op: 'test', path: '/Name', value: 'Other' },
    ]);
    expect(failedTest.status).toBe(400);
    const invalid = await client.call('PATCH', `/Customers/${customer.Id}`, [
      { op: 'replace', path: '/EmailAddress', value: 'x@' },
    ]);
    expect(problem.parse(invalid.json).errors).toHaveProperty('EmailAddress');
  });

  test('DELETE answers 200 with an empty body, 409 while in use', async () => {
    const customer = await createCustomer({ Name: 'Brukt AS' });
    const product = ProductDto.parse((await client.call('POST', '/Products', { Name: 'Vare' })).json);
    const order = SalesOrderCompleteDto.parse(
      (
        await client.call('POST', '/SalesOrders/Complete', {
          CustomerId: customer.Id,
          SalesOrderLines: [{ ProductId: product.Id, Quantity: 1 }],
        })
      ).json,
    );
    const customerInUse = await client.call('DELETE', `/Customers/${customer.Id}`);
    expect(customerInUse.status).toBe(409);
    problem.parse(customerInUse.json);
    expect((await client.call('DELETE', `/Products/${String(product.Id)}`)).status).toBe(409);
    const deletedOrder = await client.call('DELETE', `/SalesOrders/${String(order.Id)}`);
    expect(deletedOrder).toMatchObject({ status: 200, text: '' });
    expect((await client.call('DELETE', `/Customers/${customer.Id}`)).status).toBe(200);
    expect((await client.call('DELETE', `/Products/${String(product.Id)}`)).status).toBe(200);
    expect((await client.call('GET', `/Customers/${customer.Id}`)).status).toBe(404);
  });
});

describe('lists', () => {
  test('bare arrays, 1-based paging with a short last page, 204 past the end, filters', async () => {
    for (let index = 0; index < 5; index += 1)
      createRecord(sandbox.store, 'Customers', { Name: `Kunde ${index}`, Number: 20000 + index });
    const page1 = await client.call('GET', '/Customers?PageNumber=1&PageSize=2');
    expect(
      z
        .array(customerResponse)
        .parse(page1.json)
        .map((customer) => customer.Number),
    ).toEqual([20000, 20001]);
    const page3 = await client.call('GET', '/Customers?pageNumber=3&pageSize=2');
    expect(page3.json).toHaveLength(1);
    expect((await client.call('GET', '/Customers?PageNumber=4&PageSize=2')).status).toBe(204);
    expect((await client.call('GET', '/Customers?PageSize=20001')).status).toBe(400);
    const filtered = await client.call('GET', '/Customers?customerNos=20000-20001,20004');
    expect(
      z
        .array(customerResponse)
        .parse(filtered.json)
        .map((customer) => customer.Number),
    ).toEqual([20000, 20001, 20004]);
  });

  test('the change filter is exclusive: a record changed at exactly that time is not returned', async () => {
    const base = Date.UTC(2025, 0, 1, 12);
    const first = createRecord(sandbox.store, 'Customers', { Name: 'A' }, { at: base });
    createRecord(sandbox.store, 'Customers', { Name: 'B' }, { at: base });
    createRecord(sandbox.store, 'Customers', { Name: 'C' }, { at: base + 1 });
    const since = encodeURIComponent(String(first.LastChangedDateTimeOffset));
    expect(String(first.LastChangedDateTimeOffset)).toBe(formatTimestamp(base * 1000));
    const changed = await client.call('GET', `/Customers?lastChangedDateTimeOffsetGreaterThan=${since}`);
    expect(
      z
        .array(customerResponse)
        .parse(changed.json)
        .map((customer) => customer.Name),
    ).toEqual(['C']);
    // An older edit moves the record to the end of the change order.
    updateRecord(sandbox.store, 'Customers', Number(first.Id), { Name: 'A2' }, { at: base + 2 });
    const after = await client.call(
      'GET',
      `/Customers?lastChangedDateTimeOffsetGreaterThan=${encodeURIComponent('2025-01-01T12:00:00.000+00:00')}`,
    );
    expect(
      z
        .array(customerResponse)
        .parse(after.json)
        .map((customer) => customer.Name),
    ).toEqual(['C', 'A2']);
    expect((await client.call('GET', '/Customers?lastChangedDateTimeOffsetGreaterThan=yesterday')).status).toBe(400);
  });
});

describe('persistence', () => {
  test('a restart on the same file keeps the data; reset empties it', async () => {
    const customer = await createCustomer({ Name: 'Varig AS' });
    const file = String(sandbox.settings.dataFile);
    await sandbox.close();
    sandbox = await startPowerOfficeSandbox({ port: 0, dataFile: file, rateLimitPerSecond: 10_000 });
    client = new TestClient(sandbox);
    await client.authenticate();
    expect((await client.call('GET', `/Customers/${customer.Id}`)).json).toMatchObject({ Name: 'Varig AS' });
    const reset = await fetch(`${sandbox.baseUrl.replace(/\/v2$/, '')}/__sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    await client.authenticate();
    expect((await client.call('GET', '/Customers')).status).toBe(204);
  });
});
