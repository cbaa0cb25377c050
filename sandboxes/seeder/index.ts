export { generateCompany, chargebeeOverlap, type Company, type CompanyOptions, type ChargebeeOverlapCustomer } from './company';
export { loadIntoPowerOffice, type LoadSummary } from './load';
export { isValidOrgNumber, orgNumberCheckDigit } from './org-number';
export { SeededRandom } from './random';
