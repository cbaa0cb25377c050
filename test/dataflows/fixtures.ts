/** Realistic PowerOffice GO v2 records (fields as the API spells them) and a link table for references. */
import type { SourceRef } from '../../dataflows/engine';

export const contactPerson = {
  Id: 5501,
  ContactId: 1001,
  FirstName: 'Kari',
  LastName: 'Nordmann',
  EmailAddress: 'Kari.Nordmann@fjordtest.no',
  PhoneNumber: '+47 22 33 44 55',
  IsActive: true,
  MailAddress: { AddressLine1: 'Storgata 1', ZipCode: '0155', City: 'Oslo', CountryCode: 'NO' },
  LastChangedDateTimeOffset: '2024-09-11T10:15:00+02:00',
};

export const organisationCustomer = {
  Id: 1001,
  Number: 10001,
  Name: 'Fjordtest Handel AS',
  IsPerson: false,
  OrganizationNumber: '987 654 325',
  EmailAddress: 'faktura@fjordtest.no',
  CurrencyCode: 'NOK',
  MailAddress: { AddressLine1: 'Storgata 1', ZipCode: '0155', City: 'Oslo', CountryCode: 'NO' },
  LastChangedDateTimeOffset: '2024-09-11T10:00:00+02:00',
};

export const personCustomer = {
  Id: 1002,
  Number: 10002,
  Name: 'Ola Hansen',
  IsPerson: true,
  FirstName: 'Ola',
  LastName: 'Hansen',
  EmailAddress: 'ola.hansen@example.no',
  MailAddress: { ZipCode: '5003', City: 'Bergen', CountryCode: 'NO' },
};

export const employee = {
  Id: 301,
  Number: 17,
  FirstName: 'Ingrid',
  LastName: 'Berg',
  EmailAddress: 'ingrid.berg@fjordtest.no',
  JobTitle: 'Selger',
  Gender: 'Female',
};

export const department = { Id: 41, Name: 'Salg Vest', Code: 'SV', IsActive: true };

export const product = {
  Id: 7001,
  Name: 'Konsulenttime senior',
  Code: 'KT-SEN',
  UnitPrice: 1250,
  ProductType: 'Service',
  UnitOfMeasureCode: 'HUR',
};

export const salesOrderId = '3f9c2a1e-8b7d-4c6e-9a51-2d0f6b8e4c17';

export const normalLine = {
  Id: 'a1b2c3d4-0000-4000-8000-000000000001',
  SalesOrderId: salesOrderId,
  ProductId: 7001,
  Description: 'Konsulenttime senior, september',
  Quantity: 2.5,
  ProductUnitPrice: 1250.5,
  LineType: 'Normal',
  VatRate: 0.25,
  SortOrder: 0,
};

export const salesOrder = {
  Id: salesOrderId,
  SalesOrderNo: 10042,
  SalesOrderStatus: 'Confirmed',
  CustomerId: 1001,
  CustomerReferenceContactPersonId: 5501,
  CurrencyCode: 'NOK',
  SalesOrderDate: '2024-09-11',
  NetAmount: 3126.25,
  SalesOrderLines: [normalLine],
};

/** The links the caller knows: source resource/id → the linked Chargebee id. */
export const links: Record<string, string> = {
  'Customers/1001': 'pogo-c-1001',
  'Customers/1002': 'pogo-c-1002',
  'ContactPersons/5501': 'pogo-cp-5501',
  'Products/7001': 'pogo-p-7001',
  'Products/7002': 'pogo-p-7002',
};

export const resolveLink = (ref: SourceRef): string | undefined => links[`${ref.resource}/${ref.id}`];
export const resolveNothing = (): string | undefined => undefined;
