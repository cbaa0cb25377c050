/**
 * The benchmark's hands and eyes in the two systems: the sandboxes' SQLite files, opened beside the running
 * sandbox process. Edits go in as a person makes them in each system's web app (the store functions the
 * seeder and tests use: validated, timestamped and versioned as the API does it), and arrivals are read from
 * the files too, so that the benchmark spends none of the API budget it measures and adds nothing to the
 * sandboxes' request counts.
 */
import type { Customer, Invoice } from 'chargebee';
import { SandboxStore } from '../sandboxes/common/store';
import { editCustomer, getCustomer } from '../sandboxes/chargebee/repository';
import { COLLECTIONS, type StoredRecord } from '../sandboxes/chargebee/records';
import { createRecord, getRecord, updateRecord, type Dto } from '../sandboxes/poweroffice-go';

/** Another connection may hold SQLite's write lock for a moment: try again, a few times. */
function withBusyRetries<T>(work: () => T): T {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return work();
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : '';
      if (!code.startsWith('SQLITE_BUSY') || attempt >= 20) throw error;
      const until = Date.now() + 20 * attempt;
      while (Date.now() < until) {
        // A short busy wait: the store's API is synchronous.
      }
    }
  }
}

export interface NewPerson {
  FirstName: string;
  LastName: string;
  EmailAddress: string;
}

export class PowerOfficeStore {
  private readonly store: SandboxStore;

  constructor(file: string) {
    this.store = new SandboxStore(file);
  }

  get(resource: 'ContactPersons' | 'Employees' | 'Customers', id: string): Dto | undefined {
    return getRecord(this.store, resource, id);
  }

  /** The first organisation customer, for new contact persons to belong to. */
  anOrganisation(): string {
    const found = this.store
      .list<Dto>('Customers', { where: [{ path: '$.IsPerson', anyOf: [{ equals: false }] }], limit: 1 })
      .at(0);
    if (found?.Id === undefined) throw new Error('the PowerOffice GO sandbox holds no organisation customer');
    return String(found.Id);
  }

  createContactPersons(customerId: string, people: NewPerson[]): string[] {
    return withBusyRetries(() =>
      this.store.transaction(() =>
        people.map((person) =>
          String(createRecord(this.store, 'ContactPersons', person, { contactId: customerId }).Id),
        ),
      ),
    );
  }

  edit(resource: 'ContactPersons' | 'Employees', id: string, changes: Record<string, unknown>): void {
    withBusyRetries(() => updateRecord(this.store, resource, id, changes));
  }

  close(): void {
    this.store.close();
  }
}

export class ChargebeeStore {
  private readonly store: SandboxStore;

  constructor(file: string) {
    this.store = new SandboxStore(file);
  }

  customer(id: string): Customer | undefined {
    return getCustomer(this.store, id);
  }

  /**
   * Ids of the customers changed after `afterMs` (epoch ms), in one query: a watch over thousands of expected
   * records reads only what arrived, where a look-up per record every tick took a share of the CPU the
   * benchmark measures.
   */
  customersChangedAfter(afterMs: number): { id: string; changedAt: number }[] {
    return this.store
      .list<StoredRecord<Customer>>(COLLECTIONS.customers, { changedAfter: afterMs, orderBy: 'changedAt' })
      .map((record) => ({ id: record.resource.id, changedAt: record.version }));
  }

  edit(id: string, changes: { first_name?: string; last_name?: string }): void {
    withBusyRetries(() => editCustomer(this.store, id, changes));
  }

  /** Invoices that carry a sales order (po_number), and their lines: what reached Chargebee of the orders. */
  invoicedOrders(): { invoices: number; lines: number } {
    const invoices = this.store
      .list<StoredRecord<Invoice>>(COLLECTIONS.invoices)
      .map((record) => record.resource)
      .filter((invoice) => typeof invoice.po_number === 'string' && invoice.po_number !== '');
    const lines = invoices.reduce((sum, invoice) => sum + (invoice.line_items?.length ?? 0), 0);
    return { invoices: invoices.length, lines };
  }

  close(): void {
    this.store.close();
  }
}
