/**
 * The campaign's convergence check on plain data: it counts lost edits (including an older edit that won),
 * races, duplicates of every kind, and targets that differ from the mapping of their source.
 */
import {
  checkConvergence,
  checkEdits,
  checkTargets,
  findDuplicates,
  indexView,
  isClean,
  type EditRecord,
  type EditSubject,
} from '../../chaos/convergence';
import type { SystemsView } from '../../chaos/systems';
import { loadDataflows, type Dataflow } from '../../dataflows/engine';

const flow: Dataflow = (() => {
  const found = loadDataflows().find((candidate) => candidate.id === 'poweroffice-to-chargebee');
  if (!found) throw new Error('dataflow missing');
  return found;
})();

const person: EditSubject = {
  po: { resource: 'ContactPersons', id: '8000001', parentId: '5000001' },
  cb: { type: 'customer', id: 'pogo-cp-8000001' },
};
const other: EditSubject = {
  po: { resource: 'Employees', id: '5000002' },
  cb: { type: 'customer', id: 'pogo-e-5000002' },
};

type Side = EditRecord['system'];
function edit(seq: number, system: Side, value: string, at: number, extra: Partial<EditRecord> = {}): EditRecord {
  const names = { poField: 'FirstName', cbField: 'first_name' };
  return { seq, system, subject: person, ...names, value, at, kind: 'stream', ...extra };
}

/** PowerOffice and Chargebee both holding this first name for the contact person. */
const both = (firstName: string): SystemsView =>
  view({ po: { ContactPersons: [contact(firstName)] }, cb: { customer: [customer(firstName)] } });

function view(overrides: { po?: Partial<SystemsView['po']>; cb?: Partial<SystemsView['cb']> } = {}): SystemsView {
  return {
    po: { Customers: [], ContactPersons: [], Employees: [], Products: [], SalesOrders: [], ...overrides.po },
    cb: { customer: [], item: [], invoice: [], order: [], ...overrides.cb },
  };
}

const contact = (firstName: string) => ({
  Id: 8000001,
  ContactId: 5000001,
  FirstName: firstName,
  LastName: 'Nordmann',
  EmailAddress: 'kari@example.no',
});
const customer = (firstName: string, extra: Record<string, unknown> = {}) => ({
  id: 'pogo-cp-8000001',
  first_name: firstName,
  last_name: 'Nordmann',
  email: 'kari@example.no',
  meta_data: { pogo_contact_person_id: 8000001 },
  ...extra,
});

describe('edits', () => {
  test('the latest edit held on both sides: every edit of the property converged', () => {
    const edits = [edit(1, 'poweroffice-go', 'Åse-p1', 1_000), edit(2, 'chargebee', 'Siv-c2', 2_000)];
    const result = checkEdits(edits, indexView(both('Siv-c2')));
    expect(result).toMatchObject({ edits: 2, properties: 1, converged: 2, lost: [] });
  });

  test('a side without the latest edit is a lost edit, and an older edit that won is named', () => {
    const edits = [edit(1, 'poweroffice-go', 'Åse-p1', 1_000), edit(2, 'chargebee', 'Siv-c2', 2_000)];
    // The Chargebee edit reached nothing: PowerOffice still holds (and wrote back) the older value.
    const result = checkEdits(edits, indexView(both('Åse-p1')));
    expect(result.converged).toBe(0);
    expect(result.lost).toEqual([
      {
        subject: 'ContactPersons/8000001',
        property: 'first_name',
        expected: 'Siv-c2',
        madeIn: 'chargebee',
        poweroffice: 'Åse-p1',
        chargebee: 'Åse-p1',
        olderWon: true,
      },
    ]);
  });

  test('an edit lost on one side only is still lost; edits of other records are counted apart', () => {
    const edits = [
      edit(1, 'chargebee', 'Siv-c1', 1_000),
      { ...edit(2, 'poweroffice-go', 'Ola-p2', 1_500), subject: other },
    ];
    const state = view({
      po: { ContactPersons: [contact('Kari')], Employees: [{ Id: 5000002, FirstName: 'Ola-p2' }] },
      cb: { customer: [customer('Siv-c1'), { id: 'pogo-e-5000002', first_name: 'Ola-p2' }] },
    });
    const result = checkEdits(edits, indexView(state));
    expect(result).toMatchObject({ edits: 2, properties: 2, converged: 1 });
    expect(result.lost).toHaveLength(1);
    const expected = { subject: 'ContactPersons/8000001', poweroffice: 'Kari', chargebee: 'Siv-c1', olderWon: false };
    expect(result.lost[0]).toMatchObject(expected);
  });

  test('a race is won by the later edit only when both sides hold it', () => {
    const race = { kind: 'race' as const, race: 1 };
    const edits = [edit(1, 'poweroffice-go', 'Åse-p1', 10_000, race), edit(2, 'chargebee', 'Siv-c2', 11_000, race)];
    const won = checkEdits(edits, indexView(both('Siv-c2')));
    expect(won.races).toEqual([expect.objectContaining({ race: 1, laterWonOnBoth: true })]);
    const lostRace = checkEdits(edits, indexView(both('Åse-p1')));
    const first = { system: 'poweroffice-go', value: 'Åse-p1' };
    expect(lostRace.races).toEqual([expect.objectContaining({ race: 1, laterWonOnBoth: false, first })]);
    expect(lostRace.lost[0]?.olderWon).toBe(true);
  });

  test('a race needs two edits of one property of one record', () => {
    const race = { kind: 'race' as const, race: 3 };
    const refused = [edit(1, 'chargebee', 'Siv-c1', 1_000, race)];
    expect(checkEdits(refused, indexView(both('Siv-c1'))).races).toEqual([]);
    const elsewhere = { ...edit(2, 'poweroffice-go', 'Ola-p2', 2_000, race), subject: other };
    const mixed = [edit(1, 'chargebee', 'Siv-c1', 1_000, race), elsewhere];
    expect(checkEdits(mixed, indexView(both('Siv-c1'))).races).toEqual([]);
  });

  test('e-mail values compare without regard to case; other values exactly (after trimming)', () => {
    const email = { poField: 'EmailAddress', cbField: 'email' };
    const edits: EditRecord[] = [{ ...edit(1, 'poweroffice-go', 'Kari@Example.no', 1_000), ...email }];
    const state = view({
      po: { ContactPersons: [{ ...contact('Kari'), EmailAddress: 'Kari@Example.no' }] },
      cb: { customer: [customer('Kari', { email: 'kari@example.no ' })] },
    });
    const result = checkEdits(edits, indexView(state));
    expect(result.lost).toEqual([]);
  });
});

describe('duplicates', () => {
  test('two customers for one PowerOffice record, one e-mail and one org number; items, invoices and orders', () => {
    const state = view({
      cb: {
        customer: [
          customer('Kari'),
          customer('Kari', { id: 'cb-existing-person-2' }),
          { id: 'pogo-c-1', company: 'Fjord AS', cf_org_number: '923609016', email: 'post@fjord.no' },
          { id: 'pogo-c-2', company: 'Fjord Vest AS', cf_org_number: '923609016', email: 'post@fjord.no' },
        ],
        item: [
          { id: 'pogo-p-1', name: 'Kaffe', metadata: { pogo_product_id: 1 } },
          { id: 'pogo-p-1-copy', name: 'Kaffe 2', metadata: { pogo_product_id: 1 } },
        ],
        invoice: [
          { id: 'inv-1', po_number: 'uuid-1' },
          { id: 'inv-2', po_number: 'uuid-1' },
        ],
        order: [
          { id: 'so-uuid-1', invoice_id: 'inv-1' },
          { id: 'o-2', invoice_id: 'inv-1' },
        ],
      },
    });
    const kinds = findDuplicates(state).map((d) => `${d.kind}:${d.key}:${d.ids.join(',')}`);
    expect(kinds.sort()).toEqual(
      [
        'customers-per-record:ContactPersons/8000001:cb-existing-person-2,pogo-cp-8000001',
        'customers-per-email:kari@example.no:cb-existing-person-2,pogo-cp-8000001',
        'customers-per-org-number:923609016:pogo-c-1,pogo-c-2',
        'items-per-product:Products/1:pogo-p-1,pogo-p-1-copy',
        'invoices-per-sales-order:uuid-1:inv-1,inv-2',
        'orders-per-invoice:inv-1:o-2,so-uuid-1',
      ].sort(),
    );
  });

  test('organisations sharing an invoice e-mail are not duplicates', () => {
    const state = view({
      cb: {
        customer: [
          { id: 'pogo-c-1', company: 'Fjord AS', cf_org_number: '923609016', email: 'faktura@fjord.no' },
          { id: 'pogo-c-2', company: 'Fjord Vest AS', cf_org_number: '974760673', email: 'faktura@fjord.no' },
        ],
      },
    });
    expect(findDuplicates(state)).toEqual([]);
  });
});

describe('targets', () => {
  test('a target equal to its mapping matches; a different field differs; a missing one is missing', () => {
    const state = view({
      po: {
        ContactPersons: [contact('Kari')],
        Employees: [{ Id: 5000002, FirstName: 'Ola', LastName: 'Hansen', EmailAddress: 'ola@example.no' }],
        Products: [{ Id: 300001, Name: 'Kaffe' }],
      },
      cb: {
        customer: [customer('Kari')],
        item: [{ id: 'pogo-p-300001', name: 'Te', metadata: { pogo_product_id: 300001 } }],
      },
    });
    const result = checkTargets(flow, state, new Set());
    expect(result.sources).toBe(3);
    expect(result.matching).toBe(1);
    expect(result.missing).toEqual([expect.stringContaining('Employees/5000002')]);
    const mismatch = { source: 'Products/300001', field: 'name', expected: 'Kaffe', actual: 'Te' };
    expect(result.mismatches).toEqual([expect.objectContaining(mismatch)]);
  });

  test('bad records and undemanded companies are not expected; a confirmed order needs an invoice and an order', () => {
    const state = view({
      po: {
        Customers: [{ Id: 5000010, Name: 'Fjord AS', IsPerson: false, OrganizationNumber: '923609016' }],
        ContactPersons: [contact('Kari')],
        SalesOrders: [
          { Id: 'uuid-1', SalesOrderStatus: 'Confirmed', CustomerId: 5000011, CurrencyCode: 'NOK' },
          { Id: 'uuid-2', SalesOrderStatus: 'Draft', CustomerId: 5000010 },
        ],
      },
      cb: {
        invoice: [{ id: 'inv-1', po_number: 'uuid-1', currency_code: 'NOK' }],
        order: [{ id: 'so-uuid-1', invoice_id: 'inv-1' }],
      },
    });
    const result = checkTargets(flow, state, new Set(['ContactPersons/8000001']));
    expect(result).toMatchObject({ sources: 0, missing: [], mismatches: [], orders: 1, ordersInvoiced: 1 });
  });

  test('two contact persons with one e-mail share one customer, whose metadata names only one of them', () => {
    const second = { ...contact('Kari'), Id: 8000002 };
    const state = view({ po: { ContactPersons: [contact('Kari'), second] }, cb: { customer: [customer('Kari')] } });
    const result = checkTargets(flow, state, new Set());
    expect(result).toMatchObject({ sources: 2, matching: 2, missing: [], mismatches: [] });
    // A different name on the shared customer is still a mismatch for both.
    const renamed = view({ po: { ContactPersons: [contact('Kari'), second] }, cb: { customer: [customer('Åse')] } });
    expect(checkTargets(flow, renamed, new Set()).mismatches).toHaveLength(2);
  });

  test('the customer a contact person created may name the other contact person of its e-mail in its metadata', () => {
    // The second link wrote its own id last; the customer still carries the first one's derived id.
    const second = { ...contact('Kari'), Id: 8000002 };
    const named = customer('Kari', { meta_data: { pogo_contact_person_id: 8000002 } });
    const state = view({ po: { ContactPersons: [contact('Kari'), second] }, cb: { customer: [named] } });
    expect(checkTargets(flow, state, new Set()).mismatches).toEqual([]);
    // Alone with its e-mail, a contact person's customer must name it.
    const alone = view({ po: { ContactPersons: [contact('Kari')] }, cb: { customer: [named] } });
    expect(checkTargets(flow, alone, new Set()).mismatches).toHaveLength(1);
  });

  test('a clean report has no loss, duplicate, mismatch or missing target', () => {
    const state = both('Siv-c2');
    expect(isClean(checkConvergence(flow, state, [edit(1, 'chargebee', 'Siv-c2', 1)], new Set()))).toBe(true);
    expect(isClean(checkConvergence(flow, state, [edit(1, 'chargebee', 'Åse-c9', 1)], new Set()))).toBe(false);
  });
});
