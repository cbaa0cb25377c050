/**
 * The records of the Custom CRM sandbox and every rule the contract sets for them, over the sandbox store. The
 * routes, the seed and tests all go through it.
 *
 * How the contract's rules are met here:
 * - ids are `<prefix>_<10-digit sequence>`: assigned in creation order and of one width, so that their string
 *   order is their creation order. The store orders records of equal change time by insertion, which is then
 *   the same as ordering them by id: the contract's (updatedAt, id) order is the store's (changedAt, insertion).
 * - `updatedAt` comes from RecordClock (clock.ts); every write happens in one SQLite transaction, so a change is
 *   visible as soon as it is stamped (well within the contract's 5 seconds).
 * - a page after (T, id) is two store queries: the records at exactly T with a greater id, then those after T.
 * - deleting keeps a tombstone (`deleted: true`, a new `updatedAt`); nothing is ever removed.
 */
import { isJsonObject } from '../../model/json-values';
import type { z } from 'zod';
import {
  ContactCreate,
  ContactPatch,
  CustomerCreate,
  CustomerPatch,
  customCrmSchemaFields,
  OrderCreate,
  OrderPatch,
  ProductCreate,
  ProductPatch,
  type CustomCrmResource,
  type FieldError,
  type WebhookEvent,
} from '../../generated/customcrm';
import type { JsonCondition, SandboxStore } from '../common/store';
import type { RecordClock } from './clock';
import { decodeCursor, encodeCursor, filterFingerprint, type CursorPosition } from './cursor';
import type { ListRequest } from './list-query';
import type { CustomCrmDeviation } from './options';
import { CustomCrmProblem, fieldInvalid, jsonPointer, recordNotFound, validationFailed } from './problems';

/** A record as the API answers it: the server's fields and the resource's own. */
export type CustomCrmRecord = Record<string, unknown> & {
  id: string;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
};

export interface ListAnswer {
  items: CustomCrmRecord[];
  nextCursor: string | null;
}

export interface CreateAnswer {
  record: CustomCrmRecord;
  /** False when the `externalId` belonged to a record already (the contract's 200). */
  created: boolean;
}

type BodySchema = z.ZodType<Record<string, unknown>>;

interface ResourceRules {
  idPrefix: string;
  create: BodySchema;
  patch: BodySchema;
  /** The fields a client writes, in the order records show them. */
  writable: readonly string[];
  /** Values of fields a create leaves out, other than null. */
  defaults: Readonly<Record<string, unknown>>;
  /** Fields whose surrounding whitespace goes before anything else is checked. */
  trimmed: readonly string[];
}

const writableOf = (schema: keyof typeof customCrmSchemaFields): readonly string[] =>
  customCrmSchemaFields[schema].properties;

const RULES: Record<CustomCrmResource, ResourceRules> = {
  customers: {
    idPrefix: 'cus',
    create: CustomerCreate,
    patch: CustomerPatch,
    writable: writableOf('CustomerPatch'),
    defaults: {},
    trimmed: ['email'],
  },
  contacts: {
    idPrefix: 'con',
    create: ContactCreate,
    patch: ContactPatch,
    writable: writableOf('ContactPatch'),
    defaults: {},
    trimmed: ['email'],
  },
  products: {
    idPrefix: 'prd',
    create: ProductCreate,
    patch: ProductPatch,
    writable: writableOf('ProductPatch'),
    defaults: {},
    trimmed: ['code'],
  },
  orders: {
    idPrefix: 'ord',
    create: OrderCreate,
    patch: OrderPatch,
    writable: writableOf('OrderPatch'),
    defaults: { status: 'draft', lines: [] },
    trimmed: [],
  },
};

const READ_ONLY = new Set(['id', 'createdAt', 'updatedAt', 'deleted']);

/** RFC 7396: objects merge member by member, `null` removes, anything else (arrays too) replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const result: Record<string, unknown> = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** The field errors of a body its schema refused, as the contract names them (JSON Pointers). */
function schemaErrors(resource: CustomCrmResource, error: z.ZodError, input: unknown): FieldError[] {
  const valueAt = (path: ReadonlyArray<string | number>): unknown =>
    path.reduce<unknown>(
      (node, part) => (isJsonObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined),
      input,
    );
  return error.issues.flatMap((issue): FieldError[] => {
    const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: jsonPointer([...path, key]),
        detail: READ_ONLY.has(key) ? `${key} is read-only` : `${key} is not a field of ${resource}`,
      }));
    }
    const last = path[path.length - 1];
    const value = valueAt(path);
    const detail =
      issue.code === 'invalid_type' && value === undefined
        ? `${String(last ?? 'the value')} is required`
        : issue.code === 'invalid_type' && value === null
          ? `${String(last ?? 'the value')} cannot be null`
          : issue.message;
    return [{ pointer: jsonPointer(path), detail }];
  });
}

export class CustomCrmRepository {
  private readonly listeners: Array<(change: WebhookEvent) => void> = [];
  private readonly deviations: ReadonlySet<CustomCrmDeviation>;

  constructor(
    readonly store: SandboxStore,
    private readonly clock: RecordClock,
    deviations: readonly CustomCrmDeviation[] = [],
  ) {
    this.deviations = new Set(deviations);
  }

  /** Called after every change that moved a record's `updatedAt` (webhook notices). */
  onChange(listener: (change: WebhookEvent) => void): void {
    this.listeners.push(listener);
  }

  get(resource: CustomCrmResource, id: string): CustomCrmRecord | undefined {
    return this.store.get<CustomCrmRecord>(resource, id);
  }

  require(resource: CustomCrmResource, id: string): CustomCrmRecord {
    const record = this.get(resource, id);
    if (!record) throw recordNotFound(resource, id);
    return record;
  }

  count(resource: CustomCrmResource): number {
    return this.store.count(resource);
  }

  /** `POST /<resource>`: a new record, or the one that already has the body's `externalId`. */
  create(resource: CustomCrmResource, body: unknown): CreateAnswer {
    const rules = RULES[resource];
    const input = this.prepare(resource, body);
    const answer = this.store.transaction((): CreateAnswer => {
      const externalId = input['externalId'];
      if (typeof externalId === 'string' && externalId !== '' && !this.deviations.has('createIgnoresExternalId')) {
        const existing = this.findByExternalId(resource, externalId);
        if (existing) return { record: existing, created: false };
      }
      const parsed = rules.create.safeParse(input);
      if (!parsed.success) throw validationFailed(schemaErrors(resource, parsed.error, input));
      const fields = this.complete(rules, { ...rules.defaults, ...parsed.data });
      this.checkRules(resource, fields, undefined);
      const id = `${rules.idPrefix}_${String(this.store.nextId(`customcrm/${resource}`)).padStart(10, '0')}`;
      const stamp = this.clock.stamp();
      const record: CustomCrmRecord = {
        id,
        ...fields,
        externalId: typeof fields['externalId'] === 'string' ? fields['externalId'] : null,
        createdAt: stamp.iso,
        updatedAt: stamp.iso,
        deleted: false,
      };
      this.store.put(resource, id, record, stamp.ms);
      return { record, created: true };
    });
    if (answer.created) this.notify(resource, answer.record);
    return answer;
  }

  /** `PATCH /<resource>/<id>` with a JSON merge patch. A patch that changes nothing leaves the record as it is. */
  patch(resource: CustomCrmResource, id: string, body: unknown): CustomCrmRecord {
    const rules = RULES[resource];
    const input = this.prepare(resource, body);
    const outcome = this.store.transaction((): { record: CustomCrmRecord; changed: boolean } => {
      const current = this.require(resource, id);
      if (current.deleted) throw new CustomCrmProblem('conflict', `${resource}/${id} is deleted and cannot be changed`);
      const parsed = rules.patch.safeParse(input);
      if (!parsed.success) throw validationFailed(schemaErrors(resource, parsed.error, input));
      const patch = parsed.data;
      if ('externalId' in patch && current.externalId !== null && patch['externalId'] !== current.externalId) {
        throw fieldInvalid(['externalId'], `externalId cannot be changed once set (it is ${current.externalId})`);
      }
      const before = this.complete(rules, current);
      const base = this.deviations.has('patchReplaces') ? this.replacedBase(rules, before) : before;
      const fields = this.complete(rules, mergePatch(base, patch) as Record<string, unknown>);
      if (JSON.stringify(fields) === JSON.stringify(before)) return { record: current, changed: false };
      this.checkRules(resource, fields, current);
      const stamp = this.clock.stamp(current.updatedAt);
      const record: CustomCrmRecord = {
        ...current,
        ...fields,
        externalId: typeof fields['externalId'] === 'string' ? fields['externalId'] : null,
        updatedAt: stamp.iso,
      };
      this.store.put(resource, id, record, stamp.ms);
      return { record, changed: true };
    });
    if (outcome.changed) this.notify(resource, outcome.record);
    return outcome.record;
  }

  /** `DELETE /<resource>/<id>`: a tombstone. Deleting a deleted record changes nothing. */
  remove(resource: CustomCrmResource, id: string): CustomCrmRecord {
    const outcome = this.store.transaction((): { record: CustomCrmRecord; changed: boolean } => {
      const current = this.require(resource, id);
      if (current.deleted) return { record: current, changed: false };
      const stamp = this.clock.stamp(current.updatedAt);
      const record: CustomCrmRecord = { ...current, deleted: true, updatedAt: stamp.iso };
      this.store.put(resource, id, record, stamp.ms);
      return { record, changed: true };
    });
    if (outcome.changed) this.notify(resource, outcome.record);
    return outcome.record;
  }

  /** One page of the change-ordered listing. */
  list(resource: CustomCrmResource, request: ListRequest): ListAnswer {
    const conditions = this.filterConditions(resource, request.filters);
    const fingerprint = filterFingerprint(request.updatedSinceMs, this.normalisedFilters(resource, request.filters));
    const position = request.cursor === undefined ? undefined : decodeCursor(request.cursor, fingerprint);
    const wanted = request.limit + 1;
    const since =
      request.updatedSinceMs === undefined
        ? {}
        : this.deviations.has('inclusiveUpdatedSince')
          ? { changedAtOrAfter: request.updatedSinceMs }
          : { changedAfter: request.updatedSinceMs };
    let rows: CustomCrmRecord[];
    if (position === undefined || position.kind === 'offset') {
      rows = this.store.list<CustomCrmRecord>(resource, {
        ...since,
        where: conditions,
        orderBy: 'changedAt',
        limit: wanted,
        offset: position?.offset ?? 0,
      });
    } else {
      rows =
        position.kind === 'after'
          ? this.store.list<CustomCrmRecord>(resource, {
              changedAtOrAfter: position.updatedAtMs,
              where: [
                ...conditions,
                { path: '$.updatedAt', anyOf: [{ equals: new Date(position.updatedAtMs).toISOString() }] },
                { path: '$.id', greaterThan: position.id },
              ],
              orderBy: 'changedAt',
              limit: wanted,
            })
          : [];
      if (rows.length < wanted) {
        rows.push(
          ...this.store.list<CustomCrmRecord>(resource, {
            changedAfter: position.updatedAtMs,
            where: conditions,
            orderBy: 'changedAt',
            limit: wanted - rows.length,
          }),
        );
      }
    }
    const items = rows.slice(0, request.limit);
    const last = items[items.length - 1];
    if (rows.length <= request.limit || !last) return { items, nextCursor: null };
    return { items, nextCursor: encodeCursor(this.positionAfter(last, position, items.length), fingerprint) };
  }

  private positionAfter(
    last: CustomCrmRecord,
    previous: CursorPosition | undefined,
    pageLength: number,
  ): CursorPosition {
    const updatedAtMs = Date.parse(last.updatedAt);
    if (this.deviations.has('offsetCursor')) {
      return { kind: 'offset', offset: (previous?.kind === 'offset' ? previous.offset : 0) + pageLength };
    }
    if (this.deviations.has('cursorWithoutId')) return { kind: 'afterInstant', updatedAtMs };
    return { kind: 'after', updatedAtMs, id: last.id };
  }

  findByExternalId(resource: CustomCrmResource, externalId: string): CustomCrmRecord | undefined {
    return this.store.list<CustomCrmRecord>(resource, {
      where: [{ path: '$.externalId', anyOf: [{ equals: externalId }] }],
      limit: 1,
    })[0];
  }

  /** The filters as they compare: org numbers without whitespace, e-mail addresses and codes trimmed. */
  private normalisedFilters(resource: CustomCrmResource, filters: Record<string, string>): Record<string, string> {
    const normalised: Record<string, string> = {};
    for (const [name, value] of Object.entries(filters)) {
      normalised[name] =
        name === 'orgNumber' ? value.replace(/\s+/g, '') : name === 'email' || name === 'code' ? value.trim() : value;
    }
    return normalised;
  }

  private filterConditions(resource: CustomCrmResource, filters: Record<string, string>): JsonCondition[] {
    return Object.entries(this.normalisedFilters(resource, filters)).map(([name, value]) => ({
      path: `$.${name}`,
      anyOf: [{ equals: value }],
      // Only e-mail addresses compare without regard to case (SQLite's NOCASE folds ASCII letters, as the contract says).
      ...(name === 'email' ? { ignoreCase: true } : {}),
    }));
  }

  /**
   * A body as the schemas will check it: a JSON object, with the contract's write normalisation applied
   * (trimmed fields, whitespace-free org numbers, empty strings of nullable fields as null).
   */
  private prepare(resource: CustomCrmResource, body: unknown): Record<string, unknown> {
    if (!isJsonObject(body)) throw fieldInvalid([], 'the body must be a JSON object');
    const rules = RULES[resource];
    const prepared: Record<string, unknown> = { ...body };
    for (const [field, value] of Object.entries(prepared)) {
      if (typeof value !== 'string') continue;
      let text = value;
      if (rules.trimmed.includes(field)) text = text.trim();
      if (field === 'orgNumber') text = text.replace(/\s+/g, '');
      prepared[field] = text === '' && this.nullable(resource, field) ? null : text;
    }
    return prepared;
  }

  /** The writable fields as records show them: every one present, null when empty, order lines complete. */
  private complete(rules: ResourceRules, values: Record<string, unknown>): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    for (const field of rules.writable) fields[field] = values[field] ?? null;
    if (Array.isArray(fields['lines'])) {
      fields['lines'] = fields['lines'].map((line: unknown) =>
        isJsonObject(line)
          ? {
              productId: line['productId'],
              description: line['description'] ?? null,
              quantity: line['quantity'],
              unitPrice: line['unitPrice'],
            }
          : line,
      );
    }
    return fields;
  }

  private nullable(resource: CustomCrmResource, field: string): boolean {
    return RULES[resource].patch.safeParse({ [field]: null }).success;
  }

  /** PATCH as a replacement (the `patchReplaces` deviation): every field the patch leaves out is cleared. */
  private replacedBase(rules: ResourceRules, before: Record<string, unknown>): Record<string, unknown> {
    const base: Record<string, unknown> = {};
    for (const field of rules.writable) {
      const cleared = rules.patch.safeParse({ [field]: null }).success;
      base[field] = cleared && field !== 'externalId' ? null : before[field];
    }
    return base;
  }

  /** The rules a schema cannot say: references to live records, one of two names, price with currency, unique codes. */
  private checkRules(
    resource: CustomCrmResource,
    fields: Record<string, unknown>,
    current: CustomCrmRecord | undefined,
  ): void {
    const errors: FieldError[] = [];
    const requireLive = (target: CustomCrmResource, id: unknown, path: Array<string | number>): void => {
      if (typeof id !== 'string') return;
      const record = this.get(target, id);
      if (!record) errors.push({ pointer: jsonPointer(path), detail: `${target}/${id} does not exist` });
      else if (record.deleted) errors.push({ pointer: jsonPointer(path), detail: `${target}/${id} is deleted` });
    };
    if (resource === 'contacts') {
      if (fields['firstName'] === null && fields['lastName'] === null) {
        errors.push({ pointer: '/lastName', detail: 'a contact needs a firstName or a lastName' });
      }
      requireLive('customers', fields['customerId'], ['customerId']);
    }
    if (resource === 'products' && fields['price'] !== null && fields['currency'] === null) {
      errors.push({ pointer: '/currency', detail: 'currency is required when price is given' });
    }
    if (resource === 'orders') {
      requireLive('customers', fields['customerId'], ['customerId']);
      const lines = Array.isArray(fields['lines']) ? fields['lines'] : [];
      lines.forEach((line: unknown, index) => {
        if (!isJsonObject(line)) return;
        requireLive('products', line['productId'], ['lines', index, 'productId']);
        if (typeof line['quantity'] === 'string' && Number(line['quantity']) === 0) {
          errors.push({ pointer: jsonPointer(['lines', index, 'quantity']), detail: 'quantity cannot be zero' });
        }
      });
    }
    if (errors.length > 0) throw validationFailed(errors);
    const externalId = fields['externalId'];
    if (typeof externalId === 'string' && current !== undefined && current.externalId === null) {
      const holder = this.findByExternalId(resource, externalId);
      if (holder && holder.id !== current.id) {
        throw new CustomCrmProblem('conflict', `externalId ${externalId} belongs to ${resource}/${holder.id}`, [
          { pointer: '/externalId', detail: `belongs to ${resource}/${holder.id}` },
        ]);
      }
    }
    if (resource === 'products' && typeof fields['code'] === 'string') {
      const taken = this.store
        .list<CustomCrmRecord>('products', { where: [{ path: '$.code', anyOf: [{ equals: fields['code'] }] }] })
        .find((product) => !product.deleted && product.id !== current?.id);
      if (taken) {
        throw new CustomCrmProblem('conflict', `code ${fields['code']} belongs to products/${taken.id}`, [
          { pointer: '/code', detail: `belongs to products/${taken.id}` },
        ]);
      }
    }
  }

  private notify(resource: CustomCrmResource, record: CustomCrmRecord): void {
    const change: WebhookEvent = { resource, id: record.id, updatedAt: record.updatedAt };
    for (const listener of this.listeners) listener(change);
  }
}
