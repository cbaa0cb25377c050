/**
 * The client scripts against a real sync: `linkflow sync status --json`, `linkflow link show` and
 * `linkflow link retry`, run as the CLI runs them (same `run(args)`), with the harness's prefix in the
 * environment as a user would set it.
 */
import { z } from 'zod';
import { run as linkCommand } from '../../client/commands/link';
import { pollerWorkflowId } from '../../model/ids';
import { LinkStatus } from '../../temporal/search-attributes';
import { run as syncCommand } from '../../client/commands/sync';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
let companyId: string;
beforeAll(async () => {
  h = await startSyncHarness();
  process.env.LINKFLOW_WORKFLOW_ID_PREFIX = h.prefix;
  process.env.LINKFLOW_TASK_QUEUE = h.taskQueue;
  // The commands find the harness's systems as they find `linkflow sandbox start`'s: in its data directory.
  process.env.LINKFLOW_DATA_DIR = h.config.dataDir;
  companyId = (
    await h.po.create(
      'Customers',
      { Name: 'Kommando AS', OrganizationNumber: '914778271' },
      { idempotencyKey: 'cli-company' },
    )
  ).id;
}, 120_000);
afterAll(async () => h?.close());

/** Runs a command and returns what it printed. */
async function capture(
  command: (args: string[]) => Promise<number>,
  args: string[],
): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const log = jest
    .spyOn(console, 'log')
    .mockImplementation((...parts: unknown[]) => void lines.push(parts.map(String).join(' ')));
  try {
    const code = await command(args);
    return { code, output: lines.join('\n') };
  } finally {
    log.mockRestore();
  }
}

test('sync status counts links per type and status; link show and link retry work on a parked link', async () => {
  const good = await h.po.create(
    'ContactPersons',
    { FirstName: 'Vigdis', LastName: 'Holm', EmailAddress: 'vigdis.holm@example.no' },
    { idempotencyKey: 'cli-good', parentId: companyId },
  );
  const bad = await h.po.create(
    'ContactPersons',
    { FirstName: 'X'.repeat(160), LastName: 'Lang', EmailAddress: 'lang@example.no' },
    { idempotencyKey: 'cli-bad', parentId: companyId },
  );
  await h.start();
  await h.untilStatus('ContactPersons', good.id, 'linked');
  await h.untilStatus('ContactPersons', bad.id, 'parked');

  const status = await h.eventually('status with both links', async () => {
    const { code, output } = await capture(syncCommand, ['status', '--json']);
    const parsed = JSON.parse(output) as {
      links: Record<string, Record<string, Record<string, number>>>;
      pollers: { resource: string; running: boolean }[];
    };
    const contacts = parsed.links['poweroffice-to-chargebee']?.['ContactPersons'];
    return code === 0 && contacts?.linked === 1 && contacts.parked === 1 ? parsed : undefined;
  });
  expect(status.pollers.map((poller) => poller.resource).sort()).toEqual([
    'ContactPersons',
    'Customers',
    'Employees',
    'Products',
    'SalesOrders',
    'customer',
    'item',
    // Chargebee's order changes: orders it makes from paid invoices reach their links this way.
    'order',
  ]);
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

const problem = z.object({
  kind: z.enum(['link', 'record']),
  type: z.string(),
  id: z.string(),
  reason: z.string().nullable(),
});
const tallies = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.number())));
const statusSchema = z.object({
  pollers: z.array(
    z.object({
      system: z.string(),
      resource: z.string(),
      running: z.boolean(),
      status: z.string().optional(),
      lastError: z.string().optional(),
    }),
  ),
  links: tallies,
  records: tallies,
  parked: z.array(problem),
  retrying: z.array(problem),
  summary: z.object({
    failingPollers: z.number(),
    parkedLinks: z.number(),
    parkedRecords: z.number(),
    retrying: z.number(),
  }),
});

test('sync status answers from visibility in under 2 s with no worker, with parked and failing reasons', async () => {
  const parkedPerson = await h.po.create(
    'ContactPersons',
    { FirstName: 'Y'.repeat(160), LastName: 'Lengre', EmailAddress: 'lengre@example.no' },
    { idempotencyKey: 'cli-parked', parentId: companyId },
  );
  const parked = await h.untilStatus('ContactPersons', parkedPerson.id, 'parked');
  // Chargebee answers every request with a 5xx: its pollers give a page up after a few attempts and show it.
  h.chargebee.http.setFaults({ errorRate: 1 });
  const customerPoller = h.sync.client.workflow.getHandle(pollerWorkflowId(h.prefix, 'chargebee', 'customer'));
  const customerPollerStatus = async () => (await customerPoller.describe()).typedSearchAttributes.get(LinkStatus);
  const customerPollerFailing = async () => ((await customerPollerStatus()) === 'failing' ? true : undefined);
  await h.eventually('the Chargebee customer poller failing', customerPollerFailing, 90_000);
  await h.stopWorker();
  try {
    const status = await h.eventually('status with every link and record writer', async () => {
      const started = Date.now();
      const { code, output } = await capture(syncCommand, ['status', '--json']);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(code).toBe(0);
      const parsed = statusSchema.parse(JSON.parse(output));
      const contacts = parsed.links['poweroffice-to-chargebee']?.['ContactPersons'];
      return contacts?.linked === 2 && contacts.parked === 1 ? parsed : undefined;
    });
    expect(status.records['chargebee']?.['customer']).toEqual({ active: 2 });
    const parkedLink = { kind: 'link', type: 'ContactPersons', id: parkedPerson.id, reason: parked.parkedReason };
    expect(status.parked).toEqual([expect.objectContaining(parkedLink)]);
    expect(status.summary).toMatchObject({ parkedLinks: 1, parkedRecords: 0 });
    const failing = status.pollers.find((poller) => poller.system === 'chargebee' && poller.resource === 'customer');
    const failingPoller = { running: true, status: 'failing', lastError: expect.stringMatching(/chargebee/i) };
    expect(failing).toMatchObject(failingPoller);
    expect(status.summary.failingPollers).toBeGreaterThanOrEqual(1);

    const text = await capture(syncCommand, ['status']);
    expect(text.code).toBe(0);
    const parkedLine = `parked link poweroffice-go ContactPersons ${parkedPerson.id}: ${parked.parkedReason ?? ''}`;
    expect(text.output).toContain(parkedLine);
    expect(text.output).toMatch(/poller chargebee\/customer: failing/);
  } finally {
    h.chargebee.http.setFaults({ errorRate: 0 });
    await h.startWorker();
  }
}, 180_000);
