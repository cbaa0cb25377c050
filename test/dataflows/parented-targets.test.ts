/**
 * A target that lives under a parent record (a PowerOffice contact person under its customer): the mapping
 * names the source field that points at the parent, and the parent is one more reference to link first.
 */
import { parentProblem, parentRefOf, parseDataflow, referencesOf, type Mapping } from '../../dataflows/engine';

const flow = parseDataflow(
  `
dataflow: crm-to-erp
title: CRM → ERP
source_system: crm
target_system: erp
mappings:
  - source: {type: Customer, resource: customers}
    target: {type: Customers, resource: Customers}
    creation: always
    target_id: {prefix: crm-c-, source_id: uuid, max_length: 50}
    props:
      - {pair: [name, Name], direction: both}
  - source: {type: Contact, resource: contacts}
    target: {type: Contactperson, resource: ContactPersons, parent: {reference: Customer, field: customerId}}
    creation: always
    target_id: {prefix: crm-p-, source_id: uuid, max_length: 50}
    props:
      - {pair: [firstName, FirstName], direction: both}
`,
  'crm-to-erp.yaml',
);
const contact = flow.mappings[1] as Mapping;

test('the parent is a reference of the record, resolved through the named mapping', () => {
  const data = { id: 'p1', firstName: 'Kari', customerId: 'c9' };
  expect(parentRefOf(contact, data)).toEqual({
    mapping: 'Customer',
    resource: 'customers',
    id: 'c9',
    field: 'customerId',
  });
  expect(referencesOf(contact, data)).toEqual([parentRefOf(contact, data)]);
  expect(parentProblem(contact, data)).toBeUndefined();
});

test('a record that names no parent is refused with the field and why', () => {
  expect(parentRefOf(contact, { firstName: 'Kari' })).toBeUndefined();
  expect(parentProblem(contact, { firstName: 'Kari' })).toMatch(
    /has no customerId: a erp ContactPersons record lives under a Customer, so it needs one/,
  );
});

test('a parent naming no mapping of the file is refused when the file loads', () => {
  expect(() =>
    parseDataflow(
      `
dataflow: broken
title: Broken
source_system: crm
target_system: erp
mappings:
  - source: {type: Contact, resource: contacts}
    target: {type: Contactperson, resource: ContactPersons, parent: {reference: Company, field: companyId}}
    creation: always
    props: []
`,
      'broken.yaml',
    ),
  ).toThrow(/mappings\.0\.target\.parent\.reference: no writable mapping has source type Company/);
});
