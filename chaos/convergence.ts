/**
 * The convergence check, as pure functions of what the two systems hold (read through their public APIs)
 * and of the edits the campaign made: every target equals the mapping of its source (the dataflow engine's
 * `toTarget`), nothing is duplicated, and every edited property holds the value of its latest edit on both
 * sides. No Temporal, no I/O: test/chaos/convergence.test.ts feeds it plain data.
 */
import {
  mappingsForSourceRecord,
  normaliseEmail,
  normaliseName,
  normaliseOrgNumber,
  resolveMergeKey,
  targetIdFor,
  toTarget,
  type Dataflow,
  type Mapping,
} from '../dataflows/engine';
import { getPath, isEmpty } from '../dataflows/engine/paths';
import type { Json, PoResource, SystemsView } from './systems';

export type Side = 'poweroffice-go' | 'chargebee';

export interface EditSubject {
  po: { resource: PoResource; id: string; parentId?: string };
  cb: { type: 'customer' | 'item'; id: string };
}

/** One edit the campaign made through a public API, with the change time that API reported. */
export interface EditRecord {
  seq: number;
  system: Side;
  subject: EditSubject;
  /** The property in each system's own spelling (`FirstName` / `first_name`). */
  poField: string;
  cbField: string;
  value: string;
  /** The record's change time after the edit, ms: PowerOffice LastChangedDateTimeOffset, Chargebee resource_version. */
  at: number;
  kind: 'stream' | 'race' | 'during-outage';
  /** Races: the number shared by the two edits of one race. */
  race?: number;
}

export interface LostEdit {
  subject: string;
  property: string;
  expected: string;
  madeIn: Side;
  poweroffice: unknown;
  chargebee: unknown;
  /** True when a side holds the value of an older edit of the same property (the older edit won). */
  olderWon: boolean;
}

export interface RaceOutcome {
  race: number;
  subject: string;
  property: string;
  first: { system: Side; value: string };
  later: { system: Side; value: string };
  poweroffice: unknown;
  chargebee: unknown;
  laterWonOnBoth: boolean;
}

export interface EditCheck {
  edits: number;
  /** Edited (record, property) pairs. */
  properties: number;
  /** Edits whose property holds its latest edit's value on both sides (superseded edits count with their property). */
  converged: number;
  lost: LostEdit[];
  races: RaceOutcome[];
}

const subjectKey = (subject: EditSubject): string => `${subject.po.resource}/${subject.po.id}`;

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Values as the check compares them: trimmed text; e-mail addresses without regard to case. */
export function sameValue(field: string, expected: unknown, actual: unknown): boolean {
  const a = text(expected);
  const b = text(actual);
  return /email/i.test(field) ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export interface RecordIndex {
  po: (resource: PoResource, id: string) => Json | undefined;
  cb: (type: string, id: string) => Json | undefined;
}

export function indexView(view: SystemsView): RecordIndex {
  const poMaps = new Map<string, Map<string, Json>>();
  for (const [resource, records] of Object.entries(view.po)) {
    poMaps.set(resource, new Map(records.map((record) => [text(record['Id']), record])));
  }
  const cbMaps = new Map<string, Map<string, Json>>();
  for (const [type, records] of Object.entries(view.cb)) {
    cbMaps.set(type, new Map(records.map((record) => [text(record['id']), record])));
  }
  return {
    po: (resource, id) => poMaps.get(resource)?.get(id),
    cb: (type, id) => cbMaps.get(type)?.get(id),
  };
}

/** Latest edit per (record, property): it must be held on both sides; an older edit must not have won. */
export function checkEdits(edits: readonly EditRecord[], index: RecordIndex): EditCheck {
  const groups = new Map<string, EditRecord[]>();
  for (const edit of edits) {
    const key = `${subjectKey(edit.subject)}|${edit.poField}`;
    const group = groups.get(key) ?? [];
    group.push(edit);
    groups.set(key, group);
  }
  const lost: LostEdit[] = [];
  let converged = 0;
  const heldValues = new Map<string, { po: unknown; cb: unknown; latest: EditRecord }>();
  for (const [key, group] of groups) {
    const ordered = [...group].sort((a, b) => a.at - b.at || a.seq - b.seq);
    const latest = ordered[ordered.length - 1];
    if (!latest) continue;
    const po = getPath(index.po(latest.subject.po.resource, latest.subject.po.id), latest.poField);
    const cb = getPath(index.cb(latest.subject.cb.type, latest.subject.cb.id), latest.cbField);
    heldValues.set(key, { po, cb, latest });
    if (sameValue(latest.cbField, latest.value, po) && sameValue(latest.cbField, latest.value, cb)) {
      converged += group.length;
      continue;
    }
    const older = ordered.slice(0, -1).map((edit) => edit.value);
    const field = latest.cbField;
    lost.push({
      subject: subjectKey(latest.subject),
      property: field,
      expected: latest.value,
      madeIn: latest.system,
      poweroffice: po,
      chargebee: cb,
      olderWon: older.some((value) => sameValue(field, value, po) || sameValue(field, value, cb)),
    });
  }

  const races: RaceOutcome[] = [];
  const byRace = new Map<number, EditRecord[]>();
  for (const edit of edits) {
    if (edit.race !== undefined) byRace.set(edit.race, [...(byRace.get(edit.race) ?? []), edit]);
  }
  for (const [race, pair] of byRace) {
    const ordered = [...pair].sort((a, b) => a.at - b.at || a.seq - b.seq);
    const first = ordered[0];
    const later = ordered[ordered.length - 1];
    // A race is two edits of one property of one record; one refused edit leaves no race to judge.
    if (!first || !later || ordered.length !== 2) continue;
    if (subjectKey(first.subject) !== subjectKey(later.subject) || first.poField !== later.poField) continue;
    const held = heldValues.get(`${subjectKey(later.subject)}|${later.poField}`);
    races.push({
      race,
      subject: subjectKey(later.subject),
      property: later.cbField,
      first: { system: first.system, value: first.value },
      later: { system: later.system, value: later.value },
      poweroffice: held?.po,
      chargebee: held?.cb,
      laterWonOnBoth: [held?.po, held?.cb].every((value) => sameValue(later.cbField, later.value, value)),
    });
  }
  return { edits: edits.length, properties: groups.size, converged, lost, races };
}

export interface Mismatch {
  source: string;
  target: string;
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface Duplicate {
  kind:
    | 'customers-per-record'
    | 'customers-per-email'
    | 'customers-per-org-number'
    | 'items-per-product'
    | 'items-per-name'
    | 'invoices-per-sales-order'
    | 'orders-per-invoice';
  key: string;
  ids: string[];
}

export interface TargetCheck {
  /** Source records expected to have a target (on-demand ones only once demanded or created). */
  sources: number;
  /** Of those, how many have a target equal to their mapping. */
  matching: number;
  missing: string[];
  mismatches: Mismatch[];
  /** Good records the mapping itself refuses (they would park): should be none. */
  unmappable: string[];
  /** Confirmed sales orders (not excluded) and how many have exactly one invoice and an order. */
  orders: number;
  ordersInvoiced: number;
}

/** The PowerOffice id a Chargebee record carries in its metadata, per source resource. */
const META_IDS: { resource: PoResource; type: 'customer' | 'item'; path: string }[] = [
  { resource: 'ContactPersons', type: 'customer', path: 'meta_data.pogo_contact_person_id' },
  { resource: 'Employees', type: 'customer', path: 'meta_data.pogo_employee_id' },
  { resource: 'Customers', type: 'customer', path: 'meta_data.pogo_customer_id' },
  { resource: 'Products', type: 'item', path: 'metadata.pogo_product_id' },
];

/** Chargebee records by the PowerOffice record their metadata names (`ContactPersons/8000012` → customers). */
function targetsByMetadata(view: SystemsView): Map<string, Json[]> {
  const found = new Map<string, Json[]>();
  for (const { resource, type, path } of META_IDS) {
    for (const record of view.cb[type]) {
      const id = text(getPath(record, path));
      if (id === '') continue;
      const key = `${resource}/${id}`;
      found.set(key, [...(found.get(key) ?? []), record]);
    }
  }
  return found;
}

const PERSON_AND_PRODUCT_RESOURCES: PoResource[] = ['ContactPersons', 'Employees', 'Customers', 'Products'];

/** The Confirmed sales orders the check expects invoiced, and the customers they demand (`Customers/<id>`). */
function confirmedOrders(view: SystemsView, excluded: ReadonlySet<string>): { orders: Json[]; demanded: Set<string> } {
  const orders = view.po.SalesOrders.filter(
    (order) => order['SalesOrderStatus'] === 'Confirmed' && !excluded.has(`SalesOrders/${text(order['Id'])}`),
  );
  return { orders, demanded: new Set(orders.map((order) => `Customers/${text(order['CustomerId'])}`)) };
}

export function checkTargets(flow: Dataflow, view: SystemsView, excluded: ReadonlySet<string>): TargetCheck {
  const index = indexView(view);
  const byMeta = targetsByMetadata(view);
  const { orders, demanded } = confirmedOrders(view, excluded);
  const result: TargetCheck = {
    sources: 0,
    matching: 0,
    missing: [],
    mismatches: [],
    unmappable: [],
    orders: orders.length,
    ordersInvoiced: 0,
  };

  for (const resource of PERSON_AND_PRODUCT_RESOURCES) {
    for (const record of view.po[resource]) {
      const id = text(record['Id']);
      const key = `${resource}/${id}`;
      if (excluded.has(key)) continue;
      for (const mapping of mappingsForSourceRecord(flow, resource, record).mappings) {
        const derivedId = mapping.targetId ? targetIdFor(mapping, id) : undefined;
        const own = byMeta.get(key)?.[0] ?? (derivedId ? index.cb(mapping.target.resource, derivedId) : undefined);
        // Link first: a record whose merge key an existing record holds (two contact persons with one e-mail)
        // is linked to that record, whose metadata names the first of them.
        const shared = own ? undefined : sharedTarget(mapping, record, view);
        const target = own ?? shared;
        if (mapping.creation === 'on-demand' && !target && !demanded.has(key)) continue;
        result.sources += 1;
        const mapped = toTarget(mapping, record, () => undefined);
        if (mapped.problems.length > 0) {
          result.unmappable.push(`${key}: ${mapped.problems.map((problem) => problem.message).join('; ')}`);
          continue;
        }
        if (!target) {
          const expected = derivedId ?? '(matched by merge key)';
          result.missing.push(`${key} (expected Chargebee ${mapping.target.resource} ${expected})`);
          continue;
        }
        const targetId = text(target['id']);
        let matches = true;
        for (const [field, expected] of Object.entries(mapped.values)) {
          if (isEmpty(expected)) continue;
          // One metadata field holds one source's id, so a shared record names another source there.
          if ((shared || keyHeldByOthers(flow, resource, record, view)) && /^meta_?data\./.test(field)) continue;
          const actual = getPath(target, field);
          if (!sameValue(field, expected, actual)) {
            matches = false;
            const where = `${mapping.target.resource} ${targetId}`;
            result.mismatches.push({ source: key, target: where, field, expected, actual });
          }
        }
        if (matches) result.matching += 1;
      }
    }
  }

  for (const order of orders) {
    const id = text(order['Id']);
    const invoices = view.cb.invoice.filter((invoice) => text(invoice['po_number']) === id);
    const invoiceIds = new Set(invoices.map((invoice) => text(invoice['id'])));
    const chargebeeOrders = view.cb.order.filter(
      (candidate) => text(candidate['id']) === `so-${id}` || invoiceIds.has(text(candidate['invoice_id'])),
    );
    if (invoices.length === 0) result.missing.push(`SalesOrders/${id} (no Chargebee invoice with po_number ${id})`);
    else if (chargebeeOrders.length === 0) result.missing.push(`SalesOrders/${id} (invoiced, but no Chargebee order)`);
    else {
      const currency = text(order['CurrencyCode']);
      const invoice = invoices[0];
      if (currency !== '' && invoice && text(invoice['currency_code']) !== currency) {
        result.mismatches.push({
          source: `SalesOrders/${id}`,
          target: `invoice ${text(invoice['id'])}`,
          field: 'currency_code',
          expected: currency,
          actual: invoice['currency_code'],
        });
      } else result.ordersInvoiced += 1;
    }
  }
  return result;
}

/** The one target record that holds the source's merge key, if exactly one does. */
/**
 * Whether another PowerOffice record has the same merge key for the same target (two contact persons with one
 * e-mail): both links then feed one target, whose one metadata id names whichever of them wrote it last.
 */
export function keyHeldByOthers(flow: Dataflow, resource: PoResource, record: Json, view: SystemsView): boolean {
  const keysOf = (res: PoResource, candidate: Json): string[] =>
    mappingsForSourceRecord(flow, res, candidate).mappings.flatMap((mapping) => {
      const outcome = resolveMergeKey(mapping, candidate);
      return outcome.kind === 'key'
        ? [`${mapping.target.resource}\u0000${outcome.key.field}\u0000${outcome.key.value}`]
        : [];
    });
  const own = new Set(keysOf(resource, record));
  if (own.size === 0) return false;
  const id = text(record['Id']);
  return PERSON_AND_PRODUCT_RESOURCES.some((res) =>
    view.po[res].some(
      (other) => !(res === resource && text(other['Id']) === id) && keysOf(res, other).some((key) => own.has(key)),
    ),
  );
}

function sharedTarget(mapping: Mapping, record: Json, view: SystemsView): Json | undefined {
  const outcome = resolveMergeKey(mapping, record);
  const decl = mapping.mergeKey;
  if (outcome.kind !== 'key' || !decl) return undefined;
  const normalise = { email: normaliseEmail, 'org-number': normaliseOrgNumber, name: normaliseName }[decl.normalise];
  const records = mapping.target.resource === 'item' ? view.cb.item : view.cb.customer;
  const holders = records.filter((candidate) => normalise(getPath(candidate, outcome.key.field)) === outcome.key.value);
  return holders.length === 1 ? holders[0] : undefined;
}

function groupBy(records: readonly Json[], keyOf: (record: Json) => string | undefined): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const record of records) {
    const key = keyOf(record);
    if (key === undefined || key === '') continue;
    groups.set(key, [...(groups.get(key) ?? []), text(record['id'])]);
  }
  return groups;
}

/** Every way the sync could have made one thing twice in Chargebee. */
export function findDuplicates(view: SystemsView): Duplicate[] {
  const duplicates: Duplicate[] = [];
  const add = (kind: Duplicate['kind'], groups: Map<string, string[]>): void => {
    for (const [key, ids] of groups) if (ids.length > 1) duplicates.push({ kind, key, ids: [...ids].sort() });
  };
  for (const [key, records] of targetsByMetadata(view)) {
    if (records.length > 1) {
      const kind = key.startsWith('Products/') ? 'items-per-product' : 'customers-per-record';
      duplicates.push({ kind, key, ids: records.map((record) => text(record['id'])).sort() });
    }
  }
  // Organisations merge on their org number, never on e-mail (subsidiaries share invoice addresses).
  const persons = view.cb.customer.filter((c) => text(c['cf_org_number']) === '' && text(c['company']) === '');
  add(
    'customers-per-email',
    groupBy(persons, (customer) => normaliseEmail(customer['email'])),
  );
  add(
    'customers-per-org-number',
    groupBy(view.cb.customer, (customer) => text(customer['cf_org_number'])),
  );
  add(
    'items-per-name',
    groupBy(view.cb.item, (item) => text(item['name'])),
  );
  add(
    'invoices-per-sales-order',
    groupBy(view.cb.invoice, (invoice) => text(invoice['po_number'])),
  );
  add(
    'orders-per-invoice',
    groupBy(view.cb.order, (order) => text(order['invoice_id'])),
  );
  return duplicates;
}

export interface ConvergenceReport {
  targets: TargetCheck;
  duplicates: Duplicate[];
  edits: EditCheck;
}

export function checkConvergence(
  flow: Dataflow,
  view: SystemsView,
  edits: readonly EditRecord[],
  excluded: ReadonlySet<string>,
): ConvergenceReport {
  return {
    targets: checkTargets(flow, view, excluded),
    duplicates: findDuplicates(view),
    edits: checkEdits(edits, indexView(view)),
  };
}

/** A compact fingerprint: two checks that agree have the same one. */
export function fingerprint(report: ConvergenceReport): string {
  return JSON.stringify({
    matching: report.targets.matching,
    missing: report.targets.missing,
    mismatches: report.targets.mismatches.map((m) => `${m.source}.${m.field}=${text(m.actual)}`),
    duplicates: report.duplicates.map((d) => `${d.kind}:${d.key}`),
    lost: report.edits.lost.map((l) => `${l.subject}.${l.property}:${text(l.poweroffice)}|${text(l.chargebee)}`),
    invoiced: report.targets.ordersInvoiced,
  });
}

export function isClean(report: ConvergenceReport): boolean {
  return (
    report.targets.missing.length === 0 &&
    report.targets.mismatches.length === 0 &&
    report.targets.unmappable.length === 0 &&
    report.duplicates.length === 0 &&
    report.edits.lost.length === 0
  );
}
