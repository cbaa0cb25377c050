import { SandboxStore } from '../../sandboxes/common/store';
import { listRecords } from '../../sandboxes/poweroffice-go/repository';
import { chargebeeOverlap, generateCompany, isValidOrgNumber, loadIntoPowerOffice, orgNumberCheckDigit } from '../../sandboxes/seeder';

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

test('a default company: 200 customers, valid org numbers, Norwegian letters, some foreign countries, shared e-mails', () => {
  const company = generateCompany();
  expect(company.customers).toHaveLength(200);
  const orgNumbers = company.customers.map((customer) => customer.post.OrganizationNumber).filter((value): value is string => typeof value === 'string');
  expect(orgNumbers.length).toBeGreaterThan(80);
  expect(orgNumbers.every(isValidOrgNumber)).toBe(true);
  expect(new Set(orgNumbers).size).toBe(orgNumbers.length);
  const people = company.customers.filter((customer) => customer.post.IsPerson === true);
  expect(people.length).toBeGreaterThan(20);
  const allText = JSON.stringify(company);
  expect(allText).toMatch(/[æøåÆØÅ]/);
  const countries = new Set(company.customers.map((customer) => (customer.post.MailAddress as { CountryCode: string }).CountryCode));
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

test('a 10k company loads quickly', () => {
  const store = new SandboxStore(':memory:');
  const started = Date.now();
  const summary = loadIntoPowerOffice(store, generateCompany({ customers: 10_000, seed: 3 }));
  expect(summary.customers).toBe(10_000);
  expect(Date.now() - started).toBeLessThan(45_000);
  store.close();
});
