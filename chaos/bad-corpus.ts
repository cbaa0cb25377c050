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
  /** The field at fault, as PowerOffice names it; a reason may name it so or as in `alsoKnownAs`. */
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
  /** Other fields a reason may name instead (a record without names and e-mail: any of them). */
  orFields?: string[];
  /** The fields that make the record bad (null deletes a value; lines are changed through `line`). */
  bad: Json;
  /** For sales orders: changes to the first line. */
  line?: Json;
  /** Try the API first even for a line change (the API takes some bad lines as they are). */
  viaApi?: boolean;
}

/** Replaced by a valid org number with a wrong last digit when the record is planted. */
const BAD_CHECK_DIGIT = 'bad-check-digit';

/** How the mapping or Chargebee may name a PowerOffice field in a reason. */
const MAPPED_NAMES: Record<string, string[]> = {
  EmailAddress: ['email'],
  FirstName: ['first_name'],
  LastName: ['last_name'],
  Name: ['name', 'company'],
  OrganizationNumber: ['cf_org_number'],
  CustomerId: ['customer_id'],
  ProductId: ['item_id'],
  CurrencyCode: ['currency_code'],
  Quantity: ['quantity'],
  Description: ['description'],
};

const TEN_KB = 'Å'.repeat(10_240);
const LONG_EMAIL = `${'kari.nordmann.'.repeat(6)}langadresse@example.no`; // valid form, over 100 characters
const CONTROL = '\u0000\u0007\u001b[31m';
const LONG_NAME = `Chaos ${'lang vare '.repeat(15)}`.slice(0, 150);

type Kind = BadSpec['resource'];
const spec = (resource: Kind, field: string, problem: string, bad: Json, extra: Partial<BadSpec> = {}): BadSpec => ({
  problem,
  resource,
  field,
  bad,
  ...extra,
});
const NO_NAMES = { orFields: ['LastName'] };
const NO_ID = { orFields: ['LastName', 'EmailAddress'] };
const NO_NAME_VALUES = { FirstName: null, LastName: null };

export const BAD_SPECS: BadSpec[] = [
  spec('ContactPersons', 'EmailAddress', 'e-mail with two @', { EmailAddress: 'kari..nordmann@@example.no' }),
  spec('ContactPersons', 'EmailAddress', 'e-mail with a space', { EmailAddress: 'kari nordmann@example.no' }),
  spec('ContactPersons', 'EmailAddress', 'e-mail without domain', { EmailAddress: 'kari.nordmann@' }),
  spec('ContactPersons', 'EmailAddress', 'over-long e-mail', { EmailAddress: LONG_EMAIL }),
  spec('ContactPersons', 'FirstName', '10 kB first name', { FirstName: TEN_KB }),
  spec('ContactPersons', 'LastName', '10 kB last name', { LastName: TEN_KB }),
  spec('ContactPersons', 'FirstName', 'control characters in first name', { FirstName: `Kari${CONTROL}` }),
  spec('ContactPersons', 'FirstName', 'no names and no e-mail', { ...NO_NAME_VALUES, EmailAddress: null }, NO_ID),
  spec('ContactPersons', 'FirstName', 'first name is a number (wrong type)', { FirstName: 4711 }),
  spec('Employees', 'EmailAddress', 'e-mail with (at) for @', { EmailAddress: 'ola.hansen(at)example.no' }),
  spec('Employees', 'EmailAddress', 'over-long e-mail', { EmailAddress: LONG_EMAIL.replace('kari', 'ola') }),
  spec('Employees', 'FirstName', '10 kB first name', { FirstName: TEN_KB }),
  spec('Employees', 'LastName', 'control characters in last name', { LastName: `Hansen\n\t${CONTROL}` }),
  spec('Employees', 'FirstName', 'no names', { FirstName: null, LastName: null }, NO_NAMES),
  spec('Employees', 'LastName', 'last name is a list (wrong type)', { LastName: ['Hansen'] }),
  spec('Employees', 'EmailAddress', 'e-mail is a number (wrong type)', { EmailAddress: 12345 }),
  spec('PrivateCustomers', 'EmailAddress', 'e-mail without top-level domain', { EmailAddress: 'per@olsen' }),
  spec('PrivateCustomers', 'EmailAddress', 'over-long e-mail', { EmailAddress: LONG_EMAIL.replace('kari', 'per') }),
  spec('PrivateCustomers', 'LastName', '10 kB last name', { LastName: TEN_KB }),
  spec('PrivateCustomers', 'FirstName', 'no names', { FirstName: null, LastName: null, Name: null }, NO_NAMES),
  spec('PrivateCustomers', 'FirstName', 'first name is an object (wrong type)', { FirstName: { value: 'Per' } }),
  spec('PrivateCustomers', 'FirstName', 'control characters in first name', { FirstName: `Per${CONTROL}` }),
  spec('Products', 'Name', '10 kB product name', { Name: TEN_KB }),
  spec('Products', 'Name', 'product name of 150 characters', { Name: LONG_NAME }),
  spec('Products', 'Name', 'control characters in product name', { Name: `Kaffe${CONTROL}` }),
  spec('Products', 'Name', 'product without name', { Name: null }),
  spec('Products', 'UnitPrice', 'unit price is text (wrong type)', { UnitPrice: 'tolv kroner' }),
  spec('Organisations', 'OrganizationNumber', 'org number, bad check digit', { OrganizationNumber: BAD_CHECK_DIGIT }),
  spec('Organisations', 'OrganizationNumber', 'org number of 5 digits', { OrganizationNumber: '12345' }),
  spec('Organisations', 'OrganizationNumber', 'org number of letters', { OrganizationNumber: 'ABCDEFGHI' }),
  spec('Organisations', 'Name', '10 kB company name', { Name: TEN_KB }),
  spec('Organisations', 'EmailAddress', 'broken e-mail', { EmailAddress: 'post@@firma' }),
  spec('Organisations', 'EmailAddress', 'over-long e-mail', { EmailAddress: LONG_EMAIL.replace('kari', 'post') }),
  spec('SalesOrders', 'CustomerId', 'order for a missing customer', { CustomerId: 999_999_999 }),
  spec('SalesOrders', 'ProductId', 'order line for a missing product', {}, { line: { ProductId: 999_999 } }),
  spec('SalesOrders', 'CurrencyCode', 'unknown currency QQQ', { CurrencyCode: 'QQQ' }),
  spec('SalesOrders', 'CurrencyCode', 'malformed currency NOKK', { CurrencyCode: 'NOKK' }),
  spec('SalesOrders', 'Quantity', 'line quantity is text (wrong type)', {}, { line: { Quantity: 'tre' } }),
  spec('SalesOrders', 'Quantity', 'negative line quantity', {}, { line: { Quantity: -2 }, viaApi: true }),
  spec('SalesOrders', 'Description', '10 kB line description', {}, { line: { Description: TEN_KB }, viaApi: true }),
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
    const company = (name: string, email: string): Json => ({
      Name: name,
      OrganizationNumber: orgNumber(random),
      EmailAddress: email,
    });
    const host = await po.create('Customers', company('Chaos Vertskap AS', 'post@chaos-vertskap.no'), key('host'));
    const buyer = await po.create('Customers', company('Chaos Ordrekunde AS', 'post@chaos-ordre.no'), key('buyer'));
    const planted: BadRecord[] = [];
    for (const [index, spec] of BAD_SPECS.entries()) {
      const n = index + 1;
      const resource = RESOURCE_OF[spec.resource];
      const valid = validRecord(spec, n, random, buyer.id, context.productId);
      let bad: Json = { ...spec.bad };
      if (bad['OrganizationNumber'] === BAD_CHECK_DIGIT) {
        bad = { ...bad, OrganizationNumber: withBadCheckDigit(orgNumber(random)) };
      }
      const parentId = resource === 'ContactPersons' ? host.id : undefined;
      const options = { ...key(`r${n}`), ...(parentId ? { parentId } : {}) };
      // Through the API when it accepts the record as it is; otherwise (and for most line changes, which the
      // API checks against the products) a valid record through the API, changed in the store afterwards.
      let id: string | undefined;
      let plantedVia: BadRecord['plantedVia'] = 'api';
      if (!spec.line || spec.viaApi) {
        try {
          id = (await po.create(resource, withLineChanges({ ...valid, ...bad }, spec.line), options)).id;
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
        }
      }
      if (id === undefined) {
        const validOptions = { ...options, idempotencyKey: `${options.idempotencyKey}-valid` };
        id = (await po.create(resource, valid, validOptions)).id;
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
        alsoKnownAs: [spec.field, ...(spec.orFields ?? [])].flatMap((f) => [f, ...(MAPPED_NAMES[f] ?? [])]).slice(1),
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
      return {
        Name: `Chaos Ugyldig ${n} AS`,
        OrganizationNumber: orgNumber(random),
        EmailAddress: `post@chaos-bad${n}.no`,
        CurrencyCode: 'NOK',
      };
    case 'Products':
      return { Name: `Chaos ugyldig vare ${n}`, Code: `CHAOS-BAD-${n}`, UnitPrice: 100 + n };
    case 'SalesOrders':
      return orderFor(orderCustomerId, productId, 'NOK');
  }
}
