/**
 * The sandboxes' admin API (`/__sandbox/…`, which the real services do not have), as the chaos campaign and
 * the benchmark use it: request counts by route (429 answers apart), fault injection and the rate-limit
 * override. Loopback only. Answers are checked with zod.
 */
import { z } from 'zod';
import { faultConfigSchema, type FaultConfig } from '../sandboxes/common/faults';

const countsSchema = z.record(z.string(), z.number());
const statsSchema = z.object({
  requests: z.number(),
  byRoute: countsSchema,
  rateLimited: z.number().default(0),
  rateLimitedByRoute: countsSchema.default({}),
  byQuery: countsSchema.default({}),
  timeline: z.array(z.tuple([z.number(), z.number(), z.number()])).default([]),
});
export type Stats = z.infer<typeof statsSchema>;
const healthSchema = z.object({ name: z.string(), ok: z.boolean() });

export type Vendor = 'poweroffice-go' | 'chargebee';
export const VENDORS: readonly Vendor[] = ['poweroffice-go', 'chargebee'];

export class SandboxAdmin {
  constructor(
    readonly vendor: Vendor,
    readonly port: number,
  ) {}

  private async call(path: string, init?: RequestInit): Promise<unknown> {
    // Loopback only: nothing here sends traffic anywhere else.
    const url = `http://127.0.0.1:${this.port}/__sandbox${path}`;
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`${this.vendor} sandbox ${path}: HTTP ${response.status}`);
    return response.json();
  }

  async healthy(): Promise<boolean> {
    try {
      return healthSchema.parse(await this.call('/health')).ok;
    } catch {
      return false;
    }
  }

  async stats(): Promise<Stats> {
    return statsSchema.parse(await this.call('/stats'));
  }

  /** Replaces the whole fault configuration (what is not named goes back to "no fault"). */
  async setFaults(faults: Partial<FaultConfig>): Promise<FaultConfig> {
    const full = { errorRate: 0, latencyMs: 0, dropRate: 0, rateLimit: null, ...faults };
    // A sandbox restarting at this moment misses one call: try a few times before giving up.
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(full) };
        return faultConfigSchema.parse(await this.call('/faults', init));
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    throw new Error(`could not set faults on the ${this.vendor} sandbox: ${String(lastError)}`);
  }

  /** Non-GET API requests answered so far (token requests excluded): the writes. */
  async writes(): Promise<number> {
    return writesOf(await this.stats());
  }

  /** Changes only the rate limit (null: the sandbox's own limit again). */
  async setRateLimit(rateLimit: number | null): Promise<FaultConfig> {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimit }),
    };
    return faultConfigSchema.parse(await this.call('/faults', init));
  }
}

/** Requests that carry work: every non-GET request except the OAuth token call. */
export function isWrite(route: string): boolean {
  return !route.startsWith('GET ') && !route.startsWith('HEAD ') && !/\/oauth\//i.test(route);
}

/** The difference of two readings of one sandbox's counters. */
export function statsBetween(before: Stats, after: Stats): Stats {
  const minus = (a: Record<string, number>, b: Record<string, number>): Record<string, number> => {
    const result: Record<string, number> = {};
    for (const [route, count] of Object.entries(a)) {
      const delta = count - (b[route] ?? 0);
      if (delta !== 0) result[route] = delta;
    }
    return result;
  };
  return {
    requests: after.requests - before.requests,
    byRoute: minus(after.byRoute, before.byRoute),
    rateLimited: after.rateLimited - before.rateLimited,
    rateLimitedByRoute: minus(after.rateLimitedByRoute, before.rateLimitedByRoute),
    byQuery: minus(after.byQuery, before.byQuery),
    // Seconds after the first reading's last one (that second's remainder is left out).
    timeline: after.timeline.filter(([second]) => second > (before.timeline.at(-1)?.[0] ?? -Infinity)),
  };
}

export const writesOf = (stats: Stats): number =>
  Object.entries(stats.byRoute)
    .filter(([route]) => isWrite(route))
    .reduce((sum, [, count]) => sum + count, 0);

/** 429 answers to writes (they carried no work, so they are not writes made). */
export const refusedWritesOf = (stats: Stats): number =>
  Object.entries(stats.rateLimitedByRoute)
    .filter(([route]) => isWrite(route))
    .reduce((sum, [, count]) => sum + count, 0);
