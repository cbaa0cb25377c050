/** Starts the real PowerOffice GO sandbox in-process (port 0, temp data dir) and a connector configured for it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createPowerOfficeConnector,
  type PowerOfficeConfigInput,
  type PowerOfficeConnector,
} from '../../connectors/poweroffice-go';
import { startPowerOfficeSandbox, type PowerOfficeSandboxOptions } from '../../sandboxes/poweroffice-go';
import type { RunningSandbox } from '../../sandboxes/common/http';

export interface SandboxContext {
  sandbox: RunningSandbox;
  connector: PowerOfficeConnector;
  connect: (overrides?: Partial<PowerOfficeConfigInput>) => PowerOfficeConnector;
  close: () => Promise<void>;
}

export async function startSandboxWithConnector(
  sandboxOptions: Omit<PowerOfficeSandboxOptions, 'dataFile'> = {},
  connectorOverrides: Partial<PowerOfficeConfigInput> = {},
): Promise<SandboxContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-pogo-'));
  // Tests run at a raised sandbox limit unless they test the limit itself; the connector's own limit too.
  const sandbox = await startPowerOfficeSandbox({
    port: 0,
    rateLimitPerSecond: 1000,
    ...sandboxOptions,
    dataFile: path.join(dir, 'pogo.sqlite'),
  });
  const connect = (overrides: Partial<PowerOfficeConfigInput> = {}): PowerOfficeConnector =>
    createPowerOfficeConnector({
      baseUrl: sandbox.baseUrl,
      tokenUrl: String(sandbox.settings['tokenUrl']),
      applicationKey: sandbox.credentials['applicationKey'] ?? '',
      clientKey: sandbox.credentials['clientKey'] ?? '',
      subscriptionKey: sandbox.credentials['subscriptionKey'] ?? '',
      requestsPerSecond: 1000,
      ...connectorOverrides,
      ...overrides,
    });
  return {
    sandbox,
    connector: connect(),
    connect,
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
