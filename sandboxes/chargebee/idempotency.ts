/**
 * `chargebee-idempotency-key` on POST. A repeat of a successful request (same key, same endpoint, same
 * parameters) within 24 hours answers the stored response with `chargebee-idempotency-replayed: true`
 * and changes nothing. The docs do not say what a reused key with other parameters gets; the sandbox answers
 * 400 `invalid_request`, so a client bug that reuses keys shows up instead of replaying the wrong answer.
 * Failed requests are not stored: a retry after an error runs again.
 */
import { createHash } from 'node:crypto';
import type { SandboxStore } from '../common/store';
import { invalidRequest } from './api-error';

export const IDEMPOTENCY_HEADER = 'chargebee-idempotency-key';
export const REPLAYED_HEADER = 'chargebee-idempotency-replayed';
const WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 100;

interface StoredAnswer {
  fingerprint: string;
  body: unknown;
}

/** The request's identity: endpoint plus its decoded parameters in a fixed order. */
export function fingerprintOf(path: string, formBody: string): string {
  const params = [...new URLSearchParams(formBody)].sort(([a, av], [b, bv]) =>
    a === b ? av.localeCompare(bv) : a.localeCompare(b),
  );
  return createHash('sha256')
    .update(JSON.stringify([path, params]))
    .digest('hex');
}

export class IdempotencyStore {
  constructor(
    private readonly store: SandboxStore,
    private readonly site: string,
  ) {}

  private keyOf(key: string): string {
    return `chargebee:idempotency:${this.site}:${key}`;
  }

  /** The stored answer to replay, or undefined when the key is new; throws when the key was used otherwise. */
  replay(key: string, fingerprint: string): unknown {
    if (key.length > MAX_KEY_LENGTH)
      throw invalidRequest(`${IDEMPOTENCY_HEADER} : cannot be more than ${MAX_KEY_LENGTH} characters`);
    const stored = this.store.getValue<StoredAnswer>(this.keyOf(key));
    if (stored === undefined) return undefined;
    if (stored.fingerprint !== fingerprint) {
      throw invalidRequest(
        `${IDEMPOTENCY_HEADER} : the key ${key} was already used for a different request (other endpoint or parameters); use a new key.`,
      );
    }
    return stored.body;
  }

  remember(key: string, fingerprint: string, body: unknown): void {
    this.store.setValue<StoredAnswer>(this.keyOf(key), { fingerprint, body }, WINDOW_MS);
  }
}
