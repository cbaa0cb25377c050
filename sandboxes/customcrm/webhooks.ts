/**
 * The sandbox's webhook sender, as the contract's `webhooks.recordChanged` describes it: one signed POST per
 * changed record to the URL set through the admin API, retried a few times when the receiver fails, never
 * blocking the write that caused it. Deliveries are kept (the last 200) for tests and for `GET
 * /__sandbox/webhook/deliveries`.
 *
 * Signature: `Webhook-Signature: v1=<hex HMAC-SHA256(secret, "<Webhook-Timestamp>.<raw body>")>`.
 */
import { createHmac } from 'node:crypto';
import { CUSTOMCRM_WEBHOOK_HEADERS, type WebhookEvent } from '../../generated/customcrm';

/** Pauses before each retry; the contract asks for a few retries with growing pauses. */
const RETRY_DELAYS_MS = [500, 2000, 8000] as const;
const DELIVERY_TIMEOUT_MS = 10_000;
const KEPT_DELIVERIES = 200;

export interface WebhookDelivery {
  event: WebhookEvent;
  url: string;
  attempts: number;
  /** The last HTTP status, or the network error's message. */
  outcome: number | string;
  delivered: boolean;
}

/** `v1=<hex>` for a timestamp (whole seconds, as text) and the exact body sent. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export class WebhookSender {
  private url: string | null;
  private readonly log: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly secret: string,
    url: string | undefined,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.url = url ?? null;
  }

  target(): string | null {
    return this.url;
  }

  configure(url: string | null): void {
    this.url = url;
  }

  deliveries(): WebhookDelivery[] {
    return this.log.map((delivery) => ({ ...delivery }));
  }

  /** Sends a notice in the background (nothing happens without a URL). */
  notify(event: WebhookEvent): void {
    const url = this.url;
    if (url === null || this.abort.signal.aborted) return;
    const delivery: WebhookDelivery = { event, url, attempts: 0, outcome: 'pending', delivered: false };
    this.log.push(delivery);
    if (this.log.length > KEPT_DELIVERIES) this.log.shift();
    const sending = this.deliver(delivery).finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  /** Resolves when every delivery under way has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  close(): void {
    this.abort.abort();
  }

  private async deliver(delivery: WebhookDelivery): Promise<void> {
    const body = JSON.stringify(delivery.event);
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt += 1) {
      if (attempt > 0) {
        const pause = RETRY_DELAYS_MS[attempt - 1] ?? 0;
        const stopped = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), pause);
          this.abort.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve(true);
          });
        });
        if (stopped) return;
      }
      delivery.attempts = attempt + 1;
      // Signed per attempt: a retry carries a fresh timestamp, so a slow retry is not refused as stale.
      const timestamp = String(Math.floor(this.now() / 1000));
      try {
        const response = await fetch(delivery.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [CUSTOMCRM_WEBHOOK_HEADERS.timestamp]: timestamp,
            [CUSTOMCRM_WEBHOOK_HEADERS.signature]: webhookSignature(this.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
        });
        await response.arrayBuffer();
        delivery.outcome = response.status;
        if (response.ok) {
          delivery.delivered = true;
          return;
        }
        // 401: the receiver refused the signature; the same delivery cannot succeed later.
        if (response.status === 401) return;
      } catch (error: unknown) {
        if (this.abort.signal.aborted) return;
        delivery.outcome = error instanceof Error ? error.message : String(error);
      }
    }
  }
}
