/**
 * Every property pair of the 9 PowerOffice GO → Chargebee mappings, in both directions: forward with a
 * realistic PowerOffice record, reverse for two-way pairs, and the declaration of every pair that is not
 * two-way (one-way, computed, unsupported), which must never be reversed.
 */
import {
  loadDataflows,
  reversiblePairs,
  toSource,
  toTarget,
  type Mapping,
  type TargetResult,
} from '../../dataflows/engine';
import { findKey, isRecord, nestValues } from '../../dataflows/engine/paths';
import {
  contactPerson,
  department,
  employee,
  normalLine,
  organisationCustomer,
  personCustomer,
  product,
  resolveLink,
  salesOrder,
} from './fixtures';

type Expected = 'both' | 'to-target' | 'computed' | 'unsupported';
const notWritten = Symbol('not written');

interface Row {
  mapping: string;
  pair: [string, string];
  direction: Expected;
  addedByLinkflow?: boolean;
  record: Record<string, unknown>;
  forward: unknown;
  /** Two-way pairs: a Chargebee edit and the PowerOffice field (as the API spells it) it lands in. */
  reverse?: { targetValue: unknown; sourceKey: string; sourceValue: unknown };
}

const orderWithoutCustomer = { ...salesOrder, CustomerId: null };

const rows: Row[] = [
  // Contactperson → Customer
  {
    mapping: 'Contactperson->Customer',
    pair: ['emailAddress', 'email'],
    direction: 'both',
    record: contactPerson,
    forward: 'Kari.Nordmann@fjordtest.no',
    reverse: { targetValue: 'kari@fjordtest.no', sourceKey: 'EmailAddress', sourceValue: 'kari@fjordtest.no' },
  },
  {
    mapping: 'Contactperson->Customer',
    pair: ['firstName', 'first_name'],
    direction: 'both',
    record: contactPerson,
    forward: 'Kari',
    reverse: { targetValue: 'Karianne', sourceKey: 'FirstName', sourceValue: 'Karianne' },
  },
  {
    mapping: 'Contactperson->Customer',
    pair: ['lastName', 'last_name'],
    direction: 'both',
    record: contactPerson,
    forward: 'Nordmann',
    reverse: { targetValue: 'Nordmann-Li', sourceKey: 'LastName', sourceValue: 'Nordmann-Li' },
  },
  {
    mapping: 'Contactperson->Customer',
    pair: ['Id', 'meta_data.pogo_contact_person_id'],
    direction: 'to-target',
    addedByLinkflow: true,
    record: contactPerson,
    forward: 5501,
  },
  // Customers (on demand) → Customer: linkflow's own pairs
  {
    mapping: 'Customers->Customer',
    pair: ['Name', 'company'],
    direction: 'both',
    addedByLinkflow: true,
    record: organisationCustomer,
    forward: 'Fjordtest Handel AS',
    reverse: { targetValue: 'Fjordtest Handel Vest AS', sourceKey: 'Name', sourceValue: 'Fjordtest Handel Vest AS' },
  },
  {
    mapping: 'Customers->Customer',
    pair: ['EmailAddress', 'email'],
    direction: 'both',
    addedByLinkflow: true,
    record: organisationCustomer,
    forward: 'faktura@fjordtest.no',
    reverse: { targetValue: 'post@fjordtest.no', sourceKey: 'EmailAddress', sourceValue: 'post@fjordtest.no' },
  },
  {
    mapping: 'Customers->Customer',
    pair: ['OrganizationNumber', 'cf_org_number'],
    direction: 'both',
    addedByLinkflow: true,
    record: organisationCustomer,
    forward: '987654325',
    reverse: { targetValue: '923 609 016', sourceKey: 'OrganizationNumber', sourceValue: '923609016' },
  },
  {
    mapping: 'Customers->Customer',
    pair: ['Id', 'meta_data.pogo_customer_id'],
    direction: 'to-target',
    addedByLinkflow: true,
    record: organisationCustomer,
    forward: 1001,
  },
  // Business entities: unsupported on the real Chargebee API
  {
    mapping: 'Customers->Business_entity',
    pair: ['Name', 'name'],
    direction: 'unsupported',
    record: organisationCustomer,
    forward: notWritten,
  },
  {
    mapping: 'Departments->Business_entity',
    pair: ['Name', 'name'],
    direction: 'unsupported',
    record: department,
    forward: notWritten,
  },
  // Employees → Customer
  {
    mapping: 'Employees->Customer',
    pair: ['EmailAddress', 'email'],
    direction: 'both',
    record: employee,
    forward: 'ingrid.berg@fjordtest.no',
    reverse: { targetValue: 'ingrid@fjordtest.no', sourceKey: 'EmailAddress', sourceValue: 'ingrid@fjordtest.no' },
  },
  {
    mapping: 'Employees->Customer',
    pair: ['FirstName', 'first_name'],
    direction: 'both',
    record: employee,
    forward: 'Ingrid',
    reverse: { targetValue: 'Ingrid M.', sourceKey: 'FirstName', sourceValue: 'Ingrid M.' },
  },
  {
    mapping: 'Employees->Customer',
    pair: ['LastName', 'last_name'],
    direction: 'both',
    record: employee,
    forward: 'Berg',
    reverse: { targetValue: 'Bergh', sourceKey: 'LastName', sourceValue: 'Bergh' },
  },
  {
    mapping: 'Employees->Customer',
    pair: ['Id', 'meta_data.pogo_employee_id'],
    direction: 'to-target',
    addedByLinkflow: true,
    record: employee,
    forward: 301,
  },
  // Salesorderlines → Order (one-way: Chargebee derives orders from invoices)
  {
    mapping: 'Salesorderlines->Order',
    pair: ['ProductUnitPrice', 'order_line_items.unit_price'],
    direction: 'to-target',
    record: normalLine,
    forward: 125050,
  },
  {
    mapping: 'Salesorderlines->Order',
    pair: ['Quantity', 'order_line_items.amount'],
    direction: 'to-target',
    record: normalLine,
    forward: 312625,
  },
  {
    mapping: 'Salesorderlines->Order',
    pair: ['VatRate', 'order_line_items.tax_amount'],
    direction: 'computed',
    record: normalLine,
    forward: notWritten,
  },
  {
    mapping: 'Salesorderlines->Order',
    pair: ['Quantity', 'order_line_items.quantity'],
    direction: 'to-target',
    addedByLinkflow: true,
    record: normalLine,
    forward: 2.5,
  },
  {
    mapping: 'Salesorderlines->Order',
    pair: ['ProductId', 'order_line_items.item_id'],
    direction: 'to-target',
    addedByLinkflow: true,
    record: normalLine,
    forward: 'pogo-p-7001',
  },
  {
    mapping: 'Salesorderlines->Order',
    pair: ['Description', 'order_line_items.description'],
    direction: 'to-target',
    addedByLinkflow: true,
    record: normalLine,
    forward: 'Konsulenttime senior, september',
  },
  // Customers person → Customer
  {
    mapping: 'Customers person->Customer',
    pair: ['EmailAddress', 'email'],
    direction: 'both',
    record: personCustomer,
    forward: 'ola.hansen@example.no',
    reverse: { targetValue: 'ola@example.no', sourceKey: 'EmailAddress', sourceValue: 'ola@example.no' },
  },
  {
    mapping: 'Customers person->Customer',
    pair: ['FirstName', 'first_name'],
    direction: 'both',
    record: personCustomer,
    forward: 'Ola',
    reverse: { targetValue: 'Ole', sourceKey: 'FirstName', sourceValue: 'Ole' },
  },
  {
    mapping: 'Customers person->Customer',
    pair: ['LastName', 'last_name'],
    direction: 'both',
    record: personCustomer,
    forward: 'Hansen',
    reverse: { targetValue: 'Hanssen', sourceKey: 'LastName', sourceValue: 'Hanssen' },
  },
  {
    mapping: 'Customers person->Customer',
    pair: ['Id', 'meta_data.pogo_customer_id'],
    direction: 'to-target',
    addedByLinkflow: true,
    record: personCustomer,
    forward: 1002,
  },
  // Product → Item
  {
    mapping: 'Product->Item',
    pair: ['name', 'name'],
    direction: 'both',
    record: product,
    forward: 'Konsulenttime senior',
    reverse: { targetValue: 'Konsulenttime, senior', sourceKey: 'Name', sourceValue: 'Konsulenttime, senior' },
  },
  {
    mapping: 'Product->Item',
    pair: ['Id', 'metadata.pogo_product_id'],
    direction: 'to-target',
    addedByLinkflow: true,
    record: product,
    forward: 7001,
  },
  // Salesorders → Order (one-way; references become linked Chargebee ids)
  {
    mapping: 'Salesorders->Order',
    pair: ['CurrencyCode', 'currency_code'],
    direction: 'to-target',
    record: salesOrder,
    forward: 'NOK',
  },
  {
    mapping: 'Salesorders->Order',
    pair: ['CustomerId', 'customer_id'],
    direction: 'to-target',
    record: salesOrder,
    forward: 'pogo-c-1001',
  },
  {
    mapping: 'Salesorders->Order',
    pair: ['CustomerReferenceContactPersonId', 'customer_id'],
    direction: 'to-target',
    record: orderWithoutCustomer,
    forward: 'pogo-cp-5501',
  },
  {
    mapping: 'Salesorders->Order',
    pair: ['Id', 'po_number'],
    direction: 'to-target',
    addedByLinkflow: true,
    record: salesOrder,
    forward: '3f9c2a1e-8b7d-4c6e-9a51-2d0f6b8e4c17',
  },
];

const flow = loadDataflows().find((candidate) => candidate.id === 'poweroffice-to-chargebee')!;
if (flow === undefined) throw new Error('no dataflow loaded');

function mappingFor(row: Row): Mapping {
  const mapping = flow!.mappings.find((m) => m.id === `poweroffice-to-chargebee:${row.mapping}`);
  if (mapping === undefined) throw new Error(`no mapping ${row.mapping}`);
  return mapping;
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Maps a record forward. A line is mapped inside its order, as the sync does (it takes the order's currency),
 * and its values are keyed by the declared target path (`order_line_items.unit_price`), as a record's are.
 */
function forward(mapping: Mapping, record: Record<string, unknown>): TargetResult {
  if (mapping.partOf === undefined) return toTarget(mapping, record, resolveLink);
  const parent = flow!.mappings.find((m) => m.id === mapping.partOf)!;
  const list = mapping.target.linesInto!;
  const result = toTarget(parent, { ...salesOrder, SalesOrderLines: [record] }, resolveLink);
  const lines = result.values[list];
  const line = Array.isArray(lines) && isRecord(lines[0]) ? lines[0] : {};
  const values = Object.fromEntries(Object.entries(line).map(([key, value]) => [`${list}.${key}`, value]));
  return { ...result, values };
}

describe('the table covers the dataflow file exactly', () => {
  test('the file has the 9 mappings of the seed', () => {
    expect(flow!.mappings).toHaveLength(9);
  });

  test('every pair of every mapping has a row, and every row names a declared pair', () => {
    const declared = flow!.mappings.flatMap((m) => m.props.map((p) => `${m.id.split(':')[1]} ${p.source}→${p.target}`));
    const covered = rows.map((r) => `${r.mapping} ${r.pair[0]}→${r.pair[1]}`);
    expect(covered.sort()).toEqual(declared.sort());
  });
});

describe.each(rows.map((row) => [`${row.mapping} [${row.pair.join(', ')}]`, row] as const))('%s', (_name, row) => {
  const mapping = mappingFor(row);
  const pair = mapping.props.find((p) => p.source === row.pair[0] && p.target === row.pair[1])!;

  test(`is declared ${row.direction}${row.addedByLinkflow === true ? ', added by linkflow' : ''}`, () => {
    if (row.direction === 'unsupported') {
      expect(mapping.unsupported).toMatch(/public API cannot create, read or change business entities/);
    } else {
      expect(mapping.unsupported).toBeUndefined();
      expect(pair.direction).toBe(row.direction);
      if (row.direction !== 'both') expect(pair.reason).toEqual(expect.any(String));
    }
    expect(pair.addedByLinkflow).toBe(row.addedByLinkflow === true);
  });

  test('forward: writes the PowerOffice value to the Chargebee field', () => {
    const result = forward(mapping, row.record);
    if (row.forward === notWritten) {
      expect(Object.keys(result.values)).not.toContain(row.pair[1]);
      if (row.direction === 'unsupported') {
        expect(result.values).toEqual({});
        expect(result.problems[0]?.message).toMatch(/not supported/);
      }
    } else {
      expect(result.values[row.pair[1]]).toEqual(row.forward);
      expect(result.missingRefs).toEqual([]);
      expect(result.problems).toEqual([]);
    }
  });

  if (row.reverse !== undefined) {
    const reverse = row.reverse;
    test('reverse: a Chargebee edit lands in the PowerOffice field, spelled as the API spells it', () => {
      const targetValues = nestValues({ [row.pair[1]]: reverse.targetValue });
      expect(toSource(mapping, targetValues, row.record)).toEqual({ [reverse.sourceKey]: reverse.sourceValue });
      // Without the current record the field takes its PascalCase form.
      expect(toSource(mapping, targetValues)).toEqual({ [reverse.sourceKey]: reverse.sourceValue });
    });
  } else {
    test('reverse: never written back to PowerOffice', () => {
      const everyTargetField = nestValues(
        Object.fromEntries(mapping.props.map((p) => [p.target, 'edited in Chargebee'])),
      );
      const written = toSource(mapping, everyTargetField, row.record);
      expect(findKey(written, row.pair[0])).toBeUndefined();
      if (row.direction === 'unsupported') expect(written).toEqual({});
      expect(reversiblePairs(mapping).filter((p) => sameName(p.source, row.pair[0]))).toEqual([]);
    });
  }
});

describe('whole records', () => {
  const byId = (id: string): Mapping => flow!.mappings.find((m) => m.id === `poweroffice-to-chargebee:${id}`)!;

  test('a contact person gives exactly its Chargebee customer fields', () => {
    expect(toTarget(byId('Contactperson->Customer'), contactPerson, resolveLink).values).toEqual({
      email: 'Kari.Nordmann@fjordtest.no',
      first_name: 'Kari',
      last_name: 'Nordmann',
      'meta_data.pogo_contact_person_id': 5501,
    });
  });

  test('a Chargebee customer edit on every field writes back only the two-way fields', () => {
    const edited = {
      id: 'pogo-c-1001',
      company: 'Ny AS',
      email: 'ny@fjordtest.no',
      cf_org_number: '998877660',
      meta_data: { pogo_customer_id: 99 },
      phone: '123',
    };
    expect(toSource(byId('Customers->Customer'), edited, organisationCustomer)).toEqual({
      Name: 'Ny AS',
      EmailAddress: 'ny@fjordtest.no',
      OrganizationNumber: '998877660',
    });
  });

  test('an empty Chargebee value does not clear the PowerOffice field', () => {
    expect(toSource(byId('Employees->Customer'), { email: '', first_name: null, last_name: 'Berg' }, employee)).toEqual(
      { LastName: 'Berg' },
    );
  });

  test('an empty PowerOffice value is not written', () => {
    const values = toTarget(
      byId('Employees->Customer'),
      { ...employee, EmailAddress: '  ', LastName: null },
      resolveLink,
    ).values;
    expect(values).toEqual({ first_name: 'Ingrid', 'meta_data.pogo_employee_id': 301 });
  });

  test('a value longer than Chargebee allows is a problem naming the record and the field', () => {
    const result = toTarget(byId('Product->Item'), { ...product, Name: 'x'.repeat(101) }, resolveLink);
    expect(result.problems).toEqual([
      { field: 'name', message: 'Product 7001: name is 101 characters; Item name allows 100' },
    ]);
    expect(result.values).not.toHaveProperty('name');
  });

  test('an invalid org number is a problem naming the record and the field (the record parks)', () => {
    const result = toTarget(
      byId('Customers->Customer'),
      { ...organisationCustomer, OrganizationNumber: '987654321' },
      resolveLink,
    );
    expect(result.values).not.toHaveProperty('cf_org_number');
    expect(result.problems).toEqual([
      {
        field: 'OrganizationNumber',
        message:
          'Customers 1001: OrganizationNumber "987654321" is not a valid Norwegian organisation number (9 digits with a mod-11 check digit); correct it where it was entered',
      },
    ]);
  });

  test('a control character in a text is a problem naming the record and the field; tabs and line breaks are text', () => {
    const bad = toTarget(byId('Product->Item'), { ...product, Name: 'Kaffe\u0007' }, resolveLink);
    expect(bad.problems).toEqual([
      {
        field: 'name',
        message: 'Product 7001: name holds a control character (U+0007 at position 6); Item name takes text only',
      },
    ]);
    const fine = toTarget(byId('Product->Item'), { ...product, Name: 'Kaffe\tstor' }, resolveLink);
    expect(fine.problems).toEqual([]);
  });

  test('a person with neither first nor last name is a problem naming the record and the fields', () => {
    const result = toTarget(
      byId('Contactperson->Customer'),
      { ...contactPerson, FirstName: null, LastName: ' ' },
      resolveLink,
    );
    expect(result.problems[0]?.field).toBe('FirstName');
    expect(result.problems[0]?.message).toMatch(
      /^Contactperson \d+: FirstName and LastName are all empty; a person needs a first or last name/,
    );
  });
});

describe('case-insensitive property paths', () => {
  const mapping = flow!.mappings.find((m) => m.source.type === 'Contactperson')!;

  test('the seed spells emailAddress; a v2 record spells EmailAddress, a v1 record emailAddress: both are read', () => {
    const v1Record = { id: 5501, firstName: 'Kari', lastName: 'Nordmann', emailAddress: 'kari@fjordtest.no' };
    expect(toTarget(mapping, v1Record, resolveLink).values.email).toBe('kari@fjordtest.no');
    expect(toTarget(mapping, contactPerson, resolveLink).values.email).toBe('Kari.Nordmann@fjordtest.no');
  });

  test('the reverse keeps the spelling the current record uses', () => {
    const v1Record = { id: 5501, firstName: 'Kari', lastName: 'Nordmann', emailAddress: 'kari@fjordtest.no' };
    expect(toSource(mapping, { email: 'k@fjordtest.no' }, v1Record)).toEqual({ emailAddress: 'k@fjordtest.no' });
    expect(toSource(mapping, { email: 'k@fjordtest.no' }, contactPerson)).toEqual({ EmailAddress: 'k@fjordtest.no' });
  });
});
