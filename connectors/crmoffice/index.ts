/**
 * The CRMOffice connector (README.md): companies and contacts over OAuth 2 with a rotating refresh token kept
 * in the state directory, change detection by content hashes in an opaque cursor, and the one-time loopback
 * authorization for the CLI.
 */
export { createCrmOfficeConnector, type CrmOfficeConnector, type CrmOfficeStats } from './crmoffice-connector';
export { crmOfficeConnectorPlugin } from './plugin';
export {
  authorizeCrmOfficeWithLoopback,
  type LoopbackAuthorizationOptions,
  type LoopbackAuthorizationResult,
} from './authorize';
export {
  CRMOFFICE_DEFAULT_API_BASE,
  CRMOFFICE_DEFAULT_REQUESTS_PER_MINUTE,
  CRMOFFICE_ENVIRONMENT_VARIABLES,
  CRMOFFICE_MAX_PAGE_SIZE,
  crmOfficeConfigFromEnv,
  crmOfficeConfigSchema,
  type CrmOfficeConfig,
  type CrmOfficeConfigInput,
} from './config';
export { CRMOFFICE_SYSTEM } from './errors';
export { CRMOFFICE_TYPES, type CrmOfficeType } from './resources';
export { OPAQUE_CURSOR_MAX_CHARS, ChangeTable, capacityNote, contentHash } from './change-table';
export { RefreshTokenStore } from './token-store';
