/**
 * What the checks share: the run's context (HTTP client, tags, fixtures), the way a check fails or skips with
 * expected-versus-seen words, and helpers that create, list and read problems the way the contract says.
 */
import { z } from 'zod';
import {
  Contact,
  Customer,
  Order,
  Problem,
  Product,
  type CustomCrmResource,
  type ProblemType,
} from '../generated/customcrm';
import { describeExchange, type ContractHttp, type Exchange } from './http';

/** A check's failure: what the contract expects, and what the implementation did. */
export class CheckFailed extends Error {
  constructor(
    readonly expected: string,
    readonly seen: string,
  ) {
    super(`expected ${expected}; seen ${seen}`);
    this.name = 'CheckFailed';
  }
}

/** A check that could not be run, and why (not a failure). */
export class CheckSkipped extends Error {
  constructor(readonly note: string) {
    super(note);
    this.name = 'CheckSkipped';
  }
}

export type ContractRecord = Record<string, unknown> & { id: string; createdAt: string; updatedAt: string };

export const RECORD_SCHEMAS: Record<CustomCrmResource, z.ZodType<Record<string, unknown>>> = {
  customers: Customer,
  contacts: Contact,
  products: Product,
  orders: Order,
};

export interface CheckContext {
  http: ContractHttp;
  /** Names this run's records: `linkflow-contract-check-<runId>-…`. */
  runId: string;
  /** A unique externalId for a record this run creates. */
  externalId(purpose: string): string;
  /** A label for a record's name, saying who made it and why. */
  label(purpose: string): string;
  /** A customer and a product the checks of contacts and orders can point at. */
  fixtures: { customer(): Promise<ContractRecord>; product(): Promise<ContractRecord> };
  /** How many requests the rate-limit probe may send (0: not probed). */
  rateLimitProbe: number;
  sleep(ms: number): Promise<void>;
}

const short = (text: string): string => (text.length > 160 ? `${text.slice(0, 160)}…` : text);

/** The answer in a few words, with the problem's detail when there is one. */
export function seenOf(exchange: Exchange): string {
  const problem = z.looseObject({ detail: z.string(), title: z.string().optional() }).safeParse(exchange.json);
  const body = problem.success
    ? ` (${problem.data.detail})`
    : exchange.text.trim() !== ''
      ? ` ${short(exchange.text.trim())}`
      : '';
  return `${describeExchange(exchange)}${body}`;
}

/** Why a record does not match its schema, naming fields, never values. */
export function schemaIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
}

export function parseRecord(resource: CustomCrmResource, value: unknown, where: string): ContractRecord {
  const parsed = RECORD_SCHEMAS[resource].safeParse(value);
  if (!parsed.success) {
    throw new CheckFailed(
      `a ${resource} record as the contract's schema describes it`,
      `${where}: ${schemaIssues(parsed.error)}`,
    );
  }
  return parsed.data as ContractRecord;
}

/** POST a new record (its externalId is new, so 201 is the only right answer). */
export async function createRecord(
  ctx: Pick<CheckContext, 'http'>,
  resource: CustomCrmResource,
  body: Record<string, unknown>,
): Promise<ContractRecord> {
  const exchange = await ctx.http.send('POST', resource, { body });
  if (exchange.status !== 201) {
    throw new CheckFailed(`POST /${resource} to create a record: 201 with the record`, seenOf(exchange));
  }
  return parseRecord(resource, exchange.json, `POST /${resource}`);
}

export async function getRecord(
  ctx: Pick<CheckContext, 'http'>,
  resource: CustomCrmResource,
  id: string,
): Promise<ContractRecord> {
  const exchange = await ctx.http.send('GET', `${resource}/${id}`);
  if (exchange.status !== 200) throw new CheckFailed(`GET /${resource}/${id}: 200 with the record`, seenOf(exchange));
  return parseRecord(resource, exchange.json, `GET /${resource}/${id}`);
}

const pageEnvelope = z.looseObject({ items: z.array(z.unknown()), nextCursor: z.string().min(1).nullable() });

export interface Listing {
  items: ContractRecord[];
  pages: number;
  /** The nextCursor after each page. */
  cursors: Array<string | null>;
}

/** `?a=b&c=d` from a record of parameters (values encoded). */
export const queryOf = (parameters: Record<string, string | number>): string =>
  Object.entries(parameters)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join('&');

/**
 * A listing followed through its cursors (from `startCursor` when given), every record checked against the
 * schema. Stops with a failure when the pages do not end: a cursor handed out twice, or more pages than
 * `maxPages`.
 */
export async function listAll(
  ctx: Pick<CheckContext, 'http'>,
  resource: CustomCrmResource,
  parameters: Record<string, string | number>,
  options: { maxPages?: number; startCursor?: string; pages?: number } = {},
): Promise<Listing> {
  const maxPages = options.maxPages ?? 50;
  const listing: Listing = { items: [], pages: 0, cursors: [] };
  let cursor: string | null = options.startCursor ?? null;
  const handedOut = new Set<string>(cursor === null ? [] : [cursor]);
  do {
    const query = queryOf({ ...parameters, ...(cursor !== null ? { cursor } : {}) });
    const exchange = await ctx.http.send('GET', `${resource}?${query}`);
    if (exchange.status !== 200) {
      throw new CheckFailed(`GET /${resource}?${query}: 200 with { items, nextCursor }`, seenOf(exchange));
    }
    const page = pageEnvelope.safeParse(exchange.json);
    if (!page.success) {
      throw new CheckFailed(
        `GET /${resource}: a page { items: [...], nextCursor: string | null }`,
        `${describeExchange(exchange)}: ${schemaIssues(page.error)}`,
      );
    }
    listing.pages += 1;
    page.data.items.forEach((item, index) =>
      listing.items.push(parseRecord(resource, item, `GET /${resource} page ${listing.pages} item ${index + 1}`)),
    );
    cursor = page.data.nextCursor;
    listing.cursors.push(cursor);
    if (cursor !== null && handedOut.has(cursor)) {
      throw new CheckFailed(
        'every nextCursor to lead further (the listing to end)',
        `page ${listing.pages} of GET /${resource} handed out a cursor it had handed out before: the pages loop`,
      );
    }
    if (cursor !== null) handedOut.add(cursor);
    if (options.pages !== undefined && listing.pages >= options.pages) return listing;
    if (cursor !== null && listing.pages >= maxPages) {
      throw new CheckFailed(
        `the listing to end within ${maxPages} pages`,
        `GET /${resource} still had a nextCursor after ${maxPages} pages (${listing.items.length} records)`,
      );
    }
  } while (cursor !== null);
  return listing;
}

/** Checks an error answer: the status, an RFC 7807 body as `application/problem+json`, the contract's type. */
export function expectProblem(exchange: Exchange, status: number, type: ProblemType, doing: string): Problem {
  const expected = `${status} with an application/problem+json body of type ${type}`;
  if (exchange.status !== status) throw new CheckFailed(`${doing}: ${expected}`, seenOf(exchange));
  if (exchange.mediaType !== 'application/problem+json') {
    throw new CheckFailed(
      `${doing}: ${expected}`,
      `${seenOf(exchange)} (the media type must be application/problem+json)`,
    );
  }
  const problem = Problem.safeParse(exchange.json);
  if (!problem.success) {
    throw new CheckFailed(
      `${doing}: ${expected} (type, title, status)`,
      `${describeExchange(exchange)}: ${schemaIssues(problem.error)}`,
    );
  }
  if (problem.data.type !== type || problem.data.status !== status) {
    throw new CheckFailed(
      `${doing}: ${expected}`,
      `a problem of type ${problem.data.type} with status ${problem.data.status}`,
    );
  }
  return problem.data;
}

/** (updatedAt, id) order: the instant, then the id's bytes. */
export function compareFeedOrder(a: ContractRecord, b: ContractRecord): number {
  const byTime = Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
  return byTime !== 0 ? byTime : Buffer.compare(Buffer.from(a.id, 'utf8'), Buffer.from(b.id, 'utf8'));
}

/** Fails unless the records come in strictly ascending (updatedAt, id) order. */
export function expectFeedOrder(items: readonly ContractRecord[], where: string): void {
  for (let index = 1; index < items.length; index += 1) {
    const before = items[index - 1];
    const after = items[index];
    if (before && after && compareFeedOrder(before, after) >= 0) {
      throw new CheckFailed(
        `${where} in ascending (updatedAt, id) order, each record once`,
        `${before.id} (${before.updatedAt}) before ${after.id} (${after.updatedAt})`,
      );
    }
  }
}

/** How often each id occurs. */
export function occurrences(items: readonly ContractRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.id, (counts.get(item.id) ?? 0) + 1);
  return counts;
}

/** One millisecond before an instant, as `updatedSince` takes it. */
export const justBefore = (instant: string): string => new Date(Date.parse(instant) - 1).toISOString();
