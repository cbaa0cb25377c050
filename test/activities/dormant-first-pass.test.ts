/**
 * A record whose first pass would leave its link dormant (an organisation created only on demand, an order not
 * confirmed yet) gets no link from the poller until something needs it; working that out asks nothing of any
 * system (docs/DECISIONS.md 118).
 */
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../config/config';
import type { RecordSnapshot } from '../../connectors/connector';
import { createLinkActivities } from '../../activities/link-activities';
import { loadDataflows } from '../../dataflows/engine';
import { organisationCustomer, personCustomer, salesOrder } from '../dataflows/fixtures';
import { fakeConnector } from '../support/fake-connector';

const { firstPassLeavesDormant } = createLinkActivities({
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

test('an organisation, created only when an order needs it, is left dormant by its first pass, asking nothing', async () => {
  const record = snapshot('Customers', organisationCustomer);
  expect(await firstPassLeavesDormant(flow, sourceOf(record), record)).toBe(true);
});

test('an order not confirmed yet is left dormant; a confirmed one and a person are not', async () => {
  const draft = snapshot('SalesOrders', { ...salesOrder, SalesOrderStatus: 'Draft' });
  expect(await firstPassLeavesDormant(flow, sourceOf(draft), draft)).toBe(true);
  const confirmed = snapshot('SalesOrders', salesOrder);
  expect(await firstPassLeavesDormant(flow, sourceOf(confirmed), confirmed)).toBe(false);
  const person = snapshot('Customers', personCustomer);
  expect(await firstPassLeavesDormant(flow, sourceOf(person), person)).toBe(false);
});

test('a deleted record is never taken for a dormant one', async () => {
  const record = { ...snapshot('Customers', organisationCustomer), deleted: true };
  expect(await firstPassLeavesDormant(flow, sourceOf(record), record)).toBe(false);
});
