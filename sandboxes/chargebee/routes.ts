/**
 * The resources the sandbox serves, path by path. Business entities are deliberately absent: the real public
 * API cannot create, read or change them, so the sandbox does not pretend it can. Only
 * `GET /business_entities/transfers` answers, with an empty list, since the real API has that read.
 */
import type { Customer, Invoice, Item, ItemFamily, ItemPrice } from 'chargebee';
import type { SandboxStore } from '../common/store';
import { notFound } from './api-error';
import type { ApiRouter } from './api';
import {
  createItem,
  createItemFamily,
  createItemPrice,
  deleteItem,
  deleteItemFamily,
  itemFamilyListSpec,
  itemListSpec,
  itemPriceListSpec,
  liveItem,
  liveItemFamily,
  liveItemPrice,
  updateItem,
  updateItemFamily,
  updateItemPrice,
} from './catalog';
import {
  createCustomer,
  customerListSpec,
  deleteCustomer,
  liveCustomer,
  updateBillingInfo,
  updateCustomer,
} from './customers';
import { eventListSpec, type SandboxEvent } from './events';
import type { FormTree } from './form';
import { parseInput } from './input';
import { createInvoiceForCharges, invoiceListSpec, liveInvoice, recordPayment } from './invoices';
import { listRecords, type ListSpec } from './list-query';
import {
  createOrder,
  createOrderForPaidInvoice,
  deleteOrder,
  liveOrder,
  orderListSpec,
  updateOrder,
  type SandboxOrder,
} from './orders';
import { COLLECTIONS, CollectionView, readRecord } from './records';
import {
  billingInfoSchema,
  customerCreateSchema,
  customerUpdateSchema,
  customFieldsOf,
  invoiceForChargesSchema,
  itemCreateSchema,
  itemFamilyCreateSchema,
  itemFamilyUpdateSchema,
  itemPriceCreateSchema,
  itemPriceUpdateSchema,
  itemUpdateSchema,
  orderCreateSchema,
  orderUpdateSchema,
  recordPaymentSchema,
} from './schemas';
import type { SiteConfig } from './site';

export interface ChargebeeViews {
  customers: CollectionView<Customer>;
  itemFamilies: CollectionView<ItemFamily>;
  items: CollectionView<Item>;
  itemPrices: CollectionView<ItemPrice>;
  invoices: CollectionView<Invoice>;
  orders: CollectionView<SandboxOrder>;
  events: CollectionView<SandboxEvent>;
}

export function createViews(store: SandboxStore): ChargebeeViews {
  const byId = <T extends { id: string }>(resource: T) => resource.id;
  return {
    customers: new CollectionView<Customer>(store, COLLECTIONS.customers, byId),
    itemFamilies: new CollectionView<ItemFamily>(store, COLLECTIONS.itemFamilies, byId),
    items: new CollectionView<Item>(store, COLLECTIONS.items, byId),
    itemPrices: new CollectionView<ItemPrice>(store, COLLECTIONS.itemPrices, byId),
    invoices: new CollectionView<Invoice>(store, COLLECTIONS.invoices, byId),
    orders: new CollectionView<SandboxOrder>(store, COLLECTIONS.orders, byId),
    events: new CollectionView<SandboxEvent>(store, COLLECTIONS.events, byId),
  };
}

function listAnswer<T>(envelope: string, spec: ListSpec<T>, view: CollectionView<T>, params: FormTree) {
  const page = listRecords(spec, view.all(), params);
  const answer: { list: Record<string, T>[]; next_offset?: string } = {
    list: page.records.map((record) => ({ [envelope]: record.resource })),
  };
  if (page.nextOffset !== undefined) answer.next_offset = page.nextOffset;
  return answer;
}

/** Custom fields are the site's customer fields; items on this site define none. */
function refuseItemCustomFields(params: FormTree): void {
  customFieldsOf(params, [], 'item');
}

export function registerRoutes(router: ApiRouter, store: SandboxStore, site: SiteConfig, views: ChargebeeViews): void {
  const source = 'api' as const;

  // customers
  router.post('/customers', ({ params }) => {
    const input = parseInput(customerCreateSchema, params);
    const preferred_currency_code = input.preferred_currency_code ?? site.baseCurrency;
    return {
      customer: createCustomer(
        store,
        { ...input, preferred_currency_code, customFields: customFieldsOf(params, site.customFields, 'customer') },
        source,
      ),
    };
  });
  router.get('/customers', ({ params }) =>
    listAnswer('customer', customerListSpec(site.customFields), views.customers, params),
  );
  router.get('/customers/:id', ({ id }) => ({ customer: liveCustomer(store, id).resource }));
  router.post('/customers/:id', ({ id, params }) => {
    const input = parseInput(customerUpdateSchema, params);
    return {
      customer: updateCustomer(
        store,
        id,
        { ...input, customFields: customFieldsOf(params, site.customFields, 'customer') },
        source,
      ),
    };
  });
  router.post('/customers/:id/update_billing_info', ({ id, params }) => ({
    customer: updateBillingInfo(store, id, parseInput(billingInfoSchema, params), source),
  }));
  router.post('/customers/:id/delete', ({ id }) => ({ customer: deleteCustomer(store, id, source) }));

  // item families
  router.post('/item_families', ({ params }) => ({
    item_family: createItemFamily(store, parseInput(itemFamilyCreateSchema, params), source),
  }));
  router.get('/item_families', ({ params }) =>
    listAnswer('item_family', itemFamilyListSpec, views.itemFamilies, params),
  );
  router.get('/item_families/:id', ({ id }) => ({ item_family: liveItemFamily(store, id).resource }));
  router.post('/item_families/:id', ({ id, params }) => ({
    item_family: updateItemFamily(store, id, parseInput(itemFamilyUpdateSchema, params), source),
  }));
  router.post('/item_families/:id/delete', ({ id }) => {
    const itemsInFamily = views.items
      .all()
      .filter((record) => record.resource.item_family_id === id && record.resource.status !== 'deleted').length;
    return { item_family: deleteItemFamily(store, id, itemsInFamily, source) };
  });

  // items
  const currentItems = () => views.items.all().map((record) => record.resource);
  router.post('/items', ({ params }) => {
    refuseItemCustomFields(params);
    return { item: createItem(store, parseInput(itemCreateSchema, params), currentItems(), source) };
  });
  router.get('/items', ({ params }) => listAnswer('item', itemListSpec, views.items, params));
  router.get('/items/:id', ({ id }) => ({ item: liveItem(store, id).resource }));
  router.post('/items/:id', ({ id, params }) => {
    refuseItemCustomFields(params);
    return { item: updateItem(store, id, parseInput(itemUpdateSchema, params), currentItems(), source) };
  });
  router.post('/items/:id/delete', ({ id }) => ({ item: deleteItem(store, id, source) }));

  // item prices
  router.post('/item_prices', ({ params }) => ({
    item_price: createItemPrice(store, parseInput(itemPriceCreateSchema, params), site.baseCurrency, source),
  }));
  router.get('/item_prices', ({ params }) => listAnswer('item_price', itemPriceListSpec, views.itemPrices, params));
  router.get('/item_prices/:id', ({ id }) => ({ item_price: liveItemPrice(store, id).resource }));
  router.post('/item_prices/:id', ({ id, params }) => ({
    item_price: updateItemPrice(store, id, parseInput(itemPriceUpdateSchema, params), source),
  }));

  // invoices
  router.post('/invoices/create_for_charge_items_and_charges', ({ params }) => {
    const input = parseInput(invoiceForChargesSchema, params);
    return {
      invoice: createInvoiceForCharges(
        store,
        site,
        { ...input, item_prices: input.item_prices ?? [], charges: input.charges ?? [] },
        source,
      ),
    };
  });
  router.get('/invoices', ({ params }) => listAnswer('invoice', invoiceListSpec, views.invoices, params));
  router.get('/invoices/:id', ({ id }) => ({ invoice: liveInvoice(store, id).resource }));
  router.post('/invoices/:id/record_payment', ({ id, params }) => {
    const input = parseInput(recordPaymentSchema, params);
    const onPaid = (invoice: Invoice) => {
      if (!site.legacyOrders) createOrderForPaidInvoice(store, invoice, source);
    };
    return recordPayment(store, id, { ...input.transaction, comment: input.comment }, source, onPaid);
  });

  // orders
  router.post('/orders', ({ params }) => ({
    order: createOrder(store, site, parseInput(orderCreateSchema, params), source),
  }));
  router.get('/orders', ({ params }) => listAnswer('order', orderListSpec, views.orders, params));
  router.get('/orders/:id', ({ id }) => ({ order: liveOrder(store, id).resource }));
  router.post('/orders/:id', ({ id, params }) => {
    const input = parseInput(orderUpdateSchema, params);
    return { order: updateOrder(store, id, { ...input, order_line_items: input.order_line_items ?? [] }, source) };
  });
  router.post('/orders/:id/delete', ({ id }) => deleteOrder(store, id));

  // events
  router.get('/events', ({ params }) => listAnswer('event', eventListSpec, views.events, params));
  router.get('/events/:id', ({ id }) => {
    const record = readRecord<SandboxEvent>(store, COLLECTIONS.events, id);
    if (!record) throw notFound('event', id);
    return { event: record.resource };
  });

  // business entities: see the file comment
  router.get('/business_entities/transfers', () => ({ list: [] }));
}
