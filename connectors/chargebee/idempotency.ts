/**
 * Deterministic idempotency keys for the extra writes one create needs (item prices, the legacy order),
 * derived from the caller's key so that a retried create replays every step instead of repeating it.
 */
import { createHash } from 'node:crypto';

/** Chargebee accepts keys of up to 100 characters (reference §5). */
const MAX_KEY_LENGTH = 100;

export function derivedIdempotencyKey(base: string, purpose: string): string {
  const key = `${base}:${purpose}`;
  return key.length <= MAX_KEY_LENGTH ? key : createHash('sha256').update(key).digest('hex');
}

/** The caller's own key, shortened the same way when it is too long for Chargebee. */
export function fittedIdempotencyKey(key: string): string {
  return key.length <= MAX_KEY_LENGTH ? key : createHash('sha256').update(key).digest('hex');
}
