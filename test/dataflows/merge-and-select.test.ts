/** Merge keys and their normalisers, which mappings a record feeds, and the ids linkflow gives new records. */
import {
  isValidNorwegianOrgNumber,
  loadDataflows,
  mappingsForSourceRecord,
  mappingsForTarget,
  mergeKeyOf,
  normaliseEmail,
  normaliseOrgNumber,
  referencedResources,
  resolveMergeKey,
  targetIdFor,
  type Mapping,
} from '../../dataflows/engine';
import {
  contactPerson,
  department,
  employee,
  normalLine,
  organisationCustomer,
  personCustomer,
  product,
  salesOrder,
} from './fixtures';

const flow = loadDataflows().find((candidate) => candidate.id === 'poweroffice-to-chargebee')!;
const byId = (id: string): Mapping => flow!.mappings.find((m) => m.id === `poweroffice-to-chargebee:${id}`)!;
const ids = (mappings: readonly Mapping[]): string[] => mappings.map((m) => m.id.split(':')[1]!);

describe('normalisers', () => {
  test('e-mail: trimmed and lower-case', () => {
    expect(normaliseEmail('  Kari.Nordmann@FjordTest.NO ')).toBe('kari.nordmann@fjordtest.no');
    expect(normaliseEmail('not an address')).toBeUndefined();
    expect(normaliseEmail(42)).toBeUndefined();
  });

  test('org number: digits only, and only a valid mod-11 Norwegian organisation number', () => {
    expect(normaliseOrgNumber('NO 987 654 325 MVA')).toBe('987654325');
    expect(normaliseOrgNumber(923609016)).toBe('923609016');
    expect(normaliseOrgNumber('987654321')).toBeUndefined();
    expect(normaliseOrgNumber('12345678')).toBeUndefined();
    expect(isValidNorwegianOrgNumber('998877660')).toBe(true); // check digit 0 (remainder 0)
    expect(isValidNorwegianOrgNumber('912345670')).toBe(false); // the check digit would be 10: never valid
  });
});

describe('merge keys', () => {
  test('persons merge on their e-mail', () => {
    for (const [mapping, record] of [
      ['Contactperson->Customer', contactPerson],
      ['Employees->Customer', employee],
      ['Customers person->Customer', personCustomer],
    ] as const) {
      expect(mergeKeyOf(byId(mapping), record)).toEqual({
        field: 'email',
        value: normaliseEmail(record.EmailAddress),
        sourceField: 'EmailAddress',
        uniqueInSource: false,
        normalise: 'email',
      });
    }
  });

  test('organisations merge on the org number, never on e-mail', () => {
    expect(mergeKeyOf(byId('Customers->Customer'), organisationCustomer)).toEqual({
      field: 'cf_org_number',
      value: '987654325',
      sourceField: 'OrganizationNumber',
      uniqueInSource: false,
      normalise: 'org-number',
    });
    const noOrgNumber = { ...organisationCustomer, OrganizationNumber: null };
    expect(mergeKeyOf(byId('Customers->Customer'), noOrgNumber)).toBeUndefined();
    expect(resolveMergeKey(byId('Customers->Customer'), noOrgNumber)).toEqual({
      kind: 'none',
      reason: 'Customers 1001: OrganizationNumber is empty',
    });
  });

  test('products merge on the name, only when it is unique in PowerOffice and fits 100 characters', () => {
    expect(mergeKeyOf(byId('Product->Item'), product)).toEqual({
      field: 'name',
      value: 'Konsulenttime senior',
      sourceField: 'Name',
      uniqueInSource: true,
      normalise: 'name',
    });
    expect(resolveMergeKey(byId('Product->Item'), { ...product, Name: 'y'.repeat(120) })).toEqual({
      kind: 'park',
      reason: 'Product 7001: Name is 120 characters; Item name allows 100, so it cannot be linked by name',
    });
  });

  test('orders and unsupported mappings declare no merge key', () => {
    expect(resolveMergeKey(byId('Salesorders->Order'), salesOrder).kind).toBe('none');
    expect(mergeKeyOf(byId('Departments->Business_entity'), department)).toBeUndefined();
  });
});

describe('which mappings a record feeds', () => {
  test('a Customer with IsPerson true is a "Customers person"', () => {
    const { mappings, unsupported } = mappingsForSourceRecord(flow!, 'Customers', personCustomer);
    expect(ids(mappings)).toEqual(['Customers person->Customer']);
    expect(unsupported).toEqual([]);
  });

  test('a Customer with IsPerson false (or unset) feeds the on-demand Customer, and the unsupported business entity is reported', () => {
    for (const record of [organisationCustomer, { ...organisationCustomer, IsPerson: undefined }]) {
      const { mappings, unsupported } = mappingsForSourceRecord(flow!, 'Customers', record);
      expect(ids(mappings)).toEqual(['Customers->Customer']);
      expect(unsupported.map((u) => [u.mapping.target.type, u.reason])).toEqual([
        ['Business_entity', expect.stringMatching(/cannot create, read or change/)],
      ]);
    }
  });

  test('departments feed only the unsupported business entity', () => {
    const { mappings, unsupported } = mappingsForSourceRecord(flow!, 'Departments', department);
    expect(mappings).toEqual([]);
    expect(ids(unsupported.map((u) => u.mapping))).toEqual(['Departments->Business_entity']);
  });

  test('a sales order feeds the order mapping; its lines travel inside it', () => {
    expect(ids(mappingsForSourceRecord(flow!, 'SalesOrders', salesOrder).mappings)).toEqual(['Salesorders->Order']);
    expect(byId('Salesorders->Order').lines?.id).toBe('poweroffice-to-chargebee:Salesorderlines->Order');
    expect(byId('Salesorderlines->Order').partOf).toBe('poweroffice-to-chargebee:Salesorders->Order');
    expect(normalLine.SalesOrderId).toBe(salesOrder.Id);
  });

  test('four PowerOffice types feed a Chargebee customer; business entities have no writable mapping', () => {
    expect(ids(mappingsForTarget(flow!, 'customer'))).toEqual([
      'Contactperson->Customer',
      'Customers->Customer',
      'Employees->Customer',
      'Customers person->Customer',
    ]);
    expect(ids(mappingsForTarget(flow!, 'item'))).toEqual(['Product->Item']);
    expect(ids(mappingsForTarget(flow!, 'order'))).toEqual(['Salesorders->Order']);
    expect(mappingsForTarget(flow!, 'business_entity')).toEqual([]);
  });

  test('an order refers to its customer and (through its lines) its items; they refer to nothing', () => {
    // The contact person stands in for the customer only when CustomerId is empty: a fallback, not waited for.
    expect(referencedResources(flow!, 'SalesOrders').sort()).toEqual(['Customers', 'Products']);
    expect(referencedResources(flow!, 'ContactPersons')).toEqual([]);
    expect(referencedResources(flow!, 'Products')).toEqual([]);
    // A nested record refers to its parent; a mapping the target cannot take refers to nothing.
    const custom = loadDataflows().find((candidate) => candidate.id === 'customcrm-to-poweroffice')!;
    expect(referencedResources(custom, 'contacts')).toEqual(['customers']);
    expect(referencedResources(flow!, 'Departments')).toEqual([]);
  });

  test('a reference is a fallback only behind an unconditional pair for the same target field', () => {
    const conditional = structuredClone(flow!);
    const orders = conditional.mappings.find((mapping) => mapping.id.endsWith(':Salesorders->Order'))!;
    const byCustomer = orders.props.find((pair) => pair.source === 'CustomerId')!;
    byCustomer.when = { text: 'CountryCode is wd:Q20', field: 'CountryCode', kind: 'country-code', wikidataId: 'Q20' };
    expect(referencedResources(conditional, 'SalesOrders').sort()).toEqual(['ContactPersons', 'Customers', 'Products']);
  });
});

describe('ids of the records linkflow creates', () => {
  test('derived from the immutable PowerOffice id, per the file', () => {
    expect(targetIdFor(byId('Customers->Customer'), '1001')).toBe('pogo-c-1001');
    expect(targetIdFor(byId('Customers person->Customer'), '1002')).toBe('pogo-c-1002');
    expect(targetIdFor(byId('Contactperson->Customer'), '5501')).toBe('pogo-cp-5501');
    expect(targetIdFor(byId('Employees->Customer'), '301')).toBe('pogo-e-301');
    expect(targetIdFor(byId('Product->Item'), '7001')).toBe('pogo-p-7001');
    expect(() => targetIdFor(byId('Departments->Business_entity'), '41')).toThrow(/declares no target_id/);
  });
});
