/**
 * A deterministic, realistic Norwegian company for the sandboxes: the same seed and size always give the same
 * records. Records refer to each other by index (ids are handed out when loading).
 *
 * The size comes from a named profile (`default`: 200 customers; `benchmark`: the issue's benchmark company) and
 * explicit counts on top of it. Counts left out follow from the number of customers and are drawn at random, as
 * the default company always has been; an explicit count is met exactly.
 */
import { z } from 'zod';
import { PRODUCT_GROUPS } from '../poweroffice-go/resources';
import {
  asciiSlug,
  COMPANY_SUFFIXES,
  COMPANY_TRADES,
  COMPANY_WORDS,
  DEPARTMENTS,
  FIRST_NAMES,
  FOOD_NOUNS,
  JOB_TITLES,
  LAST_NAMES,
  PLACES,
  PRODUCT_ADJECTIVES,
  PRODUCT_NOUNS,
  SERVICE_NOUNS,
  STREETS,
} from './names';
import { orgNumberCheckDigit } from './org-number';
import { SeededRandom } from './random';

/** Exact record counts; every one may be left out. */
export const companyShapeSchema = z
  .object({
    customers: z.number().int().min(1).max(100_000),
    /** Customers that are private persons; the others are organisations. */
    persons: z.number().int().min(0),
    /** Contact persons of the customer organisations, in all (each organisation has one to three). */
    contactPersons: z.number().int().min(0),
    employees: z.number().int().min(0).max(5000),
    /** The first six are the base departments; more are regional branches of them. */
    departments: z.number().int().min(1).max(600),
    products: z.number().int().min(1).max(100_000),
    suppliers: z.number().int().min(0).max(100_000),
    salesOrders: z.number().int().min(0).max(1_000_000),
    linesPerOrder: z.number().int().min(1).max(100),
  })
  .partial();
export type CompanyShape = z.infer<typeof companyShapeSchema>;

export const COMPANY_PROFILE_NAMES = ['default', 'benchmark'] as const;
export type CompanyProfile = (typeof COMPANY_PROFILE_NAMES)[number];
export const companyProfileSchema = z.enum(COMPANY_PROFILE_NAMES);

/**
 * Named companies. `benchmark` is the company the API budgets and benchmarks are stated for: 10,000 customers
 * (a third of them persons), 15,000 contact persons, 300 employees, 30 departments, 500 products and 20,000
 * sales orders of 3 lines each. It has no suppliers, so that every contact person belongs to a customer.
 */
export const COMPANY_PROFILES: Record<CompanyProfile, CompanyShape & { customers: number }> = {
  default: { customers: 200 },
  benchmark: {
    customers: 10_000,
    persons: 3_333,
    contactPersons: 15_000,
    employees: 300,
    departments: 30,
    products: 500,
    suppliers: 0,
    salesOrders: 20_000,
    linesPerOrder: 3,
  },
};

export const companyOptionsSchema = companyShapeSchema.extend({
  seed: z.number().int().default(1),
  /** The counts given beside it override the profile's. */
  profile: companyProfileSchema.default('default'),
  /** Give a few products the name of another one (to exercise "park ambiguous item names"). Off by default. */
  duplicateProductNames: z.boolean().default(false),
});
export type CompanyOptions = z.input<typeof companyOptionsSchema>;

/** Counts that must hold together (the profile and the explicit counts are checked once merged). */
const resolvedShapeSchema = companyShapeSchema.required({ customers: true }).superRefine((shape, context) => {
  const { customers, persons, contactPersons } = shape;
  if (persons !== undefined && persons > customers) {
    context.addIssue({ code: 'custom', path: ['persons'], message: `more persons than the ${customers} customers` });
    return;
  }
  if (contactPersons === undefined) return;
  // The number of organisations must be known to spread an exact number of contact persons over them.
  if (persons === undefined) {
    context.addIssue({ code: 'custom', path: ['persons'], message: 'an exact contactPersons needs an exact persons' });
    return;
  }
  const organisations = customers - persons;
  if (contactPersons < organisations || contactPersons > 3 * organisations) {
    const message = `${organisations} organisations cannot have ${contactPersons} contact persons (1 to 3 each)`;
    context.addIssue({ code: 'custom', path: ['contactPersons'], message });
  }
});
type ResolvedOptions = z.infer<typeof resolvedShapeSchema> & { seed: number; duplicateProductNames: boolean };

/** The profile's counts with the explicit ones on top. */
export function resolveCompanyOptions(options: CompanyOptions = {}): ResolvedOptions {
  const { profile, seed, duplicateProductNames, ...explicit } = companyOptionsSchema.parse(options);
  const shape: CompanyShape = { ...COMPANY_PROFILES[profile] };
  for (const key of companyShapeSchema.keyof().options) {
    const value = explicit[key];
    if (value !== undefined) shape[key] = value;
  }
  return { ...resolvedShapeSchema.parse(shape), seed, duplicateProductNames };
}

export type Record_ = Record<string, unknown>;

export interface SeedContact {
  post: Record_;
  contactPersons: Record_[];
}
export interface SeedSalesOrder {
  customerIndex: number;
  /** Index into the customer's contact persons, for CustomerReferenceContactPersonId. */
  contactPersonIndex: number | null;
  header: Record_;
  lines: { productIndex: number | null; line: Record_ }[];
}
export interface Company {
  seed: number;
  departments: Record_[];
  employees: { post: Record_; departmentIndex: number }[];
  products: Record_[];
  customers: SeedContact[];
  suppliers: SeedContact[];
  salesOrders: SeedSalesOrder[];
}

type Country = keyof typeof PLACES;

/**
 * Hands out `total` items over `slots` slots, `min` to `max` each, one slot at a time and exactly: each draw
 * aims at the mean still needed and stays within what the remaining slots can still absorb.
 */
class ExactSpread {
  constructor(
    private readonly random: SeededRandom,
    private remaining: number,
    private slots: number,
    private readonly min: number,
    private readonly max: number,
  ) {}

  next(): number {
    const mean = this.remaining / this.slots;
    // Mostly the two counts around the mean, sometimes any count, so that every size occurs.
    const wanted = this.random.chance(0.3)
      ? this.random.int(this.min, this.max)
      : Math.floor(mean) + (this.random.chance(mean - Math.floor(mean)) ? 1 : 0);
    const others = this.slots - 1;
    const least = Math.max(this.min, this.remaining - others * this.max);
    const most = Math.min(this.max, this.remaining - others * this.min);
    const count = Math.min(Math.max(wanted, least), most);
    this.remaining -= count;
    this.slots -= 1;
    return count;
  }
}

/** Picks exactly `wanted` of `total` items in one pass, each with the same chance (selection sampling). */
class ExactPick {
  constructor(
    private readonly random: SeededRandom,
    private wanted: number,
    private total: number,
  ) {}

  next(): boolean {
    const picked = this.random.chance(this.wanted / this.total);
    if (picked) this.wanted -= 1;
    this.total -= 1;
    return picked;
  }
}

class CompanyBuilder {
  private readonly random: SeededRandom;
  private readonly usedOrgNumbers = new Set<string>();
  private readonly usedEmails = new Set<string>();
  private emailSerial = 0;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  country(): Country {
    return this.random.weighted<Country>([
      ['NO', 90],
      ['SE', 4],
      ['DK', 3],
      ['GB', 3],
    ]);
  }

  address(country: Country = this.country()): Record_ {
    const place = this.random.pick(PLACES[country]);
    return {
      AddressLine1: `${this.random.pick(STREETS)} ${this.random.int(1, 120)}`,
      ZipCode: place.zip,
      City: place.city,
      CountryCode: country,
    };
  }

  orgNumber(): string {
    for (;;) {
      const firstEight = `${this.random.pick(['8', '9'])}${String(this.random.int(0, 9_999_999)).padStart(7, '0')}`;
      const check = orgNumberCheckDigit(firstEight);
      const number = `${firstEight}${check ?? ''}`;
      if (check !== null && !this.usedOrgNumbers.has(number)) {
        this.usedOrgNumbers.add(number);
        return number;
      }
    }
  }

  person(): { FirstName: string; LastName: string } {
    return { FirstName: this.random.pick(FIRST_NAMES), LastName: this.random.pick(LAST_NAMES) };
  }

  email(firstName: string, lastName: string, domain: string): string {
    let address = `${asciiSlug(firstName)}.${asciiSlug(lastName)}@${domain}`;
    while (this.usedEmails.has(address)) {
      address = `${asciiSlug(firstName)}.${asciiSlug(lastName)}${++this.emailSerial}@${domain}`;
    }
    this.usedEmails.add(address);
    return address;
  }

  phone(country: Country): string {
    const prefix = { NO: '+47', SE: '+46', DK: '+45', GB: '+44' }[country];
    return `${prefix} ${this.random.int(400, 999)} ${String(this.random.int(0, 99999)).padStart(5, '0')}`;
  }

  companyName(): string {
    const word = this.random.pick(COMPANY_WORDS);
    const trade = this.random.pick(COMPANY_TRADES);
    return `${word} ${trade} ${this.random.pick(COMPANY_SUFFIXES)}`;
  }

  /**
   * An organisation (customer or supplier) with `personCount` contact persons, or one to three drawn here (the
   * draw stays where it always was, so that companies without explicit counts do not change).
   */
  organisation(number: number, personEmails: string[], personCount?: number): SeedContact {
    const country = this.country();
    const name = this.companyName();
    const topLevel = country === 'GB' ? 'co.uk' : country.toLowerCase();
    const domain = `${asciiSlug(name.split(' ').slice(0, 2).join(''))}${number}.${topLevel}`;
    const contactPersons = Array.from({ length: personCount ?? this.random.int(1, 3) }, (_unused, index) => {
      const person = this.person();
      // A few contact persons are also employees or private customers: link-first matching must meet them.
      const shared = personEmails.length > 0 && this.random.chance(0.03) ? this.random.pick(personEmails) : undefined;
      return {
        ...person,
        EmailAddress: shared ?? this.email(person.FirstName, person.LastName, domain),
        PhoneNumber: this.phone(country),
        Title: this.random.pick(JOB_TITLES),
        IsDefault: index === 0,
        ...(this.random.chance(0.3) ? { MailAddress: this.address(country) } : {}),
      };
    });
    const foreignCurrency = (foreign: Exclude<Country, 'NO'>): string =>
      this.random.weighted([
        [{ SE: 'SEK', DK: 'DKK', GB: 'GBP' }[foreign], 3],
        ['EUR', 1],
      ]);
    return {
      post: {
        Number: number,
        Name: name,
        LegalName: name,
        OrganizationNumber: country === 'NO' ? this.orgNumber() : null,
        EmailAddress: `post@${domain}`,
        PhoneNumber: this.phone(country),
        WebsiteUrl: `https://www.${domain}`,
        MailAddress: this.address(country),
        CurrencyCode: country === 'NO' ? 'NOK' : foreignCurrency(country),
        ...(this.random.chance(0.5) ? { InvoiceEmailAddress: `faktura@${domain}` } : {}),
      },
      contactPersons,
    };
  }

  privatePerson(number: number): SeedContact {
    const country = this.country();
    const person = this.person();
    const domain = this.random.pick(['gmail.com', 'online.no', 'hotmail.com', 'outlook.com']);
    return {
      post: {
        Number: number,
        IsPerson: true,
        ...person,
        EmailAddress: this.email(person.FirstName, person.LastName, domain),
        PhoneNumber: this.phone(country),
        MailAddress: this.address(country),
        CurrencyCode: 'NOK',
      },
      contactPersons: [],
    };
  }

  /** The six base departments, then regional branches of them (no random draws: departments come first). */
  departments(count: number): Record_[] {
    const places = PLACES.NO;
    return Array.from({ length: count }, (_unused, index) => {
      const base = DEPARTMENTS[index % DEPARTMENTS.length];
      if (!base) throw new Error('no base departments');
      const branch = Math.floor(index / DEPARTMENTS.length);
      if (branch === 0) return { ...base, IsActive: true };
      const place = places[(branch - 1) % places.length]?.city ?? 'Filial';
      const round = Math.floor((branch - 1) / places.length);
      const name = `${base.Name} ${place}${round > 0 ? ` ${round + 1}` : ''}`;
      return { Code: String(Number(base.Code) + branch), Name: name, IsActive: true };
    });
  }

  product(index: number, names: Set<string>, duplicates: boolean, previous: Record_[]): Record_ {
    const noun = this.random.pick(PRODUCT_NOUNS);
    let name = `${this.random.pick(PRODUCT_ADJECTIVES)} ${noun}`;
    if (duplicates && previous.length > 0 && this.random.chance(0.05)) {
      name = String(this.random.pick(previous).Name);
    } else {
      for (let variant = 2; names.has(name); variant += 1) name = `${name.replace(/ \d+$/, '')} ${variant}`;
    }
    names.add(name);
    const isService = SERVICE_NOUNS.has(noun);
    const goodsGroup = (): string => (this.random.chance(0.03) ? 'FRITATT' : 'VARER');
    const group = FOOD_NOUNS.has(noun) ? 'MAT' : isService ? 'TJENESTER' : goodsGroup();
    const price = isService ? this.random.int(450, 1800) : this.random.int(1000, 250000) / 100;
    return {
      Code: `P${10000 + index}`,
      Name: name.slice(0, 100),
      Description: `${name} fra ${this.random.pick(COMPANY_WORDS)}`,
      UnitPrice: price,
      UnitCost: Math.round(price * 60) / 100,
      ProductType: isService ? 'Service' : 'Product',
      UnitOfMeasureCode: isService ? 'HUR' : FOOD_NOUNS.has(noun) && this.random.chance(0.3) ? 'KGM' : 'EA',
      ProductGroupCode: PRODUCT_GROUPS.find((candidate) => candidate.Code === group)?.Code ?? null,
    };
  }

  quantity(): number {
    // Most quantities are whole; some are fractional (hours, kilos).
    return this.random.chance(0.15) ? this.random.pick([0.5, 1.5, 2.25, 0.75, 3.5, 7.5]) : this.random.int(1, 20);
  }

  date(year: number): string {
    const day = this.random.int(0, 364);
    return new Date(Date.UTC(year, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  }

  employee(index: number, departmentCount: number): Company['employees'][number] {
    const person = this.person();
    const country: Country = this.random.chance(0.95) ? 'NO' : this.country();
    return {
      departmentIndex: this.random.int(0, departmentCount - 1),
      post: {
        Number: index + 1,
        ...person,
        EmailAddress: this.email(person.FirstName, person.LastName, 'linkflow-demo.no'),
        PhoneNumber: this.phone(country),
        JobTitle: this.random.pick(JOB_TITLES),
        Gender: this.random.pick(['Male', 'Female', 'Hidden']),
        MailAddress: this.address(country),
        HiredDate: this.date(this.random.int(2010, 2024)),
      },
    };
  }

  customers(options: ResolvedOptions, personEmails: string[]): SeedContact[] {
    const count = options.customers;
    const persons = options.persons === undefined ? undefined : new ExactPick(this.random, options.persons, count);
    const contactPersons =
      options.contactPersons === undefined || options.persons === undefined
        ? undefined
        : new ExactSpread(this.random, options.contactPersons, count - options.persons, 1, 3);
    const customers: SeedContact[] = [];
    for (let index = 0; index < count; index += 1) {
      const isOrganisation = persons ? !persons.next() : this.random.chance(0.7);
      const customer = isOrganisation
        ? this.organisation(10000 + index, personEmails, contactPersons?.next())
        : this.privatePerson(10000 + index);
      if (customer.post.IsPerson === true && this.random.chance(0.2)) {
        personEmails.push(String(customer.post.EmailAddress));
      }
      customers.push(customer);
    }
    return customers;
  }

  salesOrder(customers: SeedContact[], productCount: number, linesPerOrder: number | undefined): SeedSalesOrder {
    const customerIndex = this.random.int(0, customers.length - 1);
    const customer = customers[customerIndex];
    const persons = customer?.contactPersons.length ?? 0;
    const lines = Array.from({ length: linesPerOrder ?? this.random.int(1, 5) }, (_unused, lineIndex) => {
      if (lineIndex > 0 && this.random.chance(0.1)) {
        return { productIndex: null, line: { LineType: 'Text', Description: 'Levering etter avtale' } };
      }
      const productIndex = this.random.int(0, productCount - 1);
      const quantity = this.quantity();
      const allowance = this.random.chance(0.1) ? { Allowance: this.random.pick([5, 10, 15]) } : {};
      return { productIndex, line: { Quantity: quantity, ...allowance } };
    });
    return {
      customerIndex,
      contactPersonIndex: persons > 0 && this.random.chance(0.5) ? this.random.int(0, persons - 1) : null,
      header: {
        SalesOrderStatus: this.random.chance(0.8) ? 'Confirmed' : 'Draft',
        SalesOrderDate: this.date(2025),
        ...(this.random.chance(0.3) ? { PurchaseOrderReference: `PO-${this.random.int(1000, 99999)}` } : {}),
      },
      lines,
    };
  }

  build(options: ResolvedOptions): Company {
    const customerCount = options.customers;
    const departments = this.departments(options.departments ?? DEPARTMENTS.length);
    const employeeCount = options.employees ?? Math.min(5000, Math.max(10, Math.round(customerCount / 20)));
    const employees = Array.from({ length: employeeCount }, (_unused, index) =>
      this.employee(index, departments.length),
    );
    const productNames = new Set<string>();
    const products: Record_[] = [];
    const productCount = options.products ?? Math.min(5000, Math.max(30, Math.round(customerCount / 5)));
    for (let index = 0; index < productCount; index += 1) {
      products.push(this.product(index, productNames, options.duplicateProductNames, products));
    }

    const personEmails: string[] = employees.map((employee) => String(employee.post.EmailAddress));
    const customers = this.customers(options, personEmails);
    const supplierCount = options.suppliers ?? Math.max(10, Math.round(customerCount / 10));
    const suppliers = Array.from({ length: supplierCount }, (_unused, index) =>
      this.random.chance(0.8) ? this.organisation(50000 + index, []) : this.privatePerson(50000 + index),
    );

    const orderCount = options.salesOrders ?? Math.round(customerCount * 0.8);
    const salesOrders = Array.from({ length: orderCount }, () =>
      this.salesOrder(customers, products.length, options.linesPerOrder),
    );
    return { seed: options.seed, departments, employees, products, customers, suppliers, salesOrders };
  }
}

/** A company of the given profile and counts (default: the 200-customer company of seed 1). */
export function generateCompany(options: CompanyOptions = {}): Company {
  const resolved = resolveCompanyOptions(options);
  return new CompanyBuilder(resolved.seed).build(resolved);
}

/**
 * Customers that already exist in Chargebee before the first sync: persons with the e-mail of a PowerOffice
 * private customer, contact person and employee, and one organisation with a PowerOffice org number.
 */
export interface ChargebeeOverlapCustomer {
  id: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  company?: string;
  cf_org_number?: string;
}

export function chargebeeOverlap(company: Company): ChargebeeOverlapCustomer[] {
  const overlap: ChargebeeOverlapCustomer[] = [];
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const privateCustomer = company.customers.find((customer) => customer.post.IsPerson === true);
  const organisation = company.customers.find((customer) => typeof customer.post.OrganizationNumber === 'string');
  const contactPerson = company.customers.flatMap((customer) => customer.contactPersons)[1];
  const employee = company.employees[2]?.post;
  for (const [index, person] of [privateCustomer?.post, contactPerson, employee].entries()) {
    if (!person) continue;
    overlap.push({
      id: `cb-existing-person-${index + 1}`,
      email: text(person.EmailAddress),
      first_name: text(person.FirstName),
      last_name: text(person.LastName),
    });
  }
  if (organisation) {
    overlap.push({
      id: 'cb-existing-org-1',
      company: text(organisation.post.Name),
      cf_org_number: text(organisation.post.OrganizationNumber),
      email: text(organisation.post.EmailAddress),
    });
  }
  return overlap;
}
