/**
 * Helpers every connector may use: rate limiting, change cursors, HTTP deadlines, retry delays, typed HTTP errors,
 * the bearer-token request loop, client-credentials tokens.
 */
export {
  TokenBucket,
  systemClock,
  tokenBucketOptionsSchema,
  type Clock,
  type TokenBucketOptions,
} from './token-bucket';
export { requestPriority, withRequestPriority, type RequestPriority } from './request-priority';
export {
  ChangeCursorTracker,
  entryMarker,
  readChangeFeed,
  seenKey,
  toChangePage,
  unreadableMarker,
  type ChangeEntry,
  type ChangeFeedOptions,
  type ChangeFeedPage,
  type ChangeMarker,
} from './change-cursor';
export { fetchWithTimeout, type FetchWithTimeoutOptions } from './fetch-with-timeout';
export { retryAfterFromHeader, retryAfterFromMessage, retryAfterMs } from './retry-after';
export {
  describeHttpError,
  errorForStatus,
  httpError,
  type ErrorBodyReading,
  type HttpErrorContext,
  type HttpErrorSystem,
} from './http-error';
export {
  bearerRequest,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  type BearerClient,
  type BearerLimits,
  type BearerRequest,
  type BearerResponse,
  type TokenSource,
} from './bearer-request';
export { parseJsonBody, type JsonBodyContext } from './json-body';
export { AccessTokenCache, requestToken, type IssuedToken, type TokenRequest } from './oauth-token';
export { capabilitiesOf } from './capabilities';
