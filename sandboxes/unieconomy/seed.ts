/**
 * What already exists in Uni Economy before linkflow's first sync, for a generated company: a few customers with
 * the org number of a PowerOffice organisation (never a person: the dataflow links organisations by org number),
 * some with another name or web address than PowerOffice has, so that both a link-first match and an edit show;
 * and two departments named like PowerOffice ones.
 */
import type { SandboxStore } from '../common/store';
import type { Company } from '../seeder';
import { createCustomer, createDepartment, updateCustomer } from './repository';

export interface UniEconomyOverlap {
  customers: { OrgNumber: string; WebUrl: string | null; Info: { Name: string } }[];
  departments: { Name: string; DepartmentNumber: string }[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The overlap, chosen deterministically from the company (the same company always gives the same one). */
export function uniEconomyOverlap(company: Company): UniEconomyOverlap {
  const organisations = company.customers
    .map((customer) => customer.post)
    .filter((post) => post['IsPerson'] !== true && text(post['OrganizationNumber']) !== undefined)
    .slice(0, 4);
  const customers = organisations.map((post, index) => {
    const name = text(post['Name']) ?? '';
    const web = text(post['WebsiteUrl']) ?? null;
    // 0: identical; 1: the name as the register spells it (capitals); 2: another web address; 3: no web address.
    const variants: { name: string; web: string | null }[] = [
      { name, web },
      { name: name.toUpperCase(), web },
      { name, web: web === null ? null : web.replace(/^https:\/\/www\./, 'http://') },
      { name, web: null },
    ];
    const variant = variants[index] ?? { name, web };
    return { OrgNumber: text(post['OrganizationNumber']) ?? '', WebUrl: variant.web, Info: { Name: variant.name } };
  });
  const departments = [company.departments[1], company.departments[4]]
    .map((department) => text(department?.['Name']))
    .filter((name): name is string => name !== undefined)
    .map((name, index) => ({ Name: name, DepartmentNumber: `UE-${index + 1}` }));
  return { customers, departments };
}

/**
 * Loads the overlap into an empty sandbox, created some weeks ago; one customer was edited since (so that its
 * `UpdatedAt` is set while the others' is still null). Returns the counts by resource.
 */
export function seedUniEconomy(store: SandboxStore, company: Company): Record<string, number> {
  const overlap = uniEconomyOverlap(company);
  const createdAt = Date.now() - 30 * 86_400_000;
  const actor = 'seed';
  store.bulk(() => {
    overlap.departments.forEach((department, index) =>
      createDepartment(store, department, { at: createdAt + index * 1000, actor }),
    );
    const created = overlap.customers.map((customer, index) =>
      createCustomer(store, customer, { at: createdAt + (10 + index) * 1000, actor }),
    );
    const edited = created[0];
    if (edited)
      updateCustomer(store, String(edited['ID']), { CreditDays: 14 }, { at: createdAt + 7 * 86_400_000, actor });
  });
  return { Customers: overlap.customers.length, Departments: overlap.departments.length };
}
