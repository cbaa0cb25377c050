/**
 * A small CRM company of its own, part of which overlaps the generated PowerOffice company, so that linkflow's
 * first sync has records to link (not duplicate) and records to create:
 *
 * - customers with the org number of the first PowerOffice organisation customers (every second one written
 *   with spaces, `923 456 783`, which the contract's normalisation must see through), with their name, address,
 *   e-mail, phone and website;
 * - for each, a contact with the e-mail of the organisation's first contact person (every second one in
 *   another letter case, which the `email` filter must see through);
 * - products with the code, name and price of the first PowerOffice products;
 * - CRM-only records linkflow must create in PowerOffice: two customers, three contacts, two products;
 * - a few orders of matched and CRM-only customers, with lines of matched and CRM-only products.
 *
 * The same generated company always gives the same records (timestamps aside).
 */
import type { Company } from '../seeder';
import type { CustomCrmRepository } from './repository';

const MATCHED_CUSTOMERS = 6;
const MATCHED_PRODUCTS = 5;

const CRM_ONLY_CUSTOMERS = [
  { name: 'Nordlys Eiendom AS', orgNumber: '923456783', city: 'Tromsø', zipCode: '9008' },
  { name: 'Fjordkraft Rådgivning AS', orgNumber: '987654325', city: 'Bergen', zipCode: '5003' },
];
const CRM_ONLY_CONTACTS = [
  { firstName: 'Solveig', lastName: 'Haugland', email: 'solveig.haugland@nordlys-eiendom.example', customer: 0 },
  { firstName: 'Per', lastName: 'Eide', email: 'per.eide@nordlys-eiendom.example', customer: 0 },
  { firstName: 'Anne', lastName: 'Vik', email: 'anne.vik@fjordkraft-radgivning.example', customer: 1 },
];
const CRM_ONLY_PRODUCTS = [
  { code: 'CRM-1001', name: 'Rådgivningstime', price: '1450.00' },
  { code: 'CRM-1002', name: 'Oppstartspakke', price: '9900.00' },
];

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** A price as the contract writes it (a decimal string with two fraction digits). */
const decimal = (value: unknown): string | null =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : null;

const spaced = (orgNumber: string): string => orgNumber.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');

/** `kari.nordmann@x.no` → `Kari.Nordmann@x.no`: the same address to anyone comparing as the contract says. */
const recased = (email: string): string =>
  email.replace(
    /^([^@]+)@/,
    (_match, local: string) =>
      `${local
        .split('.')
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join('.')}@`,
  );

export function seedCustomCrm(repository: CustomCrmRepository, company: Company): Record<string, number> {
  const counts = { customers: 0, contacts: 0, products: 0, orders: 0 };
  const add = (resource: keyof typeof counts, body: Record<string, unknown>): string => {
    counts[resource] += 1;
    return repository.create(resource, body).record.id;
  };

  repository.store.bulk(() => {
    const organisations = company.customers
      .filter((customer) => text(customer.post['OrganizationNumber']) !== null && customer.contactPersons.length > 0)
      .slice(0, MATCHED_CUSTOMERS);
    const customerIds = organisations.map((organisation, index) => {
      const post = organisation.post;
      const address = (post['MailAddress'] ?? {}) as Record<string, unknown>;
      const orgNumber = text(post['OrganizationNumber']) ?? '';
      const customerId = add('customers', {
        name: text(post['Name']),
        orgNumber: index % 2 === 1 ? spaced(orgNumber) : orgNumber,
        email: text(post['EmailAddress']),
        phone: text(post['PhoneNumber']),
        website: text(post['WebsiteUrl']),
        streetAddress1: text(address['AddressLine1']),
        zipCode: text(address['ZipCode']),
        city: text(address['City']),
        country: text(address['CountryCode']),
      });
      const person = organisation.contactPersons[0];
      const email = text(person?.['EmailAddress']);
      if (person && email !== null) {
        add('contacts', {
          customerId,
          firstName: text(person['FirstName']),
          lastName: text(person['LastName']),
          email: index % 2 === 1 ? recased(email) : email,
          phone: text(person['PhoneNumber']),
        });
      }
      return customerId;
    });

    const taken = new Set(company.customers.map((customer) => text(customer.post['OrganizationNumber'])));
    const crmOnlyCustomerIds = CRM_ONLY_CUSTOMERS.map((entry) =>
      add('customers', {
        name: entry.name,
        // A generated PowerOffice customer could hold the same number by chance; then this one has none.
        orgNumber: taken.has(entry.orgNumber) ? null : entry.orgNumber,
        city: entry.city,
        zipCode: entry.zipCode,
        country: 'NO',
        description: 'Only in the CRM',
      }),
    );
    for (const entry of CRM_ONLY_CONTACTS) {
      add('contacts', {
        customerId: crmOnlyCustomerIds[entry.customer] ?? null,
        firstName: entry.firstName,
        lastName: entry.lastName,
        email: entry.email,
      });
    }

    const productIds = company.products.slice(0, MATCHED_PRODUCTS).flatMap((product) => {
      const code = text(product['Code']);
      const name = text(product['Name']);
      if (code === null || name === null) return [];
      const price = decimal(product['UnitPrice']);
      return [add('products', { code, name, price, currency: price === null ? null : 'NOK' })];
    });
    const crmOnlyProductIds = CRM_ONLY_PRODUCTS.map((entry) =>
      add('products', { code: entry.code, name: entry.name, price: entry.price, currency: 'NOK' }),
    );

    const orders: Array<{
      customerId: string | undefined;
      status: string;
      lines: Array<[string | undefined, string]>;
    }> = [
      {
        customerId: customerIds[0],
        status: 'confirmed',
        lines: [
          [productIds[0], '2'],
          [crmOnlyProductIds[0], '1.5'],
        ],
      },
      { customerId: customerIds[1], status: 'draft', lines: [[productIds[1], '10']] },
      { customerId: crmOnlyCustomerIds[0], status: 'confirmed', lines: [[crmOnlyProductIds[1], '1']] },
    ];
    orders.forEach((order, index) => {
      if (order.customerId === undefined) return;
      const lines = order.lines.flatMap(([productId, quantity]) => {
        const product = productId === undefined ? undefined : repository.get('products', productId);
        const unitPrice = typeof product?.['price'] === 'string' ? product['price'] : '100.00';
        return productId === undefined ? [] : [{ productId, quantity, unitPrice }];
      });
      add('orders', {
        customerId: order.customerId,
        orderNumber: `CRM-${5001 + index}`,
        orderDate: `2025-0${index + 3}-1${index}`,
        currency: 'NOK',
        status: order.status,
        lines,
      });
    });
  });
  return counts;
}
