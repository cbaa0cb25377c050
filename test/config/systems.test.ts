/**
 * The plug-in list: every system in it starts its sandbox, and the connector built from what that sandbox
 * reports reads from it; the environment and the sandboxes' connections file configure the same systems; a
 * second start keeps the seeded data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConnectorSettings, writeSandboxConnections } from '../../client/connector-settings';
import { loadConfig } from '../../config/config';
import { SYSTEMS, systemEntry } from '../../config/systems';
import { initialCursor } from '../../connectors/connector';
import { startSandboxes } from '../../sandboxes';
import { connectorSettingsForSandboxes, connectorSettingsFromEnv, createConnectors } from '../../worker/sync-runtime';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-systems-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('system keys are unique, and each connector and sandbox of an entry name the same system', () => {
  const keys = SYSTEMS.map(({ connector }) => connector.system);
  expect(new Set(keys).size).toBe(keys.length);
  for (const { connector, sandbox } of SYSTEMS) expect(sandbox().system).toBe(connector.system);
  expect(() => systemEntry('no-such-system')).toThrow(/knows no system "no-such-system"/);
});

test('every sandbox starts, seeds, and answers the connector configured from what it reports', async () => {
  const sandboxes = await startSandboxes({ dataDir: dir, anyFreePort: true, seed: { customers: 5 } });
  try {
    expect(Object.keys(sandboxes.bySystem).sort()).toEqual(SYSTEMS.map(({ connector }) => connector.system).sort());
    expect(sandboxes.seeded?.bySystem['poweroffice-go']?.['customers']).toBe(5);
    const connectors = createConnectors(connectorSettingsForSandboxes(sandboxes.bySystem), dir);
    for (const [system, connector] of Object.entries(connectors)) {
      const readable = Object.entries(connector.capabilities()).find(([, capabilities]) => capabilities.read);
      expect(readable).toBeDefined();
      const [resource] = readable ?? [''];
      const pages = connector.readChanges(resource, initialCursor());
      // One page read answers without an error: auth, paths and shapes agree between connector and sandbox.
      const first = await pages[Symbol.asyncIterator]().next();
      expect({ system, done: typeof first.done }).toEqual({ system, done: 'boolean' });
    }
  } finally {
    await sandboxes.close();
  }
  // A second start finds the data seeded and keeps it.
  const again = await startSandboxes({ dataDir: dir, anyFreePort: true, seed: { customers: 7 } });
  try {
    expect(again.seeded).toBeNull();
  } finally {
    await again.close();
  }
});

test('the environment configures only the systems whose variables are set; else the connections file', async () => {
  const env = { LINKFLOW_DATA_DIR: dir, CHARGEBEE_SITE: 'acme-test', CHARGEBEE_API_KEY: 'test_key' };
  expect(Object.keys(connectorSettingsFromEnv(env))).toEqual(['chargebee']);
  const config = loadConfig({ LINKFLOW_DATA_DIR: dir });
  expect(() => resolveConnectorSettings(config, {})).toThrow(/No systems are configured/);
  const sandboxes = await startSandboxes({ dataDir: path.join(dir, 'sb'), anyFreePort: true, seed: false });
  try {
    writeSandboxConnections(config, connectorSettingsForSandboxes(sandboxes.bySystem));
    const resolved = resolveConnectorSettings(config, {});
    expect(Object.keys(resolved.settings).sort()).toEqual(Object.keys(sandboxes.bySystem).sort());
    expect(resolved.from).toMatch(/connections\.json/);
  } finally {
    await sandboxes.close();
  }
});
