/* eslint-disable */
// GENERATED FILE: do not edit by hand.
// Generated from PowerOffice GO's v2 OpenAPI document by:
//   node bin/run-ts.js scripts/generate-poweroffice-schemas.ts <poweroffice-go-v2.openapi.yaml>
// The translation rules are described in scripts/generate-poweroffice-schemas.ts.
import { z } from 'zod';

/** Invoice delivery type specifying how an outgoing invoice should or will be delivered to a customer. */
export const InvoiceDeliveryType = z.enum(["PdfByEmail", "Print", "EHF", "AvtaleGiro", "External", "Efaktura", "Factoring"]).nullable();
export type InvoiceDeliveryType = z.infer<typeof InvoiceDeliveryType>;

/** The contact address DTO contains all properties relevant to an address object in Go. */
export const ContactAddressDto = z.looseObject({
  AddressLine1: z.string().max(200).nullable().optional(),
  AddressLine2: z.string().max(200).nullable().optional(),
  City: z.string().max(100).nullable().optional(),
  CountryCode: z.string().nullable().optional(),
  ExternalCode: z.string().max(50).nullable().optional(),
  Id: z.number().int().optional(), // read-only
  LastChangedDateTimeOffset: z.string().optional(), // read-only
  ZipCode: z.string().max(50).nullable().optional(),
});
export type ContactAddressDto = z.infer<typeof ContactAddressDto>;

/** Specifies how debt collection notice (norwegian: inkassovarsel) should be delivered to a customer. */
export const NoticeOfDebtCollectionDeliveryType = z.enum(["PdfByEmail", "Print"]).nullable();
export type NoticeOfDebtCollectionDeliveryType = z.infer<typeof NoticeOfDebtCollectionDeliveryType>;

/** Specifies how a (payment) reminder (norwegian: purring) should be delivered to a customer. */
export const ReminderDeliveryType = z.enum(["PdfByEmail", "Print"]).nullable();
export type ReminderDeliveryType = z.infer<typeof ReminderDeliveryType>;

/** The customer DTO contains all properties relevant to a customer-object in Go */
export const CustomerDto = z.looseObject({
  Allowance: z.number().nullable().optional(),
  BillableRate: z.number().nullable().optional(),
  ContactCreatedDateTimeOffset: z.string().optional(), // read-only
  ContactGroupIds: z.array(z.number().int()).nullable().optional(),
  CreatedFromImportJournalId: z.string().nullable().optional(), // read-only
  CurrencyCode: z.string().nullable().optional(),
  CustomerCreatedDateTimeOffset: z.string().optional(), // read-only
  CustomerSince: z.string().nullable().optional(),
  DateOfBirth: z.string().nullable().optional(),
  DeliveryTerm: z.string().nullable().optional(), // read-only
  DeliveryTermId: z.number().int().nullable().optional(),
  DepartmentCode: z.string().nullable().optional(), // read-only
  DepartmentId: z.number().int().nullable().optional(),
  DoNotAddLatePaymentFees: z.boolean().nullable().optional(),
  DoNotAddLatePaymentInterest: z.boolean().nullable().optional(),
  DoNotAutomatePaymentNotifications: z.boolean().nullable().optional(),
  EmailAddress: z.string().nullable().optional(),
  ExternalImportReference: z.string().max(50).nullable().optional(),
  ExternalNumber: z.number().int().nullable().optional(),
  FirstName: z.string().nullable().optional(),
  Id: z.number().int().optional(), // read-only
  InvoiceBrandingThemeCode: z.string().nullable().optional(), // read-only
  InvoiceBrandingThemeId: z.number().int().nullable().optional(),
  InvoiceDeliveryType: InvoiceDeliveryType.optional(),
  InvoiceEmailAddress: z.string().nullable().optional(),
  InvoiceEmailAddressCC: z.string().nullable().optional(),
  IsActive: z.boolean().nullable().optional(), // read-only
  IsArchived: z.boolean().nullable().optional(),
  IsPerson: z.boolean().nullable().optional(),
  IsVatFree: z.boolean().nullable().optional(),
  LastChangedDateTimeOffset: z.string().optional(), // read-only
  LastName: z.string().nullable().optional(),
  LegalName: z.string().nullable().optional(),
  MailAddress: ContactAddressDto.optional(),
  Name: z.string().nullable().optional(),
  NationalIdNumber: z.string().nullable().optional(),
  NoticeOfDebtCollectionDeliveryType: NoticeOfDebtCollectionDeliveryType.optional(),
  Number: z.number().int().nullable().optional(),
  OrganizationNumber: z.string().nullable().optional(),
  PaymentReminderEmailAddress: z.string().nullable().optional(),
  PaymentTerm: z.number().int().nullable().optional(), // read-only
  PaymentTermId: z.number().int().nullable().optional(),
  PhoneNumber: z.string().nullable().optional(),
  ReminderDeliveryType: ReminderDeliveryType.optional(),
  SalesPersonEmployeeId: z.number().int().nullable().optional(),
  SalesPersonEmployeeNumber: z.number().int().nullable().optional(), // read-only
  SendPaymentReminders: z.boolean().nullable().optional(),
  SubledgerAccountId: z.number().int().optional(), // read-only
  TransferToDebtCollectionAgency: z.boolean().nullable().optional(),
  UseInvoiceFee: z.boolean().nullable().optional(),
  WebsiteUrl: z.string().nullable().optional(),
});
export type CustomerDto = z.infer<typeof CustomerDto>;

/** The contact address post DTO contains all properties relevant to creating a new address object in Go. */
export const ContactAddressPostDto = z.looseObject({
  AddressLine1: z.string().max(200).nullable().optional(),
  AddressLine2: z.string().max(200).nullable().optional(),
  City: z.string().max(100),
  CountryCode: z.string().nullable().optional(),
  ExternalCode: z.string().max(50).nullable().optional(),
  ZipCode: z.string().max(50),
});
export type ContactAddressPostDto = z.infer<typeof ContactAddressPostDto>;

/** The customer post DTO contains only properties relevant to a customer-object in Go that can be altered directly via POST-method in API. */
export const CustomerPostDto = z.looseObject({
  Allowance: z.number().nullable().optional(),
  BillableRate: z.number().nullable().optional(),
  ContactGroupIds: z.array(z.number().int()).nullable().optional(),
  CurrencyCode: z.string().nullable().optional(),
  CustomerSince: z.string().nullable().optional(),
  DateOfBirth: z.string().nullable().optional(),
  DeliveryTerm: z.string().nullable().optional(),
  DeliveryTermId: z.number().int().nullable().optional(),
  DepartmentCode: z.string().nullable().optional(),
  DepartmentId: z.number().int().nullable().optional(),
  DoNotAddLatePaymentFees: z.boolean().nullable().optional(),
  DoNotAddLatePaymentInterest: z.boolean().nullable().optional(),
  DoNotAutomatePaymentNotifications: z.boolean().nullable().optional(),
  EmailAddress: z.string().nullable().optional(),
  ExternalImportReference: z.string().max(50).nullable().optional(),
  ExternalNumber: z.number().int().nullable().optional(),
  FirstName: z.string().nullable().optional(),
  InvoiceBrandingThemeCode: z.string().nullable().optional(),
  InvoiceBrandingThemeId: z.number().int().nullable().optional(),
  InvoiceDeliveryType: InvoiceDeliveryType.optional(),
  InvoiceEmailAddress: z.string().nullable().optional(),
  InvoiceEmailAddressCC: z.string().nullable().optional(),
  IsArchived: z.boolean().nullable().optional(),
  IsPerson: z.boolean().nullable().optional(),
  IsVatFree: z.boolean().nullable().optional(),
  LastName: z.string().nullable().optional(),
  LegalName: z.string().nullable().optional(),
  MailAddress: ContactAddressPostDto.optional(),
  Name: z.string().nullable().optional(),
  NationalIdNumber: z.string().nullable().optional(),
  NoticeOfDebtCollectionDeliveryType: NoticeOfDebtCollectionDeliveryType.optional(),
  Number: z.number().int().nullable().optional(),
  OrganizationNumber: z.string().nullable().optional(),
  PaymentReminderEmailAddress: z.string().nullable().optional(),
  PaymentTerm: z.number().int().nullable().optional(),
  PaymentTermId: z.number().int().nullable().optional(),
  PhoneNumber: z.string().nullable().optional(),
  ReminderDeliveryType: ReminderDeliveryType.optional(),
  SalesPersonEmployeeId: z.number().int().nullable().optional(),
  SalesPersonEmployeeNumber: z.number().int().nullable().optional(),
  SendPaymentReminders: z.boolean().nullable().optional(),
  SubLedgerNumberSeriesId: z.string().nullable().optional(),
  TransferToDebtCollectionAgency: z.boolean().nullable().optional(),
  UseInvoiceFee: z.boolean().nullable().optional(),
  WebsiteUrl: z.string().nullable().optional(),
});
export type CustomerPostDto = z.infer<typeof CustomerPostDto>;

/** The address DTO contains all properties relevant to an address object in Go. */
export const AddressDto = z.looseObject({
  AddressLine1: z.string().max(200).nullable().optional(),
  AddressLine2: z.string().max(200).nullable().optional(),
  City: z.string().max(100).nullable().optional(),
  CountryCode: z.string().nullable().optional(),
  ZipCode: z.string().max(50).nullable().optional(),
});
export type AddressDto = z.infer<typeof AddressDto>;

/** Contact person data transfer object. */
export const ContactPersonDto = z.looseObject({
  ContactId: z.number().int().optional(), // read-only
  CreatedDateTimeOffset: z.string().optional(), // read-only
  EmailAddress: z.string().nullable().optional(),
  ExternalCode: z.string().max(50).nullable().optional(),
  FirstName: z.string().nullable().optional(),
  Id: z.number().int().optional(), // read-only
  IsActive: z.boolean().nullable().optional(),
  IsDefault: z.boolean().nullable().optional(),
  LastChangedDateTimeOffset: z.string().optional(), // read-only
  LastName: z.string().nullable().optional(),
  MailAddress: AddressDto.optional(),
  PhoneNumber: z.string().nullable().optional(),
  Title: z.string().nullable().optional(),
});
export type ContactPersonDto = z.infer<typeof ContactPersonDto>;

/** The address post DTO contains all properties relevant to creating a new address object in Go. */
export const AddressPostDto = z.looseObject({
  AddressLine1: z.string().max(200).nullable().optional(),
  AddressLine2: z.string().max(200).nullable().optional(),
  City: z.string().max(100),
  CountryCode: z.string().nullable().optional(),
  ZipCode: z.string().max(50),
});
export type AddressPostDto = z.infer<typeof AddressPostDto>;

/** Properties for creating a new contact person. */
export const ContactPersonPostDto = z.looseObject({
  EmailAddress: z.string().nullable().optional(),
  ExternalCode: z.string().max(50).nullable().optional(),
  FirstName: z.string(),
  IsActive: z.boolean().nullable().optional(),
  IsDefault: z.boolean().nullable().optional(),
  LastName: z.string(),
  MailAddress: AddressPostDto.optional(),
  PhoneNumber: z.string().nullable().optional(),
  Title: z.string().nullable().optional(),
});
export type ContactPersonPostDto = z.infer<typeof ContactPersonPostDto>;

/** Available genders for contacts in Go */
export const Gender = z.enum(["Male", "Female", "Hidden"]).nullable();
export type Gender = z.infer<typeof Gender>;

/** Specified the type of international ID */
export const InternationalIdType = z.enum(["PassportNumber", "NationalIdentityNumber", "TaxIdentificationNumber", "ValueAddedTaxIdentificationNumber"]).nullable();
export type InternationalIdType = z.infer<typeof InternationalIdType>;

/** The Employee DTO contains properties relevant to an employee object in Go */
export const EmployeeDto = z.looseObject({
  ContactCreatedDateTimeOffset: z.string().optional(), // read-only
  ContactGroupIds: z.array(z.number().int()).nullable().optional(),
  CreatedFromImportJournalId: z.string().nullable().optional(), // read-only
  DateOfBirth: z.string().nullable().optional(),
  DepartmentCode: z.string().nullable().optional(), // read-only
  DepartmentId: z.number().int().nullable().optional(),
  EmailAddress: z.string().nullable().optional(),
  EmployeeCreatedDateTimeOffset: z.string().optional(), // read-only
  EndDate: z.string().nullable().optional(),
  ExpenseBankAccountId: z.number().int().nullable().optional(), // read-only
  ExternalImportReference: z.string().nullable().optional(),
  ExternalNumber: z.number().int().nullable().optional(),
  FirstName: z.string().nullable().optional(),
  Gender: Gender.optional(),
  HiredDate: z.string().nullable().optional(),
  Id: z.number().int().optional(), // read-only
  InternationalIdCountryCode: z.string().nullable().optional(),
  InternationalIdNumber: z.string().nullable().optional(),
  InternationalIdReportToAltinn: z.boolean().nullable().optional(),
  InternationalIdType: InternationalIdType.optional(),
  IsArchived: z.boolean().nullable().optional(),
  JobTitle: z.string().nullable().optional(),
  LastChangedDateTimeOffset: z.string().optional(), // read-only
  LastName: z.string().nullable().optional(),
  LocationCode: z.string().nullable().optional(), // read-only
  LocationId: z.number().int().nullable().optional(),
  MailAddress: ContactAddressDto.optional(),
  ManagerEmployeeId: z.number().int().nullable().optional(),
  ManagerEmployeeNo: z.number().int().nullable().optional(), // read-only
  NationalIdNumber: z.string().nullable().optional(),
  Number: z.number().int().nullable().optional(),
  PhoneNumber: z.string().nullable().optional(),
  SalaryBankAccountId: z.number().int().nullable().optional(), // read-only
  StartDate: z.string().nullable().optional(),
  SubledgerAccountId: z.number().int().optional(), // read-only
  TravelExpenseBankAccountId: z.number().int().nullable().optional(), // read-only
});
export type EmployeeDto = z.infer<typeof EmployeeDto>;

/** The Employee post DTO contains properties relevant to creating a new employee object in Go. */
export const EmployeePostDto = z.looseObject({
  ContactGroupIds: z.array(z.number().int()).nullable().optional(),
  DateOfBirth: z.string().nullable().optional(),
  DepartmentCode: z.string().nullable().optional(),
  DepartmentId: z.number().int().nullable().optional(),
  EmailAddress: z.string().nullable().optional(),
  EndDate: z.string().nullable().optional(),
  ExternalImportReference: z.string().nullable().optional(),
  ExternalNumber: z.number().int().nullable().optional(),
  FirstName: z.string(),
  Gender: Gender.optional(),
  HiredDate: z.string().nullable().optional(),
  InternationalIdCountryCode: z.string().nullable().optional(),
  InternationalIdNumber: z.string().nullable().optional(),
  InternationalIdReportToAltinn: z.boolean().nullable().optional(),
  InternationalIdType: InternationalIdType.optional(),
  IsArchived: z.boolean().nullable().optional(),
  JobTitle: z.string().nullable().optional(),
  LastName: z.string(),
  LocationCode: z.string().nullable().optional(),
  LocationId: z.number().int().nullable().optional(),
  MailAddress: ContactAddressPostDto.optional(),
  ManagerEmployeeId: z.number().int().nullable().optional(),
  ManagerEmployeeNo: z.number().int().nullable().optional(),
  NationalIdNumber: z.string().nullable().optional(),
  Number: z.number().int().nullable().optional(),
  PhoneNumber: z.string().nullable().optional(),
  StartDate: z.string().nullable().optional(),
  SubLedgerNumberSeriesId: z.string().nullable().optional(),
});
export type EmployeePostDto = z.infer<typeof EmployeePostDto>;

/** DTO for Department read operations. */
export const DepartmentDto = z.looseObject({
  Code: z.string().nullable().optional(),
  CreatedDateTimeOffset: z.string().optional(), // read-only
  CreatedFromImportJournalId: z.string().nullable().optional(), // read-only
  Id: z.number().int().optional(), // read-only
  IsActive: z.boolean().nullable().optional(),
  LastChangedDateTimeOffset: z.string().optional(), // read-only
  ManagerEmployeeId: z.number().int().nullable().optional(), // read-only
  ManagerEmployeeNo: z.number().int().nullable().optional(), // read-only
  Name: z.string().nullable().optional(),
});
export type DepartmentDto = z.infer<typeof DepartmentDto>;

/** DTO for creating department. */
export const DepartmentPostDto = z.looseObject({
  Code: z.string().nullable().optional(),
  IsActive: z.boolean().nullable().optional(),
  ManagerEmployeeId: z.number().int().nullable().optional(),
  ManagerEmployeeNo: z.number().int().nullable().optional(),
  Name: z.string(),
});
export type DepartmentPostDto = z.infer<typeof DepartmentPostDto>;

/** Enum representing the different agriculture departments available for agriculture clients. */
export const AgricultureDepartment = z.enum(["None", "Finance", "Farming", "Forestry", "FurAnimals", "OtherIndustries", "Private"]).nullable();
export type AgricultureDepartment = z.infer<typeof AgricultureDepartment>;

/** Enum representing product types. */
export const ProductType = z.enum(["Product", "Service"]).nullable();
export type ProductType = z.infer<typeof ProductType>;

/** Enum representing various unit of measures. */
export const UnitOfMeasureType = z.enum(["BX", "MTR", "KMT", "KGM", "EA", "LTR", "HUR", "DAY", "MTK", "MTQ", "TNE", "MON", "ANN", "QAN", "NL", "XRO", "XBA", "XPL", "XPC", "PR", "XCI", "XBG", "SET", "XTY", "XOF", "FTK", "KWH", "MWH", "LBR", "CMT", "DMT", "LM", "XPK", "GRM", "HGM", "XFL", "XBE", "E54", "MMT", "DAA", "H18", "MLT", "HLT", "DLT", "AK", "XCR", "E14", "MJ", "J57", "XJG", "XCT", "XSA", "XTU", "WEE", "XCA", "XCN", "NAR", "M4", "XVQ", "P1", "MFU", "KMK", "LM3", "FOT", "FM3", "E34", "E35"]).nullable();
export type UnitOfMeasureType = z.infer<typeof UnitOfMeasureType>;

/** DTO for Product read operations. */
export const ProductDto = z.looseObject({
  Code: z.string().max(100).nullable().optional(),
  CreatedDateTimeOffset: z.string().optional(), // read-only
  CreatedFromImportJournalId: z.string().nullable().optional(), // read-only
  Description: z.string().nullable().optional(),
  Gtin: z.string().nullable().optional(),
  Id: z.number().int().optional(), // read-only
  IsArchived: z.boolean().nullable().optional(),
  IsStockItem: z.boolean().nullable().optional(),
  LastChangedDateTimeOffset: z.string().optional(), // read-only
  Name: z.string().max(400).nullable().optional(),
  OptionalSalesAccount: z.number().int().nullable().optional(), // read-only
  OptionalSalesAccountAgricultureDepartment: AgricultureDepartment.optional(),
  OptionalSalesAccountId: z.number().int().nullable().optional(),
  ProductGroupCode: z.string().nullable().optional(), // read-only
  ProductGroupId: z.number().int().nullable().optional(),
  ProductType: ProductType.optional(),
  StandardSalesAccount: z.number().int().nullable().optional(), // read-only
  StandardSalesAccountAgricultureDepartment: AgricultureDepartment.optional(),
  StandardSalesAccountId: z.number().int().nullable().optional(),
  StockAvailable: z.number().nullable().optional(), // read-only
  StockOnHand: z.number().nullable().optional(),
  StockOnHandLastChangedDatetimeOffset: z.string().nullable().optional(), // read-only
  UnitCost: z.number().nullable().optional(),
  UnitOfMeasureCode: UnitOfMeasureType.optional(),
  UnitPrice: z.number().nullable().optional(),
});
export type ProductDto = z.infer<typeof ProductDto>;

/** The product post DTO contains only properties relevant to a product-object in Go that can be altered directly via POST-method in API. */
export const ProductPostDto = z.looseObject({
  Code: z.string().max(100).nullable().optional(),
  Description: z.string().nullable().optional(),
  Gtin: z.string().nullable().optional(),
  IsArchived: z.boolean().nullable().optional(),
  IsStockItem: z.boolean().nullable().optional(),
  Name: z.string().max(400),
  OptionalSalesAccount: z.number().int().nullable().optional(),
  OptionalSalesAccountAgricultureDepartment: AgricultureDepartment.optional(),
  OptionalSalesAccountId: z.number().int().nullable().optional(),
  ProductGroupCode: z.string().nullable().optional(),
  ProductGroupId: z.number().int().nullable().optional(),
  ProductType: ProductType.optional(),
  StandardSalesAccount: z.number().int().nullable().optional(),
  StandardSalesAccountAgricultureDepartment: AgricultureDepartment.optional(),
  StandardSalesAccountId: z.number().int().nullable().optional(),
  StockOnHand: z.number().nullable().optional(),
  UnitCost: z.number().nullable().optional(),
  UnitOfMeasureCode: UnitOfMeasureType.optional(),
  UnitPrice: z.number().nullable().optional(),
});
export type ProductPostDto = z.infer<typeof ProductPostDto>;

/** The supplier DTO contains all properties relevant to a supplier-object in Go */
export const SupplierDto = z.looseObject({
  ContactCreatedDateTimeOffset: z.string().optional(), // read-only
  ContactGroupIds: z.array(z.number().int()).nullable().optional(),
  CreatedFromImportJournalId: z.string().nullable().optional(), // read-only
  CurrencyCode: z.string().nullable().optional(),
  DateOfBirth: z.string().nullable().optional(),
  EmailAddress: z.string().nullable().optional(),
  ExternalImportReference: z.string().nullable().optional(),
  ExternalNumber: z.number().int().nullable().optional(),
  FirstName: z.string().nullable().optional(),
  Id: z.number().int().optional(), // read-only
  IsActive: z.boolean().nullable().optional(), // read-only
  IsArchived: z.boolean().nullable().optional(),
  IsPerson: z.boolean().nullable().optional(),
  LastChangedDateTimeOffset: z.string().optional(), // read-only
  LastName: z.string().nullable().optional(),
  LegalName: z.string().nullable().optional(),
  MailAddress: ContactAddressDto.optional(),
  Name: z.string().nullable().optional(),
  Number: z.number().int().nullable().optional(),
  OrganizationNumber: z.string().nullable().optional(),
  Payout: z.boolean().nullable().optional(),
  PhoneNumber: z.string().nullable().optional(),
  SubledgerAccountId: z.number().int().optional(), // read-only
  SupplierCreatedDateTimeOffset: z.string().optional(), // read-only
  WebsiteUrl: z.string().nullable().optional(),
});
export type SupplierDto = z.infer<typeof SupplierDto>;

/** The supplier post DTO contains only properties relevant to a supplier-object in Go that can be altered directly via POST-method in API. */
export const SupplierPostDto = z.looseObject({
  ContactGroupIds: z.array(z.number().int()).nullable().optional(),
  CurrencyCode: z.string().nullable().optional(),
  DateOfBirth: z.string().nullable().optional(),
  EmailAddress: z.string().nullable().optional(),
  ExternalImportReference: z.string().nullable().optional(),
  ExternalNumber: z.number().int().nullable().optional(),
  FirstName: z.string().nullable().optional(),
  IsArchived: z.boolean().nullable().optional(),
  IsPerson: z.boolean().nullable().optional(),
  LastName: z.string().nullable().optional(),
  LegalName: z.string().nullable().optional(),
  MailAddress: ContactAddressPostDto.optional(),
  Name: z.string().nullable().optional(),
  Number: z.number().int().nullable().optional(),
  OrganizationNumber: z.string().nullable().optional(),
  Payout: z.boolean().nullable().optional(),
  PhoneNumber: z.string().nullable().optional(),
  SubLedgerNumberSeriesId: z.string().nullable().optional(),
  WebsiteUrl: z.string().nullable().optional(),
});
export type SupplierPostDto = z.infer<typeof SupplierPostDto>;

/** Enum defining the status of an order (outgoing invoice draft) */
export const OrderStatus = z.enum(["Draft", "Confirmed"]).nullable();
export type OrderStatus = z.infer<typeof OrderStatus>;

/** The sales order DTO contains all properties relevant to a sales order (invoice draft) in Go without sales order lines. */
export const SalesOrderDto = z.looseObject({
  BrandingThemeCode: z.string().nullable().optional(), // read-only
  BrandingThemeId: z.number().int().nullable().optional(),
  ContactDeliveryAddressId: z.number().int().nullable().optional(),
  ContractNo: z.string().nullable().optional(),
  CreatedDateTimeOffset: z.string().optional(), // read-only
  CurrencyCode: z.string().nullable().optional(),
  CurrencyExchangeRate: z.number().nullable().optional(),
  CustomerId: z.number().int().nullable().optional(),
  CustomerNo: z.number().int().nullable().optional(), // read-only
  CustomerReference: z.string().nullable().optional(),
  CustomerReferenceContactPersonId: z.number().int().nullable().optional(),
  CustomMatchingReference: z.string().nullable().optional(),
  DeliveryDate: z.string().nullable().optional(),
  DeliveryTerm: z.string().nullable().optional(), // read-only
  DeliveryTermId: z.number().int().nullable().optional(),
  DepartmentCode: z.string().nullable().optional(), // read-only
  DepartmentId: z.number().int().nullable().optional(),
  Dim1Code: z.string().nullable().optional(), // read-only
  Dim1Id: z.number().int().nullable().optional(),
  Dim2Code: z.string().nullable().optional(), // read-only
  Dim2Id: z.number().int().nullable().optional(),
  Dim3Code: z.string().nullable().optional(), // read-only
  Dim3Id: z.number().int().nullable().optional(),
  ExternalImportReference: z.string().nullable().optional(),
  Id: z.string().optional(), // read-only
  ImportedOrderNo: z.number().int().nullable().optional(),
  IsCreatedByCurrentIntegration: z.boolean().nullable().optional(), // read-only
  LastChangedDateTimeOffset: z.string().optional(), // read-only
  LineCount: z.number().int().optional(), // read-only
  LocationCode: z.string().nullable().optional(), // read-only
  LocationId: z.number().int().nullable().optional(),
  NetAmount: z.number().optional(), // read-only
  PaymentTerm: z.number().int().nullable().optional(), // read-only
  PaymentTermId: z.number().int().nullable().optional(),
  ProjectCode: z.string().nullable().optional(), // read-only
  ProjectId: z.number().int().nullable().optional(),
  PurchaseOrderReference: z.string().nullable().optional(),
  RelatedInvoiceNo: z.number().int().nullable().optional(),
  SalesOrderDate: z.string().nullable().optional(),
  SalesOrderNo: z.number().int().nullable().optional(), // read-only
  SalesOrderStatus: OrderStatus.optional(),
  SalesPersonEmployeeId: z.number().int().nullable().optional(),
  SalesPersonEmployeeNumber: z.number().int().nullable().optional(), // read-only
  TotalAmount: z.number().optional(), // read-only
});
export type SalesOrderDto = z.infer<typeof SalesOrderDto>;

/** Accrual (Norwegian: Periodisering) */
export const Accrual = z.looseObject({
  BalanceAccountAgricultureDepartment: AgricultureDepartment.optional(),
  BalanceAccountId: z.number().int().nullable().optional(),
  BalanceAccountNo: z.number().int().nullable().optional(),
  FromDate: z.string().optional(),
  IsActive: z.boolean().optional(),
  ResultAccountAgricultureDepartment: AgricultureDepartment.optional(),
  ResultAccountId: z.number().int().nullable().optional(),
  ResultAccountNo: z.number().int().nullable().optional(),
  ToDate: z.string().optional(),
});
export type Accrual = z.infer<typeof Accrual>;

/** Enum defining what kind of line the voucher line on a (outgoing) voucher is. */
export const VoucherLineType = z.enum(["Normal", "Text", "Summary", "InvoiceFee", "TotalHours"]).nullable();
export type VoucherLineType = z.infer<typeof VoucherLineType>;

/** Vat return specification used for giving extra vat information about the transaction. Will be reported from 2022 in the norwegian vat return. */
export const VatReturnSpecification = z.enum(["None", "Adjustment", "LossesOnClaims", "ReversalOfInputValueAddedTax", "Withdrawals", "AdjustmentVatCompensationRealProperty", "PurchasesEligibleForCompensation"]).nullable();
export type VatReturnSpecification = z.infer<typeof VatReturnSpecification>;

/** The sales order line DTO contains all properties relevant to a sales order line in Go */
export const SalesOrderLineDto = z.looseObject({
  Accrual: Accrual.optional(),
  Allowance: z.number().nullable().optional(),
  DepartmentCode: z.string().nullable().optional(), // read-only
  DepartmentId: z.number().int().nullable().optional(),
  Description: z.string().nullable().optional(),
  Dim1Code: z.string().nullable().optional(), // read-only
  Dim1Id: z.number().int().nullable().optional(),
  Dim2Code: z.string().nullable().optional(), // read-only
  Dim2Id: z.number().int().nullable().optional(),
  Dim3Code: z.string().nullable().optional(), // read-only
  Dim3Id: z.number().int().nullable().optional(),
  ExternalImportReference: z.string().nullable().optional(),
  Id: z.string().optional(), // read-only
  LineType: VoucherLineType.optional(),
  LocationCode: z.string().nullable().optional(), // read-only
  LocationId: z.number().int().nullable().optional(),
  NetAmount: z.number().optional(), // read-only
  ProductCode: z.string().nullable().optional(), // read-only
  ProductId: z.number().int().nullable().optional(),
  ProductUnitCost: z.number().nullable().optional(),
  ProductUnitPrice: z.number().nullable().optional(),
  ProjectCode: z.string().nullable().optional(), // read-only
  ProjectId: z.number().int().nullable().optional(),
  Quantity: z.number().nullable().optional(),
  SalesOrderId: z.string().nullable().optional(), // read-only
  SellersReferenceEmployeeId: z.number().int().nullable().optional(),
  SellersReferenceEmployeeNo: z.number().int().nullable().optional(), // read-only
  SortOrder: z.number().int().nullable().optional(),
  TotalAmount: z.number().optional(), // read-only
  UnitOfMeasureCode: UnitOfMeasureType.optional(),
  UseStandardSalesAccount: z.boolean().nullable().optional(),
  VatAmount: z.number().optional(), // read-only
  VatCode: z.string().nullable().optional(), // read-only
  VatId: z.number().int().nullable().optional(), // read-only
  VatRate: z.number().nullable().optional(), // read-only
  VatReturnSpecification: VatReturnSpecification.optional(),
});
export type SalesOrderLineDto = z.infer<typeof SalesOrderLineDto>;

/** The sales order complete DTO contains all properties relevant to a sales order (invoice draft) in Go (this includes sales order lines). */
export const SalesOrderCompleteDto = z.looseObject({
  BrandingThemeCode: z.string().nullable().optional(), // read-only
  BrandingThemeId: z.number().int().nullable().optional(),
  ContactDeliveryAddressId: z.number().int().nullable().optional(),
  ContractNo: z.string().nullable().optional(),
  CreatedDateTimeOffset: z.string().optional(), // read-only
  CurrencyCode: z.string().nullable().optional(),
  CurrencyExchangeRate: z.number().nullable().optional(),
  CustomerId: z.number().int().nullable().optional(),
  CustomerNo: z.number().int().nullable().optional(), // read-only
  CustomerReference: z.string().nullable().optional(),
  CustomerReferenceContactPersonId: z.number().int().nullable().optional(),
  CustomMatchingReference: z.string().nullable().optional(),
  DeliveryDate: z.string().nullable().optional(),
  DeliveryTerm: z.string().nullable().optional(), // read-only
  DeliveryTermId: z.number().int().nullable().optional(),
  DepartmentCode: z.string().nullable().optional(), // read-only
  DepartmentId: z.number().int().nullable().optional(),
  Dim1Code: z.string().nullable().optional(), // read-only
  Dim1Id: z.number().int().nullable().optional(),
  Dim2Code: z.string().nullable().optional(), // read-only
  Dim2Id: z.number().int().nullable().optional(),
  Dim3Code: z.string().nullable().optional(), // read-only
  Dim3Id: z.number().int().nullable().optional(),
  ExternalImportReference: z.string().nullable().optional(),
  Id: z.string().optional(), // read-only
  ImportedOrderNo: z.number().int().nullable().optional(),
  IsCreatedByCurrentIntegration: z.boolean().nullable().optional(), // read-only
  LastChangedDateTimeOffset: z.string().optional(), // read-only
  LineCount: z.number().int().optional(), // read-only
  LocationCode: z.string().nullable().optional(), // read-only
  LocationId: z.number().int().nullable().optional(),
  NetAmount: z.number().optional(), // read-only
  PaymentTerm: z.number().int().nullable().optional(), // read-only
  PaymentTermId: z.number().int().nullable().optional(),
  ProjectCode: z.string().nullable().optional(), // read-only
  ProjectId: z.number().int().nullable().optional(),
  PurchaseOrderReference: z.string().nullable().optional(),
  RelatedInvoiceNo: z.number().int().nullable().optional(),
  SalesOrderDate: z.string().nullable().optional(),
  SalesOrderLines: z.array(SalesOrderLineDto).nullable().optional(), // read-only
  SalesOrderNo: z.number().int().nullable().optional(), // read-only
  SalesOrderStatus: OrderStatus.optional(),
  SalesPersonEmployeeId: z.number().int().nullable().optional(),
  SalesPersonEmployeeNumber: z.number().int().nullable().optional(), // read-only
  TotalAmount: z.number().optional(), // read-only
});
export type SalesOrderCompleteDto = z.infer<typeof SalesOrderCompleteDto>;

/** Accrual (Norwegian: Periodisering) for sales order line */
export const SalesOrderAccrualPostDto = z.looseObject({
  BalanceAccountAgricultureDepartment: AgricultureDepartment.optional(),
  BalanceAccountId: z.number().int().nullable().optional(),
  BalanceAccountNo: z.number().int().nullable().optional(),
  FromDate: z.string().optional(),
  IsActive: z.boolean().optional(),
  ResultAccountAgricultureDepartment: AgricultureDepartment.optional(),
  ResultAccountId: z.number().int().nullable().optional(),
  ResultAccountNo: z.number().int().nullable().optional(),
  ToDate: z.string().optional(),
});
export type SalesOrderAccrualPostDto = z.infer<typeof SalesOrderAccrualPostDto>;

/** The sales order line post DTO contains only properties relevant to a sales order line in Go that can be created via POST-method in API. */
export const SalesOrderLinePostDto = z.looseObject({
  Accrual: SalesOrderAccrualPostDto.optional(),
  Allowance: z.number().nullable().optional(),
  DepartmentCode: z.string().nullable().optional(),
  DepartmentId: z.number().int().nullable().optional(),
  Description: z.string().nullable().optional(),
  Dim1Code: z.string().nullable().optional(),
  Dim1Id: z.number().int().nullable().optional(),
  Dim2Code: z.string().nullable().optional(),
  Dim2Id: z.number().int().nullable().optional(),
  Dim3Code: z.string().nullable().optional(),
  Dim3Id: z.number().int().nullable().optional(),
  ExternalImportReference: z.string().nullable().optional(),
  LineType: VoucherLineType.optional(),
  LocationCode: z.string().nullable().optional(),
  LocationId: z.number().int().nullable().optional(),
  ProductCode: z.string().nullable().optional(),
  ProductId: z.number().int().nullable().optional(),
  ProductUnitCost: z.number().nullable().optional(),
  ProductUnitPrice: z.number().nullable().optional(),
  ProjectCode: z.string().nullable().optional(),
  ProjectId: z.number().int().nullable().optional(),
  Quantity: z.number().nullable().optional(),
  SellersReferenceEmployeeId: z.number().int().nullable().optional(),
  SellersReferenceEmployeeNo: z.number().int().nullable().optional(),
  SortOrder: z.number().int().nullable().optional(),
  UnitOfMeasureCode: UnitOfMeasureType.optional(),
  UseStandardSalesAccount: z.boolean().nullable().optional(),
  VatReturnSpecification: VatReturnSpecification.optional(),
});
export type SalesOrderLinePostDto = z.infer<typeof SalesOrderLinePostDto>;

/** The sales order complete post DTO contains only properties relevant to a sales order (invoice draft) in Go (this includes sales order lines) that can be created via POST-method in API. */
export const SalesOrderCompletePostDto = z.looseObject({
  BrandingThemeCode: z.string().nullable().optional(),
  BrandingThemeId: z.number().int().nullable().optional(),
  ContactDeliveryAddressId: z.number().int().nullable().optional(),
  ContractNo: z.string().nullable().optional(),
  CurrencyCode: z.string().nullable().optional(),
  CurrencyExchangeRate: z.number().nullable().optional(),
  CustomerId: z.number().int().nullable().optional(),
  CustomerNo: z.number().int().nullable().optional(),
  CustomerReference: z.string().nullable().optional(),
  CustomerReferenceContactPersonId: z.number().int().nullable().optional(),
  CustomMatchingReference: z.string().nullable().optional(),
  DeliveryDate: z.string().nullable().optional(),
  DeliveryTerm: z.string().nullable().optional(),
  DeliveryTermId: z.number().int().nullable().optional(),
  DepartmentCode: z.string().nullable().optional(),
  DepartmentId: z.number().int().nullable().optional(),
  Dim1Code: z.string().nullable().optional(),
  Dim1Id: z.number().int().nullable().optional(),
  Dim2Code: z.string().nullable().optional(),
  Dim2Id: z.number().int().nullable().optional(),
  Dim3Code: z.string().nullable().optional(),
  Dim3Id: z.number().int().nullable().optional(),
  ExternalImportReference: z.string().nullable().optional(),
  ImportedOrderNo: z.number().int().nullable().optional(),
  LocationCode: z.string().nullable().optional(),
  LocationId: z.number().int().nullable().optional(),
  PaymentTerm: z.number().int().nullable().optional(),
  PaymentTermId: z.number().int().nullable().optional(),
  ProjectCode: z.string().nullable().optional(),
  ProjectId: z.number().int().nullable().optional(),
  PurchaseOrderReference: z.string().nullable().optional(),
  RelatedInvoiceNo: z.number().int().nullable().optional(),
  SalesOrderDate: z.string().nullable().optional(),
  SalesOrderLines: z.array(SalesOrderLinePostDto).nullable().optional(),
  SalesOrderStatus: OrderStatus.optional(),
  SalesPersonEmployeeId: z.number().int().nullable().optional(),
  SalesPersonEmployeeNumber: z.number().int().nullable().optional(),
});
export type SalesOrderCompletePostDto = z.infer<typeof SalesOrderCompletePostDto>;

export const ProblemDetails = z.looseObject({
  Detail: z.string().nullable().optional(),
  Instance: z.string().nullable().optional(),
  Status: z.number().int().nullable().optional(),
  Title: z.string().nullable().optional(),
  Type: z.string().nullable().optional(),
});
export type ProblemDetails = z.infer<typeof ProblemDetails>;

export const Operation = z.looseObject({
  from: z.string().nullable().optional(),
  op: z.string().optional(),
  path: z.string().optional(),
  value: z.unknown().optional(),
});
export type Operation = z.infer<typeof Operation>;

/** Structure containing various resource-filter options */
export const ResourceParameters = z.looseObject({
  Fields: z.string().nullable().optional(),
  MaxPageSize: z.number().int().optional(), // read-only
  OrderBy: z.string().nullable().optional(),
  PageNumber: z.number().int().optional(),
  PageSize: z.number().int().optional(),
  UseDatabaseValidation: z.boolean().optional(),
});
export type ResourceParameters = z.infer<typeof ResourceParameters>;

/**
 * ProblemDetails as servers send it on the wire: the document's schema spells the keys in PascalCase, its
 * examples and known clients in lower case. Derived from ProblemDetails by lower-casing the keys.
 */
export const ProblemDetailsLowercase = z.looseObject({
  detail: z.string().nullable().optional(),
  instance: z.string().nullable().optional(),
  status: z.number().int().nullable().optional(),
  title: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});
export type ProblemDetailsLowercase = z.infer<typeof ProblemDetailsLowercase>;

export const schemaFields: Record<string, { readOnly: readonly string[]; required: readonly string[] }> = {
  ContactAddressDto: { readOnly: ["Id","LastChangedDateTimeOffset"], required: [] },
  CustomerDto: { readOnly: ["ContactCreatedDateTimeOffset","CreatedFromImportJournalId","CustomerCreatedDateTimeOffset","DeliveryTerm","DepartmentCode","Id","InvoiceBrandingThemeCode","IsActive","LastChangedDateTimeOffset","PaymentTerm","SalesPersonEmployeeNumber","SubledgerAccountId"], required: [] },
  ContactAddressPostDto: { readOnly: [], required: ["City","ZipCode"] },
  CustomerPostDto: { readOnly: [], required: [] },
  AddressDto: { readOnly: [], required: [] },
  ContactPersonDto: { readOnly: ["ContactId","CreatedDateTimeOffset","Id","LastChangedDateTimeOffset"], required: [] },
  AddressPostDto: { readOnly: [], required: ["City","ZipCode"] },
  ContactPersonPostDto: { readOnly: [], required: ["FirstName","LastName"] },
  EmployeeDto: { readOnly: ["ContactCreatedDateTimeOffset","CreatedFromImportJournalId","DepartmentCode","EmployeeCreatedDateTimeOffset","ExpenseBankAccountId","Id","LastChangedDateTimeOffset","LocationCode","ManagerEmployeeNo","SalaryBankAccountId","SubledgerAccountId","TravelExpenseBankAccountId"], required: [] },
  EmployeePostDto: { readOnly: [], required: ["FirstName","LastName"] },
  DepartmentDto: { readOnly: ["CreatedDateTimeOffset","CreatedFromImportJournalId","Id","LastChangedDateTimeOffset","ManagerEmployeeId","ManagerEmployeeNo"], required: [] },
  DepartmentPostDto: { readOnly: [], required: ["Name"] },
  ProductDto: { readOnly: ["CreatedDateTimeOffset","CreatedFromImportJournalId","Id","LastChangedDateTimeOffset","OptionalSalesAccount","ProductGroupCode","StandardSalesAccount","StockAvailable","StockOnHandLastChangedDatetimeOffset"], required: [] },
  ProductPostDto: { readOnly: [], required: ["Name"] },
  SupplierDto: { readOnly: ["ContactCreatedDateTimeOffset","CreatedFromImportJournalId","Id","IsActive","LastChangedDateTimeOffset","SubledgerAccountId","SupplierCreatedDateTimeOffset"], required: [] },
  SupplierPostDto: { readOnly: [], required: [] },
  SalesOrderDto: { readOnly: ["BrandingThemeCode","CreatedDateTimeOffset","CustomerNo","DeliveryTerm","DepartmentCode","Dim1Code","Dim2Code","Dim3Code","Id","IsCreatedByCurrentIntegration","LastChangedDateTimeOffset","LineCount","LocationCode","NetAmount","PaymentTerm","ProjectCode","SalesOrderNo","SalesPersonEmployeeNumber","TotalAmount"], required: [] },
  Accrual: { readOnly: [], required: [] },
  SalesOrderLineDto: { readOnly: ["DepartmentCode","Dim1Code","Dim2Code","Dim3Code","Id","LocationCode","NetAmount","ProductCode","ProjectCode","SalesOrderId","SellersReferenceEmployeeNo","TotalAmount","VatAmount","VatCode","VatId","VatRate"], required: [] },
  SalesOrderCompleteDto: { readOnly: ["BrandingThemeCode","CreatedDateTimeOffset","CustomerNo","DeliveryTerm","DepartmentCode","Dim1Code","Dim2Code","Dim3Code","Id","IsCreatedByCurrentIntegration","LastChangedDateTimeOffset","LineCount","LocationCode","NetAmount","PaymentTerm","ProjectCode","SalesOrderLines","SalesOrderNo","SalesPersonEmployeeNumber","TotalAmount"], required: [] },
  SalesOrderAccrualPostDto: { readOnly: [], required: [] },
  SalesOrderLinePostDto: { readOnly: [], required: [] },
  SalesOrderCompletePostDto: { readOnly: [], required: [] },
  ProblemDetails: { readOnly: [], required: [] },
  Operation: { readOnly: [], required: [] },
  ResourceParameters: { readOnly: ["MaxPageSize"], required: [] },
};

/** The endpoints linkflow uses, with their documented success codes and body/response schemas. */
export const powerOfficePaths = [
  {
    "method": "GET",
    "path": "/ContactPersons",
    "success": [
      200,
      204
    ],
    "requestBody": null,
    "response": "ContactPersonDto[]",
    "query": [
      "contactIds",
      "createdDateTimeOffsetGreaterThan",
      "externalCodes",
      "lastChangedDateTimeOffsetGreaterThan",
      "resourceParameter"
    ]
  },
  {
    "method": "POST",
    "path": "/ContactPersons/{contactId}",
    "success": [
      201
    ],
    "requestBody": "ContactPersonPostDto",
    "response": "ContactPersonDto",
    "query": []
  },
  {
    "method": "DELETE",
    "path": "/ContactPersons/{contactId}/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "method": "GET",
    "path": "/ContactPersons/{contactId}/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "ContactPersonDto",
    "query": []
  },
  {
    "method": "PATCH",
    "path": "/ContactPersons/{contactId}/{id}",
    "success": [
      200
    ],
    "requestBody": "JsonPatchDocument",
    "response": "ContactPersonDto",
    "query": []
  },
  {
    "method": "GET",
    "path": "/Customers",
    "success": [
      200,
      204
    ],
    "requestBody": null,
    "response": "CustomerDto[]",
    "query": [
      "contactGroupIds",
      "customerCreatedDateTimeOffsetGreaterThan",
      "customerNos",
      "externalImportReference",
      "externalNos",
      "lastChangedDateTimeOffsetGreaterThan",
      "resourceParameter"
    ]
  },
  {
    "method": "POST",
    "path": "/Customers",
    "success": [
      201
    ],
    "requestBody": "CustomerPostDto",
    "response": "CustomerDto",
    "query": []
  },
  {
    "method": "DELETE",
    "path": "/Customers/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "method": "GET",
    "path": "/Customers/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "CustomerDto",
    "query": []
  },
  {
    "method": "PATCH",
    "path": "/Customers/{id}",
    "success": [
      200
    ],
    "requestBody": "JsonPatchDocument",
    "response": "CustomerDto",
    "query": []
  },
  {
    "method": "GET",
    "path": "/Departments",
    "success": [
      200,
      204
    ],
    "requestBody": null,
    "response": "DepartmentDto[]",
    "query": [
      "codes",
      "createdDateTimeOffsetGreaterThan",
      "createdFromImportJournalId",
      "isActive",
      "lastChangedDateTimeOffsetGreaterThan",
      "managerEmployeeNo",
      "name",
      "resourceParameter"
    ]
  },
  {
    "method": "POST",
    "path": "/Departments",
    "success": [
      201
    ],
    "requestBody": "DepartmentPostDto",
    "response": "DepartmentDto",
    "query": []
  },
  {
    "method": "DELETE",
    "path": "/Departments/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "method": "GET",
    "path": "/Departments/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "method": "PATCH",
    "path": "/Departments/{id}",
    "success": [
      200
    ],
    "requestBody": "JsonPatchDocument",
    "response": null,
    "query": []
  },
  {
    "method": "GET",
    "path": "/Employees",
    "success": [
      200,
      204
    ],
    "requestBody": null,
    "response": "EmployeeDto[]",
    "query": [
      "contactGroupIds",
      "employeeCreatedDateTimeOffsetGreaterThan",
      "employeeNos",
      "externalImportReference",
      "externalNos",
      "lastChangedDateTimeOffsetGreaterThan",
      "resourceParameter"
    ]
  },
  {
    "method": "POST",
    "path": "/Employees",
    "success": [
      201
    ],
    "requestBody": "EmployeePostDto",
    "response": "EmployeeDto",
    "query": []
  },
  {
    "method": "DELETE",
    "path": "/Employees/{employeeId}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "method": "GET",
    "path": "/Employees/{employeeId}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "EmployeeDto",
    "query": []
  },
  {
    "method": "PATCH",
    "path": "/Employees/{employeeId}",
    "success": [
      200
    ],
    "requestBody": "JsonPatchDocument",
    "response": "EmployeeDto",
    "query": []
  },
  {
    "method": "GET",
    "path": "/Products",
    "success": [
      200,
      204
    ],
    "requestBody": null,
    "response": "ProductDto[]",
    "query": [
      "codes",
      "createdDateTimeOffsetGreaterThan",
      "isArchived",
      "lastChangedDateTimeOffsetGreaterThan",
      "stockOnHandLastChangedDatetimeOffsetGreaterThan",
      "names",
      "productGroupCodes",
      "type",
      "resourceParameter"
    ]
  },
  {
    "method": "POST",
    "path": "/Products",
    "success": [
      200
    ],
    "requestBody": "ProductPostDto",
    "response": "ProductDto",
    "query": []
  },
  {
    "method": "DELETE",
    "path": "/Products/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "method": "GET",
    "path": "/Products/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "ProductDto",
    "query": []
  },
  {
    "method": "PATCH",
    "path": "/Products/{id}",
    "success": [
      200
    ],
    "requestBody": "JsonPatchDocument",
    "response": "ProductDto",
    "query": []
  },
  {
    "method": "GET",
    "path": "/SalesOrders",
    "success": [
      200,
      204
    ],
    "requestBody": null,
    "response": "SalesOrderDto[]",
    "query": [
      "customerNos",
      "departmentCodes",
      "includeSubProject",
      "lastChangedDateTimeOffsetGreaterThan",
      "onlyCreatedByCurrentIntegration",
      "orderStatus",
      "projectCodes",
      "showInherited",
      "resourceParameter"
    ]
  },
  {
    "method": "DELETE",
    "path": "/SalesOrders/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "method": "GET",
    "path": "/SalesOrders/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "SalesOrderDto",
    "query": [
      "showInherited"
    ]
  },
  {
    "method": "PATCH",
    "path": "/SalesOrders/{id}",
    "success": [
      200
    ],
    "requestBody": "JsonPatchDocument",
    "response": "SalesOrderDto",
    "query": []
  },
  {
    "method": "GET",
    "path": "/SalesOrders/{id}/Complete",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "SalesOrderCompleteDto",
    "query": [
      "showInherited"
    ]
  },
  {
    "method": "GET",
    "path": "/SalesOrders/{id}/Lines",
    "success": [
      200,
      204
    ],
    "requestBody": null,
    "response": "SalesOrderLineDto[]",
    "query": [
      "resourceParameter"
    ]
  },
  {
    "method": "POST",
    "path": "/SalesOrders/{id}/Lines",
    "success": [
      201
    ],
    "requestBody": "SalesOrderLinePostDto",
    "response": "SalesOrderLineDto",
    "query": []
  },
  {
    "method": "DELETE",
    "path": "/SalesOrders/{id}/Lines/{lineId}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "method": "GET",
    "path": "/SalesOrders/{id}/Lines/{lineId}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "SalesOrderLineDto",
    "query": []
  },
  {
    "method": "PATCH",
    "path": "/SalesOrders/{id}/Lines/{lineId}",
    "success": [
      200
    ],
    "requestBody": "JsonPatchDocument",
    "response": "SalesOrderLineDto",
    "query": []
  },
  {
    "method": "POST",
    "path": "/SalesOrders/Complete",
    "success": [
      201
    ],
    "requestBody": "SalesOrderCompletePostDto",
    "response": "SalesOrderCompleteDto",
    "query": []
  },
  {
    "method": "GET",
    "path": "/Suppliers",
    "success": [
      200,
      204
    ],
    "requestBody": null,
    "response": "SupplierDto[]",
    "query": [
      "contactGroupIds",
      "externalImportReference",
      "externalNos",
      "lastChangedDateTimeOffsetGreaterThan",
      "supplierCreatedDateTimeOffsetGreaterThan",
      "supplierNos",
      "resourceParameter"
    ]
  },
  {
    "method": "POST",
    "path": "/Suppliers",
    "success": [
      201
    ],
    "requestBody": "SupplierPostDto",
    "response": "SupplierDto",
    "query": []
  },
  {
    "method": "DELETE",
    "path": "/Suppliers/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": null,
    "query": []
  },
  {
    "method": "GET",
    "path": "/Suppliers/{id}",
    "success": [
      200
    ],
    "requestBody": null,
    "response": "SupplierDto",
    "query": []
  },
  {
    "method": "PATCH",
    "path": "/Suppliers/{id}",
    "success": [
      200
    ],
    "requestBody": "JsonPatchDocument",
    "response": "SupplierDto",
    "query": []
  }
] as const;
