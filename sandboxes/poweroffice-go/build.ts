/**
 * Turns bound input (a …PostDto, keys already canonical) into the stored DTO: validation as the real API does
 * it, defaults, read-only fields derived from writable ones (codes from ids, amounts from lines), timestamps.
 * Read-only fields sent by a client never get here: binding drops them.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SalesOrderLinePostDto } from '../../generated/poweroffice-go';
import type { SandboxStore } from '../common/store';
import { formatTimestamp, todayDate } from './clock';
import { ErrorCollector } from './problems';
import { DEFAULT_VAT, PRODUCT_GROUPS, RESOURCES, type Dto, type PowerOfficeResource } from './resources';
import { canonicalizeInput, isPlainObject } from './schema-walk';

export interface BuildContext {
  store: SandboxStore;
  /** Change time of this write, epoch microseconds. */
  now: number;
  /** The stored record when updating. */
  existing?: Dto;
  /** Owner of a contact person (path `contactId`). */
  contactId?: number;
  /** True for writes through the API (sets IsCreatedByCurrentIntegration on sales orders). */
  viaApi?: boolean;
}

const EMAIL = /^[^\s@;,]+@[^\s@;,.]+(\.[^\s@;,.]+)+$/;
const ADDRESS_CONTENT = ['AddressLine1', 'AddressLine2', 'ZipCode', 'City'];

const blank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const int = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const round2 = (value: number): number => Math.round((value + Number.EPSILON) * 100) / 100;

/** An address whose lines, zip code and city are all empty counts as no address. */
function dropEmptyAddress(input: Dto): void {
  const address = input.MailAddress;
  if (isPlainObject(address) && ADDRESS_CONTENT.every((key) => blank(address[key]))) delete input.MailAddress;
  if (address === null) delete input.MailAddress;
}

function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (joined, key) =>
      typeof key === 'number' ? `${joined}[${key}]` : joined ? `${joined}.${String(key)}` : String(key),
    '',
  );
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isPlainObject(current) && typeof key === 'string') current = current[key];
    else return undefined;
  }
  return current;
}

/** Binds raw JSON to a post schema: canonical keys, type checks with messages that name the field. */
export function bindInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  errors: ErrorCollector,
  prefix: PropertyKey[] = [],
): z.infer<S> | unknown {
  if (!isPlainObject(raw)) {
    errors.add(fieldPath(prefix) || '$', 'The request body must be a JSON object.');
    return undefined;
  }
  const input = canonicalizeInput(raw, schema);
  if (isPlainObject(input)) dropEmptyAddress(input);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  // The caller still gets the bound (unparsed) input, so that its own rules can report their errors too.
  for (const issue of parsed.error.issues) {
    const field = fieldPath([...prefix, ...issue.path]);
    const value = valueAt(input, issue.path);
    const last = issue.path[issue.path.length - 1];
    if (value === undefined || value === null) errors.add(field, `The ${String(last ?? field)} field is required.`);
    else if (issue.code === 'too_big')
      errors.add(
        field,
        `The field ${String(last)} must be a string with a maximum length of ${String(issue.maximum)}.`,
      );
    else errors.add(field, `The JSON value at '$.${field}' could not be converted: ${issue.message}.`);
  }
  return input;
}

function checkEmail(errors: ErrorCollector, field: string, value: unknown, many = false): void {
  const address = text(value);
  if (!address) return;
  const parts = many
    ? address
        .split(';')
        .map((part) => part.trim())
        .filter(Boolean)
    : [address.trim()];
  if (many && parts.length > 10) errors.add(field, `The field ${field} can hold at most 10 e-mail addresses.`);
  for (const part of parts) if (!EMAIL.test(part)) errors.add(field, `'${part}' is not a valid e-mail address.`);
}

function checkCountry(errors: ErrorCollector, field: string, value: unknown): void {
  const code = text(value);
  if (code && !/^[A-Za-z]{2}$/.test(code))
    errors.add(field, `'${code}' is not a valid ISO 3166-1 alpha-2 country code.`);
}

function checkCurrency(errors: ErrorCollector, value: unknown): void {
  const code = text(value);
  if (code && !/^[A-Za-z]{3}$/.test(code))
    errors.add('CurrencyCode', `'${code}' is not a valid ISO 4217 currency code.`);
}

function findOne(
  store: SandboxStore,
  resource: PowerOfficeResource,
  field: string,
  value: string | number,
): Dto | undefined {
  return store.list<Dto>(resource, {
    where: [{ path: `$.${field}`, anyOf: [{ equals: value }], ignoreCase: true }],
    limit: 1,
  })[0];
}

/**
 * Resolves an id/code pair (DepartmentId + DepartmentCode, …): the id wins when both are sent; an unknown one is
 * a validation error naming the field.
 */
function resolvePair(
  context: BuildContext,
  errors: ErrorCollector,
  target: PowerOfficeResource,
  idField: string,
  idValue: unknown,
  codeField: string,
  codeValue: unknown,
  codeProperty: string,
): { id: number | null; code: unknown } {
  const id = int(idValue);
  if (id !== null) {
    const record = context.store.get<Dto>(target, String(id));
    if (!record) {
      errors.add(idField, `${RESOURCES[target].entity} with id = ${id} not found.`);
      return { id, code: null };
    }
    return { id, code: record[codeProperty] ?? null };
  }
  if (!blank(codeValue) && (typeof codeValue === 'string' || typeof codeValue === 'number')) {
    const record = findOne(context.store, target, codeProperty, codeValue);
    if (!record) {
      errors.add(codeField, `${RESOURCES[target].entity} with ${codeProperty.toLowerCase()} = ${codeValue} not found.`);
      return { id: null, code: codeValue };
    }
    return { id: int(record.Id), code: record[codeProperty] ?? null };
  }
  return { id: null, code: null };
}

function contactAddress(context: BuildContext, input: unknown, existing: unknown): Dto {
  const previous = isPlainObject(existing) ? existing : undefined;
  const given = isPlainObject(input) ? input : {};
  const address: Dto = {
    Id: int(previous?.Id) ?? context.store.nextId('addresses', 700001),
    AddressLine1: text(given.AddressLine1),
    AddressLine2: text(given.AddressLine2),
    ZipCode: text(given.ZipCode),
    City: text(given.City),
    CountryCode: (text(given.CountryCode) ?? 'NO').toUpperCase(),
    ExternalCode: text(given.ExternalCode),
  };
  const unchanged = previous && Object.keys(address).every((key) => key === 'Id' || previous[key] === address[key]);
  address.LastChangedDateTimeOffset = unchanged ? previous.LastChangedDateTimeOffset : formatTimestamp(context.now);
  return address;
}

function plainAddress(input: unknown): Dto {
  const given = isPlainObject(input) ? input : {};
  return {
    AddressLine1: text(given.AddressLine1),
    AddressLine2: text(given.AddressLine2),
    ZipCode: text(given.ZipCode),
    City: text(given.City),
    CountryCode: text(given.CountryCode)?.toUpperCase() ?? null,
  };
}

/** Fields every stored record keeps from its first version. */
function identity(resource: PowerOfficeResource, context: BuildContext): { Id: number | string; created: string } {
  const existing = context.existing;
  if (existing && (typeof existing.Id === 'number' || typeof existing.Id === 'string')) {
    return {
      Id: existing.Id,
      created: String(
        existing.CreatedDateTimeOffset ?? existing.ContactCreatedDateTimeOffset ?? formatTimestamp(context.now),
      ),
    };
  }
  const definition = RESOURCES[resource];
  const Id =
    definition.idKind === 'uuid' ? randomUUID() : context.store.nextId(definition.idSequence, definition.idStart);
  return { Id, created: formatTimestamp(context.now) };
}

/** Customers, suppliers and employees: Go's "contact entities". */
function buildContact(
  resource: 'Customers' | 'Suppliers' | 'Employees',
  input: Dto,
  context: BuildContext,
  errors: ErrorCollector,
): Dto {
  const isPerson = resource === 'Employees' || input.IsPerson === true;
  if (isPerson) {
    if (blank(input.FirstName)) errors.add('FirstName', 'The FirstName field is required.');
    if (blank(input.LastName)) errors.add('LastName', 'The LastName field is required.');
  } else if (blank(input.Name)) {
    errors.add(
      'Name',
      `The Name field is required when the ${RESOURCES[resource].entity.toLowerCase()} is not a person.`,
    );
  }
  checkEmail(errors, 'EmailAddress', input.EmailAddress);
  checkEmail(errors, 'InvoiceEmailAddress', input.InvoiceEmailAddress);
  checkEmail(errors, 'PaymentReminderEmailAddress', input.PaymentReminderEmailAddress);
  checkEmail(errors, 'InvoiceEmailAddressCC', input.InvoiceEmailAddressCC, true);
  checkCurrency(errors, input.CurrencyCode);
  if (isPlainObject(input.MailAddress)) checkCountry(errors, 'MailAddress.CountryCode', input.MailAddress.CountryCode);

  const { Id, created } = identity(resource, context);
  const existing = context.existing;
  const createdField = `${RESOURCES[resource].entity}CreatedDateTimeOffset`;
  const department = resolvePair(
    context,
    errors,
    'Departments',
    'DepartmentId',
    input.DepartmentId,
    'DepartmentCode',
    input.DepartmentCode,
    'Code',
  );
  const dto: Dto = { ...input };
  delete dto.SubLedgerNumberSeriesId;
  Object.assign(dto, {
    Id,
    Number: int(input.Number),
    FirstName: text(input.FirstName),
    LastName: text(input.LastName),
    EmailAddress: text(input.EmailAddress)?.trim() ?? null,
    MailAddress: contactAddress(context, input.MailAddress, existing?.MailAddress),
    ContactGroupIds: Array.isArray(input.ContactGroupIds) ? input.ContactGroupIds : [],
    IsArchived: input.IsArchived === true,
    IsActive: input.IsArchived !== true,
    DepartmentId: department.id,
    DepartmentCode: department.code,
    SubledgerAccountId: resource === 'Customers' ? 1500 : resource === 'Suppliers' ? 2400 : 2930,
    ContactCreatedDateTimeOffset: existing?.ContactCreatedDateTimeOffset ?? created,
    [createdField]: existing?.[createdField] ?? created,
    CreatedFromImportJournalId: existing?.CreatedFromImportJournalId ?? null,
  });
  if (resource !== 'Employees') {
    dto.IsPerson = isPerson;
    dto.Name =
      text(input.Name) ?? (isPerson ? `${text(input.FirstName) ?? ''} ${text(input.LastName) ?? ''}`.trim() : null);
    dto.CurrencyCode = (text(input.CurrencyCode) ?? 'NOK').toUpperCase();
  }
  if (resource === 'Customers') {
    const seller = resolvePair(
      context,
      errors,
      'Employees',
      'SalesPersonEmployeeId',
      input.SalesPersonEmployeeId,
      'SalesPersonEmployeeNumber',
      input.SalesPersonEmployeeNumber,
      'Number',
    );
    dto.SalesPersonEmployeeId = seller.id;
    dto.SalesPersonEmployeeNumber = seller.code;
    dto.InvoiceDeliveryType = input.InvoiceDeliveryType ?? 'PdfByEmail';
    dto.ReminderDeliveryType = input.ReminderDeliveryType ?? 'PdfByEmail';
    dto.NoticeOfDebtCollectionDeliveryType = input.NoticeOfDebtCollectionDeliveryType ?? 'PdfByEmail';
    dto.IsVatFree = input.IsVatFree === true;
  }
  if (resource === 'Suppliers') dto.Payout = input.Payout ?? true;
  if (resource === 'Employees') {
    const manager = resolvePair(
      context,
      errors,
      'Employees',
      'ManagerEmployeeId',
      input.ManagerEmployeeId,
      'ManagerEmployeeNo',
      undefined,
      'Number',
    );
    dto.ManagerEmployeeId = manager.id;
    dto.ManagerEmployeeNo = manager.code;
    dto.Gender = input.Gender ?? 'Hidden';
  }
  return dto;
}

function buildContactPerson(input: Dto, context: BuildContext, errors: ErrorCollector): Dto {
  if (blank(input.FirstName)) errors.add('FirstName', 'The FirstName field is required.');
  if (blank(input.LastName)) errors.add('LastName', 'The LastName field is required.');
  checkEmail(errors, 'EmailAddress', input.EmailAddress);
  if (isPlainObject(input.MailAddress)) checkCountry(errors, 'MailAddress.CountryCode', input.MailAddress.CountryCode);
  const { Id, created } = identity('ContactPersons', context);
  return {
    ...input,
    Id,
    ContactId: int(context.existing?.ContactId) ?? context.contactId ?? null,
    FirstName: text(input.FirstName),
    LastName: text(input.LastName),
    EmailAddress: text(input.EmailAddress)?.trim() ?? null,
    IsActive: input.IsActive ?? true,
    IsDefault: input.IsDefault ?? false,
    MailAddress: plainAddress(input.MailAddress),
    CreatedDateTimeOffset: created,
  };
}

function buildDepartment(input: Dto, context: BuildContext, errors: ErrorCollector): Dto {
  if (blank(input.Name)) errors.add('Name', 'The Name field is required.');
  const { Id, created } = identity('Departments', context);
  const manager = resolvePair(
    context,
    errors,
    'Employees',
    'ManagerEmployeeId',
    input.ManagerEmployeeId,
    'ManagerEmployeeNo',
    input.ManagerEmployeeNo,
    'Number',
  );
  return {
    ...input,
    Id,
    Code: text(input.Code),
    IsActive: input.IsActive ?? false,
    ManagerEmployeeId: manager.id,
    ManagerEmployeeNo: manager.code,
    CreatedDateTimeOffset: created,
    CreatedFromImportJournalId: context.existing?.CreatedFromImportJournalId ?? null,
  };
}

function productGroup(input: Dto, errors: ErrorCollector): (typeof PRODUCT_GROUPS)[number] | undefined {
  const id = int(input.ProductGroupId);
  const code = text(input.ProductGroupCode);
  if (id === null && code === null) return undefined;
  const group = PRODUCT_GROUPS.find((candidate) =>
    id !== null ? candidate.Id === id : candidate.Code.toLowerCase() === code?.toLowerCase(),
  );
  if (!group) errors.add(id !== null ? 'ProductGroupId' : 'ProductGroupCode', `Product group ${id ?? code} not found.`);
  return group;
}

function buildProduct(input: Dto, context: BuildContext, errors: ErrorCollector): Dto {
  if (blank(input.Name)) errors.add('Name', 'The Name field is required.');
  const group = productGroup(input, errors);
  const { Id, created } = identity('Products', context);
  const vat = group ?? DEFAULT_VAT;
  const stockChanged = context.existing?.StockOnHand !== (input.StockOnHand ?? null);
  return {
    ...input,
    Id,
    Name: text(input.Name),
    Code: text(input.Code),
    ProductType: input.ProductType ?? 'Product',
    UnitOfMeasureCode: input.UnitOfMeasureCode ?? 'EA',
    ProductGroupId: group?.Id ?? null,
    ProductGroupCode: group?.Code ?? null,
    StandardSalesAccountId: int(input.StandardSalesAccountId) ?? vat.salesAccount,
    StandardSalesAccount: int(input.StandardSalesAccount) ?? vat.salesAccount,
    IsArchived: input.IsArchived === true,
    IsStockItem: input.IsStockItem === true,
    StockOnHand: input.StockOnHand ?? null,
    StockAvailable: input.StockOnHand ?? null,
    StockOnHandLastChangedDatetimeOffset: stockChanged
      ? input.StockOnHand == null
        ? null
        : formatTimestamp(context.now)
      : (context.existing?.StockOnHandLastChangedDatetimeOffset ?? null),
    CreatedDateTimeOffset: created,
    CreatedFromImportJournalId: context.existing?.CreatedFromImportJournalId ?? null,
  };
}

/** A line as stored: the input plus product defaults and the computed amounts and VAT. */
export function buildSalesOrderLine(
  input: Dto,
  context: BuildContext,
  errors: ErrorCollector,
  prefix: string,
  salesOrderId: string,
  sortOrder: number,
  vatFree: boolean,
  existing?: Dto,
): Dto {
  const lineType = typeof input.LineType === 'string' ? input.LineType : 'Normal';
  let product: Dto | undefined;
  const productId = int(input.ProductId);
  if (productId !== null) {
    product = context.store.get<Dto>('Products', String(productId));
    if (!product) errors.add(`${prefix}ProductId`, `Product with id = ${productId} not found.`);
  } else if (text(input.ProductCode)) {
    product = findOne(context.store, 'Products', 'Code', String(input.ProductCode));
    if (!product) errors.add(`${prefix}ProductCode`, `Product with code = ${String(input.ProductCode)} not found.`);
  }
  if (product && int(input.Quantity) === null)
    errors.add(`${prefix}Quantity`, 'The Quantity field is required when a product is set.');
  const isAmountLine = lineType === 'Normal' || lineType === 'InvoiceFee' || lineType === 'TotalHours';
  const quantity = int(input.Quantity) ?? (isAmountLine && !product ? 0 : null);
  const unitPrice = int(input.ProductUnitPrice) ?? int(product?.UnitPrice) ?? (isAmountLine ? 0 : null);
  const allowance = int(input.Allowance) ?? 0;
  const group = PRODUCT_GROUPS.find((candidate) => candidate.Id === product?.ProductGroupId);
  const vat = vatFree ? { vatRate: 0, vatCode: '6', vatId: 6 } : (group ?? DEFAULT_VAT);
  const net = isAmountLine ? round2((quantity ?? 0) * (unitPrice ?? 0) * (1 - allowance / 100)) : 0;
  const vatAmount = isAmountLine ? round2(net * vat.vatRate) : 0;
  return {
    ...input,
    Id: existing?.Id ?? randomUUID(),
    SalesOrderId: salesOrderId,
    ProductId: int(product?.Id),
    ProductCode: product ? (product.Code ?? null) : null,
    Description: text(input.Description) ?? (product ? text(product.Name) : null),
    Quantity: quantity,
    ProductUnitPrice: unitPrice,
    ProductUnitCost: int(input.ProductUnitCost) ?? int(product?.UnitCost),
    Allowance: allowance,
    UnitOfMeasureCode: input.UnitOfMeasureCode ?? product?.UnitOfMeasureCode ?? null,
    LineType: lineType,
    SortOrder: int(input.SortOrder) ?? sortOrder,
    NetAmount: net,
    VatAmount: vatAmount,
    TotalAmount: round2(net + vatAmount),
    VatRate: isAmountLine ? vat.vatRate : null,
    VatCode: isAmountLine ? vat.vatCode : null,
    VatId: isAmountLine ? vat.vatId : null,
  };
}

/** Re-derives a stored order's line amounts and header totals (after a line or the customer changed). */
export function withTotals(order: Dto): Dto {
  const lines = Array.isArray(order.SalesOrderLines) ? order.SalesOrderLines.filter(isPlainObject) : [];
  const net = lines.reduce((sum, line) => sum + (int(line.NetAmount) ?? 0), 0);
  const total = lines.reduce((sum, line) => sum + (int(line.TotalAmount) ?? 0), 0);
  return {
    ...order,
    SalesOrderLines: lines,
    NetAmount: round2(net),
    TotalAmount: round2(total),
    LineCount: lines.length,
  };
}

function buildSalesOrder(input: Dto, context: BuildContext, errors: ErrorCollector): Dto {
  const existing = context.existing;
  const customer = resolvePair(
    context,
    errors,
    'Customers',
    'CustomerId',
    input.CustomerId,
    'CustomerNo',
    input.CustomerNo,
    'Number',
  );
  if (customer.id === null && blank(input.CustomerNo))
    errors.add('CustomerId', 'The CustomerId or CustomerNo field is required.');
  const customerRecord = customer.id !== null ? context.store.get<Dto>('Customers', String(customer.id)) : undefined;
  const contactPersonId = int(input.CustomerReferenceContactPersonId);
  if (contactPersonId !== null) {
    const person = context.store.get<Dto>('ContactPersons', String(contactPersonId));
    if (!person || (customer.id !== null && person.ContactId !== customer.id)) {
      errors.add(
        'CustomerReferenceContactPersonId',
        `ContactPerson with id = ${contactPersonId} not found on customer ${customer.id ?? ''}.`.replace(' .', '.'),
      );
    }
  }
  checkCurrency(errors, input.CurrencyCode);
  const department = resolvePair(
    context,
    errors,
    'Departments',
    'DepartmentId',
    input.DepartmentId,
    'DepartmentCode',
    input.DepartmentCode,
    'Code',
  );
  const seller = resolvePair(
    context,
    errors,
    'Employees',
    'SalesPersonEmployeeId',
    input.SalesPersonEmployeeId,
    'SalesPersonEmployeeNumber',
    input.SalesPersonEmployeeNumber,
    'Number',
  );
  const { Id, created } = identity('SalesOrders', context);
  const id = String(Id);
  const vatFree = customerRecord?.IsVatFree === true;
  let lines: Dto[];
  if (existing) {
    // PATCH of the header: lines stay, but their VAT follows the customer.
    const stored = Array.isArray(existing.SalesOrderLines) ? existing.SalesOrderLines.filter(isPlainObject) : [];
    lines = stored.map((line, index) => {
      const lineInput = canonicalizeInput(line, SalesOrderLinePostDto);
      return buildSalesOrderLine(
        isPlainObject(lineInput) ? lineInput : {},
        context,
        errors,
        `SalesOrderLines[${index}].`,
        id,
        index,
        vatFree,
        line,
      );
    });
  } else {
    const given = Array.isArray(input.SalesOrderLines) ? input.SalesOrderLines : [];
    lines = given.map((line: unknown, index) =>
      buildSalesOrderLine(
        isPlainObject(line) ? line : {},
        context,
        errors,
        `SalesOrderLines[${index}].`,
        id,
        index,
        vatFree,
      ),
    );
  }
  const dto: Dto = {
    ...input,
    Id,
    SalesOrderNo: existing?.SalesOrderNo ?? context.store.nextId('salesOrderNo', 1001),
    SalesOrderStatus: input.SalesOrderStatus ?? 'Draft',
    CustomerId: customer.id,
    CustomerNo: customer.code,
    CurrencyCode: (text(input.CurrencyCode) ?? text(customerRecord?.CurrencyCode) ?? 'NOK').toUpperCase(),
    SalesOrderDate: input.SalesOrderDate ?? existing?.SalesOrderDate ?? todayDate(context.now),
    DepartmentId: department.id,
    DepartmentCode: department.code,
    SalesPersonEmployeeId: seller.id,
    SalesPersonEmployeeNumber: seller.code,
    IsCreatedByCurrentIntegration: existing
      ? (existing.IsCreatedByCurrentIntegration ?? false)
      : context.viaApi === true,
    SalesOrderLines: lines,
    CreatedDateTimeOffset: created,
  };
  return withTotals(dto);
}

/** Validates bound input and builds the stored DTO; throws a 400 ProblemDetails naming every bad field. */
export function buildRecord(
  resource: PowerOfficeResource,
  raw: unknown,
  context: BuildContext,
  schema: z.ZodType = RESOURCES[resource].post,
): Dto {
  const errors = new ErrorCollector();
  const bound = bindInput(schema, raw, errors);
  if (!isPlainObject(bound)) errors.throwIfAny(RESOURCES[resource].entity);
  const input: Dto = isPlainObject(bound) ? bound : {};
  let dto: Dto;
  switch (resource) {
    case 'Customers':
    case 'Suppliers':
    case 'Employees':
      dto = buildContact(resource, input, context, errors);
      break;
    case 'ContactPersons':
      dto = buildContactPerson(input, context, errors);
      break;
    case 'Departments':
      dto = buildDepartment(input, context, errors);
      break;
    case 'Products':
      dto = buildProduct(input, context, errors);
      break;
    case 'SalesOrders':
      dto = buildSalesOrder(input, context, errors);
      break;
  }
  dedupeErrors(errors);
  errors.throwIfAny(RESOURCES[resource].entity);
  return dto;
}

function dedupeErrors(errors: ErrorCollector): void {
  for (const [field, messages] of Object.entries(errors.errors)) errors.errors[field] = [...new Set(messages)];
}
