/** generated/customcrm.ts is what the generator makes of the contract today, and the contract's rules hold in it. */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  Customer,
  CustomerCreate,
  CustomerPatch,
  CUSTOMCRM_PAGE_LIMIT,
  CUSTOMCRM_RESOURCES,
  customCrmListFilters,
  Decimal,
  OrderCreate,
} from '../../generated/customcrm';
import { generate } from '../../scripts/generate-customcrm-schemas';

const root = path.join(__dirname, '..', '..');
const documentPath = path.join(root, 'contracts', 'customcrm', 'openapi.yaml');
const generatedPath = path.join(root, 'generated', 'customcrm.ts');

describe('generated/customcrm.ts', () => {
  test('is up to date with contracts/customcrm/openapi.yaml', () => {
    const expected = generate(
      fs.readFileSync(documentPath, 'utf8'),
      'node bin/run-ts.js scripts/generate-customcrm-schemas.ts',
    );
    const actual = fs.readFileSync(generatedPath, 'utf8');
    // Not toEqual on 1,000 lines: say what to do.
    if (actual !== expected) {
      throw new Error(
        'generated/customcrm.ts is stale: run `node bin/run-ts.js scripts/generate-customcrm-schemas.ts` and commit both files',
      );
    }
  });

  test('every $ref of the document resolves', () => {
    const text = fs.readFileSync(documentPath, 'utf8');
    const document = parse(text) as Record<string, unknown>;
    const refs = [...text.matchAll(/\$ref: '#\/([^']+)'/g)].map((match) => match[1] ?? '');
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) {
      let node: unknown = document;
      for (const part of ref.split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
      if (node === undefined) throw new Error(`#/${ref} does not resolve`);
    }
  });

  test('carries the resources, paging limits and merge-key filters', () => {
    expect(CUSTOMCRM_RESOURCES).toEqual(['customers', 'contacts', 'products', 'orders']);
    expect(CUSTOMCRM_PAGE_LIMIT).toEqual({ default: 100, maximum: 500 });
    expect(customCrmListFilters.customers).toContain('orgNumber');
    expect(customCrmListFilters.contacts).toContain('email');
    expect(customCrmListFilters.products).toContain('code');
  });

  test('request bodies refuse unknown fields, answers keep them', () => {
    expect(CustomerCreate.safeParse({ name: 'Vik AS', colour: 'red' }).success).toBe(false);
    expect(CustomerPatch.safeParse({ name: null }).success).toBe(false);
    expect(CustomerPatch.safeParse({ fax: null }).success).toBe(true);
    const answer = {
      id: 'cus_1',
      externalId: null,
      name: 'Vik AS',
      website: null,
      email: null,
      phone: null,
      fax: null,
      description: null,
      streetAddress1: null,
      streetAddress2: null,
      city: null,
      zipCode: null,
      country: 'NO',
      orgNumber: '923456783',
      createdAt: '2025-03-01T09:30:00.125Z',
      updatedAt: '2025-03-01T09:30:00.125Z',
      deleted: false,
      addedInVersion2: true,
    };
    expect(Customer.parse(answer)).toMatchObject({ addedInVersion2: true });
    expect(Customer.safeParse({ ...answer, updatedAt: '2025-03-01T09:30:00Z' }).success).toBe(false);
  });

  test('decimals are strings without exponent, comma or leading zeros', () => {
    for (const good of ['0', '1250', '1250.5', '-0.25', '999999999999999.123456']) {
      expect(Decimal.safeParse(good).success).toBe(true);
    }
    for (const bad of ['01', '1e3', '1,5', '1.', '.5', '1.1234567', ''])
      expect(Decimal.safeParse(bad).success).toBe(false);
    const line = { productId: 'prd_1', quantity: '2', unitPrice: '100.00' };
    expect(
      OrderCreate.safeParse({ customerId: 'cus_1', orderDate: '2025-03-01', currency: 'NOK', lines: [line] }).success,
    ).toBe(true);
    expect(
      OrderCreate.safeParse({
        customerId: 'cus_1',
        orderDate: '2025-03-01',
        currency: 'NOK',
        lines: [{ ...line, quantity: 2 }],
      }).success,
    ).toBe(false);
  });
});
