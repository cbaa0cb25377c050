/**
 * Builds the official SDK client for one site, with the SDK's own retries configured on purpose.
 */
import Chargebee, { type RetryConfig } from 'chargebee';
import type { ChargebeeConfig } from './config';

/**
 * The SDK's retries are switched off, deliberately:
 * - on a 429 the SDK sleeps for Retry-After and retries with no upper bound, inside the call: an activity would
 *   hang for minutes, invisible to Temporal. A 429 must surface as RateLimitedError so the activity's retry
 *   policy waits (durably, visibly) for `retryAfterMs`;
 * - 5xx and dropped connections likewise surface as TransientError and are retried by the activity with
 *   backoff, where every attempt is recorded in the workflow history;
 * - with retries on, the SDK invents a random idempotency key for every POST that lacks one, which would hide
 *   the missing deterministic key a retried create needs; the connector always sends its own.
 */
export const SDK_RETRY_CONFIG: RetryConfig = { enabled: false };

export function createSdkClient(config: ChargebeeConfig): Chargebee {
  return new Chargebee({
    site: config.site,
    apiKey: config.apiKey,
    protocol: config.protocol,
    ...(config.hostSuffix !== undefined ? { hostSuffix: config.hostSuffix } : {}),
    ...(config.port !== undefined ? { port: config.port } : {}),
    timeout: config.timeoutMs,
    retryConfig: SDK_RETRY_CONFIG,
    // No anonymous usage header from an integration engine that may run on a customer's own machines.
    sdkTelemetryEnabled: false,
  });
}
