/**
 * One poller per (system, resource) serves every dataflow that reads the resource: a PowerOffice customer
 * that feeds two dataflows is read once per pass and handed to both.
 */
import { flowsReading } from '../../activities/poll-activities';
import { pollerTargets } from '../../client/sync-control';
import { loadDataflows, type Dataflow } from '../../dataflows/engine';

const chargebeeFlow = (): Dataflow => {
  const flow = loadDataflows().find((candidate) => candidate.id === 'poweroffice-to-chargebee');
  if (!flow) throw new Error('the Chargebee dataflow is missing');
  return flow;
};

/** The same mappings towards another system: a second dataflow reading the same PowerOffice resources. */
const secondFlow = (): Dataflow => {
  const flow = chargebeeFlow();
  const mappings = flow.mappings.map((mapping) => ({
    ...mapping,
    dataflow: 'poweroffice-to-other',
    target: { ...mapping.target, system: 'other' },
  }));
  return { ...flow, id: 'poweroffice-to-other', targetSystem: 'other', mappings };
};

test('a resource two dataflows read gets one poller, labelled with both', () => {
  const targets = pollerTargets([chargebeeFlow(), secondFlow()]);
  const customers = targets.filter((target) => target.system === 'poweroffice-go' && target.resource === 'Customers');
  expect(customers).toEqual([
    { system: 'poweroffice-go', resource: 'Customers', dataflow: 'poweroffice-to-chargebee,poweroffice-to-other' },
  ]);
  const keys = targets.map((target) => `${target.system}/${target.resource}`);
  expect(new Set(keys).size).toBe(keys.length);
});

test('the poll activity hands a record to every dataflow that reads its resource, in its role', () => {
  const readers = flowsReading([chargebeeFlow(), secondFlow()], 'poweroffice-go', 'ContactPersons');
  expect(readers.map((reader) => [reader.flow.id, reader.isSource, reader.isTarget])).toEqual([
    ['poweroffice-to-chargebee', true, false],
    ['poweroffice-to-other', true, false],
  ]);
  const targets = flowsReading([chargebeeFlow(), secondFlow()], 'chargebee', 'customer');
  expect(targets.map((reader) => [reader.flow.id, reader.isSource, reader.isTarget])).toEqual([
    ['poweroffice-to-chargebee', false, true],
  ]);
  expect(flowsReading([chargebeeFlow()], 'poweroffice-go', 'Departments')).toEqual([]);
});

test('pollers start with the resources others refer to: orders after customers and products', () => {
  const flow = chargebeeFlow();
  // The orders mapping listed first in its file: its poller still starts after those of what orders refer to.
  const ordersFirst = [
    ...flow.mappings.filter((mapping) => mapping.source.resource === 'SalesOrders'),
    ...flow.mappings.filter((mapping) => mapping.source.resource !== 'SalesOrders'),
  ];
  const resources = pollerTargets([{ ...flow, mappings: ordersFirst }])
    .filter((target) => target.system === 'poweroffice-go')
    .map((target) => target.resource);
  const orders = resources.indexOf('SalesOrders');
  // The contact person is a fallback reference (docs/DECISIONS.md 106): orders need not come after it.
  for (const referenced of ['Customers', 'Products']) expect(resources.indexOf(referenced)).toBeLessThan(orders);
  expect(new Set(resources).size).toBe(resources.length);
});
