/**
 * Verifies a webhook notice of the Custom CRM contract (`webhooks.recordChanged`): the HMAC-SHA256 signature
 * over `<Webhook-Timestamp>.<raw body>` with the shared secret, a timestamp within 300 s, and a body that is a
 * WebhookEvent. `linkflow worker` runs it on every webhook it receives (worker/webhook-receiver.ts); it is also
 * what docs/CUSTOM-CRM.md shows implementers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CUSTOMCRM_WEBHOOK_HEADERS, WebhookEvent } from '../../generated/customcrm';

export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface WebhookDeliveryInput {
  secret: string;
  /** Header name (any case) → value. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received: re-serialised JSON would not match the signature. */
  rawBody: string | Buffer;
  /** Epoch ms, replaceable in tests. */
  now?: number;
}

export type WebhookVerification = { ok: true; event: WebhookEvent } | { ok: false; reason: string };

function header(headers: WebhookDeliveryInput['headers'], name: string): string | undefined {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase());
  const value = entry?.[1];
  return Array.isArray(value) ? value[0] : value;
}

export function verifyCustomCrmWebhook(input: WebhookDeliveryInput): WebhookVerification {
  const timestamp = header(input.headers, CUSTOMCRM_WEBHOOK_HEADERS.timestamp);
  const signatures = header(input.headers, CUSTOMCRM_WEBHOOK_HEADERS.signature);
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: `${CUSTOMCRM_WEBHOOK_HEADERS.timestamp} is missing or not whole seconds` };
  }
  const skew = Math.abs((input.now ?? Date.now()) / 1000 - Number(timestamp));
  if (skew > WEBHOOK_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: `the timestamp is ${Math.round(skew)} s away from now (at most ${WEBHOOK_TOLERANCE_SECONDS})`,
    };
  }
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  const expected = createHmac('sha256', Buffer.from(input.secret, 'utf8'))
    .update(Buffer.concat([Buffer.from(`${timestamp}.`, 'ascii'), body]))
    .digest();
  const matches = (signatures ?? '')
    .split(',')
    .map((part) => /^v1=([0-9a-f]{64})$/.exec(part.trim())?.[1])
    .some((hex) => hex !== undefined && timingSafeEqual(Buffer.from(hex, 'hex'), expected));
  if (!matches) return { ok: false, reason: `no ${CUSTOMCRM_WEBHOOK_HEADERS.signature} matches the body` };
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
  const event = WebhookEvent.safeParse(json);
  return event.success ? { ok: true, event: event.data } : { ok: false, reason: 'the body is not a WebhookEvent' };
}
