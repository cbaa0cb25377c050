/**
 * Loads a generated company into a PowerOffice sandbox store through the same repository functions the API uses
 * (so every record is validated, numbered and indexed as the API would do it). Records get change times spread
 * over the past year, a second apart in load order, so that a first sync pages through them by time.
 *
 * Everything goes in as one bulk transaction (see `SandboxStore.bulk`): a load is all or nothing, so that a
 * failed one leaves an empty sandbox that the next start seeds again rather than half a company that blocks it.
 */
import type { SandboxStore } from '../common/store';
import { createRecord, type WriteOptions } from '../poweroffice-go/repository';
import type { Company } from './company';

export interface LoadSummary {
  departments: number;
  employees: number;
  products: number;
  customers: number;
  suppliers: number;
  contactPersons: number;
  salesOrders: number;
  salesOrderLines: number;
}

const idOf = (record: Record<string, unknown>): number => {
  if (typeof record.Id !== 'number') throw new Error('a created record has no int64 Id');
  return record.Id;
};

export function loadIntoPowerOffice(
  store: SandboxStore,
  company: Company,
  options: { startAt?: number } = {},
): LoadSummary {
  const totalRecords =
    company.departments.length +
    company.employees.length +
    company.products.length +
    company.customers.length +
    company.suppliers.length +
    company.salesOrders.length;
  // Spread change times a second apart, ending a minute ago (capped at a year back for huge companies).
  let at = options.startAt ?? Date.now() - 60_000 - Math.min(totalRecords * 4, 365 * 86_400) * 1000;
  const nextAt = (): WriteOptions => ({ at: (at += 1000) });
  const summary: LoadSummary = {
    departments: 0,
    employees: 0,
    products: 0,
    customers: 0,
    suppliers: 0,
    contactPersons: 0,
    salesOrders: 0,
    salesOrderLines: 0,
  };

  store.bulk(() => {
    const departmentIds = company.departments.map((department) =>
      idOf(createRecord(store, 'Departments', department, nextAt())),
    );
    summary.departments = departmentIds.length;
    for (const employee of company.employees) {
      const departmentId = departmentIds[employee.departmentIndex] ?? null;
      createRecord(store, 'Employees', { ...employee.post, DepartmentId: departmentId }, nextAt());
      summary.employees += 1;
    }
    const productIds = company.products.map((product) => idOf(createRecord(store, 'Products', product, nextAt())));
    summary.products = productIds.length;
    const contacts = (
      resource: 'Customers' | 'Suppliers',
      list: Company['customers'],
    ): { id: number; personIds: number[] }[] =>
      list.map((contact) => {
        const id = idOf(createRecord(store, resource, contact.post, nextAt()));
        const personIds = contact.contactPersons.map((person) =>
          idOf(createRecord(store, 'ContactPersons', person, { ...nextAt(), contactId: id })),
        );
        summary.contactPersons += personIds.length;
        return { id, personIds };
      });
    const customers = contacts('Customers', company.customers);
    summary.customers = customers.length;
    summary.suppliers = contacts('Suppliers', company.suppliers).length;
    for (const order of company.salesOrders) {
      const customer = customers[order.customerIndex];
      if (!customer) continue;
      const lines = order.lines.map(({ productIndex, line }) =>
        productIndex === null ? line : { ...line, ProductId: productIds[productIndex] ?? null },
      );
      const contactPersonId =
        order.contactPersonIndex === null ? null : (customer.personIds[order.contactPersonIndex] ?? null);
      createRecord(
        store,
        'SalesOrders',
        {
          ...order.header,
          CustomerId: customer.id,
          CustomerReferenceContactPersonId: contactPersonId,
          SalesOrderLines: lines,
        },
        nextAt(),
      );
      summary.salesOrders += 1;
      summary.salesOrderLines += lines.length;
    }
  });
  return summary;
}
