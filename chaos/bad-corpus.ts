/**
 * The bad-input corpus: malformed records planted in PowerOffice GO before the first sync. Each is created
 * through the API when the API accepts it as it is; otherwise a valid record is created through the API and
 * then changed directly in the sandbox's store, as a real system might hold such data (imports, older API
 * versions, manual database fixes). Each must end parked with a reason that names the record and the field;
 * every other record must sync.
 */
import { ValidationError } from '../connectors/errors';
import type { PowerOfficeConnector } from '../connectors/poweroffice-go';
import { SandboxStore } from '../sandboxes/common/store';
import { formatTimestamp } from '../sandboxes/poweroffice-go/clock';
import { orgNumberCheckDigit } from '../sandboxes/seeder/org-number';
import { SeededRandom } from '../sandboxes/seeder/random';
import type { Json, PoResource } from './systems';

export interface BadRecord {
  /** What is wrong, in a few words. */
  problem: string;
  resource: PoResource;
  id: string;
  parentId?: string;
  /** The field at fault, as PowerOffice names it; `alsoKnownAs` are the mapped names a reason may use instead. */
  field: string;
  alsoKnownAs: string[];
  plantedVia: 'api' | 'store';
  /** Records that exist only to make this one matter (an order that demands a bad customer): they may park too. */
  dependants: string[];
}

interface BadSpec {
  problem: string;
  resource: 'ContactPersons' | 'Employees' | 'PrivateCustomers' | 'Organisations' | 'Products' | 'SalesOrders';
  field: string;
  alsoKnownAs?: string[];
  /** The fields that make the record bad (null deletes a value; lines are changed through `line`). */
  bad: Json;
  /** For sales orders: changes to the first line. */
  line?: Json;
}

const TEN_KB = 'Å'.repeat(10_240);
const LONG_EMAIL = `${'kari.nordmann.'.repeat(6)}langadresse@example.no`; // valid form, 97 characters
const CONTROL = '\u0000\u0007\u001b[31m';

export const BAD_SPECS: BadSpec[] = [
  { problem: 'e-mail with two @', resource: 'ContactPersons', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: 'kari..nordmann@@example.no' } },
  { problem: 'e-mail with a space', resource: 'ContactPersons', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: 'kari nordmann@example.no' } },
  { problem: 'e-mail without domain', resource: 'ContactPersons', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: 'kari.nordmann@' } },
  { problem: 'over-long e-mail (97 characters)', resource: 'ContactPersons', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: LONG_EMAIL } },
  { problem: '10 kB first name', resource: 'ContactPersons', field: 'FirstName', alsoKnownAs: ['first_name'], bad: { FirstName: TEN_KB } },
  { problem: '10 kB last name', resource: 'ContactPersons', field: 'LastName', alsoKnownAs: ['last_name'], bad: { LastName: TEN_KB } },
  { problem: 'control characters in first name', resource: 'ContactPersons', field: 'FirstName', alsoKnownAs: ['first_name'], bad: { FirstName: `Kari${CONTROL}` } },
  { problem: 'no names and no e-mail', resource: 'ContactPersons', field: 'FirstName', alsoKnownAs: ['first_name', 'LastName', 'EmailAddress'], bad: { FirstName: null, LastName: null, EmailAddress: null } },
  { problem: 'first name is a number (wrong type)', resource: 'ContactPersons', field: 'FirstName', alsoKnownAs: ['first_name'], bad: { FirstName: 4711 } },
  { problem: 'e-mail with (at) for @', resource: 'Employees', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: 'ola.hansen(at)example.no' } },
  { problem: 'over-long e-mail (97 characters)', resource: 'Employees', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: LONG_EMAIL.replace('kari', 'ola') } },
  { problem: '10 kB first name', resource: 'Employees', field: 'FirstName', alsoKnownAs: ['first_name'], bad: { FirstName: TEN_KB } },
  { problem: 'control characters in last name', resource: 'Employees', field: 'LastName', alsoKnownAs: ['last_name'], bad: { LastName: `Hansen\n\t${CONTROL}` } },
  { problem: 'no names', resource: 'Employees', field: 'FirstName', alsoKnownAs: ['first_name', 'LastName'], bad: { FirstName: null, LastName: null } },
  { problem: 'last name is a list (wrong type)', resource: 'Employees', field: 'LastName', alsoKnownAs: ['last_name'], bad: { LastName: ['Hansen'] } },
  { problem: 'e-mail is a number (wrong type)', resource: 'Employees', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: 12345 } },
  { problem: 'e-mail without top-level domain', resource: 'PrivateCustomers', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: 'per@olsen' } },
  { problem: 'over-long e-mail (97 characters)', resource: 'PrivateCustomers', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: LONG_EMAIL.replace('kari', 'per') } },
  { problem: '10 kB last name', resource: 'PrivateCustomers', field: 'LastName', alsoKnownAs: ['last_name'], bad: { LastName: TEN_KB } },
  { problem: 'no names', resource: 'PrivateCustomers', field: 'FirstName', alsoKnownAs: ['first_name', 'LastName', 'Name'], bad: { FirstName: null, LastName: null, Name: null } },
  { problem: 'first name is an object (wrong type)', resource: 'PrivateCustomers', field: 'FirstName', alsoKnownAs: ['first_name'], bad: { FirstName: { value: 'Per' } } },
  { problem: 'control characters in first name', resource: 'PrivateCustomers', field: 'FirstName', alsoKnownAs: ['first_name'], bad: { FirstName: `Per${CONTROL}` } },
  { problem: '10 kB product name', resource: 'Products', field: 'Name', alsoKnownAs: ['name'], bad: { Name: TEN_KB } },
  { problem: 'product name of 150 characters', resource: 'Products', field: 'Name', alsoKnownAs: ['name'], bad: { Name: `Chaos ${'lang vare '.repeat(15)}`.slice(0, 150) } },
  { problem: 'control characters in product name', resource: 'Products', field: 'Name', alsoKnownAs: ['name'], bad: { Name: `Kaffe${CONTROL}` } },
  { problem: 'product without name', resource: 'Products', field: 'Name', alsoKnownAs: ['name'], bad: { Name: null } },
  { problem: 'unit price is text (wrong type)', resource: 'Products', field: 'UnitPrice', bad: { UnitPrice: 'tolv kroner' } },
  { problem: 'org number with a bad check digit', resource: 'Organisations', field: 'OrganizationNumber', alsoKnownAs: ['cf_org_number'], bad: { OrganizationNumber: 'BAD_CHECK_DIGIT' } },
  { problem: 'org number of 5 digits', resource: 'Organisations', field: 'OrganizationNumber', alsoKnownAs: ['cf_org_number'], bad: { OrganizationNumber: '12345' } },
  { problem: 'org number of letters', resource: 'Organisations', field: 'OrganizationNumber', alsoKnownAs: ['cf_org_number'], bad: { OrganizationNumber: 'ABCDEFGHI' } },
  { problem: '10 kB company name', resource: 'Organisations', field: 'Name', alsoKnownAs: ['company'], bad: { Name: TEN_KB } },
  { problem: 'broken e-mail', resource: 'Organisations', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: 'post@@firma' } },
  { problem: 'over-long e-mail (97 characters)', resource: 'Organisations', field: 'EmailAddress', alsoKnownAs: ['email'], bad: { EmailAddress: LONG_EMAIL.replace('kari', 'post') } },
  { problem: 'order for a missing customer', resource: 'SalesOrders', field: 'CustomerId', alsoKnownAs: ['customer_id'], bad: { CustomerId: 999_999_999 } },
  { problem: 'order line for a missing product', resource: 'SalesOrders', field: 'ProductId', alsoKnownAs: ['item_id'], bad: {}, line: { ProductId: 999_999 } },
  { problem: 'unknown currency QQQ', resource: 'SalesOrders', field: 'CurrencyCode', alsoKnownAs: ['currency_code', 'currency'], bad: { CurrencyCode: 'QQQ' } },
  { problem: 'malformed currency NOKK', resource: 'SalesOrders', field: 'CurrencyCode', alsoKnownAs: ['currency_code', 'currency'], bad: { CurrencyCode: 'NOKK' } },
  { problem: 'line quantity is text (wrong type)', resource: 'SalesOrders', field: 'Quantity', alsoKnownAs: ['quantity'], bad: {}, line: { Quantity: 'tre' } },
  { problem: 'negative line quantity', resource: 'SalesOrders', field: 'Quantity', alsoKnownAs: ['quantity'], bad: {}, line: { Quantity: -2 } },
  { problem: '10 kB line description', resource: 'SalesOrders', field: 'Description', alsoKnownAs: ['description'], bad: {}, line: { Description: TEN_KB } },
];

function orgNumber(random: SeededRandom): string {
  for (;;) {
    const firstEight = `9${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
    const check = orgNumberCheckDigit(firstEight);
    if (check !== null) return `${firstEight}${check}`;
  }
}

/** The same number with a wrong last digit. */
function withBadCheckDigit(valid: string): string {
  const last = Number(valid.slice(-1));
  return `${valid.slice(0, -1)}${(last + 1) % 10}`;
}

const RESOURCE_OF: Record<BadSpec['resource'], PoResource> = {
  ContactPersons: 'ContactPersons',
  Employees: 'Employees',
  PrivateCustomers: 'Customers',
  Organisations: 'Customers',
  Products: 'Products',
  SalesOrders: 'SalesOrders',
};

export interface PlantContext {
  po: PowerOfficeConnector;
  /** The PowerOffice sandbox's SQLite file (`<dataDir>/sandboxes/poweroffice-go.sqlite`). */
  storeFile: string;
  /** A product every order line can use. */
  productId: string;
  random: SeededRandom;
}

/** Plants every record of BAD_SPECS and returns what was planted, with ids. */
export async function plantBadCorpus(context: PlantContext): Promise<BadRecord[]> {
  const { po, random } = context;
  const store = new SandboxStore(context.storeFile);
  let micros = Date.now() * 1000;
  /** Changes a stored record as a real system might hold it: no validation, a new change time. */
  const corrupt = (resource: PoResource, id: string, fields: Json, line?: Json): void => {
    const stored = store.get<Json>(resource, id);
    if (!stored) throw new Error(`the sandbox has no ${resource} ${id} to change`);
    const next: Json = { ...stored };
    for (const [key, value] of Object.entries(fields)) next[key] = value;
    if (line && Array.isArray(next['SalesOrderLines'])) {
      const [first, ...rest] = next['SalesOrderLines'] as Json[];
      next['SalesOrderLines'] = [{ ...first, ...line }, ...rest];
    }
    micros += 1000;
    next['LastChangedDateTimeOffset'] = formatTimestamp(micros);
    store.put(resource, id, next, micros / 1000);
  };

  try {
    const serial = Date.now().toString(36);
    const key = (name: string): { idempotencyKey: string } => ({ idempotencyKey: `chaos-bad-${serial}-${name}` });
    // Good records the bad ones hang on: a company for the contact persons, another for the bad orders.
    const host = await po.create('Customers', { Name: 'Chaos Vertskap AS', OrganizationNumber: orgNumber(random), EmailAddress: 'post@chaos-vertskap.no' }, key('host'));
    const orderCustomer = await po.create('Customers', { Name: 'Chaos Ordrekunde AS', OrganizationNumber: orgNumber(random), EmailAddress: 'post@chaos-ordre.no' }, key('order-customer'));
    const planted: BadRecord[] = [];
    for (const [index, spec] of BAD_SPECS.entries()) {
      const n = index + 1;
      const resource = RESOURCE_OF[spec.resource];
      const valid = validRecord(spec, n, random, orderCustomer.id, context.productId);
      let bad: Json = { ...spec.bad };
      if (bad['OrganizationNumber'] === 'BAD_CHECK_DIGIT') bad = { ...bad, OrganizationNumber: withBadCheckDigit(orgNumber(random)) };
      const parentId = resource === 'ContactPersons' ? host.id : undefined;
      const options = { ...key(`r${n}`), ...(parentId ? { parentId } : {}) };
      // Through the API when it accepts the record as it is; a line change always goes through the store,
      // because the record and its bad line are one document there.
      let id: string | undefined;
      let plantedVia: BadRecord['plantedVia'] = 'api';
      if (!spec.line) {
        try {
          id = (await po.create(resource, withLineChanges({ ...valid, ...bad }, undefined), options)).id;
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
        }
      } else if (spec.problem.startsWith('negative') || spec.problem.startsWith('10 kB line')) {
        try {
          id = (await po.create(resource, withLineChanges(valid, spec.line), options)).id;
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
        }
      }
      if (id === undefined) {
        id = (await po.create(resource, valid, { ...options, idempotencyKey: `${options.idempotencyKey}-valid` })).id;
        corrupt(resource, id, bad, spec.line);
        plantedVia = 'store';
      }
      const dependants: string[] = [];
      // An organisation is created in Chargebee only when an order needs it: give each bad one an order.
      if (spec.resource === 'Organisations') {
        const order = await po.create('SalesOrders', orderFor(id, context.productId, 'NOK'), key(`r${n}-order`));
        dependants.push(`SalesOrders/${order.id}`);
      }
      planted.push({
        problem: spec.problem,
        resource,
        id,
        ...(parentId ? { parentId } : {}),
        field: spec.field,
        alsoKnownAs: spec.alsoKnownAs ?? [],
        plantedVia,
        dependants,
      });
    }
    return planted;
  } finally {
    store.close();
  }
}

function withLineChanges(record: Json, line: Json | undefined): Json {
  if (!line || !Array.isArray(record['SalesOrderLines'])) return record;
  const [first, ...rest] = record['SalesOrderLines'] as Json[];
  return { ...record, SalesOrderLines: [{ ...first, ...line }, ...rest] };
}

function orderFor(customerId: string, productId: string, currency: string): Json {
  return {
    CustomerId: Number(customerId),
    SalesOrderStatus: 'Confirmed',
    CurrencyCode: currency,
    SalesOrderLines: [{ ProductId: Number(productId), Quantity: 2, ProductUnitPrice: 490 }],
  };
}

/** A valid record of the spec's kind, unique by its number, that the API accepts. */
function validRecord(spec: BadSpec, n: number, random: SeededRandom, orderCustomerId: string, productId: string): Json {
  const person = { FirstName: `Ugyldig${n}`, LastName: `Kunde${n}`, EmailAddress: `chaos.bad${n}@example.no` };
  switch (spec.resource) {
    case 'ContactPersons':
    case 'Employees':
      return person;
    case 'PrivateCustomers':
      return { ...person, IsPerson: true, CurrencyCode: 'NOK' };
    case 'Organisations':
      return { Name: `Chaos Ugyldig ${n} AS`, OrganizationNumber: orgNumber(random), EmailAddress: `post@chaos-bad${n}.no`, CurrencyCode: 'NOK' };
    case 'Products':
      return { Name: `Chaos ugyldig vare ${n}`, Code: `CHAOS-BAD-${n}`, UnitPrice: 100 + n };
    case 'SalesOrders':
      return orderFor(orderCustomerId, productId, 'NOK');
  }
}
