/**
 * The client scripts against a real sync: `linkflow sync status --json`, `linkflow link show` and
 * `linkflow link retry`, run as the CLI runs them (same `run(args)`), with the harness's prefix in the
 * environment as a user would set it.
 */
import { run as linkCommand } from '../../client/commands/link';
import { run as syncCommand } from '../../client/commands/sync';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
let companyId: string;
beforeAll(async () => {
  h = await startSyncHarness();
  process.env.LINKFLOW_WORKFLOW_ID_PREFIX = h.prefix;
  process.env.LINKFLOW_TASK_QUEUE = h.taskQueue;
  companyId = (await h.po.create('Customers', { Name: 'Kommando AS', OrganizationNumber: '914778271' }, { idempotencyKey: 'cli-company' })).id;
}, 120_000);
afterAll(async () => h?.close());

/** Runs a command and returns what it printed. */
async function capture(command: (args: string[]) => Promise<number>, args: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.map(String).join(' ')));
  try {
    const code = await command(args);
    return { code, output: lines.join('\n') };
  } finally {
    log.mockRestore();
  }
}

test('sync status counts links per type and status; link show and link retry work on a parked link', async () => {
  const good = await h.po.create('ContactPersons', { FirstName: 'Vigdis', LastName: 'Holm', EmailAddress: 'vigdis.holm@example.no' }, { idempotencyKey: 'cli-good', parentId: companyId });
  const bad = await h.po.create('ContactPersons', { FirstName: 'X'.repeat(160), LastName: 'Lang', EmailAddress: 'lang@example.no' }, { idempotencyKey: 'cli-bad', parentId: companyId });
  await h.start();
  await h.untilStatus('ContactPersons', good.id, 'linked');
  await h.untilStatus('ContactPersons', bad.id, 'parked');

  const status = await h.eventually('status with both links', async () => {
    const { code, output } = await capture(syncCommand, ['status', '--json']);
    const parsed = JSON.parse(output) as { links: Record<string, Record<string, Record<string, number>>>; pollers: { resource: string; running: boolean }[] };
    const contacts = parsed.links['poweroffice-to-chargebee']?.['ContactPersons'];
    return code === 0 && contacts?.linked === 1 && contacts.parked === 1 ? parsed : undefined;
  });
  expect(status.pollers.map((poller) => poller.resource).sort()).toEqual(['ContactPersons', 'Customers', 'Employees', 'Products', 'SalesOrders', 'customer', 'item']);
  expect(status.pollers.every((poller) => poller.running)).toBe(true);

  const shown = await capture(linkCommand, ['show', 'poweroffice-go', 'ContactPersons', bad.id]);
  expect(shown.code).toBe(0);
  expect(shown.output).toContain('parked');
  expect(shown.output).toMatch(/FirstName|first_name/);

  // Fixed in PowerOffice, then `link retry`: the link re-reads the source and links it.
  const current = await h.po.get('ContactPersons', bad.id, { parentId: companyId });
  await h.po.update('ContactPersons', bad.id, { FirstName: 'Ola' }, { previous: current?.data, parentId: companyId });
  const retried = await capture(linkCommand, ['retry', 'poweroffice-go', 'ContactPersons', bad.id, '--json']);
  expect(retried.code).toBe(0);
  await h.untilStatus('ContactPersons', bad.id, 'linked');
  expect((await h.cb.get('customer', `pogo-cp-${bad.id}`))?.data['first_name']).toBe('Ola');

  const record = await capture(linkCommand, ['show', 'chargebee', 'customer', `pogo-cp-${good.id}`]);
  expect(record.output).toContain(h.linkId('ContactPersons', good.id));
});
