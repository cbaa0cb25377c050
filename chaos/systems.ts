/**
 * The campaign's view of the two systems, through their public APIs only, as a person or an auditor would use
 * them: the connectors for edits (plain API clients, as test/support/sync-harness.ts uses them), and raw
 * listings for the convergence check. The raw listings skip the connectors' schema checks on purpose, so that
 * the malformed records the campaign plants cannot stop the check from reading every other record.
 */
import { chargebeeConfigSchema, createChargebeeConnector, type ChargebeeConnector } from '../connectors/chargebee';
import { customerApi, invoiceApi, itemApi, orderApi, type ResourceApi } from '../connectors/chargebee/resources';
import { ChargebeeTransport } from '../connectors/chargebee/transport';
import { ConnectorError, TransientError } from '../connectors/errors';
import {
  createPowerOfficeConnector,
  powerOfficeConfigSchema,
  type PowerOfficeConnector,
} from '../connectors/poweroffice-go';
import { PowerOfficeTransport } from '../connectors/poweroffice-go/transport';
import type { ConnectorSettings } from '../worker/sync-runtime';

export type Json = Record<string, unknown>;

export interface Systems {
  po: PowerOfficeConnector;
  cb: ChargebeeConnector;
  settings: ConnectorSettings;
}

export function connectSystems(settings: ConnectorSettings): Systems {
  const po = createPowerOfficeConnector(powerOfficeConfigSchema.parse(settings['poweroffice-go']));
  return { po, cb: createChargebeeConnector(chargebeeConfigSchema.parse(settings['chargebee'])), settings };
}

/** What the check reads: every live record of the resources the dataflow touches, as the APIs answer them. */
export interface SystemsView {
  po: { Customers: Json[]; ContactPersons: Json[]; Employees: Json[]; Products: Json[]; SalesOrders: Json[] };
  cb: { customer: Json[]; item: Json[]; invoice: Json[]; order: Json[] };
}

export const PO_RESOURCES = ['Customers', 'ContactPersons', 'Employees', 'Products', 'SalesOrders'] as const;
export type PoResource = (typeof PO_RESOURCES)[number];

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Retries what a person would retry (5xx, 429, dropped connections), a bounded number of times. */
export async function withRetries<T>(
  what: string,
  work: () => Promise<T>,
  options: { attempts?: number; pauseMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 8;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      lastError = error;
      const retryable = !(error instanceof ConnectorError) || error.retryable;
      if (!retryable || attempt === attempts) break;
      // A 429 names its wait; otherwise a little longer each time.
      const asked = error instanceof TransientError ? (error.retryAfterMs ?? 0) : 0;
      const wait = Math.min(30_000, Math.max(asked, (options.pauseMs ?? 1_000) * attempt));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  throw new Error(`${what}: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

export async function readPowerOffice(settings: ConnectorSettings): Promise<SystemsView['po']> {
  const transport = new PowerOfficeTransport(powerOfficeConfigSchema.parse(settings['poweroffice-go']));
  const read = async (resource: PoResource): Promise<Json[]> =>
    withRetries(`reading PowerOffice GO ${resource}`, async () => {
      const all: Json[] = [];
      for await (const page of transport.pages(`/${resource}`, {}, 500)) all.push(...page.filter(isJson));
      return all;
    });
  return {
    Customers: await read('Customers'),
    ContactPersons: await read('ContactPersons'),
    Employees: await read('Employees'),
    Products: await read('Products'),
    SalesOrders: await read('SalesOrders'),
  };
}

export async function readChargebee(settings: ConnectorSettings): Promise<SystemsView['cb']> {
  const transport = new ChargebeeTransport(chargebeeConfigSchema.parse(settings['chargebee']));
  const read = async (api: ResourceApi): Promise<Json[]> =>
    withRetries(`reading Chargebee ${api.type}`, async () => {
      const all: Json[] = [];
      let offset: string | undefined;
      // Bounded: 1,000 pages of 100 is far more than any campaign creates.
      for (let page = 0; page < 1_000; page += 1) {
        const answer = await api.list({ limit: 100, ...(offset !== undefined ? { offset } : {}) });
        const live = (item: Json): boolean => item['deleted'] !== true && item['status'] !== 'deleted';
        all.push(...answer.items.filter(isJson).filter(live));
        offset = answer.next;
        if (offset === undefined) break;
      }
      return all;
    });
  return {
    customer: await read(customerApi(transport)),
    item: await read(itemApi(transport)),
    invoice: await read(invoiceApi(transport)),
    order: await read(orderApi(transport)),
  };
}

export async function readSystems(settings: ConnectorSettings): Promise<SystemsView> {
  const [po, cb] = await Promise.all([readPowerOffice(settings), readChargebee(settings)]);
  return { po, cb };
}
