/**
 * The conformance checks of `linkflow contract check`, in the order they run. Each one tests one rule of the
 * Custom CRM contract (contracts/customcrm/openapi.yaml) against a live implementation and, when it fails,
 * says what the contract expects and what the implementation did.
 *
 * The checks create records (never delete or change any they did not create), each tagged: an externalId
 * `linkflow-contract-check-<run>-<purpose>` and a name or last name starting `linkflow contract check <run>`.
 */
import type { CustomCrmResource } from '../generated/customcrm';
import {
  CheckFailed,
  CheckSkipped,
  createRecord,
  expectFeedOrder,
  expectProblem,
  getRecord,
  justBefore,
  listAll,
  occurrences,
  queryOf,
  seenOf,
  type CheckContext,
  type ContractRecord,
} from './support';

export interface ContractCheck {
  id: string;
  /** What the check proves, in a few words. */
  title: string;
  /** Returns a note for the report, or nothing; throws CheckFailed or CheckSkipped. */
  run(ctx: CheckContext): Promise<string | void>;
}

const PROBLEM = 'urn:linkflow:customcrm:problem:';

/** A record of each resource, tagged with the run and `purpose`. */
async function createTagged(ctx: CheckContext, resource: CustomCrmResource, purpose: string): Promise<ContractRecord> {
  const externalId = ctx.externalId(purpose);
  switch (resource) {
    case 'customers':
      return createRecord(ctx, 'customers', {
        externalId,
        name: ctx.label(purpose),
        description: 'Created by `linkflow contract check`; safe to delete.',
      });
    case 'contacts':
      return createRecord(ctx, 'contacts', {
        externalId,
        customerId: (await ctx.fixtures.customer()).id,
        firstName: 'Contract',
        lastName: ctx.label(purpose),
      });
    case 'products':
      return createRecord(ctx, 'products', {
        externalId,
        code: `LF-${ctx.runId}-${purpose}`.toUpperCase().slice(0, 50),
        name: ctx.label(purpose),
        price: '1.00',
        currency: 'NOK',
      });
    case 'orders':
      return createRecord(ctx, 'orders', {
        externalId,
        customerId: (await ctx.fixtures.customer()).id,
        orderDate: new Date().toISOString().slice(0, 10),
        currency: 'NOK',
        reference: externalId,
        lines: [{ productId: (await ctx.fixtures.product()).id, quantity: '1', unitPrice: '1.00' }],
      });
  }
}

const authCheck = (id: string, title: string, apiKey: string | null): ContractCheck => ({
  id,
  title,
  async run(ctx) {
    const exchange = await ctx.http.send('GET', 'customers?limit=1', { apiKey });
    expectProblem(
      exchange,
      401,
      `${PROBLEM}unauthorized`,
      `GET /customers ${apiKey === null ? 'without a key' : 'with a wrong key'}`,
    );
    if (!/^bearer\b/i.test(exchange.headers.get('www-authenticate') ?? '')) {
      throw new CheckFailed('a WWW-Authenticate: Bearer header with the 401', seenOf(exchange));
    }
  },
});

const pagingCheck = (resource: CustomCrmResource): ContractCheck => ({
  id: `paging.${resource}`,
  title: `${resource} list in pages of limit records, each record once, and nextCursor is null on the last`,
  async run(ctx) {
    const created: ContractRecord[] = [];
    for (const n of [1, 2, 3]) created.push(await createTagged(ctx, resource, `paging-${resource}-${n}`));
    const first = created[0];
    if (!first) return;
    const listing = await listAll(ctx, resource, { updatedSince: justBefore(first.updatedAt), limit: 2 });
    if (listing.pages < 2) {
      throw new CheckFailed(
        `GET /${resource}?limit=2 over 3 new records to take at least 2 pages`,
        `${listing.pages} page with ${listing.items.length} records`,
      );
    }
    const counts = occurrences(listing.items);
    const missing = created.filter((record) => counts.get(record.id) !== 1);
    if (missing.length > 0) {
      throw new CheckFailed(
        `each of the 3 new ${resource} exactly once across the pages`,
        missing.map((record) => `${record.id} ${counts.get(record.id) ?? 0} times`).join(', '),
      );
    }
    expectFeedOrder(listing.items, `GET /${resource}`);
    return `${listing.pages} pages`;
  },
});

export const CONTRACT_CHECKS: readonly ContractCheck[] = [
  authCheck('auth.missing-key', 'a request without an API key is refused with 401 and a problem', null),
  authCheck(
    'auth.wrong-key',
    'a request with a wrong API key is refused with 401 and a problem',
    'linkflow-contract-check-wrong-key',
  ),
  {
    id: 'errors.not-found',
    title: 'a record that does not exist answers 404 with a problem',
    async run(ctx) {
      const exchange = await ctx.http.send('GET', `customers/linkflow-contract-check-${ctx.runId}-missing`);
      expectProblem(exchange, 404, `${PROBLEM}not-found`, 'GET /customers/<an id that does not exist>');
    },
  },
  {
    id: 'errors.bad-parameter',
    title: 'a malformed query parameter answers 400 with a problem naming the parameter',
    async run(ctx) {
      const exchange = await ctx.http.send('GET', 'customers?limit=0');
      const problem = expectProblem(exchange, 400, `${PROBLEM}invalid-request`, 'GET /customers?limit=0');
      if (!problem.errors?.some((error) => error.parameter === 'limit')) {
        throw new CheckFailed(
          'errors: [{ parameter: "limit", detail }]',
          `errors: ${JSON.stringify(problem.errors ?? null)}`,
        );
      }
    },
  },
  {
    id: 'errors.validation',
    title: 'an invalid field answers 422 with a problem pointing at the field',
    async run(ctx) {
      const body = {
        externalId: ctx.externalId('invalid-country'),
        name: ctx.label('invalid country'),
        country: 'Norway',
      };
      const exchange = await ctx.http.send('POST', 'customers', { body });
      if (exchange.status >= 200 && exchange.status < 300) {
        throw new CheckFailed(
          'POST /customers with country "Norway" (not ISO 3166-1 alpha-2) to be refused',
          `${seenOf(exchange)}: it was accepted`,
        );
      }
      const problem = expectProblem(
        exchange,
        422,
        `${PROBLEM}validation-failed`,
        'POST /customers with country "Norway"',
      );
      if (!problem.errors?.some((error) => error.pointer === '/country')) {
        throw new CheckFailed(
          'errors: [{ pointer: "/country", detail }]',
          `errors: ${JSON.stringify(problem.errors ?? null)}`,
        );
      }
    },
  },
  {
    id: 'errors.unknown-field',
    title: 'a field the contract does not have answers 422 pointing at it',
    async run(ctx) {
      const body = { externalId: ctx.externalId('unknown-field'), name: ctx.label('unknown field'), colour: 'red' };
      const exchange = await ctx.http.send('POST', 'customers', { body });
      if (exchange.status >= 200 && exchange.status < 300) {
        throw new CheckFailed(
          'POST /customers with a field "colour" to be refused',
          `${seenOf(exchange)}: it was accepted`,
        );
      }
      const problem = expectProblem(
        exchange,
        422,
        `${PROBLEM}validation-failed`,
        'POST /customers with a field "colour"',
      );
      if (!problem.errors?.some((error) => error.pointer === '/colour')) {
        throw new CheckFailed(
          'errors: [{ pointer: "/colour", detail }]',
          `errors: ${JSON.stringify(problem.errors ?? null)}`,
        );
      }
    },
  },
  {
    id: 'clock.date-header',
    title: 'answers carry a Date header from the clock that stamps updatedAt',
    async run(ctx) {
      const body = { externalId: ctx.externalId('clock'), name: ctx.label('clock') };
      const exchange = await ctx.http.send('POST', 'customers', { body });
      if (exchange.status !== 201) throw new CheckFailed('POST /customers: 201 with the record', seenOf(exchange));
      const record = await getRecord(ctx, 'customers', String((exchange.json as { id?: unknown } | undefined)?.id));
      const date = Date.parse(exchange.headers.get('date') ?? '');
      if (Number.isNaN(date)) throw new CheckFailed('a Date header (RFC 9110)', 'none');
      // Date has whole seconds; the contract allows a second between the two clocks.
      const offset = Date.parse(record.createdAt) - (date + 500);
      if (Math.abs(offset) > 2500) {
        throw new CheckFailed(
          "Date within a second or two of the new record's createdAt",
          `Date ${exchange.headers.get('date') ?? ''}, createdAt ${record.createdAt}`,
        );
      }
    },
  },
  pagingCheck('customers'),
  pagingCheck('contacts'),
  pagingCheck('products'),
  pagingCheck('orders'),
  {
    id: 'feed.exclusive',
    title: 'updatedSince is exclusive: it leaves out the record changed at exactly that instant',
    async run(ctx) {
      const record = await createTagged(ctx, 'customers', 'exclusive');
      const at = await listAll(ctx, 'customers', { updatedSince: record.updatedAt, limit: 100 });
      if (at.items.some((item) => item.id === record.id)) {
        throw new CheckFailed(
          `GET /customers?updatedSince=${record.updatedAt} to leave out ${record.id}, changed at exactly that instant (updatedAt > updatedSince)`,
          `${record.id} listed: the filter is inclusive (>=)`,
        );
      }
      const early = at.items.find((item) => Date.parse(item.updatedAt) <= Date.parse(record.updatedAt));
      if (early) {
        throw new CheckFailed(
          `only records with updatedAt after ${record.updatedAt}`,
          `${early.id} with updatedAt ${early.updatedAt}`,
        );
      }
      const before = await listAll(ctx, 'customers', { updatedSince: justBefore(record.updatedAt), limit: 100 });
      if (!before.items.some((item) => item.id === record.id)) {
        throw new CheckFailed(
          `GET /customers?updatedSince=${justBefore(record.updatedAt)} (1 ms earlier) to list ${record.id}`,
          `${before.items.length} records, ${record.id} not among them`,
        );
      }
      expectFeedOrder(before.items, 'GET /customers');
    },
  },
  {
    id: 'feed.edit-after-cursor',
    title: 'a record changed while a client pages shows up after the cursor exactly once, and no other is skipped',
    async run(ctx) {
      const created: ContractRecord[] = [];
      for (const n of [1, 2, 3, 4]) created.push(await createTagged(ctx, 'customers', `edit-${n}`));
      const since = justBefore(created[0]?.updatedAt ?? new Date().toISOString());
      const firstPage = await listAll(ctx, 'customers', { updatedSince: since, limit: 2 }, { pages: 1 });
      const cursor = firstPage.cursors[0];
      if (cursor === null || cursor === undefined) {
        throw new CheckFailed('a nextCursor after the first 2 of 4 new records (limit=2)', 'nextCursor null');
      }
      const edited = firstPage.items.find((item) => created.some((record) => record.id === item.id)) ?? created[0];
      if (!edited) return;
      // Past a clock tick even on a clock of whole seconds, so the change is later than everything on page 1.
      await ctx.sleep(1100);
      const patch = await ctx.http.send('PATCH', `customers/${edited.id}`, {
        body: { description: 'Changed by `linkflow contract check` while paging.' },
        contentType: 'application/merge-patch+json',
      });
      if (patch.status !== 200) throw new CheckFailed(`PATCH /customers/${edited.id}: 200`, seenOf(patch));
      const rest = await listAll(ctx, 'customers', { updatedSince: since, limit: 2 }, { startCursor: cursor });
      const counts = occurrences(rest.items);
      const skipped = created.filter(
        (record) => !firstPage.items.some((item) => item.id === record.id) && counts.get(record.id) !== 1,
      );
      if (skipped.length > 0) {
        throw new CheckFailed(
          `each new record not on page 1 exactly once after the cursor (a cursor continues strictly after the last record's (updatedAt, id): not at an offset, not after its updatedAt alone)`,
          skipped.map((record) => `${record.id} ${counts.get(record.id) ?? 0} times`).join(', '),
        );
      }
      const again = rest.items.filter((item) => item.id === edited.id);
      if (again.length !== 1 || again[0]?.updatedAt === edited.updatedAt) {
        throw new CheckFailed(
          `${edited.id}, changed after page 1, once more after the cursor with its new updatedAt`,
          again.length === 0
            ? 'not listed again'
            : `${again.length} times, updatedAt ${again.map((item) => item.updatedAt).join(', ')}`,
        );
      }
      const repeated = rest.items.find(
        (item) => item.id !== edited.id && firstPage.items.some((first) => first.id === item.id),
      );
      if (repeated) {
        throw new CheckFailed(
          'no unchanged record of page 1 after the cursor',
          `${repeated.id} listed again: the cursor went back`,
        );
      }
      expectFeedOrder([...firstPage.items.slice(-1), ...rest.items], 'the pages after the cursor');
    },
  },
  {
    id: 'feed.ties',
    title: 'records sharing an updatedAt are ordered by id and split across pages without loss or repetition',
    async run(ctx) {
      const created = await Promise.all(
        [1, 2, 3, 4, 5, 6, 7, 8].map((n) => createTagged(ctx, 'customers', `tie-${n}`)),
      );
      const sorted = [...created].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
      const since = justBefore(sorted[0]?.updatedAt ?? new Date().toISOString());
      const listing = await listAll(ctx, 'customers', { updatedSince: since, limit: 1 }, { maxPages: 300 });
      const counts = occurrences(listing.items);
      const twice = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
      if (twice.length > 0) {
        throw new CheckFailed('each record once in one pass with limit=1', `${twice.join(', ')} listed more than once`);
      }
      expectFeedOrder(listing.items, 'GET /customers?limit=1');
      const lost = created.filter((record) => counts.get(record.id) !== 1);
      const instants = new Map<string, number>();
      for (const record of created) instants.set(record.updatedAt, (instants.get(record.updatedAt) ?? 0) + 1);
      const shared = [...instants].filter(([, count]) => count > 1);
      if (lost.length > 0) {
        throw new CheckFailed(
          'each of 8 records created at once exactly once, one a page (limit=1); records sharing an updatedAt continue on the next page by id',
          `${lost.length} lost (${lost.map((record) => `${record.id} @ ${record.updatedAt}`).join(', ')})` +
            (shared.length > 0 ? `; ${shared.map(([instant, count]) => `${count} shared ${instant}`).join(', ')}` : ''),
        );
      }
      if (shared.length === 0) {
        throw new CheckSkipped(
          'no two of 8 records created at once shared an updatedAt, so ties were not exercised (paging by one was right)',
        );
      }
      return shared.map(([instant, count]) => `${count} records shared ${instant}`).join(', ');
    },
  },
  {
    id: 'create.idempotent',
    title: 'a POST with an existing externalId answers 200 with that record, unchanged; a new one 201 with Location',
    async run(ctx) {
      const externalId = ctx.externalId('idempotent');
      const first = await ctx.http.send('POST', 'customers', { body: { externalId, name: ctx.label('idempotent') } });
      if (first.status !== 201) throw new CheckFailed('POST /customers with a new externalId: 201', seenOf(first));
      if (!first.headers.get('location')) throw new CheckFailed('a Location header with the 201', seenOf(first));
      const original = await getRecord(ctx, 'customers', String((first.json as { id?: unknown } | undefined)?.id));
      const second = await ctx.http.send('POST', 'customers', {
        body: { externalId, name: ctx.label('idempotent, sent again with another name') },
      });
      const again = second.json as { id?: unknown; name?: unknown } | undefined;
      if (second.status !== 200 || again?.id !== original.id) {
        throw new CheckFailed(
          `POST /customers again with externalId ${externalId}: 200 with customers/${original.id}`,
          second.status === 201
            ? `201 and a new record customers/${String(again?.id)}: a retried create duplicates`
            : seenOf(second),
        );
      }
      if (again.name !== original['name']) {
        throw new CheckFailed(
          'the existing record unchanged (the second body is ignored)',
          `name changed to ${JSON.stringify(again.name)}`,
        );
      }
      const found = await listAll(ctx, 'customers', { externalId });
      if (found.items.length !== 1 || found.items[0]?.id !== original.id) {
        throw new CheckFailed(
          `GET /customers?externalId=${externalId}: exactly customers/${original.id}`,
          `${found.items.length} records (${found.items.map((item) => item.id).join(', ')})`,
        );
      }
    },
  },
  {
    id: 'patch.merge',
    title: 'PATCH is a JSON merge patch: the given fields change, null clears, the others stay',
    async run(ctx) {
      const record = await createRecord(ctx, 'customers', {
        externalId: ctx.externalId('patch'),
        name: ctx.label('patch'),
        email: 'contract-check@example.com',
        phone: '+47 22 00 00 00',
        fax: '+47 22 00 00 01',
        city: 'Oslo',
        description: 'Created by `linkflow contract check`; safe to delete.',
      });
      const exchange = await ctx.http.send('PATCH', `customers/${record.id}`, {
        body: { city: 'Bergen', fax: null },
        contentType: 'application/merge-patch+json',
      });
      if (exchange.status !== 200)
        throw new CheckFailed(`PATCH /customers/${record.id}: 200 with the record`, seenOf(exchange));
      const after = await getRecord(ctx, 'customers', record.id);
      const wrong: string[] = [];
      if (after['city'] !== 'Bergen') wrong.push(`city ${JSON.stringify(after['city'])} (patched to "Bergen")`);
      if (after['fax'] !== null) wrong.push(`fax ${JSON.stringify(after['fax'])} (patched to null)`);
      for (const field of ['name', 'email', 'phone', 'description']) {
        if (after[field] !== record[field]) {
          wrong.push(`${field} ${JSON.stringify(record[field])} → ${JSON.stringify(after[field])} (not in the patch)`);
        }
      }
      if (wrong.length > 0)
        throw new CheckFailed('city "Bergen", fax null, every other field as it was', wrong.join(', '));
      if (Date.parse(after.updatedAt) <= Date.parse(record.updatedAt)) {
        throw new CheckFailed('updatedAt later after a change', `${record.updatedAt} → ${after.updatedAt}`);
      }
    },
  },
  {
    id: 'patch.no-op',
    title: 'a PATCH that changes no value leaves updatedAt as it was',
    async run(ctx) {
      const record = await createTagged(ctx, 'customers', 'no-op');
      const exchange = await ctx.http.send('PATCH', `customers/${record.id}`, {
        body: { name: record['name'] },
        contentType: 'application/merge-patch+json',
      });
      if (exchange.status !== 200) throw new CheckFailed(`PATCH /customers/${record.id}: 200`, seenOf(exchange));
      const after = await getRecord(ctx, 'customers', record.id);
      if (after.updatedAt !== record.updatedAt) {
        throw new CheckFailed(`updatedAt ${record.updatedAt} unchanged (nothing changed)`, after.updatedAt);
      }
    },
  },
  {
    id: 'find.orgNumber',
    title: 'customers are found by orgNumber, whitespace ignored',
    async run(ctx) {
      const digits = String(100_000_000 + Math.floor(Math.random() * 800_000_000));
      const record = await createRecord(ctx, 'customers', {
        externalId: ctx.externalId('org-number'),
        name: ctx.label('org number'),
        orgNumber: digits,
      });
      const spaced = `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
      const found = await listAll(ctx, 'customers', { orgNumber: spaced });
      if (found.items.length !== 1 || found.items[0]?.id !== record.id) {
        throw new CheckFailed(
          `GET /customers?orgNumber=${spaced}: exactly customers/${record.id} (orgNumber ${digits})`,
          `${found.items.length} records${found.items.length > 1 ? ' (is the filter ignored?)' : ''}`,
        );
      }
    },
  },
  {
    id: 'find.email',
    title: 'contacts are found by email, letter case ignored',
    async run(ctx) {
      const email = `Contract.Check.${ctx.runId}@Example.com`;
      const record = await createRecord(ctx, 'contacts', {
        externalId: ctx.externalId('email'),
        customerId: (await ctx.fixtures.customer()).id,
        lastName: ctx.label('email'),
        email,
      });
      const found = await listAll(ctx, 'contacts', { email: email.toLowerCase() });
      if (found.items.length !== 1 || found.items[0]?.id !== record.id) {
        throw new CheckFailed(
          `GET /contacts?email=${email.toLowerCase()}: exactly contacts/${record.id} (email ${email})`,
          `${found.items.length} records${found.items.length > 1 ? ' (is the filter ignored?)' : ''}`,
        );
      }
    },
  },
  {
    id: 'find.code',
    title: 'products are found by code, exactly (case-sensitive)',
    async run(ctx) {
      const code = `LF-CHECK-${ctx.runId}`.toUpperCase();
      const record = await createRecord(ctx, 'products', {
        externalId: ctx.externalId('code'),
        code,
        name: ctx.label('code'),
      });
      const found = await listAll(ctx, 'products', { code });
      if (found.items.length !== 1 || found.items[0]?.id !== record.id) {
        throw new CheckFailed(
          `GET /products?code=${code}: exactly products/${record.id}`,
          `${found.items.length} records`,
        );
      }
      const lower = await listAll(ctx, 'products', { code: code.toLowerCase() });
      if (lower.items.some((item) => item.id === record.id)) {
        throw new CheckFailed(
          `GET /products?code=${code.toLowerCase()} not to find code ${code}`,
          'found it (codes compare exactly)',
        );
      }
    },
  },
  {
    id: 'rate-limit',
    title: 'over the limit the API answers 429 with Retry-After and a problem',
    async run(ctx) {
      if (ctx.rateLimitProbe <= 0) {
        throw new CheckSkipped('not probed: pass --rate-limit-probe N to send up to N quick requests until a 429');
      }
      let sent = 0;
      let refused: Awaited<ReturnType<typeof ctx.http.send>> | undefined;
      while (sent < ctx.rateLimitProbe && refused === undefined) {
        const batch = Math.min(8, ctx.rateLimitProbe - sent);
        sent += batch;
        const answers = await Promise.all(
          Array.from({ length: batch }, () =>
            ctx.http.send('GET', `customers?${queryOf({ limit: 1 })}`, { seeRateLimit: true }),
          ),
        );
        refused = answers.find((answer) => answer.status === 429);
      }
      if (!refused) {
        throw new CheckSkipped(`no 429 after ${sent} requests (the limit is higher); nothing to check`);
      }
      expectProblem(refused, 429, `${PROBLEM}rate-limited`, `request ${sent} or so`);
      const retryAfter = refused.headers.get('retry-after') ?? '';
      if (!/^[1-9]\d*$/.test(retryAfter)) {
        throw new CheckFailed(
          'Retry-After in whole seconds (at least 1) with the 429',
          `Retry-After: ${retryAfter || '(none)'}`,
        );
      }
      return `429 after about ${sent} requests, Retry-After ${retryAfter} s`;
    },
  },
];
