/** The Chargebee v2 connector (official `chargebee` SDK). */
export { type ChargebeeConnector, createChargebeeConnector } from './chargebee-connector';
export {
  type ChargebeeConfig,
  type ChargebeeConfigInput,
  DEFAULT_REQUESTS_PER_MINUTE,
  chargebeeConfigFromEnv,
  chargebeeConfigSchema,
} from './config';
export { BUSINESS_ENTITY_UNSUPPORTED_REASON, INVOICE_NOTES, ORDER_NOTES, chargebeeCapabilities } from './capabilities';
export { CHARGEBEE_SYSTEM } from './error-mapping';
export { ORG_NUMBER_FIELD, type SiteCheck } from './site-check';
export { CHARGEBEE_TYPES, type ChargebeeType } from './snapshot';
export { SDK_RETRY_CONFIG } from './sdk-client';
export { type OrderDocument, type OrderLine, orderDocumentSchema } from './order-flow';
export { chargebeeConnectorPlugin } from './plugin';
