/**
 * Product Catalog 2.0: item families, items and item prices. Ids are chosen by the client. An item's name is
 * unique among the items that are not deleted. Deleting sets `status: deleted` (and `deleted: true`); a
 * deleted item keeps its id (a create with it meets `duplicate_entry`) but frees its name, and item lists
 * leave deleted items out unless the request filters on `status` (items have no `include_deleted`).
 * Items and item families carry no `created_at`: the SDK's types (the published contract) have none.
 */
import type { Item, ItemFamily, ItemPrice } from 'chargebee';
import type { SandboxStore } from '../common/store';
import { duplicateEntry, invalidState, notFound, wrongValue } from './api-error';
import { nextVersion, toSeconds } from './clock';
import { appendEvent, type EventSource } from './events';
import type { ListSpec } from './list-query';
import {
  COLLECTIONS,
  insertRecord,
  readRecord,
  replaceRecord,
  type CollectionName,
  type StoredRecord,
} from './records';

interface Versioned {
  id: string;
  resource_version?: number;
  updated_at?: number;
  [key: string]: unknown;
}

function stamp<T extends Versioned>(resource: T, version: number): T {
  resource.resource_version = version;
  resource.updated_at = toSeconds(version);
  return resource;
}

function changeRecord<T extends Versioned>(
  store: SandboxStore,
  collection: CollectionName,
  record: StoredRecord<T>,
  edit: (resource: T) => void,
  event: { type: string; key: string },
  source: EventSource,
): T {
  const version = nextVersion(store);
  const resource = structuredClone(record.resource);
  edit(resource);
  stamp(resource, version);
  replaceRecord(store, collection, resource.id, record, resource, version);
  appendEvent(store, event.type, { [event.key]: resource }, source);
  return resource;
}

function setDefined<T extends Versioned>(resource: T, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) (resource as Record<string, unknown>)[key] = value;
}

// ---- item families -------------------------------------------------------------------------------------

export interface ItemFamilyFields {
  name?: string;
  description?: string;
}

export function liveItemFamily(store: SandboxStore, id: string, param = 'id'): StoredRecord<ItemFamily> {
  const record = readRecord<ItemFamily>(store, COLLECTIONS.itemFamilies, id);
  if (!record || record.resource.deleted) throw notFound('item_family', id, param);
  return record;
}

export function createItemFamily(
  store: SandboxStore,
  input: { id: string; name: string; description?: string },
  source: EventSource,
): ItemFamily {
  return store.transaction(() => {
    if (readRecord(store, COLLECTIONS.itemFamilies, input.id)) throw duplicateEntry('id', input.id);
    const version = nextVersion(store);
    const family = stamp(
      { ...input, status: 'active', channel: 'web', deleted: false, object: 'item_family' } as ItemFamily,
      version,
    );
    insertRecord(store, COLLECTIONS.itemFamilies, family.id, family, version);
    appendEvent(store, 'item_family_created', { item_family: family }, source);
    return family;
  });
}

export function updateItemFamily(
  store: SandboxStore,
  id: string,
  fields: ItemFamilyFields,
  source: EventSource,
): ItemFamily {
  return store.transaction(() =>
    changeRecord(
      store,
      COLLECTIONS.itemFamilies,
      liveItemFamily(store, id),
      (family) => setDefined(family, { ...fields }),
      { type: 'item_family_updated', key: 'item_family' },
      source,
    ),
  );
}

export function deleteItemFamily(
  store: SandboxStore,
  id: string,
  itemsInFamily: number,
  source: EventSource,
): ItemFamily {
  return store.transaction(() => {
    const record = liveItemFamily(store, id);
    if (itemsInFamily > 0)
      throw invalidState(
        `item_family ${id} still has ${itemsInFamily} item(s) that are not deleted; delete them first.`,
      );
    return changeRecord(
      store,
      COLLECTIONS.itemFamilies,
      record,
      (family) => {
        family.status = 'deleted';
        family.deleted = true;
      },
      { type: 'item_family_deleted', key: 'item_family' },
      source,
    );
  });
}

export const itemFamilyListSpec: ListSpec<ItemFamily> = {
  resource: 'item_family',
  filters: { id: 'string', name: 'string', updated_at: 'timestamp' },
  sortable: [],
  hasIncludeDeleted: false,
  visible: (family) => !family.deleted,
};

// ---- items ---------------------------------------------------------------------------------------------

export interface ItemFields {
  name?: string;
  description?: string;
  item_family_id?: string;
  external_name?: string;
  is_shippable?: boolean;
  enabled_in_portal?: boolean;
  enabled_for_checkout?: boolean;
  redirect_url?: string;
  unit?: string;
  included_in_mrr?: boolean;
  metadata?: Record<string, unknown>;
  status?: 'active' | 'archived';
}

export interface ItemCreate extends Omit<ItemFields, 'status'> {
  id: string;
  name: string;
  type: 'plan' | 'addon' | 'charge';
  item_family_id: string;
  is_giftable?: boolean;
  metered?: boolean;
  item_applicability?: 'all' | 'restricted';
}

export function liveItem(store: SandboxStore, id: string, param = 'id'): StoredRecord<Item> {
  const record = readRecord<Item>(store, COLLECTIONS.items, id);
  if (!record) throw notFound('item', id, param);
  return record;
}

/** Refuses a name another item (not deleted) already has; `items` is the current item list. */
function checkNameFree(items: readonly Item[], name: string, exceptId?: string): void {
  if (items.some((item) => item.name === name && item.status !== 'deleted' && item.id !== exceptId))
    throw duplicateEntry('name', name);
}

export function createItem(
  store: SandboxStore,
  input: ItemCreate,
  existingItems: readonly Item[],
  source: EventSource,
): Item {
  return store.transaction(() => {
    if (readRecord(store, COLLECTIONS.items, input.id)) throw duplicateEntry('id', input.id);
    checkNameFree(existingItems, input.name);
    liveItemFamily(store, input.item_family_id, 'item_family_id');
    const version = nextVersion(store);
    const item = {
      is_shippable: false,
      is_giftable: false,
      enabled_for_checkout: true,
      enabled_in_portal: true,
      metered: false,
      item_applicability: input.type === 'plan' ? 'all' : undefined,
      ...input,
      status: 'active',
      channel: 'web',
      deleted: false,
      object: 'item',
    } as Item;
    if (item.item_applicability === undefined) delete item.item_applicability;
    stamp(item, version);
    insertRecord(store, COLLECTIONS.items, item.id, item, version);
    appendEvent(store, 'item_created', { item }, source);
    return item;
  });
}

export function updateItem(
  store: SandboxStore,
  id: string,
  fields: ItemFields,
  existingItems: readonly Item[],
  source: EventSource,
): Item {
  return store.transaction(() => {
    const record = liveItem(store, id);
    if (record.resource.status === 'deleted') throw invalidState(`item ${id} is deleted and cannot be changed.`);
    if (fields.name !== undefined) checkNameFree(existingItems, fields.name, id);
    if (fields.item_family_id !== undefined) liveItemFamily(store, fields.item_family_id, 'item_family_id');
    return changeRecord(
      store,
      COLLECTIONS.items,
      record,
      (item) => {
        setDefined(item, { ...fields });
        if (fields.status === 'archived' && record.resource.status !== 'archived')
          item.archived_at = toSeconds(Date.now());
        if (fields.status === 'active') delete item.archived_at;
      },
      { type: 'item_updated', key: 'item' },
      source,
    );
  });
}

export function deleteItem(store: SandboxStore, id: string, source: EventSource): Item {
  return store.transaction(() => {
    const record = liveItem(store, id);
    if (record.resource.status === 'deleted') throw invalidState(`item ${id} is already deleted.`);
    return changeRecord(
      store,
      COLLECTIONS.items,
      record,
      (item) => {
        item.status = 'deleted';
        item.deleted = true;
      },
      { type: 'item_deleted', key: 'item' },
      source,
    );
  });
}

/** Deleted items are listed only when the request filters on status (for example `status[is]=deleted`). */
export const itemListSpec: ListSpec<Item> = {
  resource: 'item',
  filters: {
    id: 'string',
    item_family_id: 'string',
    name: 'string',
    type: 'enum',
    status: 'enum',
    item_applicability: 'enum',
    channel: 'enum',
    is_giftable: 'boolean',
    enabled_for_checkout: 'boolean',
    enabled_in_portal: 'boolean',
    metered: 'boolean',
    updated_at: 'timestamp',
  },
  sortable: ['name', 'id', 'updated_at'],
  hasIncludeDeleted: false,
  visible: (item, request) => item.status !== 'deleted' || request.status !== undefined,
};

// ---- item prices ---------------------------------------------------------------------------------------

export interface ItemPriceFields {
  name?: string;
  description?: string;
  external_name?: string;
  invoice_notes?: string;
  is_taxable?: boolean;
  price?: number;
  price_in_decimal?: string;
  pricing_model?: ItemPrice['pricing_model'];
  status?: 'active' | 'archived';
  metadata?: Record<string, unknown>;
  period?: number;
  period_unit?: 'day' | 'week' | 'month' | 'year';
}

export interface ItemPriceCreate extends Omit<ItemPriceFields, 'status'> {
  id: string;
  name: string;
  item_id: string;
  currency_code?: string;
}

export function liveItemPrice(store: SandboxStore, id: string, param = 'id'): StoredRecord<ItemPrice> {
  const record = readRecord<ItemPrice>(store, COLLECTIONS.itemPrices, id);
  if (!record || record.resource.deleted) throw notFound('item_price', id, param);
  return record;
}

export function createItemPrice(
  store: SandboxStore,
  input: ItemPriceCreate,
  baseCurrency: string,
  source: EventSource,
): ItemPrice {
  return store.transaction(() => {
    if (readRecord(store, COLLECTIONS.itemPrices, input.id)) throw duplicateEntry('id', input.id);
    const item = liveItem(store, input.item_id, 'item_id').resource;
    if (item.status === 'deleted') throw wrongValue('item_id', `item ${item.id} is deleted`);
    const version = nextVersion(store);
    const itemPrice = {
      pricing_model: 'flat_fee',
      currency_code: baseCurrency,
      free_quantity: 0,
      is_taxable: true,
      ...input,
      item_family_id: item.item_family_id,
      item_type: item.type,
      status: 'active',
      channel: 'web',
      created_at: toSeconds(version),
      deleted: false,
      object: 'item_price',
    } as ItemPrice;
    stamp(itemPrice, version);
    insertRecord(store, COLLECTIONS.itemPrices, itemPrice.id, itemPrice, version);
    appendEvent(store, 'item_price_created', { item_price: itemPrice }, source);
    return itemPrice;
  });
}

export function updateItemPrice(
  store: SandboxStore,
  id: string,
  fields: ItemPriceFields,
  source: EventSource,
): ItemPrice {
  return store.transaction(() =>
    changeRecord(
      store,
      COLLECTIONS.itemPrices,
      liveItemPrice(store, id),
      (price) => setDefined(price, { ...fields }),
      { type: 'item_price_updated', key: 'item_price' },
      source,
    ),
  );
}

export const itemPriceListSpec: ListSpec<ItemPrice> = {
  resource: 'item_price',
  filters: {
    id: 'string',
    name: 'string',
    item_id: 'string',
    item_family_id: 'string',
    currency_code: 'string',
    pricing_model: 'enum',
    item_type: 'enum',
    status: 'enum',
    updated_at: 'timestamp',
  },
  sortable: ['name', 'id', 'updated_at'],
  hasIncludeDeleted: false,
  visible: (price) => !price.deleted,
};
