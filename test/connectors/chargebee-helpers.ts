/**
 * Starts the Chargebee sandbox in-process (port 0, temp data file) and a connector pointed at it, the way a
 * real deployment configures one: site settings and credentials only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ChargebeeConfigInput,
  type ChargebeeConnector,
  createChargebeeConnector,
} from '../../connectors/chargebee';
import { startChargebeeSandbox } from '../../sandboxes/chargebee';
import type { RunningSandbox } from '../../sandboxes/common/http';

export interface SandboxOptions {
  legacyOrders?: boolean;
  customFields?: string[];
  rateLimitPerMinute?: number;
}

export interface SandboxedChargebee {
  sandbox: RunningSandbox;
  connector: ChargebeeConnector;
  /** Another connector on the same site, e.g. with a different request budget. */
  connectorWith: (overrides: Partial<ChargebeeConfigInput>) => ChargebeeConnector;
  close: () => Promise<void>;
}

/** Generous on both sides unless a test is about limits: the tests must not wait for the real 150/min. */
const FAST = 100_000;

export async function startSandboxedChargebee(options: SandboxOptions = {}): Promise<SandboxedChargebee> {
  const directory = mkdtempSync(join(tmpdir(), 'linkflow-chargebee-'));
  const sandbox = await startChargebeeSandbox({
    port: 0,
    dataFile: join(directory, 'chargebee.sqlite'),
    rateLimitPerMinute: options.rateLimitPerMinute ?? FAST,
    legacyOrders: options.legacyOrders ?? false,
    customFields: options.customFields ?? ['cf_org_number'],
  });
  const connectorWith = (overrides: Partial<ChargebeeConfigInput>): ChargebeeConnector =>
    createChargebeeConnector({
      site: String(sandbox.settings['site']),
      apiKey: String(sandbox.credentials['apiKey']),
      protocol: sandbox.settings['protocol'] === 'http' ? 'http' : 'https',
      hostSuffix: String(sandbox.settings['hostSuffix']),
      port: Number(sandbox.settings['port']),
      requestsPerMinute: FAST,
      siteLabel: String(sandbox.settings['chargebeeSite']),
      ...overrides,
    });
  return {
    sandbox,
    connector: connectorWith({}),
    connectorWith,
    close: async () => {
      await sandbox.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * Requests the sandbox served since `before` (its `byRoute` counts then), by route, with the record ids that match
 * `recordIds` shown as `:id`.
 */
export function routesSince(
  cb: SandboxedChargebee,
  before: Record<string, number>,
  recordIds: RegExp,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [route, count] of Object.entries(cb.sandbox.http.stats().byRoute)) {
    const added = count - (before[route] ?? 0);
    const pattern = route.replace(recordIds, '/:id');
    if (added > 0) counts[pattern] = (counts[pattern] ?? 0) + added;
  }
  return counts;
}
