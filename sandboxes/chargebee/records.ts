/**
 * How the sandbox keeps Chargebee objects in the shared SandboxStore: each document is the API object
 * exactly as it is answered, plus a creation sequence (list order within one `created_at` second, and the
 * tie-break of paging) and its change version (the store's change time). A `CollectionView` keeps the
 * parsed objects of one collection in memory so filters and sorts do not re-read SQLite on every list; it
 * catches up with writes from anyone (this process, or the seeder on the same file) through the store's
 * change index, and starts over when the store was emptied.
 */
import type { SandboxStore } from '../common/store';

export interface StoredRecord<T> {
  seq: number;
  version: number;
  resource: T;
}

export const COLLECTIONS = {
  customers: 'cb_customers',
  itemFamilies: 'cb_item_families',
  items: 'cb_items',
  itemPrices: 'cb_item_prices',
  invoices: 'cb_invoices',
  transactions: 'cb_transactions',
  orders: 'cb_orders',
  events: 'cb_events',
} as const;
export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

export function readRecord<T>(
  store: SandboxStore,
  collection: CollectionName,
  id: string,
): StoredRecord<T> | undefined {
  return store.get<StoredRecord<T>>(collection, id);
}

/** Writes a new object, giving it the next creation sequence of its collection. */
export function insertRecord<T>(
  store: SandboxStore,
  collection: CollectionName,
  id: string,
  resource: T,
  version: number,
): StoredRecord<T> {
  const record: StoredRecord<T> = { seq: store.nextId(`seq:${collection}`), version, resource };
  store.put(collection, id, record, version);
  return record;
}

/** Replaces an object's body, keeping its creation sequence. */
export function replaceRecord<T>(
  store: SandboxStore,
  collection: CollectionName,
  id: string,
  previous: StoredRecord<T>,
  resource: T,
  version: number,
): StoredRecord<T> {
  const record: StoredRecord<T> = { seq: previous.seq, version, resource };
  store.put(collection, id, record, version);
  return record;
}

export class CollectionView<T> {
  private readonly records = new Map<string, StoredRecord<T>>();
  private highWater: number | undefined;

  constructor(
    private readonly store: SandboxStore,
    readonly collection: CollectionName,
    private readonly idOf: (resource: T) => string,
  ) {}

  clear(): void {
    this.records.clear();
    this.highWater = undefined;
  }

  all(): StoredRecord<T>[] {
    this.refresh();
    return [...this.records.values()];
  }

  private refresh(): void {
    if (this.store.count(this.collection) < this.records.size) this.clear();
    const fresh =
      this.highWater === undefined
        ? this.store.list<StoredRecord<T>>(this.collection)
        : this.store.list<StoredRecord<T>>(this.collection, { changedAfter: this.highWater, orderBy: 'changedAt' });
    for (const record of fresh) {
      this.records.set(this.idOf(record.resource), record);
      this.highWater = Math.max(this.highWater ?? record.version, record.version);
    }
  }
}
