/**
 * `linkflow authorize crmoffice`: the one-time OAuth authorization with a loopback redirect, against the
 * CRMOffice sandbox (whose authorize page approves its test user at once, as a person clicking "Allow" would).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run as authorize } from '../../client/commands/authorize';
import { writeSandboxConnections } from '../../client/connector-settings';
import { loadConfig } from '../../config/config';
import { crmOfficeSandboxPlugin } from '../../sandboxes/crmoffice';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { connectorSettingsForSandboxes } from '../../worker/sync-runtime';

let dir: string;
let sandbox: RunningSandbox;
const saved = process.env.LINKFLOW_DATA_DIR;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-authorize-'));
  sandbox = await crmOfficeSandboxPlugin.start({ port: 0, dataFile: path.join(dir, 'crmoffice.sqlite') });
  process.env.LINKFLOW_DATA_DIR = dir;
  writeSandboxConnections(loadConfig(), connectorSettingsForSandboxes({ crmoffice: sandbox }));
});
afterAll(async () => {
  if (saved === undefined) delete process.env.LINKFLOW_DATA_DIR;
  else process.env.LINKFLOW_DATA_DIR = saved;
  await sandbox.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('prints the address, takes the redirect, and keeps the refresh token readable by its owner only', async () => {
  const printed: string[] = [];
  const opened: Promise<Response>[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    const line = parts.map(String).join(' ');
    printed.push(line);
    // The person opens the printed address; the sandbox approves and redirects to linkflow's loopback.
    const url = /https?:\/\/\S+\/connect\/authorize\S*/.exec(line)?.[0];
    if (url) opened.push(fetch(url));
  });
  try {
    expect(await authorize(['crmoffice'])).toBe(0);
  } finally {
    log.mockRestore();
  }
  expect(opened).toHaveLength(1);
  expect((await opened[0])?.status).toBe(200);
  const stored = /kept in (\S+)\.$/.exec(printed.at(-1) ?? '')?.[1];
  expect(stored).toBeDefined();
  expect(fs.statSync(stored ?? '').mode & 0o777).toBe(0o600);
  expect(printed.join('\n')).not.toContain(String(sandbox.credentials.clientSecret));
});

test('a system that needs no consent is a usage error', async () => {
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    expect(await authorize(['chargebee'])).toBe(2);
  } finally {
    error.mockRestore();
  }
});
