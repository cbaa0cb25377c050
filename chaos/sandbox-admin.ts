/**
 * The sandboxes' admin API (`/__sandbox/…`), which the real services do not have: the campaign sets faults
 * through it and reads request counts to see when the sync has gone quiet. Answers are checked with zod.
 */
import { z } from 'zod';
import { faultConfigSchema, type FaultConfig } from '../sandboxes/common/faults';

const statsSchema = z.object({ requests: z.number(), byRoute: z.record(z.string(), z.number()) });
const healthSchema = z.object({ name: z.string(), ok: z.boolean() });

export type VendorName = 'poweroffice-go' | 'chargebee';

export class SandboxAdmin {
  constructor(
    readonly vendor: VendorName,
    private readonly port: number,
  ) {}

  private url(path: string): string {
    // Loopback only: the campaign never sends traffic anywhere else.
    return `http://127.0.0.1:${this.port}/__sandbox${path}`;
  }

  private async call(path: string, init?: RequestInit): Promise<unknown> {
    const response = await fetch(this.url(path), { ...init, signal: AbortSignal.timeout(10_000) });
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

  /** Replaces the whole fault configuration (what is not named goes back to "no fault"). */
  async setFaults(faults: Partial<FaultConfig>): Promise<FaultConfig> {
    const full = { errorRate: 0, latencyMs: 0, dropRate: 0, rateLimit: null, ...faults };
    // A sandbox restarting at this moment misses one call: try a few times before giving up.
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(full) };
        const answer = await this.call('/faults', init);
        return faultConfigSchema.parse(answer);
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    throw new Error(`could not set faults on the ${this.vendor} sandbox: ${String(lastError)}`);
  }

  /** Non-GET API requests answered so far (token requests excluded): the writes. */
  async writes(): Promise<number> {
    const stats = statsSchema.parse(await this.call('/stats'));
    return Object.entries(stats.byRoute)
      .filter(([route]) => !route.startsWith('GET ') && !route.startsWith('HEAD ') && !/\/oauth\//i.test(route))
      .reduce((sum, [, count]) => sum + count, 0);
  }
}
