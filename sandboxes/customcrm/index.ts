/**
 * The Custom CRM sandbox: linkflow's reference implementation of the Custom CRM contract
 * (contracts/customcrm/openapi.yaml, docs/CUSTOM-CRM.md). `customCrmSandboxPlugin` is how linkflow starts and
 * seeds it without naming it; `startCustomCrmSandbox` is for tests, which may also break it on purpose
 * (`deviations`, options.ts).
 */
export { customCrmSandboxPlugin } from './plugin';
export { repositoryOf, startCustomCrmSandbox, type CustomCrmSandbox } from './start';
export { seedCustomCrm } from './seed';
export { RecordClock, type RecordStamp } from './clock';
export {
  CustomCrmRepository,
  mergePatch,
  type CustomCrmRecord,
  type ListAnswer,
  type CreateAnswer,
} from './repository';
export { parseInstant, parseListRequest, type ListRequest } from './list-query';
export { webhookSignature, WebhookSender, type WebhookDelivery } from './webhooks';
export {
  CUSTOMCRM_DEVIATIONS,
  DEFAULT_CUSTOMCRM_PORT,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  SANDBOX_API_KEY,
  SANDBOX_WEBHOOK_SECRET,
  customCrmOwnOptionsSchema,
  type CustomCrmDeviation,
  type CustomCrmOwnOptions,
  type CustomCrmSandboxOptions,
} from './options';
