/**
 * A deterministic, realistic Norwegian company for the sandboxes: the same seed and size always give the same
 * records. Records refer to each other by index (ids are handed out when loading).
 */
import { z } from 'zod';
import { PRODUCT_GROUPS } from '../poweroffice-go/resources';
import {
  asciiSlug, COMPANY_SUFFIXES, COMPANY_TRADES, COMPANY_WORDS, DEPARTMENTS, FIRST_NAMES, FOOD_NOUNS, JOB_TITLES, LAST_NAMES,
  PLACES, PRODUCT_ADJECTIVES, PRODUCT_NOUNS, SERVICE_NOUNS, STREETS,
} from './names';
import { orgNumberCheckDigit } from './org-number';
import { SeededRandom } from './random';

export const companyOptionsSchema = z.object({
  seed: z.number().int().default(1),
  customers: z.number().int().min(1).max(100_000).default(200),
  /** Give a few products the name of another one (to exercise "park ambiguous item names"). Off by default. */
  duplicateProductNames: z.boolean().default(false),
});
export type CompanyOptions = z.input<typeof companyOptionsSchema>;

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

class CompanyBuilder {
  private readonly random: SeededRandom;
  private readonly usedOrgNumbers = new Set<string>();
  private readonly usedEmails = new Set<string>();
  private emailSerial = 0;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  country(): Country {
    return this.random.weighted<Country>([['NO', 90], ['SE', 4], ['DK', 3], ['GB', 3]]);
  }

  address(country: Country = this.country()): Record_ {
    const place = this.random.pick(PLACES[country]);
    return { AddressLine1: `${this.random.pick(STREETS)} ${this.random.int(1, 120)}`, ZipCode: place.zip, City: place.city, CountryCode: country };
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
    while (this.usedEmails.has(address)) address = `${asciiSlug(firstName)}.${asciiSlug(lastName)}${++this.emailSerial}@${domain}`;
    this.usedEmails.add(address);
    return address;
  }

  phone(country: Country): string {
    const prefix = { NO: '+47', SE: '+46', DK: '+45', GB: '+44' }[country];
    return `${prefix} ${this.random.int(400, 999)} ${String(this.random.int(0, 99999)).padStart(5, '0')}`;
  }

  companyName(): string {
    return `${this.random.pick(COMPANY_WORDS)} ${this.random.pick(COMPANY_TRADES)} ${this.random.pick(COMPANY_SUFFIXES)}`;
  }

  /** An organisation (customer or supplier) with one to three contact persons. */
  organisation(number: number, personEmails: string[]): SeedContact {
    const country = this.country();
    const name = this.companyName();
    const domain = `${asciiSlug(name.split(' ').slice(0, 2).join(''))}${number}.${country === 'GB' ? 'co.uk' : country.toLowerCase()}`;
    const contactPersons = Array.from({ length: this.random.int(1, 3) }, (_unused, index) => {
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
        CurrencyCode: country === 'NO' ? 'NOK' : this.random.weighted([[{ SE: 'SEK', DK: 'DKK', GB: 'GBP' }[country], 3], ['EUR', 1]]),
        ...(this.random.chance(0.5) ? { InvoiceEmailAddress: `faktura@${domain}` } : {}),
      },
      contactPersons,
    };
  }

  privatePerson(number: number): SeedContact {
    const country = this.country();
    const person = this.person();
    return {
      post: {
        Number: number,
        IsPerson: true,
        ...person,
        EmailAddress: this.email(person.FirstName, person.LastName, this.random.pick(['gmail.com', 'online.no', 'hotmail.com', 'outlook.com'])),
        PhoneNumber: this.phone(country),
        MailAddress: this.address(country),
        CurrencyCode: 'NOK',
      },
      contactPersons: [],
    };
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
    const group = FOOD_NOUNS.has(noun) ? 'MAT' : isService ? 'TJENESTER' : this.random.chance(0.03) ? 'FRITATT' : 'VARER';
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

  build(options: z.infer<typeof companyOptionsSchema>): Company {
    const customerCount = options.customers;
    const departments = DEPARTMENTS.map((department) => ({ ...department, IsActive: true }));
    const employees = Array.from({ length: Math.min(5000, Math.max(10, Math.round(customerCount / 20))) }, (_unused, index) => {
      const person = this.person();
      const country: Country = this.random.chance(0.95) ? 'NO' : this.country();
      return {
        departmentIndex: this.random.int(0, departments.length - 1),
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
    });
    const productNames = new Set<string>();
    const products: Record_[] = [];
    const productCount = Math.min(5000, Math.max(30, Math.round(customerCount / 5)));
    for (let index = 0; index < productCount; index += 1) products.push(this.product(index, productNames, options.duplicateProductNames, products));

    const personEmails: string[] = employees.map((employee) => String(employee.post.EmailAddress));
    const customers: SeedContact[] = [];
    for (let index = 0; index < customerCount; index += 1) {
      const customer = this.random.chance(0.7) ? this.organisation(10000 + index, personEmails) : this.privatePerson(10000 + index);
      if (customer.post.IsPerson === true && this.random.chance(0.2)) personEmails.push(String(customer.post.EmailAddress));
      customers.push(customer);
    }
    const suppliers = Array.from({ length: Math.max(10, Math.round(customerCount / 10)) }, (_unused, index) => {
      if (this.random.chance(0.8)) return this.organisation(50000 + index, []);
      const supplier = this.privatePerson(50000 + index);
      return supplier;
    });

    const salesOrders: SeedSalesOrder[] = Array.from({ length: Math.round(customerCount * 0.8) }, () => {
      const customerIndex = this.random.int(0, customers.length - 1);
      const customer = customers[customerIndex];
      const persons = customer?.contactPersons.length ?? 0;
      const lines = Array.from({ length: this.random.int(1, 5) }, (_unused, lineIndex) => {
        if (lineIndex > 0 && this.random.chance(0.1)) return { productIndex: null, line: { LineType: 'Text', Description: 'Levering etter avtale' } };
        const productIndex = this.random.int(0, products.length - 1);
        return { productIndex, line: { Quantity: this.quantity(), ...(this.random.chance(0.1) ? { Allowance: this.random.pick([5, 10, 15]) } : {}) } };
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
    });
    return { seed: options.seed, departments, employees, products, customers, suppliers, salesOrders };
  }
}

export function generateCompany(options: CompanyOptions = {}): Company {
  const parsed = companyOptionsSchema.parse(options);
  return new CompanyBuilder(parsed.seed).build(parsed);
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
    overlap.push({ id: `cb-existing-person-${index + 1}`, email: text(person.EmailAddress), first_name: text(person.FirstName), last_name: text(person.LastName) });
  }
  if (organisation) {
    overlap.push({ id: 'cb-existing-org-1', company: text(organisation.post.Name), cf_org_number: text(organisation.post.OrganizationNumber), email: text(organisation.post.EmailAddress) });
  }
  return overlap;
}
