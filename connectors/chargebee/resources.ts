/**
 * The SDK calls per resource behind one small shape, so that the connector's logic (changes, get, create,
 * update, find) is written once. Each function returns the API's raw object; snapshot.ts gives it meaning.
 */
import type Chargebee from 'chargebee';
import type { Customer, Invoice, Item, Order } from 'chargebee';
import { UnsupportedError } from '../errors';
import { CHARGEBEE_SYSTEM } from './error-mapping';
import type { ChargebeeType } from './snapshot';
import { type ChargebeeTransport, idempotencyHeaders } from './transport';

export interface ListQuery {
  limit: number;
  offset?: string;
  /** `updated_at[after]`, whole seconds, exclusive. */
  updatedAfterSeconds?: number;
  /** `sort_by[asc]=updated_at`. */
  oldestChangeFirst?: boolean;
  /** Equality filters (`<field>[is]=<value>`). */
  equals?: Record<string, string>;
  /** Deletions are changes too; lookups by key want live records only. */
  includeDeleted?: boolean;
}

export interface ListPage {
  items: unknown[];
  next?: string;
}

export interface ResourceApi {
  readonly type: ChargebeeType;
  retrieve(id: string): Promise<unknown>;
  list(query: ListQuery): Promise<ListPage>;
  create?(params: Record<string, unknown>, idempotencyKey: string): Promise<unknown>;
  update?(id: string, params: Record<string, unknown>, idempotencyKey: string | undefined): Promise<unknown>;
  /**
   * Live records by id, one list request with `id[in]` (deleted ones are not listed). The ids are taken when the
   * budget lets the request go (`takeIds`, which gives at most `MAX_IDS_PER_LIST`: the answer is one page), so
   * that it carries every read that arrived while it waited.
   */
  retrieveMany(takeIds: () => string[]): Promise<unknown[]>;
  /** Fields findByKey may filter on with `[is]`. */
  readonly keyFields: readonly string[];
}

/** Ids one `id[in]` list request asks for: a page's worth, so that every record asked for fits its answer. */
export const MAX_IDS_PER_LIST = 100;

type SdkList = (sdk: Chargebee, ids: string[]) => Promise<{ list: Record<string, unknown>[] }>;

function retrieveManyWith(transport: ChargebeeTransport, type: ChargebeeType, list: SdkList) {
  return (takeIds: () => string[]): Promise<unknown[]> =>
    transport.sendOnTurn({ action: `read ${type}s by id` }, () => {
      const ids = takeIds();
      return async (sdk) => (ids.length === 0 ? [] : (await list(sdk, ids)).list.map((entry) => entry[type]));
    });
}

const byIds = (ids: string[]) => ({ limit: MAX_IDS_PER_LIST, id: { in: ids } });

const pageOf = (list: Record<string, unknown>[], key: string, next: string | undefined): ListPage => ({
  items: list.map((entry) => entry[key]),
  ...(next !== undefined ? { next } : {}),
});

const timeFilter = (query: ListQuery) =>
  query.updatedAfterSeconds !== undefined ? { updated_at: { after: query.updatedAfterSeconds } } : {};
const sorting = (query: ListQuery) => (query.oldestChangeFirst ? { 'sort_by[asc]': 'updated_at' } : {});
const paging = (query: ListQuery) => ({
  limit: query.limit,
  ...(query.offset !== undefined ? { offset: query.offset } : {}),
});

function equalityFilters(
  type: ChargebeeType,
  query: ListQuery,
  allowed: readonly string[],
): Record<string, { is: string }> {
  const filters: Record<string, { is: string }> = {};
  for (const [field, value] of Object.entries(query.equals ?? {})) {
    if (!allowed.includes(field)) {
      throw new UnsupportedError(
        `Chargebee ${type} cannot be looked up by ${field}; use one of ${allowed.join(', ')}`,
        {
          system: CHARGEBEE_SYSTEM,
          field,
        },
      );
    }
    filters[field] = { is: value };
  }
  return filters;
}

export function customerApi(transport: ChargebeeTransport): ResourceApi {
  const keyFields = ['id', 'email', 'cf_org_number'] as const;
  return {
    type: 'customer',
    keyFields,
    retrieve: async (id) =>
      (
        await transport.send({ action: 'retrieve customer', record: `customer ${id}` }, (sdk) =>
          sdk.customer.retrieve(id),
        )
      ).customer,
    list: async (query) => {
      const input: Customer.ListInputParam = {
        ...paging(query),
        ...timeFilter(query),
        ...sorting(query),
        ...equalityFilters('customer', query, keyFields),
        ...(query.includeDeleted ? { include_deleted: true } : {}),
      };
      const result = await transport.send({ action: 'list customers' }, (sdk) => sdk.customer.list(input));
      return pageOf(result.list, 'customer', result.next_offset);
    },
    retrieveMany: retrieveManyWith(transport, 'customer', (sdk, ids) => sdk.customer.list(byIds(ids))),
    create: async (params, key) => {
      const record = `customer ${typeof params['id'] === 'string' ? params['id'] : '(new)'}`;
      const result = await transport.send({ action: 'create customer', record }, (sdk) =>
        sdk.customer.create(params as Customer.CreateInputParam, idempotencyHeaders(key)),
      );
      return result.customer;
    },
    update: async (id, params, key) => {
      const result = await transport.send({ action: 'update customer', record: `customer ${id}` }, (sdk) =>
        sdk.customer.update(id, params as Customer.UpdateInputParam, idempotencyHeaders(key)),
      );
      return result.customer;
    },
  };
}

export function itemApi(transport: ChargebeeTransport): ResourceApi {
  const keyFields = ['id', 'name'] as const;
  return {
    type: 'item',
    keyFields,
    retrieve: async (id) =>
      (await transport.send({ action: 'retrieve item', record: `item ${id}` }, (sdk) => sdk.item.retrieve(id))).item,
    list: async (query) => {
      // Items have no include_deleted: deleted items are listed (with status `deleted`) only when the request
      // filters on status, so asking for every status brings them in one query (reference §2).
      const input: Item.ListInputParam = {
        ...paging(query),
        ...timeFilter(query),
        ...sorting(query),
        ...equalityFilters('item', query, keyFields),
        ...(query.includeDeleted ? { status: { in: ['active', 'archived', 'deleted'] } } : {}),
      };
      const result = await transport.send({ action: 'list items' }, (sdk) => sdk.item.list(input));
      return pageOf(result.list, 'item', result.next_offset);
    },
    retrieveMany: retrieveManyWith(transport, 'item', (sdk, ids) => sdk.item.list(byIds(ids))),
    create: async (params, key) => {
      const record = `item ${typeof params['id'] === 'string' ? params['id'] : '(new)'}`;
      const result = await transport.send({ action: 'create item', record }, (sdk) =>
        sdk.item.create(params as unknown as Item.CreateInputParam, idempotencyHeaders(key)),
      );
      return result.item;
    },
    update: async (id, params, key) => {
      const result = await transport.send({ action: 'update item', record: `item ${id}` }, (sdk) =>
        sdk.item.update(id, params as Item.UpdateInputParam, idempotencyHeaders(key)),
      );
      return result.item;
    },
  };
}

export function orderApi(transport: ChargebeeTransport): ResourceApi {
  const keyFields = ['id', 'invoice_id'] as const;
  return {
    type: 'order',
    keyFields,
    retrieve: async (id) =>
      (await transport.send({ action: 'retrieve order', record: `order ${id}` }, (sdk) => sdk.order.retrieve(id)))
        .order,
    list: async (query) => {
      const input: Order.ListInputParam = {
        ...paging(query),
        ...timeFilter(query),
        ...sorting(query),
        ...equalityFilters('order', query, keyFields),
        ...(query.includeDeleted ? { include_deleted: true } : {}),
      };
      const result = await transport.send({ action: 'list orders' }, (sdk) => sdk.order.list(input));
      return pageOf(result.list, 'order', result.next_offset);
    },
    retrieveMany: retrieveManyWith(transport, 'order', (sdk, ids) => sdk.order.list(byIds(ids))),
  };
}

export function invoiceApi(transport: ChargebeeTransport): ResourceApi {
  const keyFields = ['id', 'customer_id'] as const;
  return {
    type: 'invoice',
    keyFields,
    retrieve: async (id) =>
      (await transport.send({ action: 'retrieve invoice', record: `invoice ${id}` }, (sdk) => sdk.invoice.retrieve(id)))
        .invoice,
    list: async (query) => {
      const input: Invoice.ListInputParam = {
        ...paging(query),
        ...timeFilter(query),
        ...sorting(query),
        ...equalityFilters('invoice', query, keyFields),
      };
      const result = await transport.send({ action: 'list invoices' }, (sdk) => sdk.invoice.list(input));
      return pageOf(result.list, 'invoice', result.next_offset);
    },
    retrieveMany: retrieveManyWith(transport, 'invoice', (sdk, ids) => sdk.invoice.list(byIds(ids))),
  };
}
