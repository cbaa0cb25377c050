/**
 * Every Chargebee call goes through here: it waits for the site's request budget, sends through the official
 * SDK, and turns SDK failures into the connector's typed errors.
 */
import type Chargebee from 'chargebee';
import type { ChargebeeRequestHeader } from 'chargebee';
import { TokenBucket } from '../common';
import { traceRequest } from '../common/request-trace';
import { RateLimitedError } from '../errors';
import { type ChargebeeConfig, siteLabelOf } from './config';
import { type RequestContext, toConnectorError } from './error-mapping';
import { createSdkClient } from './sdk-client';

/**
 * Largest burst as a share of the per-minute budget. The refill is the budget less the burst, so the burst
 * costs sustained rate: a fifteenth cost 7 % of a first sync's speed. A fiftieth (3 on a test site, 20 on a
 * Performance site) still lets a live change's few requests go at once after a quiet spell.
 */
const BURST_SHARE = 1 / 50;

export class ChargebeeTransport {
  /** The site as messages name it. */
  readonly site: string;
  readonly requestsPerMinute: number;
  private readonly sdk: Chargebee;
  private readonly budget: TokenBucket;

  constructor(config: ChargebeeConfig) {
    this.site = siteLabelOf(config);
    this.requestsPerMinute = config.requestsPerMinute;
    this.sdk = createSdkClient(config);
    // Chargebee counts requests per minute.
    this.budget = TokenBucket.perMinute(config.requestsPerMinute, BURST_SHARE);
  }

  /** Whether the site's budget was paused (a 429) after `time`. */
  pausedSince(time: number): boolean {
    return this.budget.pausedSince(time);
  }

  /** About how long the last of `requests` more requests asked now would wait for the site's budget. */
  budgetWaitMs(requests: number): number {
    return this.budget.expectedWaitMs(requests);
  }

  /** Requests waiting for the site's budget now. */
  waitingRequests(): number {
    const waiting = this.budget.waiters();
    return waiting.live + waiting.waited + waiting.backlog;
  }

  send<T>(context: RequestContext, request: (sdk: Chargebee) => Promise<T>): Promise<T> {
    return this.sendOnTurn(context, () => request);
  }

  /**
   * Like `send`, but the request is chosen only once the budget lets it go: a request that gathers what asked
   * for it while it waited (batched-reads.ts) takes everyone who arrived meanwhile.
   */
  async sendOnTurn<T>(context: RequestContext, requestOnTurn: () => (sdk: Chargebee) => Promise<T>): Promise<T> {
    const askedAt = Date.now();
    await this.budget.acquire();
    const tokenAt = Date.now();
    const trace = (outcome: string): void =>
      traceRequest({
        system: 'chargebee',
        request: context.record ? `${context.action} ${context.record}` : context.action,
        askedAt,
        tokenAt,
        doneAt: Date.now(),
        outcome,
      });
    try {
      const answer = await requestOnTurn()(this.sdk);
      trace('ok');
      return answer;
    } catch (error) {
      const mapped = toConnectorError(error, context, this.site);
      trace(mapped instanceof Error ? mapped.name : 'failed');
      // The whole connector backs off, not only the refused request: the site blocks every call while over.
      if (mapped instanceof RateLimitedError && mapped.retryAfterMs !== undefined)
        this.budget.pause(mapped.retryAfterMs);
      throw mapped;
    }
  }
}

/** Per-request headers carrying linkflow's deterministic idempotency key, when there is one. */
export function idempotencyHeaders(key: string | undefined): ChargebeeRequestHeader {
  return key === undefined ? {} : { 'chargebee-idempotency-key': key };
}
