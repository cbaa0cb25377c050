/**
 * Conditions on Wikidata ids, with a small Uni Economy style dataflow: three PowerOffice fields feed
 * OrgNumber, each under its own condition; the first that holds and has a value wins, and an edit goes back
 * to that same field.
 */
import {
  conditionHolds,
  DataflowFileError,
  parseCondition,
  parseDataflow,
  toSource,
  toTarget,
} from '../../dataflows/engine';
import { resolveNothing } from './fixtures';

const uniEconomyStyle = `
dataflow: poweroffice-to-unieconomy
title: PowerOffice GO → Uni Economy (test)
source_system: poweroffice-go
target_system: unieconomy
mappings:
  - source: {type: Customers, resource: Customers}
    target: {type: Customers, resource: Customers}
    creation: always
    props:
      - {pair: [OrganizationNumber, OrgNumber], direction: both, when: "MailAddress.CountryCode is wd:Q11994066"}
      - {pair: [WebsiteUrl, WebUrl], direction: both}
      - {pair: [internationalIdNumber, OrgNumber], direction: both, when: "InternationalIdType is wd:Q11994066"}
      - {pair: [vatNumber, OrgNumber], direction: both, when: "mailAddress.countryCode is wd:Q11994066"}
      - {pair: [websiteUrl, WebUrl], direction: both}
`;

const flow = parseDataflow(uniEconomyStyle, 'unieconomy-test.yaml');
const customers = flow.mappings[0]!;

const norwegian = {
  Id: 1,
  Name: 'Fjord AS',
  OrganizationNumber: '987654325',
  WebsiteUrl: 'https://fjord.no',
  MailAddress: { City: 'Oslo', ZipCode: '0155', CountryCode: 'NO' },
};
const swedish = {
  Id: 2,
  Name: 'Sund AB',
  OrganizationNumber: '5560360793',
  WebsiteUrl: 'https://sund.se',
  MailAddress: { City: 'Malmö', ZipCode: '21120', CountryCode: 'SE' },
};
const v1WithInternationalId = {
  id: 3,
  name: 'Vik AS',
  internationalIdType: 'TaxIdentificationNumber',
  internationalIdCountryCode: 'NO',
  internationalIdNumber: '923609016',
  mailAddress: { countryCode: 'SE' },
};

describe('forward', () => {
  test('a Norwegian customer writes its org number', () => {
    expect(toTarget(customers, norwegian, resolveNothing).values).toEqual({
      OrgNumber: '987654325',
      WebUrl: 'https://fjord.no',
    });
  });

  test('a Swedish customer does not: the condition reads "the country is Norway"', () => {
    expect(toTarget(customers, swedish, resolveNothing).values).toEqual({ WebUrl: 'https://sund.se' });
  });

  test('an identifier-type field holding a Norwegian tax id feeds OrgNumber', () => {
    expect(toTarget(customers, v1WithInternationalId, resolveNothing).values).toEqual({ OrgNumber: '923609016' });
  });

  test('the same identifier type issued by another country does not', () => {
    const swedishId = { ...v1WithInternationalId, internationalIdCountryCode: 'SE' };
    expect(toTarget(customers, swedishId, resolveNothing).values).toEqual({});
    const passport = { ...v1WithInternationalId, internationalIdType: 'PassportNumber' };
    expect(toTarget(customers, passport, resolveNothing).values).toEqual({});
  });

  test('the first pair whose condition holds and which has a value wins; later ones are fallbacks', () => {
    const both = { ...norwegian, vatNumber: 'NO998877660MVA' };
    expect(toTarget(customers, both, resolveNothing).values.OrgNumber).toBe('987654325');
    const onlyVat = { ...norwegian, OrganizationNumber: '', vatNumber: 'NO998877660MVA' };
    expect(toTarget(customers, onlyVat, resolveNothing).values.OrgNumber).toBe('NO998877660MVA');
  });
});

describe('reverse', () => {
  test('an edit goes back to the field the forward direction read', () => {
    expect(toSource(customers, { OrgNumber: '998877660', WebUrl: 'https://fjord.no/ny' }, norwegian)).toEqual({
      OrganizationNumber: '998877660',
      WebsiteUrl: 'https://fjord.no/ny',
    });
    expect(toSource(customers, { OrgNumber: '998877660' }, v1WithInternationalId)).toEqual({
      internationalIdNumber: '998877660',
    });
  });

  test('no field is written back when no condition holds, or when the current record is unknown', () => {
    expect(toSource(customers, { OrgNumber: '998877660' }, swedish)).toEqual({});
    expect(toSource(customers, { OrgNumber: '998877660', WebUrl: 'https://x.no' })).toEqual({
      WebsiteUrl: 'https://x.no',
    });
  });
});

describe('the condition language', () => {
  test('a country code matches its own Wikidata country too (wd:Q20 is Norway)', () => {
    const condition = parseCondition('MailAddress.CountryCode is wd:Q20');
    expect(conditionHolds(condition, norwegian)).toBe(true);
    expect(conditionHolds(condition, swedish)).toBe(false);
  });

  test('a missing or unknown country does not hold', () => {
    const condition = parseCondition('MailAddress.CountryCode is wd:Q11994066');
    expect(conditionHolds(condition, { MailAddress: {} })).toBe(false);
    expect(conditionHolds(condition, { MailAddress: { CountryCode: 'XX' } })).toBe(false);
    expect(conditionHolds(condition, null)).toBe(false);
  });

  test('malformed conditions are refused with a reason', () => {
    expect(() => parseCondition('MailAddress.CountryCode equals NO')).toThrow(/not of the form/);
    expect(() => parseCondition('Name is wd:Q11994066')).toThrow(/does not say whether Name holds a country code/);
    expect(() => parseCondition('MailAddress.CountryCode is wd:Q999999999')).toThrow(
      /no country-code reading of wd:Q999999999/,
    );
  });

  test('a bad condition in a dataflow file fails with its zod path', () => {
    const broken = uniEconomyStyle.replace('"InternationalIdType is wd:Q11994066"', '"InternationalIdType is Norway"');
    expect(() => parseDataflow(broken, 'unieconomy-test.yaml')).toThrow(DataflowFileError);
    expect(() => parseDataflow(broken, 'unieconomy-test.yaml')).toThrow(
      /^unieconomy-test\.yaml: mappings\.0\.props\.2\.when: condition "InternationalIdType is Norway"/,
    );
  });
});

describe('nested source paths', () => {
  const addresses = parseDataflow(
    `
dataflow: nested-test
title: Nested paths
source_system: poweroffice-go
target_system: chargebee
mappings:
  - source: {type: Customers, resource: Customers}
    target: {type: Customer, resource: customer}
    creation: always
    props:
      - {pair: [mailAddress.city, billing_address.city], direction: both}
`,
    'nested-test.yaml',
  ).mappings[0]!;

  test('are read without regard to case and written back nested, as the API spells them', () => {
    expect(toTarget(addresses, norwegian, resolveNothing).values).toEqual({ 'billing_address.city': 'Oslo' });
    expect(toSource(addresses, { billing_address: { city: 'Bergen' } }, norwegian)).toEqual({
      MailAddress: { City: 'Bergen' },
    });
    expect(toSource(addresses, { billing_address: { city: 'Bergen' } }, v1WithInternationalId)).toEqual({
      mailAddress: { City: 'Bergen' },
    });
  });
});
