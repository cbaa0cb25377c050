/**
 * Starts the real CRMOffice sandbox in-process (port 0, temp data file) and connectors configured for it the
 * way the worker configures them (the plug-in's configFromSandbox), each with a state directory for its
 * rotating refresh token.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createCrmOfficeConnector,
  crmOfficeConfigSchema,
  crmOfficeConnectorPlugin,
  type CrmOfficeConfigInput,
  type CrmOfficeConnector,
} from '../../connectors/crmoffice';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { startCrmOfficeSandbox, type CrmOfficeSandboxOptions } from '../../sandboxes/crmoffice';

export interface CrmOfficeTestContext {
  sandbox: RunningSandbox;
  /** The configuration the plug-in derives from the running sandbox. */
  config: CrmOfficeConfigInput;
  /** A new temporary state directory. */
  newStateDir: () => string;
  /**
   * A connector. Connectors of one context share a state directory (as instances in one worker do), so they
   * share the rotating refresh token; pass `newStateDir()` for one on its own.
   */
  connect: (overrides?: Partial<CrmOfficeConfigInput>, stateDir?: string) => CrmOfficeConnector;
  close: () => Promise<void>;
}

export async function startCrmOfficeWithConnector(
  sandboxOptions: Omit<CrmOfficeSandboxOptions, 'dataFile'> = {},
): Promise<CrmOfficeTestContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-crmoffice-'));
  // Tests run at a raised limit unless they test the limit itself.
  const sandbox = await startCrmOfficeSandbox({
    port: 0,
    rateLimitPerMinute: 100_000,
    ...sandboxOptions,
    dataFile: path.join(dir, 'crmoffice.sqlite'),
  });
  const config = crmOfficeConfigSchema.parse(crmOfficeConnectorPlugin.configFromSandbox(sandbox));
  let stateDirs = 0;
  const newStateDir = (): string => path.join(dir, `state-${(stateDirs += 1)}`);
  const sharedStateDir = path.join(dir, 'state');
  return {
    sandbox,
    config,
    newStateDir,
    connect: (overrides = {}, stateDir = sharedStateDir) =>
      createCrmOfficeConnector({ ...config, requestsPerMinute: 100_000, ...overrides }, { stateDir }),
    close: async () => {
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects every page of a change read. */
export async function readAll<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

/** The first page of a change read, as one poll activity takes it (the read stops there). */
export async function firstPage<T>(pages: AsyncIterable<T>): Promise<T | undefined> {
  for await (const page of pages) return page;
  return undefined;
}

/** API requests the sandbox answered by route (`POST /contacts`), from its admin API. */
export async function sandboxRoutes(sandbox: RunningSandbox): Promise<Record<string, number>> {
  const response = await fetch(`${sandbox.baseUrl}__sandbox/stats`);
  const stats = (await response.json()) as { byRoute: Record<string, number> };
  return stats.byRoute;
}
