/* eslint-disable */
// WRITTEN BY HAND, not generated: CRMOffice publishes no machine-readable API description that linkflow could
// read (a Swagger UI exists behind the vendor's login; no copy of its document is public). These schemas are
// written from the vendor's public material as restated in connectors/crmoffice/README.md, which marks every
// guess. The connector and the sandbox share nothing but this file.
//
// What the public material shows (used as stated):
//   - lists answer an object with the records in `items`;
//   - companies have `id`, `orgNr`, `postAddress` and `visitAddress` with `streetAddress`, `postCode`,
//     `postalArea`, `country`;
//   - contacts have `givenName`, `familyName`, `directPhone`, `mobilePhone` and `company: { id }`;
//   - users have `userName` (and come as a bare array);
//   - OAuth 2 authorization code with scopes `crmoffice offline_access`, bearer JWTs of about an hour.
// GUESSES (nothing public shows them):
//   - the id's JSON type (string or integer: both accepted here, linkflow keeps ids as strings);
//   - a company's `name`, a contact's `id` and `email`;
//   - `totalCount` beside `items`;
//   - the write bodies (the same fields as the reads, without `id`; `null` clears a field);
//   - the error body (ASP.NET Core ProblemDetails with an `errors` map of field → messages);
//   - the token answer (RFC 6749 §5.1) and the OAuth error body (RFC 6749 §5.2).
import { z } from 'zod';

/** A record id as the wire carries it. GUESS: int or GUID upstream; always kept as a string by linkflow. */
export const CrmOfficeId = z.union([z.string().min(1), z.number().int()]);
export type CrmOfficeId = z.infer<typeof CrmOfficeId>;

const text = z.string().nullable().optional();

/** A postal or visiting address. The sub-field names are stated; whether `country` is a code or a name is not. */
export const Address = z.looseObject({
  streetAddress: text,
  postCode: text,
  postalArea: text, // the city
  country: text,
});
export type Address = z.infer<typeof Address>;

/** A reference to a company, as contacts carry it. */
export const CompanyReference = z.looseObject({ id: CrmOfficeId });
export type CompanyReference = z.infer<typeof CompanyReference>;

export const Company = z.looseObject({
  id: CrmOfficeId,
  name: text, // GUESS: no public source names the company-name field
  orgNr: text,
  postAddress: Address.nullable().optional(),
  visitAddress: Address.nullable().optional(),
});
export type Company = z.infer<typeof Company>;

export const Contact = z.looseObject({
  id: CrmOfficeId, // GUESS: the contact's own id is not seen in any source
  givenName: text,
  familyName: text,
  email: text, // GUESS: not seen in any source
  directPhone: text,
  mobilePhone: text,
  company: CompanyReference.nullable().optional(),
});
export type Contact = z.infer<typeof Contact>;

/** What a client may send when creating or updating a company (GUESS: the read fields without `id`). */
export const CompanyInput = z.object({
  name: text,
  orgNr: text,
  postAddress: Address.nullable().optional(),
  visitAddress: Address.nullable().optional(),
});
export type CompanyInput = z.infer<typeof CompanyInput>;

/** What a client may send when creating or updating a contact (GUESS: the read fields without `id`). */
export const ContactInput = z.object({
  givenName: text,
  familyName: text,
  email: text,
  directPhone: text,
  mobilePhone: text,
  company: CompanyReference.nullable().optional(),
});
export type ContactInput = z.infer<typeof ContactInput>;

/** A list answer: the records in `items` (stated); `totalCount` is a GUESS and optional. */
export const ListEnvelope = z.looseObject({
  items: z.array(z.unknown()),
  totalCount: z.number().int().min(0).optional(),
});
export type ListEnvelope = z.infer<typeof ListEnvelope>;

/** `GET /users` answers a bare array (inferred: the public connector reads it without a payload property). */
export const User = z.looseObject({ userName: z.string(), id: CrmOfficeId.optional() });
export type User = z.infer<typeof User>;

/** GUESS: ASP.NET Core's ProblemDetails, with an `errors` map on validation failures. */
export const ProblemDetails = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});
export type ProblemDetails = z.infer<typeof ProblemDetails>;

/** GUESS: the token endpoint answers as RFC 6749 §5.1 says. */
export const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.coerce.number().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** GUESS: OAuth errors as RFC 6749 §5.2 says. */
export const OAuthErrorResponse = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});
export type OAuthErrorResponse = z.infer<typeof OAuthErrorResponse>;

/** The scopes the public connector asks for. */
export const CRMOFFICE_SCOPES = ['crmoffice', 'offline_access'] as const;
