/**
 * A Chargebee site without legacy orders makes the order itself when the invoice is paid. Until then the link
 * holds the invoice, and costs nothing: no sweep per open order on either side. When the invoice is paid, the
 * order shows up in Chargebee's order changes and the link takes it as its target.
 */
import Chargebee from 'chargebee';
import { saveHistory } from '../support/histories';
import { POLL_MS, startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness({ sandboxOptions: { chargebee: { legacyOrders: false } } });
  await h.start();
}, 120_000);
afterAll(async () => h?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** PowerOffice reads of whole orders, and Chargebee order look-ups by invoice, so far. */
const perOrderReads = (): number =>
  Object.entries(h.poweroffice.http.stats().byRoute)
    .filter(([route]) => /^GET \/v2\/SalesOrders\/[^/]+\/Complete$/.test(route))
    .reduce((sum, [, count]) => sum + count, 0);

test('open invoices are not swept; a paid invoice hands its order to the link through the change feed', async () => {
  const org = await h.po.create(
    'Customers',
    { Name: 'Betaler Senere AS', OrganizationNumber: '915803245' },
    {
      idempotencyKey: 'settle-org',
    },
  );
  const item = await h.po.create(
    'Products',
    { Name: 'Timepris', Code: 'T1', UnitPrice: 900 },
    { idempotencyKey: 'settle-item' },
  );
  const orders = await Promise.all(
    [1, 2, 3].map((n) =>
      h.po.create(
        'SalesOrders',
        {
          CustomerId: Number(org.id),
          SalesOrderStatus: 'Confirmed',
          CurrencyCode: 'NOK',
          SalesOrderLines: [{ ProductId: Number(item.id), Quantity: n, ProductUnitPrice: 900 }],
        },
        { idempotencyKey: `settle-order-${n}` },
      ),
    ),
  );
  const invoiced = await Promise.all(
    orders.map((order) =>
      h.eventually(`invoice for ${order.id}`, async () => {
        const state = await h.link('SalesOrders', order.id);
        return state.status === 'linked' && state.target?.type === 'invoice' ? state.target : undefined;
      }),
    ),
  );

  // Open invoices cost nothing per order while nothing changes (before: every order read again each sweep).
  const readsBefore = perOrderReads();
  await sleep(8 * POLL_MS);
  expect(perOrderReads() - readsBefore).toBe(0);

  const site = h.chargebee.settings;
  const chargebee = new Chargebee({
    site: String(site['site']),
    apiKey: String(h.chargebee.credentials['apiKey']),
    hostSuffix: String(site['hostSuffix']),
    protocol: 'http',
    port: Number(site['port']),
  });
  const paid = invoiced[0];
  if (!paid) throw new Error('no invoice');
  await chargebee.invoice.recordPayment(paid.id, { transaction: { payment_method: 'bank_transfer' } });
  const order = (await chargebee.order.list({ invoice_id: { is: paid.id } })).list[0]?.order;
  if (!order) throw new Error('Chargebee made no order for the paid invoice');

  const settled = await h.eventually('the link to take the order', async () => {
    const state = await h.link('SalesOrders', orders[0]!.id);
    return state.target?.type === 'order' ? state.target : undefined;
  });
  expect(settled).toEqual({ system: 'chargebee', type: 'order', id: order.id });
  await saveHistory(h.sync.client, h.linkId('SalesOrders', orders[0]!.id), 'order-settles-from-invoice');
  // The unpaid ones keep their invoices.
  for (const other of orders.slice(1)) expect((await h.link('SalesOrders', other.id)).target?.type).toBe('invoice');

  // A product added now reaches a caught-up poller: a fresh change, handled in the live lane.
  const fresh = await h.po.create(
    'Products',
    { Name: 'Reisetid', Code: 'R1', UnitPrice: 450 },
    { idempotencyKey: 'settle-fresh' },
  );
  await h.untilStatus('Products', fresh.id);
  await saveHistory(h.sync.client, h.linkId('Products', fresh.id), 'link-live-lane');
});
