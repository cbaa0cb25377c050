/* eslint-disable */
// GENERATED FILE: do not edit by hand.
// Generated from the Custom CRM contract, contracts/customcrm/openapi.yaml, by:
//   node bin/run-ts.js scripts/generate-customcrm-schemas.ts
// The translation rules are described in scripts/generate-customcrm-schemas.ts.
import { z } from 'zod';

/** The contract's version (info.version). */
export const CUSTOMCRM_CONTRACT_VERSION = "1.0.0";

/** A record id assigned by the server: 1 to 64 characters from `A–Z a–z 0–9 . _ ~ -` (safe in a URL path without escaping). Ids are compared as plain strings; they need not be numbers or sortable by age. */
export const Id = z.string().regex(new RegExp("^[A-Za-z0-9._~-]{1,64}$"));
export type Id = z.infer<typeof Id>;

/** The reference a client gives a record when it creates it (linkflow writes its own id for the record here). Unique per resource, deleted records included; exact and case-sensitive. It cannot be changed once set: a PATCH may repeat the same value but not another one (422). */
export const ExternalId = z.string().min(1).max(100).nullable();
export type ExternalId = z.infer<typeof ExternalId>;

/** A UTC instant with exactly three fraction digits, as JavaScript's `Date.prototype.toISOString` writes it. */
export const Timestamp = z.string().regex(new RegExp("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"));
export type Timestamp = z.infer<typeof Timestamp>;

/** A calendar date (`2025-03-01`), in the company's own time zone. */
export const CalendarDate = z.string().regex(new RegExp("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"));
export type CalendarDate = z.infer<typeof CalendarDate>;

/** A decimal number as a string, so that no value is rounded through binary floating point: an optional `-`, digits without leading zeros or group separators, and an optional `.` with 1 to 6 fraction digits (`1250`, `1250.5`, `-0.25`). No exponent, no comma. */
export const Decimal = z.string().regex(new RegExp("^-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,6})?$"));
export type Decimal = z.infer<typeof Decimal>;

/** An ISO 3166-1 alpha-2 country code in capitals (`NO`, `SE`). */
export const CountryCode = z.string().regex(new RegExp("^[A-Z]{2}$"));
export type CountryCode = z.infer<typeof CountryCode>;

/** An ISO 4217 currency code in capitals (`NOK`, `EUR`). */
export const CurrencyCode = z.string().regex(new RegExp("^[A-Z]{3}$"));
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/** An e-mail address (`local@domain`); stored as given, trimmed, and compared without regard to ASCII case by the `email` filter. */
export const Email = z.string().max(254).regex(new RegExp("^[^\\s@]+@[^\\s@]+$"));
export type Email = z.infer<typeof Email>;

/** What the server keeps on every record. All of it is read-only. */
export const RecordMeta = z.looseObject({
  id: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deleted: z.boolean(),
});
export type RecordMeta = z.infer<typeof RecordMeta>;

/** The fields of a customer a client may write. Nullable text fields store an empty string as null. */
export const CustomerFields = z.looseObject({
  externalId: ExternalId.optional(),
  name: z.string().min(1).max(200).optional(),
  website: z.string().max(500).nullable().optional(),
  email: Email.nullable().optional(),
  phone: z.string().max(50).nullable().optional(),
  fax: z.string().max(50).nullable().optional(),
  description: z.string().max(4000).nullable().optional(),
  streetAddress1: z.string().max(200).nullable().optional(),
  streetAddress2: z.string().max(200).nullable().optional(),
  city: z.string().max(100).nullable().optional(),
  zipCode: z.string().max(20).nullable().optional(),
  country: CountryCode.nullable().optional(),
  orgNumber: z.string().max(40).nullable().optional(),
});
export type CustomerFields = z.infer<typeof CustomerFields>;

/** The body of `POST /customers`. Fields left out are stored as null. */
export const CustomerCreate = z.strictObject({
  externalId: ExternalId.optional(),
  name: z.string().min(1).max(200),
  website: z.string().max(500).nullable().optional(),
  email: Email.nullable().optional(),
  phone: z.string().max(50).nullable().optional(),
  fax: z.string().max(50).nullable().optional(),
  description: z.string().max(4000).nullable().optional(),
  streetAddress1: z.string().max(200).nullable().optional(),
  streetAddress2: z.string().max(200).nullable().optional(),
  city: z.string().max(100).nullable().optional(),
  zipCode: z.string().max(20).nullable().optional(),
  country: CountryCode.nullable().optional(),
  orgNumber: z.string().max(40).nullable().optional(),
});
export type CustomerCreate = z.infer<typeof CustomerCreate>;

/** The body of `PATCH /customers/{id}`, a JSON merge patch of writable fields. */
export const CustomerPatch = z.strictObject({
  externalId: ExternalId.optional(),
  name: z.string().min(1).max(200).optional(),
  website: z.string().max(500).nullable().optional(),
  email: Email.nullable().optional(),
  phone: z.string().max(50).nullable().optional(),
  fax: z.string().max(50).nullable().optional(),
  description: z.string().max(4000).nullable().optional(),
  streetAddress1: z.string().max(200).nullable().optional(),
  streetAddress2: z.string().max(200).nullable().optional(),
  city: z.string().max(100).nullable().optional(),
  zipCode: z.string().max(20).nullable().optional(),
  country: CountryCode.nullable().optional(),
  orgNumber: z.string().max(40).nullable().optional(),
});
export type CustomerPatch = z.infer<typeof CustomerPatch>;

/** A customer as the server answers it. Every field is present, `null` when empty. */
export const Customer = z.looseObject({
  id: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deleted: z.boolean(),
  externalId: ExternalId,
  name: z.string().min(1).max(200),
  website: z.string().max(500).nullable(),
  email: Email.nullable(),
  phone: z.string().max(50).nullable(),
  fax: z.string().max(50).nullable(),
  description: z.string().max(4000).nullable(),
  streetAddress1: z.string().max(200).nullable(),
  streetAddress2: z.string().max(200).nullable(),
  city: z.string().max(100).nullable(),
  zipCode: z.string().max(20).nullable(),
  country: CountryCode.nullable(),
  orgNumber: z.string().max(40).nullable(),
});
export type Customer = z.infer<typeof Customer>;

/** The fields of a contact a client may write. A contact needs a first or a last name. */
export const ContactFields = z.looseObject({
  externalId: ExternalId.optional(),
  customerId: Id.nullable().optional(),
  firstName: z.string().max(100).nullable().optional(),
  lastName: z.string().max(100).nullable().optional(),
  email: Email.nullable().optional(),
  phone: z.string().max(50).nullable().optional(),
});
export type ContactFields = z.infer<typeof ContactFields>;

/** The body of `POST /contacts`. Fields left out are stored as null; `firstName` or `lastName` must be given. */
export const ContactCreate = z.strictObject({
  externalId: ExternalId.optional(),
  customerId: Id.nullable().optional(),
  firstName: z.string().max(100).nullable().optional(),
  lastName: z.string().max(100).nullable().optional(),
  email: Email.nullable().optional(),
  phone: z.string().max(50).nullable().optional(),
});
export type ContactCreate = z.infer<typeof ContactCreate>;

/** The body of `PATCH /contacts/{id}`, a JSON merge patch. The result must still have a first or a last name. */
export const ContactPatch = z.strictObject({
  externalId: ExternalId.optional(),
  customerId: Id.nullable().optional(),
  firstName: z.string().max(100).nullable().optional(),
  lastName: z.string().max(100).nullable().optional(),
  email: Email.nullable().optional(),
  phone: z.string().max(50).nullable().optional(),
});
export type ContactPatch = z.infer<typeof ContactPatch>;

/** A contact as the server answers it. Every field is present, `null` when empty. */
export const Contact = z.looseObject({
  id: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deleted: z.boolean(),
  externalId: ExternalId,
  customerId: Id.nullable(),
  firstName: z.string().max(100).nullable(),
  lastName: z.string().max(100).nullable(),
  email: Email.nullable(),
  phone: z.string().max(50).nullable(),
});
export type Contact = z.infer<typeof Contact>;

/** The fields of a product a client may write. */
export const ProductFields = z.looseObject({
  externalId: ExternalId.optional(),
  code: z.string().min(1).max(50).optional(),
  name: z.string().min(1).max(200).optional(),
  description: z.string().max(4000).nullable().optional(),
  price: Decimal.nullable().optional(),
  currency: CurrencyCode.nullable().optional(),
});
export type ProductFields = z.infer<typeof ProductFields>;

/** The body of `POST /products`. Fields left out are stored as null. */
export const ProductCreate = z.strictObject({
  externalId: ExternalId.optional(),
  code: z.string().min(1).max(50),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).nullable().optional(),
  price: Decimal.nullable().optional(),
  currency: CurrencyCode.nullable().optional(),
});
export type ProductCreate = z.infer<typeof ProductCreate>;

/** The body of `PATCH /products/{id}`, a JSON merge patch of writable fields. */
export const ProductPatch = z.strictObject({
  externalId: ExternalId.optional(),
  code: z.string().min(1).max(50).optional(),
  name: z.string().min(1).max(200).optional(),
  description: z.string().max(4000).nullable().optional(),
  price: Decimal.nullable().optional(),
  currency: CurrencyCode.nullable().optional(),
});
export type ProductPatch = z.infer<typeof ProductPatch>;

/** A product as the server answers it. Every field is present, `null` when empty. */
export const Product = z.looseObject({
  id: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deleted: z.boolean(),
  externalId: ExternalId,
  code: z.string().min(1).max(50),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).nullable(),
  price: Decimal.nullable(),
  currency: CurrencyCode.nullable(),
});
export type Product = z.infer<typeof Product>;

/** `draft`: being put together, may still change; `confirmed`: agreed with the customer; `cancelled`: called off (kept, not deleted). Any status may follow any other. */
export const OrderStatus = z.enum(["draft", "confirmed", "cancelled"]);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** One line of an order, as the server answers it. Lines have no id of their own; their order in the array is kept. */
export const OrderLine = z.looseObject({
  productId: Id,
  description: z.string().max(500).nullable(),
  quantity: Decimal,
  unitPrice: Decimal,
});
export type OrderLine = z.infer<typeof OrderLine>;

/** One line of an order as a client writes it. `productId` must name a live product. */
export const OrderLineInput = z.strictObject({
  productId: Id,
  description: z.string().max(500).nullable().optional(),
  quantity: Decimal,
  unitPrice: Decimal,
});
export type OrderLineInput = z.infer<typeof OrderLineInput>;

/** The fields of an order a client may write, besides its lines. */
export const OrderFields = z.looseObject({
  externalId: ExternalId.optional(),
  customerId: Id.optional(),
  orderNumber: z.string().max(50).nullable().optional(),
  orderDate: CalendarDate.optional(),
  currency: CurrencyCode.optional(),
  status: OrderStatus.optional(),
  reference: z.string().max(100).nullable().optional(),
});
export type OrderFields = z.infer<typeof OrderFields>;

/** The body of `POST /orders`. `status` defaults to `draft`, `lines` to none. */
export const OrderCreate = z.strictObject({
  externalId: ExternalId.optional(),
  customerId: Id,
  orderNumber: z.string().max(50).nullable().optional(),
  orderDate: CalendarDate,
  currency: CurrencyCode,
  status: OrderStatus.optional(),
  reference: z.string().max(100).nullable().optional(),
  lines: z.array(OrderLineInput).max(500).optional(),
});
export type OrderCreate = z.infer<typeof OrderCreate>;

/** The body of `PATCH /orders/{id}`, a JSON merge patch. `lines`, when present, replace every line (RFC 7396 replaces arrays whole). */
export const OrderPatch = z.strictObject({
  externalId: ExternalId.optional(),
  customerId: Id.optional(),
  orderNumber: z.string().max(50).nullable().optional(),
  orderDate: CalendarDate.optional(),
  currency: CurrencyCode.optional(),
  status: OrderStatus.optional(),
  reference: z.string().max(100).nullable().optional(),
  lines: z.array(OrderLineInput).max(500).optional(),
});
export type OrderPatch = z.infer<typeof OrderPatch>;

/** An order with its lines as the server answers it. Every field is present, `null` when empty. */
export const Order = z.looseObject({
  id: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deleted: z.boolean(),
  externalId: ExternalId,
  customerId: Id,
  orderNumber: z.string().max(50).nullable(),
  orderDate: CalendarDate,
  currency: CurrencyCode,
  status: OrderStatus,
  reference: z.string().max(100).nullable(),
  lines: z.array(OrderLine),
});
export type Order = z.infer<typeof Order>;

/** One page of a customer listing. */
export const CustomerPage = z.looseObject({
  items: z.array(Customer),
  nextCursor: z.string().nullable(),
});
export type CustomerPage = z.infer<typeof CustomerPage>;

/** One page of a contact listing. */
export const ContactPage = z.looseObject({
  items: z.array(Contact),
  nextCursor: z.string().nullable(),
});
export type ContactPage = z.infer<typeof ContactPage>;

/** One page of a product listing. */
export const ProductPage = z.looseObject({
  items: z.array(Product),
  nextCursor: z.string().nullable(),
});
export type ProductPage = z.infer<typeof ProductPage>;

/** One page of an order listing. */
export const OrderPage = z.looseObject({
  items: z.array(Order),
  nextCursor: z.string().nullable(),
});
export type OrderPage = z.infer<typeof OrderPage>;

/** The `type` of every problem this API answers: `unauthorized` (401), `not-found` (404), `method-not-allowed` (405), `invalid-request` (400), `unsupported-media-type` (415), `validation-failed` (422), `conflict` (409), `rate-limited` (429), `server-error` (500, 503). */
export const ProblemType = z.enum(["urn:linkflow:customcrm:problem:unauthorized", "urn:linkflow:customcrm:problem:not-found", "urn:linkflow:customcrm:problem:method-not-allowed", "urn:linkflow:customcrm:problem:invalid-request", "urn:linkflow:customcrm:problem:unsupported-media-type", "urn:linkflow:customcrm:problem:validation-failed", "urn:linkflow:customcrm:problem:conflict", "urn:linkflow:customcrm:problem:rate-limited", "urn:linkflow:customcrm:problem:server-error"]);
export type ProblemType = z.infer<typeof ProblemType>;

/** One thing wrong with the request, naming where (`pointer` for the body, `parameter` for the query). */
export const FieldError = z.looseObject({
  pointer: z.string().optional(),
  parameter: z.string().optional(),
  detail: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** An RFC 7807 problem, sent as `application/problem+json` with every 4xx and 5xx answer. `errors` is required for `validation-failed` and for an `invalid-request` about a query parameter. */
export const Problem = z.looseObject({
  type: ProblemType,
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** The resource a webhook notice is about (its path name). */
export const WebhookResource = z.enum(["customers", "contacts", "products", "orders"]);
export type WebhookResource = z.infer<typeof WebhookResource>;

/** The body of a webhook notice. It names the record; it carries none of its data. */
export const WebhookEvent = z.looseObject({
  resource: WebhookResource,
  id: Id,
  updatedAt: Timestamp,
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** The resources, by path name, in the document's order. */
export const CUSTOMCRM_RESOURCES = [
  "customers",
  "contacts",
  "products",
  "orders"
] as const;
export type CustomCrmResource = (typeof CUSTOMCRM_RESOURCES)[number];

/** `limit` of the list endpoints: its default and its largest value. */
export const CUSTOMCRM_PAGE_LIMIT = {
  "default": 100,
  "maximum": 500
} as const;

/** The filters of each list endpoint, besides `updatedSince`, `cursor` and `limit`. */
export const customCrmListFilters = {
  "customers": [
    "externalId",
    "orgNumber"
  ],
  "contacts": [
    "externalId",
    "email",
    "customerId"
  ],
  "products": [
    "externalId",
    "code"
  ],
  "orders": [
    "externalId",
    "customerId"
  ]
} as const;

/** The headers of a webhook delivery (the contract's `webhooks`). */
export const CUSTOMCRM_WEBHOOK_HEADERS = {
  "timestamp": "Webhook-Timestamp",
  "signature": "Webhook-Signature"
} as const;

/** Properties, required properties and strictness of every object schema (`allOf` merged). */
export const customCrmSchemaFields = {
  "RecordMeta": {
    "properties": [
      "id",
      "createdAt",
      "updatedAt",
      "deleted"
    ],
    "required": [
      "id",
      "createdAt",
      "updatedAt",
      "deleted"
    ],
    "strict": false
  },
  "CustomerFields": {
    "properties": [
      "externalId",
      "name",
      "website",
      "email",
      "phone",
      "fax",
      "description",
      "streetAddress1",
      "streetAddress2",
      "city",
      "zipCode",
      "country",
      "orgNumber"
    ],
    "required": [],
    "strict": false
  },
  "CustomerCreate": {
    "properties": [
      "externalId",
      "name",
      "website",
      "email",
      "phone",
      "fax",
      "description",
      "streetAddress1",
      "streetAddress2",
      "city",
      "zipCode",
      "country",
      "orgNumber"
    ],
    "required": [
      "name"
    ],
    "strict": true
  },
  "CustomerPatch": {
    "properties": [
      "externalId",
      "name",
      "website",
      "email",
      "phone",
      "fax",
      "description",
      "streetAddress1",
      "streetAddress2",
      "city",
      "zipCode",
      "country",
      "orgNumber"
    ],
    "required": [],
    "strict": true
  },
  "Customer": {
    "properties": [
      "id",
      "createdAt",
      "updatedAt",
      "deleted",
      "externalId",
      "name",
      "website",
      "email",
      "phone",
      "fax",
      "description",
      "streetAddress1",
      "streetAddress2",
      "city",
      "zipCode",
      "country",
      "orgNumber"
    ],
    "required": [
      "id",
      "createdAt",
      "updatedAt",
      "deleted",
      "externalId",
      "name",
      "website",
      "email",
      "phone",
      "fax",
      "description",
      "streetAddress1",
      "streetAddress2",
      "city",
      "zipCode",
      "country",
      "orgNumber"
    ],
    "strict": false
  },
  "ContactFields": {
    "properties": [
      "externalId",
      "customerId",
      "firstName",
      "lastName",
      "email",
      "phone"
    ],
    "required": [],
    "strict": false
  },
  "ContactCreate": {
    "properties": [
      "externalId",
      "customerId",
      "firstName",
      "lastName",
      "email",
      "phone"
    ],
    "required": [],
    "strict": true
  },
  "ContactPatch": {
    "properties": [
      "externalId",
      "customerId",
      "firstName",
      "lastName",
      "email",
      "phone"
    ],
    "required": [],
    "strict": true
  },
  "Contact": {
    "properties": [
      "id",
      "createdAt",
      "updatedAt",
      "deleted",
      "externalId",
      "customerId",
      "firstName",
      "lastName",
      "email",
      "phone"
    ],
    "required": [
      "id",
      "createdAt",
      "updatedAt",
      "deleted",
      "externalId",
      "customerId",
      "firstName",
      "lastName",
      "email",
      "phone"
    ],
    "strict": false
  },
  "ProductFields": {
    "properties": [
      "externalId",
      "code",
      "name",
      "description",
      "price",
      "currency"
    ],
    "required": [],
    "strict": false
  },
  "ProductCreate": {
    "properties": [
      "externalId",
      "code",
      "name",
      "description",
      "price",
      "currency"
    ],
    "required": [
      "code",
      "name"
    ],
    "strict": true
  },
  "ProductPatch": {
    "properties": [
      "externalId",
      "code",
      "name",
      "description",
      "price",
      "currency"
    ],
    "required": [],
    "strict": true
  },
  "Product": {
    "properties": [
      "id",
      "createdAt",
      "updatedAt",
      "deleted",
      "externalId",
      "code",
      "name",
      "description",
      "price",
      "currency"
    ],
    "required": [
      "id",
      "createdAt",
      "updatedAt",
      "deleted",
      "externalId",
      "code",
      "name",
      "description",
      "price",
      "currency"
    ],
    "strict": false
  },
  "OrderLine": {
    "properties": [
      "productId",
      "description",
      "quantity",
      "unitPrice"
    ],
    "required": [
      "productId",
      "description",
      "quantity",
      "unitPrice"
    ],
    "strict": false
  },
  "OrderLineInput": {
    "properties": [
      "productId",
      "description",
      "quantity",
      "unitPrice"
    ],
    "required": [
      "productId",
      "quantity",
      "unitPrice"
    ],
    "strict": true
  },
  "OrderFields": {
    "properties": [
      "externalId",
      "customerId",
      "orderNumber",
      "orderDate",
      "currency",
      "status",
      "reference"
    ],
    "required": [],
    "strict": false
  },
  "OrderCreate": {
    "properties": [
      "externalId",
      "customerId",
      "orderNumber",
      "orderDate",
      "currency",
      "status",
      "reference",
      "lines"
    ],
    "required": [
      "customerId",
      "orderDate",
      "currency"
    ],
    "strict": true
  },
  "OrderPatch": {
    "properties": [
      "externalId",
      "customerId",
      "orderNumber",
      "orderDate",
      "currency",
      "status",
      "reference",
      "lines"
    ],
    "required": [],
    "strict": true
  },
  "Order": {
    "properties": [
      "id",
      "createdAt",
      "updatedAt",
      "deleted",
      "externalId",
      "customerId",
      "orderNumber",
      "orderDate",
      "currency",
      "status",
      "reference",
      "lines"
    ],
    "required": [
      "id",
      "createdAt",
      "updatedAt",
      "deleted",
      "externalId",
      "customerId",
      "orderNumber",
      "orderDate",
      "currency",
      "status",
      "reference",
      "lines"
    ],
    "strict": false
  },
  "CustomerPage": {
    "properties": [
      "items",
      "nextCursor"
    ],
    "required": [
      "items",
      "nextCursor"
    ],
    "strict": false
  },
  "ContactPage": {
    "properties": [
      "items",
      "nextCursor"
    ],
    "required": [
      "items",
      "nextCursor"
    ],
    "strict": false
  },
  "ProductPage": {
    "properties": [
      "items",
      "nextCursor"
    ],
    "required": [
      "items",
      "nextCursor"
    ],
    "strict": false
  },
  "OrderPage": {
    "properties": [
      "items",
      "nextCursor"
    ],
    "required": [
      "items",
      "nextCursor"
    ],
    "strict": false
  },
  "FieldError": {
    "properties": [
      "pointer",
      "parameter",
      "detail"
    ],
    "required": [
      "detail"
    ],
    "strict": false
  },
  "Problem": {
    "properties": [
      "type",
      "title",
      "status",
      "detail",
      "instance",
      "errors"
    ],
    "required": [
      "type",
      "title",
      "status"
    ],
    "strict": false
  },
  "WebhookEvent": {
    "properties": [
      "resource",
      "id",
      "updatedAt"
    ],
    "required": [
      "resource",
      "id",
      "updatedAt"
    ],
    "strict": false
  }
} as const;

/** Every operation, with its documented success codes, body and answer schemas, and query parameters. */
export const customCrmOperations = [
  {
    "operationId": "listCustomers",
    "method": "GET",
    "path": "/customers",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "CustomerPage",
    "query": [
      "updatedSince",
      "cursor",
      "limit",
      "externalId",
      "orgNumber"
    ]
  },
  {
    "operationId": "createCustomer",
    "method": "POST",
    "path": "/customers",
    "success": [
      200,
      201
    ],
    "requestBody": "CustomerCreate",
    "response": "Customer",
    "query": []
  },
  {
    "operationId": "getCustomer",
    "method": "GET",
    "path": "/customers/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "Customer",
    "query": []
  },
  {
    "operationId": "updateCustomer",
    "method": "PATCH",
    "path": "/customers/{id}",
    "success": [
      200
    ],
    "requestBody": "CustomerPatch",
    "response": "Customer",
    "query": []
  },
  {
    "operationId": "deleteCustomer",
    "method": "DELETE",
    "path": "/customers/{id}",
    "success": [
      204
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "operationId": "listContacts",
    "method": "GET",
    "path": "/contacts",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "ContactPage",
    "query": [
      "updatedSince",
      "cursor",
      "limit",
      "externalId",
      "email",
      "customerId"
    ]
  },
  {
    "operationId": "createContact",
    "method": "POST",
    "path": "/contacts",
    "success": [
      200,
      201
    ],
    "requestBody": "ContactCreate",
    "response": "Contact",
    "query": []
  },
  {
    "operationId": "getContact",
    "method": "GET",
    "path": "/contacts/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "Contact",
    "query": []
  },
  {
    "operationId": "updateContact",
    "method": "PATCH",
    "path": "/contacts/{id}",
    "success": [
      200
    ],
    "requestBody": "ContactPatch",
    "response": "Contact",
    "query": []
  },
  {
    "operationId": "deleteContact",
    "method": "DELETE",
    "path": "/contacts/{id}",
    "success": [
      204
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "operationId": "listProducts",
    "method": "GET",
    "path": "/products",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "ProductPage",
    "query": [
      "updatedSince",
      "cursor",
      "limit",
      "externalId",
      "code"
    ]
  },
  {
    "operationId": "createProduct",
    "method": "POST",
    "path": "/products",
    "success": [
      200,
      201
    ],
    "requestBody": "ProductCreate",
    "response": "Product",
    "query": []
  },
  {
    "operationId": "getProduct",
    "method": "GET",
    "path": "/products/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "Product",
    "query": []
  },
  {
    "operationId": "updateProduct",
    "method": "PATCH",
    "path": "/products/{id}",
    "success": [
      200
    ],
    "requestBody": "ProductPatch",
    "response": "Product",
    "query": []
  },
  {
    "operationId": "deleteProduct",
    "method": "DELETE",
    "path": "/products/{id}",
    "success": [
      204
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "operationId": "listOrders",
    "method": "GET",
    "path": "/orders",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "OrderPage",
    "query": [
      "updatedSince",
      "cursor",
      "limit",
      "externalId",
      "customerId"
    ]
  },
  {
    "operationId": "createOrder",
    "method": "POST",
    "path": "/orders",
    "success": [
      200,
      201
    ],
    "requestBody": "OrderCreate",
    "response": "Order",
    "query": []
  },
  {
    "operationId": "getOrder",
    "method": "GET",
    "path": "/orders/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "Order",
    "query": []
  },
  {
    "operationId": "updateOrder",
    "method": "PATCH",
    "path": "/orders/{id}",
    "success": [
      200
    ],
    "requestBody": "OrderPatch",
    "response": "Order",
    "query": []
  },
  {
    "operationId": "deleteOrder",
    "method": "DELETE",
    "path": "/orders/{id}",
    "success": [
      204
    ],
    "requestBody": null,
    "response": null,
    "query": []
  }
] as const;
