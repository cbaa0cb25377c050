/**
 * Reads how long an API asked us to wait after a 429 (or 503): the `Retry-After` header (seconds or an HTTP
 * date) or, failing that, an APIM-style message such as "Rate limit is exceeded. Try again in 1 seconds."
 * (PowerOffice GO). Returns milliseconds, or undefined when the answer says nothing usable.
 */
const TRY_AGAIN_PATTERN = /try again in\s+(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|secs|seconds?)\b/i;

export function retryAfterFromHeader(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function retryAfterFromMessage(message: string | null | undefined): number | undefined {
  if (!message) return undefined;
  const match = TRY_AGAIN_PATTERN.exec(message);
  if (!match || match[1] === undefined) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  return Math.round(unit.startsWith('m') ? amount : amount * 1000);
}

/** The header wins (it is the standard); the message is the fallback. */
export function retryAfterMs(
  headerValue: string | null | undefined,
  bodyText: string | null | undefined,
): number | undefined {
  return retryAfterFromHeader(headerValue) ?? retryAfterFromMessage(bodyText);
}
