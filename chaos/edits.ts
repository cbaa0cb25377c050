/**
 * Edits made as a person would make them, through each system's public API (the connectors as plain API
 * clients): first and last names of persons, names of products. Every edit that the API accepted is recorded
 * (system, record, property, value, change time) in memory and in `edits.jsonl`; an edit the API refused
 * even after a person's few retries was not made and is not recorded.
 */
import fs from 'node:fs';
import type { RecordSnapshot } from '../connectors/connector';
import { NotFoundError } from '../connectors/errors';
import { mappingsForSourceRecord, normaliseEmail, targetIdFor, type Dataflow } from '../dataflows/engine';
import { SeededRandom } from '../sandboxes/seeder/random';
import type { EditRecord, EditSubject, Side } from './convergence';
import { withRetries, type Json, type PoResource, type Systems, type SystemsView } from './systems';

export interface EditableField {
  po: string;
  cb: string;
}

export interface Subject extends EditSubject {
  kind: 'person' | 'product';
  fields: EditableField[];
}

const PERSON_FIELDS: EditableField[] = [
  { po: 'FirstName', cb: 'first_name' },
  { po: 'LastName', cb: 'last_name' },
];
const PRODUCT_FIELDS: EditableField[] = [{ po: 'Name', cb: 'name' }];

const CUSTOMERS: PoResource = 'Customers';
const isSubject = (subject: Subject | undefined): subject is Subject => subject !== undefined;
/** A person retries a failed save a few times, then gives up. */
const RETRIES = { attempts: 5 };
type BeforeAfter = { before: RecordSnapshot; after: RecordSnapshot };

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

export interface SubjectPools {
  stream: Subject[];
  races: Subject[];
}

/**
 * Persons whose e-mail no other PowerOffice person (or pre-existing Chargebee customer) shares, so that each
 * has a Chargebee customer of its own, and products; split into a pool for the edit stream and one for races
 * (a raced property is edited by nobody else, so its race decides the final value).
 */
export function chooseSubjects(
  flow: Dataflow,
  po: SystemsView['po'],
  existingChargebeeEmails: ReadonlySet<string>,
  random: SeededRandom,
  sizes: { persons: number; products: number; races: number },
): SubjectPools {
  const persons: { resource: PoResource; record: Json }[] = [
    ...po.ContactPersons.map((record) => ({ resource: 'ContactPersons' as const, record })),
    ...po.Employees.map((record) => ({ resource: 'Employees' as const, record })),
    ...po.Customers.filter((record) => record['IsPerson'] === true).map((record) => ({ resource: CUSTOMERS, record })),
  ];
  const emailCount = new Map<string, number>();
  for (const { record } of persons) {
    const email = normaliseEmail(record['EmailAddress']);
    if (email) emailCount.set(email, (emailCount.get(email) ?? 0) + 1);
  }
  const subjectOf = (resource: PoResource, record: Json, kind: Subject['kind']): Subject | undefined => {
    const id = text(record['Id']);
    const mapping = mappingsForSourceRecord(flow, resource, record).mappings[0];
    if (!mapping || id === '') return undefined;
    const parentId = text(record['ContactId']);
    return {
      kind,
      po: { resource, id, ...(resource === 'ContactPersons' && parentId !== '' ? { parentId } : {}) },
      cb: { type: kind === 'person' ? 'customer' : 'item', id: targetIdFor(mapping, id) },
      fields: kind === 'person' ? PERSON_FIELDS : PRODUCT_FIELDS,
    };
  };
  const eligiblePersons = persons
    .filter(({ record }) => {
      const email = normaliseEmail(record['EmailAddress']);
      return email !== undefined && emailCount.get(email) === 1 && !existingChargebeeEmails.has(email);
    })
    .map(({ resource, record }) => subjectOf(resource, record, 'person'))
    .filter(isSubject);
  const products = po.Products.map((record) => subjectOf('Products', record, 'product')).filter(isSubject);
  const shuffled = <T>(items: T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = random.int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  };
  const people = shuffled(eligiblePersons);
  return {
    races: people.slice(0, sizes.races),
    stream: [...people.slice(sizes.races, sizes.races + sizes.persons), ...shuffled(products).slice(0, sizes.products)],
  };
}

/** A made edit with the record as it was before and after: the material for duplicated and stale deliveries. */
export interface MadeEdit {
  edit: EditRecord;
  before: RecordSnapshot;
  after: RecordSnapshot;
}

const FIRST = ['Åse', 'Øystein', 'Bjørn', 'Kåre', 'Siv', 'Mette', 'Ståle', 'Ingrid'];
const LAST = ['Sørli', 'Ødegård', 'Bråten', 'Haugen', 'Aasen', 'Næss'];
const GOODS = ['kaffe', 'laks', 'lisens', 'kabel', 'lampe'];

export class EditMaker {
  readonly made: EditRecord[] = [];
  /** Edits the APIs refused even after retries (not made, so not recorded as edits). */
  failed = 0;
  private seq = 0;

  constructor(
    private readonly systems: Systems,
    private readonly random: SeededRandom,
    private readonly journal: string,
  ) {}

  /** A value no earlier edit used, so that the check can tell which edit a side holds. */
  valueFor(subject: Subject, field: EditableField, system: Side): string {
    const tag = `${system === 'poweroffice-go' ? 'p' : 'c'}${this.seq + 1}`;
    if (subject.kind === 'product') return `Chaos ${this.random.pick(GOODS)} ${tag}`;
    return `${this.random.pick(field.po === 'FirstName' ? FIRST : LAST)}-${tag}`;
  }

  /** Whether the subject's Chargebee record exists yet (a Chargebee edit needs it). */
  async chargebeeExists(subject: Subject): Promise<boolean> {
    const { type, id } = subject.cb;
    const found = await withRetries(`reading Chargebee ${type} ${id}`, () => this.systems.cb.get(type, id), RETRIES);
    return found !== null;
  }

  /**
   * Makes one edit and records it; undefined when the API refused it after a person's retries (or the
   * Chargebee record does not exist yet).
   */
  async edit(
    subject: Subject,
    field: EditableField,
    system: Side,
    kind: EditRecord['kind'],
    race?: number,
  ): Promise<MadeEdit | undefined> {
    const value = this.valueFor(subject, field, system);
    try {
      const { before, after } =
        system === 'poweroffice-go'
          ? await this.editPowerOffice(subject, field, value)
          : await this.editChargebee(subject, field, value);
      this.seq += 1;
      const edit: EditRecord = {
        seq: this.seq,
        system,
        subject: { po: subject.po, cb: subject.cb },
        poField: field.po,
        cbField: field.cb,
        value,
        at: after.changedAt,
        kind,
        ...(race !== undefined ? { race } : {}),
      };
      this.made.push(edit);
      fs.appendFileSync(this.journal, `${JSON.stringify({ ...edit, madeAt: new Date().toISOString() })}\n`);
      return { edit, before, after };
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      this.failed += 1;
      const at = new Date().toISOString();
      const entry = { failed: true, system, subject: subject.po, field: field.po, error: String(error), at };
      fs.appendFileSync(this.journal, `${JSON.stringify(entry)}\n`);
      return undefined;
    }
  }

  private async editPowerOffice(subject: Subject, field: EditableField, value: string): Promise<BeforeAfter> {
    const { resource, id, parentId } = subject.po;
    const { po } = this.systems;
    const options = parentId ? { parentId } : undefined;
    const what = `PowerOffice GO ${resource} ${id}`;
    const before = await withRetries(`reading ${what}`, () => po.get(resource, id, options), RETRIES);
    if (!before) throw new NotFoundError(`PowerOffice GO ${resource} ${id} is gone`, { system: 'poweroffice-go' });
    const changes = { [field.po]: value };
    const update = { previous: before.data, ...(parentId ? { parentId } : {}) };
    const after = await withRetries(`editing ${what}`, () => po.update(resource, id, changes, update), RETRIES);
    return { before, after };
  }

  private async editChargebee(subject: Subject, field: EditableField, value: string): Promise<BeforeAfter> {
    const { type, id } = subject.cb;
    const { cb } = this.systems;
    const before = await withRetries(`reading Chargebee ${type} ${id}`, () => cb.get(type, id), RETRIES);
    if (!before) throw new NotFoundError(`Chargebee ${type} ${id} does not exist yet`, { system: 'chargebee' });
    const changes = { [field.cb]: value };
    const after = await withRetries(`editing Chargebee ${type} ${id}`, () => cb.update(type, id, changes), RETRIES);
    return { before, after };
  }
}
