/**
 * Set-up shared by the Chargebee sandbox tests: sandboxes started on a free port with their data files in one
 * temporary directory, official SDK clients pointed at them, and the sandbox's admin routes.
 */
import Chargebee from 'chargebee';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { startChargebeeSandbox, type ChargebeeSandboxOptions } from '../../sandboxes/chargebee';

/** An SDK client for the sandbox, with the SDK's retries off so every failure reaches the test. */
export function clientFor(sandbox: RunningSandbox, apiKey = String(sandbox.credentials.apiKey)): Chargebee {
  return new Chargebee({
    site: String(sandbox.settings.site),
    hostSuffix: String(sandbox.settings.hostSuffix),
    protocol: 'http',
    port: Number(sandbox.settings.port),
    apiKey,
    retryConfig: { enabled: false },
  });
}

/** The SDK rejects with the parsed error body (plus http_status_code); this reads it as a plain record. */
export async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

/** POSTs to one of the sandbox's `/__sandbox/…` admin routes (`reset`, `faults`). */
export function admin(sandbox: RunningSandbox, route: string, body?: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${String(sandbox.settings.port)}/__sandbox/${route}`, {
    method: 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
}

export interface StartedSandbox {
  sandbox: RunningSandbox;
  chargebee: Chargebee;
}

/**
 * The sandboxes one test file starts. Data files go in a temporary directory made on the first start and
 * named after `prefix`; `cleanUp` (for `afterAll`) closes whatever is still running and removes the directory.
 */
export class ChargebeeTestSandboxes {
  private dir: string | undefined;
  private readonly running = new Set<RunningSandbox>();

  constructor(private readonly prefix: string) {}

  /** The data file called `name`: starting two sandboxes with one name gives the second the first one's data. */
  dataFile(name: string): string {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), this.prefix));
    return path.join(this.dir, `${name}.sqlite`);
  }

  async start(name: string, options: Omit<ChargebeeSandboxOptions, 'port' | 'dataFile'> = {}): Promise<StartedSandbox> {
    const sandbox = await startChargebeeSandbox({ port: 0, dataFile: this.dataFile(name), ...options });
    this.running.add(sandbox);
    return { sandbox, chargebee: clientFor(sandbox) };
  }

  async stop(sandbox: RunningSandbox): Promise<void> {
    this.running.delete(sandbox);
    await sandbox.close();
  }

  async cleanUp(): Promise<void> {
    for (const sandbox of [...this.running]) await this.stop(sandbox);
    if (this.dir !== undefined) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
