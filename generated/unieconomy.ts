/* eslint-disable */
// TRANSCRIBED BY HAND, not generated: Uni Economy (the Uni Micro "AppFramework" platform, also sold as Unimicro,
// SoftRig and bank-branded ERPs) publishes no machine-readable API document that this repository stores. These
// schemas were written from the vendor's public developer guides (developer.unimicro.no: authentication,
// filtering, customers, dimensions, troubleshooting) and the Swagger 2.0 document of the Uni Economy test API
// that the open-source client bjerkio/unieconomy-js publishes (2019). Only the fields linkflow reads or writes,
// and the bookkeeping fields every entity carries, are typed; every object is loose, so unknown fields pass.
//
// Guesses (marked GUESS below): timestamp format and zone; that `UpdatedAt` is null until the first edit; the
// error body (`Message`, `_validationResults`), which no source documents; the token answer's `expires_in`.
//
// The connector (connectors/unieconomy) and the sandbox (sandboxes/unieconomy) share nothing but this file.
import { z } from 'zod';

/** Customer `StatusCode` values from the customers guide; departments use the same codes (GUESS for them). */
export const UniStatusCode = { Active: 30001, InActive: 50001, Deleted: 90001 } as const;

/**
 * ISO-8601 date-time. The API answers UTC; GUESS: written as `YYYY-MM-DDTHH:MM:SS.fffZ` (the guides show both
 * `…T00:00:00Z` and, in filters, `…T00:00:00` without a zone).
 */
export const UniTimestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, {
  message: 'not an ISO-8601 date-time',
});

/** Fields every AppFramework entity carries (Swagger: ID, StatusCode, Deleted, Created*, Updated*, CustomValues). */
const entityFields = {
  ID: z.number().int(),
  StatusCode: z.number().int().nullable().optional(),
  Deleted: z.boolean().nullable().optional(),
  CreatedAt: UniTimestamp.nullable().optional(),
  CreatedBy: z.string().nullable().optional(),
  /** GUESS (the change-polling practice implies it): null until the record is first edited. */
  UpdatedAt: UniTimestamp.nullable().optional(),
  UpdatedBy: z.string().nullable().optional(),
  CustomValues: z.record(z.string(), z.unknown()).nullable().optional(),
};

/** `BusinessRelation`: a customer's name and contact details, reached as `Customer.Info` with `expand=Info`. */
export const BusinessRelation = z.looseObject({
  ...entityFields,
  Name: z.string().nullable().optional(),
  DefaultEmailID: z.number().int().nullable().optional(),
  DefaultPhoneID: z.number().int().nullable().optional(),
  InvoiceAddressID: z.number().int().nullable().optional(),
  ShippingAddressID: z.number().int().nullable().optional(),
  DefaultContactID: z.number().int().nullable().optional(),
  DefaultBankAccountID: z.number().int().nullable().optional(),
});
export type BusinessRelation = z.infer<typeof BusinessRelation>;

/** `Customer` as `GET /api/biz/customers[/{id}]` answers it; `Info` only when expanded. */
export const Customer = z.looseObject({
  ...entityFields,
  CreatedAt: UniTimestamp,
  CustomerNumber: z.number().int().nullable().optional(),
  OrgNumber: z.string().nullable().optional(),
  WebUrl: z.string().nullable().optional(),
  BusinessRelationID: z.number().int().nullable().optional(),
  Info: BusinessRelation.nullable().optional(),
  IsPrivate: z.boolean().nullable().optional(),
  CreditDays: z.number().int().nullable().optional(),
  CurrencyCodeID: z.number().int().nullable().optional(),
  PaymentTermsID: z.number().int().nullable().optional(),
  DeliveryTermsID: z.number().int().nullable().optional(),
  DimensionsID: z.number().int().nullable().optional(),
  DefaultSellerID: z.number().int().nullable().optional(),
  GLN: z.string().nullable().optional(),
  PeppolAddress: z.string().nullable().optional(),
  EfakturaIdentifier: z.string().nullable().optional(),
  EInvoiceAgreementReference: z.string().nullable().optional(),
  ReminderEmailAddress: z.string().nullable().optional(),
  Localization: z.string().nullable().optional(),
  AvtaleGiro: z.boolean().nullable().optional(),
  DontSendReminders: z.boolean().nullable().optional(),
  FactoringNumber: z.number().int().nullable().optional(),
  CustomerNumberKidAlias: z.string().nullable().optional(),
});
export type Customer = z.infer<typeof Customer>;

/** `Department` (a dimension): `DepartmentNumber` is a string ("EM-1234"), `DepartmentNumberNumeric` its number. */
export const Department = z.looseObject({
  ...entityFields,
  CreatedAt: UniTimestamp,
  Name: z.string().nullable().optional(),
  DepartmentNumber: z.string().nullable().optional(),
  DepartmentNumberNumeric: z.number().int().nullable().optional(),
  DepartmentNumberSeriesID: z.number().int().nullable().optional(),
  Description: z.string().nullable().optional(),
  DepartmentManagerName: z.string().nullable().optional(),
});
export type Department = z.infer<typeof Department>;

/**
 * What a client may send on POST and PUT. `_createguid` is the write-only GUID the API asks for on new entities
 * (it refuses a new child in a PUT without one, and a repeated one errors). Bookkeeping fields are read-only.
 */
const writeFields = {
  ID: z.number().int().min(0).optional(),
  _createguid: z.string().min(1).optional(),
};

export const BusinessRelationWrite = z.looseObject({
  ...writeFields,
  Name: z.string().nullable().optional(),
  Deleted: z.boolean().optional(),
});
export type BusinessRelationWrite = z.infer<typeof BusinessRelationWrite>;

/** A customer create or (partial) update. The name goes in `Info.Name`: Customer itself has no name field. */
export const CustomerWrite = z.looseObject({
  ...writeFields,
  CustomerNumber: z.number().int().positive().nullable().optional(),
  OrgNumber: z.string().nullable().optional(),
  WebUrl: z.string().nullable().optional(),
  Info: BusinessRelationWrite.optional(),
  IsPrivate: z.boolean().nullable().optional(),
  CreditDays: z.number().int().nullable().optional(),
  GLN: z.string().nullable().optional(),
  PeppolAddress: z.string().nullable().optional(),
  EfakturaIdentifier: z.string().nullable().optional(),
  EInvoiceAgreementReference: z.string().nullable().optional(),
  ReminderEmailAddress: z.string().nullable().optional(),
  Localization: z.string().nullable().optional(),
  AvtaleGiro: z.boolean().nullable().optional(),
  DontSendReminders: z.boolean().nullable().optional(),
  CustomerNumberKidAlias: z.string().nullable().optional(),
});
export type CustomerWrite = z.infer<typeof CustomerWrite>;

export const DepartmentWrite = z.looseObject({
  ...writeFields,
  Name: z.string().nullable().optional(),
  DepartmentNumber: z.string().nullable().optional(),
  DepartmentNumberNumeric: z.number().int().nullable().optional(),
  Description: z.string().nullable().optional(),
  DepartmentManagerName: z.string().nullable().optional(),
});
export type DepartmentWrite = z.infer<typeof DepartmentWrite>;

/** `GET /api/init/companies`: the companies a token may reach; `Key` is the value of the `CompanyKey` header. */
export const Company = z.looseObject({
  ID: z.number().int(),
  Name: z.string().nullable().optional(),
  Key: z.string(),
  OrganizationNumber: z.string().nullable().optional(),
});
export type Company = z.infer<typeof Company>;

/**
 * GUESS (no source shows the JSON): an API error is the ASP.NET Web API body `{ Message }`; a 400 validation
 * failure adds `_validationResults`, property name → messages. The troubleshooting guide names the
 * `_validationResults` object but not its shape.
 */
export const UniValidationMessage = z.looseObject({
  Message: z.string(),
  /** GUESS: a severity number. */
  Level: z.number().int().optional(),
});
export const UniErrorBody = z.looseObject({
  Message: z.string().optional(),
  _validationResults: z.record(z.string(), z.array(UniValidationMessage)).optional(),
});
export type UniErrorBody = z.infer<typeof UniErrorBody>;

/** The identity server's token answer (OAuth 2.0). GUESS: `expires_in` is 3600 (IdentityServer's default). */
export const UniTokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  token_type: z.string(),
  scope: z.string().optional(),
});
export type UniTokenResponse = z.infer<typeof UniTokenResponse>;

/** The identity server's refusal (OAuth 2.0 / IdentityServer): `error` and, sometimes, `error_description`. */
export const UniOAuthError = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});
export type UniOAuthError = z.infer<typeof UniOAuthError>;

/** The client-assertion type and grant the certificate flow uses (the server-application guide). */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** GUESS: `AppFramework` (two client libraries); one sample uses `AppFramework.All`. Depends on the registration. */
export const DEFAULT_SCOPE = 'AppFramework';
