/**
 * The worker's webhook receiver against the Custom CRM reference sandbox's own webhook sender: a signed notice
 * wakes the poller of the resource that changed; a forged one is refused and wakes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { customCrmConnectorPlugin } from '../../connectors/customcrm/plugin';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { customCrmSandboxPlugin } from '../../sandboxes/customcrm/plugin';
import { startWebhookReceiver, type WebhookReceiver } from '../../worker/webhook-receiver';

let dir: string;
let sandbox: RunningSandbox;
let receiver: WebhookReceiver;
const woken: string[] = [];
const refusals: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-webhooks-'));
  sandbox = await customCrmSandboxPlugin.start({ port: 0, dataFile: path.join(dir, 'customcrm.sqlite') });
  const config = customCrmConnectorPlugin.configFromSandbox(sandbox);
  receiver = await startWebhookReceiver({
    port: 0,
    host: '127.0.0.1',
    systems: [{ plugin: customCrmConnectorPlugin, config }],
    pollNow: async (system, resource) => {
      woken.push(`${system}/${resource}`);
      return true;
    },
    log: (line) => refusals.push(line),
  });
  const configured = await fetch(new URL('/__sandbox/webhook', sandbox.baseUrl), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${receiver.url}customcrm` }),
  });
  expect(configured.ok).toBe(true);
});
afterAll(async () => {
  await receiver.close();
  await sandbox.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a record changed in the Custom CRM wakes the poller of its resource', async () => {
  const connector = customCrmConnectorPlugin.create(customCrmConnectorPlugin.configFromSandbox(sandbox), {
    stateDir: dir,
  });
  await connector.create('products', { code: 'WH-1', name: 'Varslet vare' }, { idempotencyKey: 'wh-1' });
  for (let waited = 0; !woken.includes('customcrm/products') && waited < 10_000; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(woken).toContain('customcrm/products');
});

test('a notice with a forged signature is refused and wakes nothing', async () => {
  const before = woken.length;
  const answer = await fetch(`${receiver.url}customcrm`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': `v1=${'0'.repeat(64)}`,
    },
    body: JSON.stringify({ resource: 'customers', id: 'x', updatedAt: new Date().toISOString() }),
  });
  expect(answer.status).toBe(401);
  expect(woken.length).toBe(before);
  expect(refusals.at(-1)).toMatch(/Refused a Custom CRM webhook: no Webhook-Signature matches the body/);
  expect((await fetch(`${receiver.url}chargebee`, { method: 'POST', body: '{}' })).status).toBe(404);
});
