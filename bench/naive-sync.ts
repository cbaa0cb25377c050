/**
 * The baseline: a naive, sequential sync script, as one would write it without Temporal. For every
 * PowerOffice GO product, employee, private customer, contact person and confirmed sales order, in that order:
 * look the record up in Chargebee by its merge key (e-mail, org number, item name), create it (with the id
 * linkflow would give it) or update it; for an order, make sure its customer exists (an organisation is created
 * on demand), then write the item prices and the invoice (and the order) through the connector's order flow.
 *
 * It uses the project's connectors (with their client-side budgets) and the dataflow file's mappings, so the
 * records it writes are the ones linkflow writes; what it lacks is everything linkflow adds: durability,
 * change detection, two-way sync, parking. A 429 is waited out as the answer asks and the record tried again;
 * any other failure skips the record (counted).
 */
import { chargebeeConfigSchema, createChargebeeConnector } from '../connectors/chargebee';
import { initialCursor, type Connector, type RecordSnapshot } from '../connectors/connector';
import { ConnectorError, RateLimitedError } from '../connectors/errors';
import {
  createPowerOfficeConnector,
  powerOfficeConfigSchema,
  type PowerOfficeConnector,
} from '../connectors/poweroffice-go';
import {
  loadDataflows,
  mappingsForSourceRecord,
  mergeKeyOf,
  referencesOf,
  targetIdFor,
  toTarget,
  nestValues,
  type Dataflow,
  type Mapping,
} from '../dataflows/engine';
import type { ConnectorSettings } from '../worker/sync-runtime';

const DATAFLOW = 'poweroffice-to-chargebee';
/** The order the script walks PowerOffice in: what orders refer to comes first. */
const RESOURCES = ['Products', 'Employees', 'Customers', 'ContactPersons', 'SalesOrders'] as const;

export interface NaiveProgress {
  /** Source records looked at (every listed record, whatever came of it). */
  visited: number;
  /** Source records that reached Chargebee (created, updated or found unchanged), organisations on demand too. */
  synced: number;
  /** Invoice lines written for the orders. */
  lines: number;
  /** Records left out: drafts, records the mapping refuses, failures. */
  skipped: number;
  failures: number;
  /** 429 answers the script waited out (each one a retried request). */
  rateLimitRetries: number;
}

export interface NaiveResult extends NaiveProgress {
  elapsedMs: number;
  /** False when it was stopped before the end (the full benchmark caps it). */
  complete: boolean;
  firstErrors: string[];
}

class Stopped extends Error {}

export async function runNaiveSync(
  settings: ConnectorSettings,
  options: { signal?: AbortSignal; onProgress?: (progress: NaiveProgress) => void } = {},
): Promise<NaiveResult> {
  const started = Date.now();
  const flow: Dataflow | undefined = loadDataflows().find((candidate) => candidate.id === DATAFLOW);
  if (!flow) throw new Error(`the dataflow ${DATAFLOW} is missing`);
  const po: PowerOfficeConnector = createPowerOfficeConnector(
    powerOfficeConfigSchema.parse(settings['poweroffice-go']),
  );
  const cb: Connector = createChargebeeConnector(chargebeeConfigSchema.parse(settings['chargebee']));
  const progress: NaiveProgress = { visited: 0, synced: 0, lines: 0, skipped: 0, failures: 0, rateLimitRetries: 0 };
  const firstErrors: string[] = [];
  /** `<resource>/<id>` → the Chargebee id it was written to. */
  const targets = new Map<string, string>();
  /** Every customer as listed, for organisations that orders need. */
  const customers = new Map<string, Record<string, unknown>>();

  const checkStop = (): void => {
    if (options.signal?.aborted) throw new Stopped();
  };

  /** Runs one call, waiting out 429s as the answer asks. */
  async function call<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      checkStop();
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof RateLimitedError) || attempt >= 10) throw error;
        progress.rateLimitRetries += 1;
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs ?? 1_000));
      }
    }
  }

  /** Finds the target by merge key, then creates it or writes the mapped values over it. */
  async function upsert(mapping: Mapping, snapshot: RecordSnapshot): Promise<string | undefined> {
    const refs = referencesOf(mapping, snapshot.data);
    for (const ref of refs) await ensureReference(ref.resource, ref.id);
    const mapped = toTarget(mapping, snapshot.data, (ref) => targets.get(`${ref.resource}/${ref.id}`));
    if (mapped.problems.length > 0 || mapped.missingRefs.length > 0) return undefined;
    const type = mapping.target.resource;
    const key = mergeKeyOf(mapping, snapshot.data);
    const found = key ? await call(() => cb.findByKey(type, { field: key.field, value: key.value })) : [];
    const values = nestValues(mapped.values);
    const match = found.length === 1 ? found[0] : undefined;
    if (match) {
      await call(() => cb.update(type, match.id, values));
      return match.id;
    }
    const created = await call(() =>
      cb.create(type, values, {
        preferredId: targetIdFor(mapping, snapshot.id),
        idempotencyKey: `naive/${mapping.id}/${snapshot.id}`,
      }),
    );
    return created.id;
  }

  /** A record an order refers to: known already, or (an organisation) created now. */
  async function ensureReference(resource: string, id: string): Promise<void> {
    if (targets.has(`${resource}/${id}`)) return;
    if (resource !== 'Customers') return;
    const data = customers.get(id);
    if (!data || !flow) return;
    for (const mapping of mappingsForSourceRecord(flow, 'Customers', data).mappings) {
      const snapshot: RecordSnapshot = {
        system: 'poweroffice-go',
        type: 'Customers',
        id,
        version: 0,
        changedAt: 0,
        deleted: false,
        data,
      };
      const target = await upsert(mapping, snapshot);
      if (target !== undefined) {
        targets.set(`Customers/${id}`, target);
        progress.synced += 1;
        return;
      }
    }
  }

  async function syncOrder(mapping: Mapping, snapshot: RecordSnapshot): Promise<boolean> {
    if (snapshot.data['SalesOrderStatus'] !== 'Confirmed') return false;
    const lines = await call(() => po.getSalesOrderLines(snapshot.id));
    const data = { ...snapshot.data, SalesOrderLines: lines };
    for (const ref of referencesOf(mapping, data)) await ensureReference(ref.resource, ref.id);
    const mapped = toTarget(mapping, data, (ref) => targets.get(`${ref.resource}/${ref.id}`));
    const items = mapped.values['order_line_items'];
    if (mapped.problems.length > 0 || mapped.missingRefs.length > 0 || !Array.isArray(items) || items.length === 0)
      return false;
    const created = await call(() =>
      cb.create(mapping.target.resource, mapped.values, {
        preferredId: targetIdFor(mapping, snapshot.id),
        idempotencyKey: `naive/${mapping.id}/${snapshot.id}`,
      }),
    );
    targets.set(`SalesOrders/${snapshot.id}`, created.id);
    progress.lines += items.length;
    return true;
  }

  async function syncRecord(resource: string, snapshot: RecordSnapshot): Promise<void> {
    if (!flow || snapshot.deleted) return;
    if (resource === 'Customers') customers.set(snapshot.id, snapshot.data);
    let synced = false;
    for (const mapping of mappingsForSourceRecord(flow, resource, snapshot.data).mappings) {
      // Organisations are created when an order needs them, as linkflow does.
      if (mapping.creation === 'on-demand') return;
      if (resource === 'SalesOrders') {
        synced = (await syncOrder(mapping, snapshot)) || synced;
        continue;
      }
      const target = await upsert(mapping, snapshot);
      if (target !== undefined) {
        targets.set(`${resource}/${snapshot.id}`, target);
        synced = true;
      }
    }
    if (synced) progress.synced += 1;
    else progress.skipped += 1;
  }

  let complete = true;
  try {
    for (const resource of RESOURCES) {
      // The connector waits out PowerOffice's short 429s itself; a listing that fails ends the run.
      for await (const page of po.readChanges(resource, initialCursor())) {
        for (const snapshot of page.records) {
          checkStop();
          progress.visited += 1;
          try {
            await syncRecord(resource, snapshot);
          } catch (error) {
            if (error instanceof Stopped) throw error;
            progress.failures += 1;
            progress.skipped += 1;
            const text = error instanceof ConnectorError || error instanceof Error ? error.message : String(error);
            if (firstErrors.length < 5) firstErrors.push(`${resource} ${snapshot.id}: ${text}`);
          }
          if (progress.visited % 25 === 0) options.onProgress?.({ ...progress });
        }
      }
    }
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
    complete = false;
  }
  return { ...progress, elapsedMs: Date.now() - started, complete, firstErrors };
}
