export {
  generateCompany,
  chargebeeOverlap,
  resolveCompanyOptions,
  COMPANY_PROFILES,
  COMPANY_PROFILE_NAMES,
  companyProfileSchema,
  type Company,
  type CompanyOptions,
  type CompanyProfile,
  type CompanyShape,
  type ChargebeeOverlapCustomer,
} from './company';
export { loadIntoPowerOffice, type LoadSummary } from './load';
export { isValidOrgNumber, orgNumberCheckDigit } from './org-number';
export { SeededRandom } from './random';
