/**
 * What already exists in CRMOffice before linkflow's first sync, derived from a generated PowerOffice company,
 * so that link-first matching has something to find and something to leave alone:
 *
 * - Contacts with the e-mail of PowerOffice contact persons (the first contact person of the first few
 *   organisation customers), each under a CRMOffice company for its organisation (same name and org number).
 *   Every second one has its family name typed in capitals, so the first sync shows an edit there.
 * - A contact with the e-mail of the first supplier that is a person (Suppliers person → Contacts).
 * - One company whose name is the first product's name. The dataflow maps Product → Companies with only a name
 *   (products have no org number), so this company is found only where companies are linked by name; linked
 *   by org number, products overlap with no company at all.
 * - CRM-only records (two companies, three contacts) that exist in CRMOffice alone: linkflow must not touch them.
 *
 * The same generated company always gives the same records (ids aside, which the server hands out).
 */
import type { Company } from '../seeder';
import type { SandboxStore } from '../common/store';
import type { IdStyle } from './options';
import { createRecord, type StoredCompany } from './repository';

/** How many organisation customers bring a company and a contact along. */
const MATCHED_ORGANISATIONS = 6;

const CRM_ONLY_COMPANIES = [
  { name: 'Nordlys Eiendom AS', orgNr: '923456783', city: 'Tromsø', postCode: '9008' },
  { name: 'Fjordkraft Rådgivning AS', orgNr: '987654325', city: 'Bergen', postCode: '5003' },
];
const CRM_ONLY_CONTACTS = [
  { givenName: 'Solveig', familyName: 'Haugland', email: 'solveig.haugland@nordlys-eiendom.example', company: 0 },
  { givenName: 'Per', familyName: 'Eide', email: 'per.eide@nordlys-eiendom.example', company: 0 },
  { givenName: 'Anne', familyName: 'Vik', email: 'anne.vik@fjordkraft-radgivning.example', company: 1 },
];

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

function postAddressOf(post: Record<string, unknown>): Record<string, string | null> | null {
  const address = post['MailAddress'];
  if (typeof address !== 'object' || address === null) return null;
  const fields = address as Record<string, unknown>;
  return {
    streetAddress: text(fields['AddressLine1']),
    postCode: text(fields['ZipCode']),
    postalArea: text(fields['City']),
    country: text(fields['CountryCode']),
  };
}

export function seedCrmOffice(store: SandboxStore, company: Company, idStyle: IdStyle): Record<string, number> {
  let companies = 0;
  let contacts = 0;
  const addCompany = (body: Record<string, unknown>): StoredCompany => {
    companies += 1;
    return createRecord(store, 'companies', body, idStyle) as StoredCompany;
  };
  const addContact = (body: Record<string, unknown>): void => {
    contacts += 1;
    createRecord(store, 'contacts', body, idStyle);
  };

  store.transaction(() => {
    const organisations = company.customers
      .filter((customer) => text(customer.post['OrganizationNumber']) !== null && customer.contactPersons.length > 0)
      .slice(0, MATCHED_ORGANISATIONS);
    organisations.forEach((organisation, index) => {
      const crmCompany = addCompany({
        name: text(organisation.post['Name']),
        orgNr: text(organisation.post['OrganizationNumber']),
        postAddress: postAddressOf(organisation.post),
      });
      const person = organisation.contactPersons[0];
      if (!person) return;
      const familyName = text(person['LastName']);
      addContact({
        givenName: text(person['FirstName']),
        familyName: index % 2 === 1 && familyName !== null ? familyName.toUpperCase() : familyName,
        email: text(person['EmailAddress']),
        directPhone: text(person['PhoneNumber']),
        company: { id: crmCompany.id },
      });
    });

    const supplierPerson = company.suppliers.find(
      (supplier) => supplier.post['IsPerson'] === true && text(supplier.post['EmailAddress']) !== null,
    );
    if (supplierPerson) {
      addContact({
        givenName: text(supplierPerson.post['FirstName']),
        familyName: text(supplierPerson.post['LastName']),
        email: text(supplierPerson.post['EmailAddress']),
        mobilePhone: text(supplierPerson.post['PhoneNumber']),
      });
    }

    const product = company.products[0];
    if (product && text(product['Name']) !== null) addCompany({ name: text(product['Name']) });

    const crmOnly = CRM_ONLY_COMPANIES.map((entry) =>
      addCompany({
        name: entry.name,
        orgNr: entry.orgNr,
        visitAddress: { postCode: entry.postCode, postalArea: entry.city, country: 'NO' },
      }),
    );
    for (const entry of CRM_ONLY_CONTACTS) {
      const owner = crmOnly[entry.company];
      addContact({
        givenName: entry.givenName,
        familyName: entry.familyName,
        email: entry.email,
        ...(owner ? { company: { id: owner.id } } : {}),
      });
    }
  });
  return { companies, contacts };
}
