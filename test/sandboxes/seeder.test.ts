import { SandboxStore } from '../../sandboxes/common/store';
import { createRecord, listRecords } from '../../sandboxes/poweroffice-go/repository';
import {
  chargebeeOverlap,
  generateCompany,
  isValidOrgNumber,
  loadIntoPowerOffice,
  orgNumberCheckDigit,
  type Company,
} from '../../sandboxes/seeder';

/** Record counts of a generated company, for comparing shapes. */
function countsOf(company: Company): Record<string, number> {
  const organisations = company.customers.filter((customer) => customer.post.IsPerson !== true);
  return {
    customers: company.customers.length,
    persons: company.customers.length - organisations.length,
    contactPersons: company.customers.reduce((sum, customer) => sum + customer.contactPersons.length, 0),
    employees: company.employees.length,
    departments: company.departments.length,
    products: company.products.length,
    suppliers: company.suppliers.length,
    salesOrders: company.salesOrders.length,
    salesOrderLines: company.salesOrders.reduce((sum, order) => sum + order.lines.length, 0),
  };
}

test('org numbers: mod-11 check digits', () => {
  expect(isValidOrgNumber('914994780')).toBe(true); // a real register number
  expect(isValidOrgNumber('914994781')).toBe(false);
  expect(isValidOrgNumber('123456789')).toBe(false); // must start with 8 or 9
  expect(orgNumberCheckDigit('91499478')).toBe(0);
});

test('the same seed gives the same company; another seed another one', () => {
  expect(generateCompany({ seed: 7, customers: 50 })).toEqual(generateCompany({ seed: 7, customers: 50 }));
  expect(generateCompany({ seed: 8, customers: 50 })).not.toEqual(generateCompany({ seed: 7, customers: 50 }));
});

test('a default company: 200 customers, valid org numbers, Norwegian letters, foreign countries, shared mails', () => {
  const company = generateCompany();
  expect(company.customers).toHaveLength(200);
  const orgNumbers = company.customers
    .map((customer) => customer.post.OrganizationNumber)
    .filter((value): value is string => typeof value === 'string');
  expect(orgNumbers.length).toBeGreaterThan(80);
  expect(orgNumbers.every(isValidOrgNumber)).toBe(true);
  expect(new Set(orgNumbers).size).toBe(orgNumbers.length);
  const people = company.customers.filter((customer) => customer.post.IsPerson === true);
  expect(people.length).toBeGreaterThan(20);
  const allText = JSON.stringify(company);
  expect(allText).toMatch(/[æøåÆØÅ]/);
  const countryOf = (customer: Company['customers'][number]): string =>
    (customer.post.MailAddress as { CountryCode: string }).CountryCode;
  const countries = new Set(company.customers.map(countryOf));
  expect(countries).toContain('NO');
  expect([...countries].some((country) => country !== 'NO')).toBe(true);
  const productNames = company.products.map((product) => product.Name);
  expect(new Set(productNames).size).toBe(productNames.length);
  expect(productNames.every((name) => String(name).length <= 100)).toBe(true);
  const statuses = new Set(company.salesOrders.map((order) => order.header.SalesOrderStatus));
  expect(statuses).toEqual(new Set(['Draft', 'Confirmed']));
  const overlap = chargebeeOverlap(company);
  expect(overlap.some((customer) => customer.cf_org_number !== undefined)).toBe(true);
  expect(overlap.filter((customer) => customer.email !== undefined).length).toBeGreaterThanOrEqual(3);
});

test('duplicate product names only when asked', () => {
  const company = generateCompany({ customers: 1000, duplicateProductNames: true });
  const names = company.products.map((product) => product.Name);
  expect(new Set(names).size).toBeLessThan(names.length);
});

test('loads 200 customers with lines, fractional quantities and text lines', () => {
  const store = new SandboxStore(':memory:');
  const summary = loadIntoPowerOffice(store, generateCompany());
  expect(summary.customers).toBe(200);
  expect(store.count('Customers')).toBe(200);
  expect(store.count('ContactPersons')).toBe(summary.contactPersons);
  const orders = listRecords(store, 'SalesOrders');
  const lines = orders.flatMap((order) => order.SalesOrderLines as { LineType: string; Quantity: number | null }[]);
  expect(lines.some((line) => line.LineType === 'Text')).toBe(true);
  expect(lines.some((line) => line.Quantity !== null && !Number.isInteger(line.Quantity))).toBe(true);
  store.close();
});

test('the default company keeps its shape, with or without naming its profile', () => {
  // Tests, the demo and `sandbox start` rely on these: adding profiles must not move a single draw.
  const company = generateCompany();
  expect(countsOf(company)).toEqual({
    customers: 200,
    persons: 63,
    contactPersons: 272,
    employees: 10,
    departments: 6,
    products: 40,
    suppliers: 20,
    salesOrders: 160,
    salesOrderLines: 470,
  });
  expect(generateCompany({ profile: 'default', seed: 1 })).toEqual(company);
});

test("the benchmark profile has exactly the benchmark company's counts", () => {
  const company = generateCompany({ profile: 'benchmark' });
  expect(countsOf(company)).toEqual({
    customers: 10_000,
    persons: 3_333,
    contactPersons: 15_000,
    employees: 300,
    departments: 30,
    products: 500,
    suppliers: 0,
    salesOrders: 20_000,
    salesOrderLines: 60_000,
  });
  expect(company.salesOrders.every((order) => order.lines.length === 3)).toBe(true);
  // Organisations have one to three contact persons, and every size occurs.
  const sizes = new Set(company.customers.filter((c) => c.post.IsPerson !== true).map((c) => c.contactPersons.length));
  expect(sizes).toEqual(new Set([1, 2, 3]));
  const codes = company.departments.map((department) => department.Code);
  expect(new Set(codes).size).toBe(30);
  expect(company.departments.slice(0, 6)).toEqual(generateCompany().departments);
});

test('explicit counts override the profile and stay deterministic', () => {
  const shape = {
    customers: 300,
    persons: 100,
    contactPersons: 450,
    employees: 9,
    departments: 30,
    products: 15,
    suppliers: 0,
    salesOrders: 600,
    linesPerOrder: 3,
  };
  const company = generateCompany({ ...shape, seed: 4 });
  expect(generateCompany({ ...shape, seed: 4 })).toEqual(company);
  expect(countsOf(company)).toEqual({
    customers: 300,
    persons: 100,
    contactPersons: 450,
    employees: 9,
    departments: 30,
    products: 15,
    suppliers: 0,
    salesOrders: 600,
    salesOrderLines: 1800,
  });
  expect(countsOf(generateCompany({ profile: 'benchmark', customers: 3_333, contactPersons: 0 }))).toMatchObject({
    customers: 3_333,
    persons: 3_333,
    contactPersons: 0,
    salesOrders: 20_000,
  });
});

test('counts that cannot all hold are refused', () => {
  expect(() => generateCompany({ customers: 10, persons: 11 })).toThrow(/more persons than the 10 customers/);
  expect(() => generateCompany({ customers: 10, persons: 5, contactPersons: 16 })).toThrow(/5 organisations/);
  expect(() => generateCompany({ customers: 10, persons: 5, contactPersons: 4 })).toThrow(/5 organisations/);
  expect(() => generateCompany({ customers: 10, contactPersons: 10 })).toThrow(/needs an exact persons/);
  expect(() => generateCompany({ profile: 'benchmark', customers: 1_000 })).toThrow(/more persons than/);
});

test('a scaled-down benchmark company loads with the exact counts, as the API lists them', () => {
  const store = new SandboxStore(':memory:');
  const company = generateCompany({
    customers: 300,
    persons: 100,
    contactPersons: 450,
    employees: 9,
    departments: 30,
    products: 15,
    suppliers: 0,
    salesOrders: 600,
    linesPerOrder: 3,
    seed: 2,
  });
  const summary = loadIntoPowerOffice(store, company);
  expect(summary).toEqual({
    departments: 30,
    employees: 9,
    products: 15,
    customers: 300,
    suppliers: 0,
    contactPersons: 450,
    salesOrders: 600,
    salesOrderLines: 1800,
  });
  const counts = {
    Departments: 30,
    Employees: 9,
    Products: 15,
    Customers: 300,
    Suppliers: 0,
    ContactPersons: 450,
    SalesOrders: 600,
  } as const;
  for (const [resource, count] of Object.entries(counts)) expect(store.count(resource)).toBe(count);
  const persons = listRecords(store, 'Customers', { where: [{ path: '$.IsPerson', anyOf: [{ equals: true }] }] });
  expect(persons).toHaveLength(100);
  const orders = listRecords(store, 'SalesOrders');
  expect(orders.every((order) => order.LineCount === 3)).toBe(true);
  // Ids, numbers and change times as before: ids in order, change times a second apart in load order.
  const departments = listRecords(store, 'Departments');
  expect(departments.map((department) => department.Id)).toEqual(Array.from({ length: 30 }, (_unused, i) => 1001 + i));
  const changed = listRecords(store, 'Customers').map((customer) =>
    Date.parse(String(customer.LastChangedDateTimeOffset)),
  );
  expect(changed.every((time, index) => index === 0 || time > (changed[index - 1] ?? Infinity))).toBe(true);
  store.close();
});

test('a bulk load is all or nothing, even when a failure inside it was caught', () => {
  const store = new SandboxStore(':memory:');
  const department = { Code: '100', Name: 'Administrasjon' };
  expect(() =>
    store.bulk(() => {
      createRecord(store, 'Departments', department);
      try {
        createRecord(store, 'Departments', department); // the code is taken: a validation error
      } catch {
        // A caller that carries on cannot commit half a nested write: the bulk fails as a whole.
      }
    }),
  ).toThrow(/Code is already in use|validation/i);
  expect(store.count('Departments')).toBe(0);

  // Reads inside a bulk see the bulk's own writes, also of records read before.
  store.bulk(() => {
    store.put('Things', 'a', { n: 1 }, 1);
    expect(store.get('Things', 'a')).toEqual({ n: 1 });
    store.put('Things', 'a', { n: 2 }, 2);
    expect(store.get('Things', 'a')).toEqual({ n: 2 });
    store.delete('Things', 'a');
    expect(store.get('Things', 'a')).toBeUndefined();
    store.setValue('k', 1);
    expect(store.getValue('k')).toBe(1);
    store.setValue('k', 2, 0);
    expect(store.getValue('k')).toBeUndefined();
  });
  expect(store.nextId('seq', 10)).toBe(10);
  expect(store.nextId('seq', 10)).toBe(11);
  store.close();
});
