/**
 * The Custom CRM connector: linkflow's client of its own published contract (contracts/customcrm/openapi.yaml,
 * docs/CUSTOM-CRM.md). Customers, contacts, products and orders over a bearer API key, a keyset change feed,
 * idempotent creates on `externalId` (linkflow's `preferredId`) and merge-patch updates.
 */
export { createCustomCrmConnector, type CustomCrmConnector } from './customcrm-connector';
export { customCrmConnectorPlugin } from './plugin';
export {
  CUSTOMCRM_VISIBILITY_LAG_MS,
  CUSTOMCRM_DEFAULT_REQUESTS_PER_MINUTE,
  CUSTOMCRM_ENVIRONMENT_VARIABLES,
  customCrmConfigFromEnv,
  customCrmConfigSchema,
  type CustomCrmConfig,
  type CustomCrmConfigInput,
} from './config';
export { ChangeFeedState, watermarkOf } from './change-feed';
export { CUSTOMCRM_SYSTEM, errorFromResponse, fieldOfPointer } from './errors';
export { CUSTOMCRM_TYPES, type CustomCrmType } from './resources';
export { verifyCustomCrmWebhook, WEBHOOK_TOLERANCE_SECONDS, type WebhookVerification } from './webhook';
export type { TransportStats as CustomCrmStats } from './transport';
