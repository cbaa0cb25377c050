/**
 * What a new record costs in Temporal, counted from the server's histories: the actions of its link, its
 * merge and its record writer. Workflows start with their search attributes and memo and with the current
 * patches (no marker per patch), and the poller does not hand our own create back to the record writer.
 * Before, a new contact person cost 26 actions: 13 of them search-attribute upserts, most for patch markers; until
 * its link was started with the record (instead of started and signalled), 8; until the poller made the link's
 * first pass, 7 and 3 workflow tasks.
 */
import { namedEventsOf as eventNamesOf } from '../support/history-events';
import { temporal } from '@temporalio/proto';
import { saveHistory } from '../support/histories';
import { POLL_MS, startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
}, 120_000);
afterAll(async () => h?.close());

/** History events that Temporal Cloud bills as actions (docs/BENCHMARKS.md gives the definition). */
const ACTION_EVENTS = new Set<string>([
  'WORKFLOW_EXECUTION_STARTED',
  'WORKFLOW_EXECUTION_SIGNALED',
  'WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
  'ACTIVITY_TASK_SCHEDULED',
  'TIMER_STARTED',
  'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES',
  'WORKFLOW_PROPERTIES_MODIFIED',
  'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
  'START_CHILD_WORKFLOW_EXECUTION_INITIATED',
  'WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
  'LOCAL_ACTIVITY',
]);

/**
 * The history's event types; a marker is named by its kind: a local activity (`LOCAL_ACTIVITY`, an action, as
 * Temporal Cloud bills it) or a patch (`PATCH_MARKER`).
 */
async function eventsOf(workflowId: string): Promise<string[]> {
  const history = await h.sync.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).map((event) => {
    const marker = event.markerRecordedEventAttributes?.markerName;
    if (marker === 'core_local_activity') return 'LOCAL_ACTIVITY';
    if (marker === 'core_patch') return 'PATCH_MARKER';
    return String(temporal.api.enums.v1.EventType[Number(event.eventType)] ?? event.eventType).replace(
      /^EVENT_TYPE_/,
      '',
    );
  });
}

test('a new contact person costs at most 5 actions and 2 workflow tasks across link, merge and record', async () => {
  const company = await h.po.create(
    'Customers',
    { Name: 'Telling AS', OrganizationNumber: '923609016' },
    {
      idempotencyKey: 'cost-company',
    },
  );
  await h.start();
  const person = await h.po.create(
    'ContactPersons',
    { FirstName: 'Åse', LastName: 'Bråten', EmailAddress: 'ase.braten@example.no' },
    { idempotencyKey: 'cost-person', parentId: company.id },
  );
  const linked = await h.untilStatus('ContactPersons', person.id);
  if (!linked.target) throw new Error('no target');
  // Let the Chargebee poller see our create: it must not be handed back to the record writer.
  const customerPoller = `${h.prefix}poller/chargebee/customer`;
  const pollsBefore = (await eventsOf(customerPoller)).filter((type) => type === 'ACTIVITY_TASK_COMPLETED').length;
  await h.eventually('two more Chargebee customer polls', async () => {
    const polls = (await eventsOf(customerPoller)).filter((type) => type === 'ACTIVITY_TASK_COMPLETED').length;
    return polls >= pollsBefore + 2 ? true : undefined;
  });

  const ids: string[] = [];
  for await (const execution of h.sync.client.workflow.list({
    query: `WorkflowId STARTS_WITH "${h.prefix}" AND LinkflowKind != "poller"`,
  })) {
    ids.push(execution.workflowId);
  }
  const mine = ids.filter(
    (id) =>
      id === h.linkId('ContactPersons', person.id) || id.includes('/merge/') || id.endsWith(linked.target?.id ?? '?'),
  );
  expect(mine).toHaveLength(3);
  const events = (await Promise.all(mine.map(eventsOf))).flat();
  const actions = events.filter((type) => ACTION_EVENTS.has(type)).length;
  const workflowTasks = events.filter((type) => type === 'WORKFLOW_TASK_COMPLETED').length;
  const record = await eventsOf(mine.find((id) => id.includes('/record/')) ?? '');
  // Started with the attach applied: no signal, no activity (our own create's echo was not handed back either),
  // and not even a workflow task: it waits for its first event without running (docs/DECISIONS.md 128).
  expect(record.filter((type) => type === 'WORKFLOW_EXECUTION_SIGNALED')).toHaveLength(0);
  expect(record.filter((type) => type === 'ACTIVITY_TASK_SCHEDULED')).toHaveLength(0);
  expect(record.filter((type) => type === 'WORKFLOW_TASK_COMPLETED')).toHaveLength(0);
  // Its state is still there to read.
  expect((await h.record(linked.target)).links).toHaveProperty([h.linkId('ContactPersons', person.id)]);
  expect(events.filter((type) => type === 'PATCH_MARKER' || type === 'MARKER_RECORDED')).toHaveLength(0);
  // The merge matched and created inline (a local activity), not through the targets queue.
  const merge = await eventsOf(mine.find((id) => id.includes('/merge/')) ?? '');
  expect(merge.filter((type) => type === 'LOCAL_ACTIVITY')).toHaveLength(1);
  expect(merge.filter((type) => type === 'ACTIVITY_TASK_SCHEDULED')).toHaveLength(0);
  // The poller made the link's first pass (the budget serves at once) and started the link linked: no signal,
  // no activity, and one workflow task with nothing to do (docs/DECISIONS.md 145).
  const link = await eventsOf(h.linkId('ContactPersons', person.id));
  expect(link.filter((type) => type === 'WORKFLOW_EXECUTION_SIGNALED')).toHaveLength(0);
  expect(link.filter((type) => type === 'ACTIVITY_TASK_SCHEDULED')).toHaveLength(0);
  expect(link.filter((type) => type === 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES')).toHaveLength(0);
  expect(actions).toBeLessThanOrEqual(5);
  expect(workflowTasks).toBeLessThanOrEqual(2);
  await saveHistory(h.sync.client, h.linkId('ContactPersons', person.id), 'link-starts-linked');
});

const namedEventsOf = (workflowId: string): Promise<string[]> => eventNamesOf(h.sync.client, workflowId);

test('an order whose customer and items are linked already demands nothing; one quiet when first seen waits for no timer', async () => {
  await h.start();
  const org = await h.po.create(
    'Customers',
    { Name: 'Gjenkjøp AS', OrganizationNumber: '987654325' },
    { idempotencyKey: 'cost-repeat-org' },
  );
  const bolt = await h.po.create(
    'Products',
    { Name: 'Skrue M6', Code: 'S6', UnitPrice: 3 },
    { idempotencyKey: 'cost-repeat-bolt' },
  );
  const order = (tag: string) =>
    h.po.create(
      'SalesOrders',
      {
        CustomerId: Number(org.id),
        SalesOrderStatus: 'Confirmed',
        CurrencyCode: 'NOK',
        SalesOrderLines: [{ ProductId: Number(bolt.id), Quantity: 2, ProductUnitPrice: 3 }],
      },
      { idempotencyKey: `cost-repeat-order-${tag}` },
    );
  const first = await order('first');
  await h.untilStatus('SalesOrders', first.id);
  // The first order asked its customer (created on demand) by update and waited in its activity: no demand by
  // signal, no answer, no wait of its own (docs/DECISIONS.md 95); at most the settle timer of an order not yet
  // quiet when first seen, and the pass after it. Both are linked now.
  const firstEvents = await namedEventsOf(h.linkId('SalesOrders', first.id));
  expect(firstEvents).not.toContain('activity requestDependencies');
  expect(firstEvents).not.toContain('signal dependencyAnswered');
  expect(firstEvents.filter((name) => name === 'timer').length).toBeLessThanOrEqual(1);
  expect(firstEvents.filter((name) => name === 'activity processLinkEvents').length).toBeLessThanOrEqual(2);
  await saveHistory(h.sync.client, h.linkId('Customers', org.id), 'link-demanded-by-update');
  const second = await order('second');
  await h.untilStatus('SalesOrders', second.id);
  const events = await namedEventsOf(h.linkId('SalesOrders', second.id));
  expect(events).not.toContain('activity requestDependencies');
  expect(events).not.toContain('signal dependencyAnswered');
  expect(events.filter((name) => name === 'activity processLinkEvents').length).toBeLessThanOrEqual(2);

  // An order whose header has been quiet for longer than the settle interval when the poller first sees it (as
  // in a first sync) is settled already: one activity, no timer.
  await h.stopWorker();
  const quiet = await order('quiet');
  await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
  await h.startWorker();
  await h.untilStatus('SalesOrders', quiet.id);
  const quietEvents = await namedEventsOf(h.linkId('SalesOrders', quiet.id));
  expect(quietEvents.filter((name) => name === 'activity processLinkEvents')).toHaveLength(1);
  expect(quietEvents).not.toContain('timer');
});

test('an organisation no order needs yet costs nothing in Temporal; an order for it still creates it', async () => {
  await h.start();
  const org = await h.po.create(
    'Customers',
    { Name: 'Sovende Selskap AS', OrganizationNumber: '974760673' },
    { idempotencyKey: 'cost-dormant-org' },
  );
  // A person created after it is read on the same page or a later one: once it is linked, the poller has been
  // past the organisation, which got no link (no workflow, no action).
  const person = await h.po.create(
    'Customers',
    { Name: 'Våken Person', IsPerson: true, FirstName: 'Våken', LastName: 'Person', EmailAddress: 'vaken@example.no' },
    { idempotencyKey: 'cost-dormant-person' },
  );
  await h.linkedTarget('Customers', person.id);
  expect(await h.linkRuns('Customers', org.id)).toBe(false);

  const item = await h.po.create(
    'Products',
    { Name: 'Lampe', Code: 'L1', UnitPrice: 5 },
    { idempotencyKey: 'cost-dormant-item' },
  );
  const order = await h.po.create(
    'SalesOrders',
    {
      CustomerId: Number(org.id),
      SalesOrderStatus: 'Confirmed',
      CurrencyCode: 'NOK',
      SalesOrderLines: [{ ProductId: Number(item.id), Quantity: 1, ProductUnitPrice: 5 }],
    },
    { idempotencyKey: 'cost-dormant-order' },
  );
  await h.linkedTarget('SalesOrders', order.id);
  await h.linkedTarget('Customers', org.id);
});
