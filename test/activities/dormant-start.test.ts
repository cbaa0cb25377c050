/**
 * A new record whose first pass leaves its link dormant (an organisation created only on demand, an order not
 * confirmed yet) has its link started in that state by the poller: the state is the first pass's own, and
 * working it out asks nothing of any system (docs/DECISIONS.md 94).
 */
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../config/config';
import type { RecordSnapshot } from '../../connectors/connector';
import { createLinkActivities } from '../../activities/link-activities';
import { loadDataflows } from '../../dataflows/engine';
import { organisationCustomer, personCustomer, salesOrder } from '../dataflows/fixtures';
import { fakeConnector } from '../support/fake-connector';

const { dormantStartState } = createLinkActivities({
  config: loadConfig({}),
  flows: loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee'),
  // Any request fails the test: the dormant state must be worked out without one.
  connectors: { 'poweroffice-go': fakeConnector('poweroffice-go'), chargebee: fakeConnector('chargebee') },
  client: {} as unknown as Client,
  taskQueue: 'unused',
  timing: { orderSettleMs: 1, openOrderSweepMs: 1 },
});

const snapshot = (resource: string, data: { Id: number | string } & Record<string, unknown>): RecordSnapshot => ({
  system: 'poweroffice-go',
  type: resource,
  id: String(data.Id),
  version: 5,
  changedAt: 5,
  deleted: false,
  data,
});
const sourceOf = (record: RecordSnapshot) => ({ system: 'poweroffice-go', resource: record.type, id: record.id });
const flow = 'poweroffice-to-chargebee';

test('an organisation, created only when an order needs it, starts dormant with its read and mapped values', async () => {
  const record = snapshot('Customers', organisationCustomer);
  const state = await dormantStartState(flow, sourceOf(record), record);
  expect(state).toMatchObject({
    status: 'dormant',
    demanded: false,
    sourceVersion: 5,
    lastSnapshot: record,
    mappingId: 'poweroffice-to-chargebee:Customers->Customer',
    source: sourceOf(record),
  });
  expect(state?.linkId).toContain(`${flow}/Customers/${record.id}`);
  expect(Object.keys(state?.sourceSeen ?? {}).length).toBeGreaterThan(0);
  expect(state?.target).toBeUndefined();
});

test('an order not confirmed yet starts dormant; a confirmed one and a person are left to their first pass', async () => {
  const draft = snapshot('SalesOrders', { ...salesOrder, SalesOrderStatus: 'Draft' });
  expect(await dormantStartState(flow, sourceOf(draft), draft)).toMatchObject({ status: 'dormant' });
  const confirmed = snapshot('SalesOrders', salesOrder);
  expect(await dormantStartState(flow, sourceOf(confirmed), confirmed)).toBeUndefined();
  const person = snapshot('Customers', personCustomer);
  expect(await dormantStartState(flow, sourceOf(person), person)).toBeUndefined();
});
