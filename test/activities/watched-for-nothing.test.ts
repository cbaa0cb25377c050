/**
 * Chargebee orders are watched only for the order Chargebee makes itself from a paid invoice. On a site with
 * legacy order creation linkflow writes every order itself, so that poll would only read linkflow's own writes:
 * it reads nothing. Against the real dataflow file and a stub that says what the site does.
 */
import { flowsReading, watchedForNothing } from '../../activities/poll-activities';
import type { Connector } from '../../connectors/connector';
import { loadDataflows } from '../../dataflows/engine';
import { fakeConnector } from '../support/fake-connector';

const flows = loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee');

/** Only what `watchedForNothing` asks of a connector; the rest is never called. */
function site(makesOrders: boolean | undefined): Connector {
  return fakeConnector(
    'chargebee',
    makesOrders === undefined ? {} : { makesRecordsItself: async (type: string) => type === 'order' && makesOrders },
  );
}

test('a site with legacy order creation makes no orders itself: the orders poll reads nothing', async () => {
  const readers = flowsReading(flows, 'chargebee', 'order');
  expect(readers).not.toHaveLength(0);
  expect(await watchedForNothing(readers, 'order', site(false))).toBe(true);
});

test('a site that makes orders from paid invoices is polled for them', async () => {
  expect(await watchedForNothing(flowsReading(flows, 'chargebee', 'order'), 'order', site(true))).toBe(false);
});

test('a connector that cannot say is polled, and so is every resource watched for edits', async () => {
  expect(await watchedForNothing(flowsReading(flows, 'chargebee', 'order'), 'order', site(undefined))).toBe(false);
  expect(await watchedForNothing(flowsReading(flows, 'chargebee', 'customer'), 'customer', site(false))).toBe(false);
  expect(await watchedForNothing(flowsReading(flows, 'chargebee', 'item'), 'item', site(false))).toBe(false);
});
