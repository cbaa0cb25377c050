/**
 * A local CRMOffice API (README.md): OAuth 2 authorization code with rotating refresh tokens, companies and
 * contacts, and users, as far as the public material shows them, with every guess an option.
 */
export { startCrmOfficeSandbox } from './start';
export { crmOfficeSandboxPlugin } from './plugin';
export { seedCrmOffice } from './seed';
export { rotateSigningKey, issueRefreshToken, isLoopbackRedirect } from './oauth';
export {
  ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_CRMOFFICE_PORT,
  GUESSED_RATE_LIMIT_PER_MINUTE,
  ID_STYLES,
  MAX_PAGE_SIZE,
  PAGING_STYLES,
  SANDBOX_CLIENT,
  SANDBOX_USER,
  type CrmOfficeSandboxOptions,
  type IdStyle,
  type PagingStyle,
} from './options';
export {
  CRMOFFICE_RESOURCES,
  countRecords,
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  mergePatch,
  patchRecord,
  replaceRecord,
  type CrmOfficeResource,
  type StoredCompany,
  type StoredContact,
  type StoredRecord,
} from './repository';
