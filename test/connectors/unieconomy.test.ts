/**
 * The Uni Economy connector against the real sandbox, in-process on port 0 with a temporary data file.
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initialCursor, type ChangeCursor, type ChangePage, type RecordSnapshot } from '../../connectors/connector';
import {
  AuthError,
  DuplicateError,
  NotFoundError,
  RateLimitedError,
  UnsupportedError,
  ValidationError,
} from '../../connectors/errors';
import {
  createUniEconomyConnector,
  uniEconomyConfigFromEnv,
  uniEconomyConfigFromService,
  uniEconomyConnectorPlugin,
  type UniEconomyConfigInput,
  type UniEconomyConnector,
} from '../../connectors/unieconomy';
import { parseErrorBody } from '../../connectors/unieconomy/errors';
import type { RunningSandbox } from '../../sandboxes/common/http';
import {
  createCustomer,
  createDepartment,
  deleteCustomer,
  getCustomer,
  getDepartment,
  startUniEconomySandbox,
  updateCustomer,
  type UniEconomySandboxOptions,
} from '../../sandboxes/unieconomy';

interface Context {
  sandbox: RunningSandbox;
  connect: (overrides?: Partial<UniEconomyConfigInput>) => UniEconomyConnector;
  /** Requests the sandbox answered on a route (`POST /api/biz/customers`). */
  served: (route: string) => number;
  close: () => Promise<void>;
}

async function startContext(options: Partial<UniEconomySandboxOptions> = {}): Promise<Context> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-uni-connector-'));
  const sandbox = await startUniEconomySandbox({
    port: 0,
    rateLimitPerMinute: 100_000,
    ...options,
    dataFile: path.join(dir, 'unieconomy.sqlite'),
  });
  return {
    sandbox,
    connect: (overrides = {}) =>
      createUniEconomyConnector({ ...uniEconomyConfigFromService(sandbox), requestsPerMinute: 100_000, ...overrides }),
    served: (route) => sandbox.http.stats().byRoute[route] ?? 0,
    close: async () => {
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pagesOf(pages: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const all: ChangePage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

/** Reads one page per call, storing the cursor in between, as the poller does; returns every record and the cursor. */
async function pollUntilDone(
  connector: UniEconomyConnector,
  type: string,
  cursor: ChangeCursor,
  pageSize?: number,
): Promise<{ records: RecordSnapshot[]; cursor: ChangeCursor; calls: number }> {
  const records: RecordSnapshot[] = [];
  let current = cursor;
  for (let calls = 1; ; calls += 1) {
    let more = false;
    for await (const page of connector.readChanges(type, current, pageSize ? { pageSize } : undefined)) {
      records.push(...page.records);
      current = page.cursor;
      more = page.more;
      break; // one page per call
    }
    if (!more) return { records, cursor: current, calls };
  }
}

const key = (idempotencyKey: string) => ({ idempotencyKey });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Uni Economy connector configuration', () => {
  const sandboxLike = {
    baseUrl: 'https://test.unimicro.no',
    credentials: { clientId: 'client-1', privateKeyPem: 'pem', certificatePem: 'cert', companyKey: 'abcdef12-3456' },
    settings: {
      tokenUrl: 'https://test-login.unimicro.no/connect/token',
      rateLimitPerMinute: 300,
      scope: 'AppFramework',
    },
  };

  test('the environment: null when nothing is set, errors naming the variable, PEM with escaped line breaks', () => {
    expect(uniEconomyConfigFromEnv({ PATH: '/bin' })).toBeNull();
    expect(() => uniEconomyConfigFromEnv({ UNIECONOMY_CLIENT_ID: 'x' })).toThrow(/UNIECONOMY_BASE_URL/);
    expect(() =>
      uniEconomyConfigFromEnv({
        UNIECONOMY_BASE_URL: 'https://test.unimicro.no',
        UNIECONOMY_TOKEN_URL: 'https://test-login.unimicro.no/connect/token',
        UNIECONOMY_CLIENT_ID: 'client',
        UNIECONOMY_COMPANY_KEY: 'key',
      }),
    ).toThrow(/UNIECONOMY_PRIVATE_KEY/);
    expect(() =>
      uniEconomyConfigFromEnv({
        UNIECONOMY_BASE_URL: 'https://test.unimicro.no',
        UNIECONOMY_TOKEN_URL: 'https://test-login.unimicro.no/connect/token',
        UNIECONOMY_CLIENT_ID: 'client',
        UNIECONOMY_PRIVATE_KEY_FILE: '/keys/key.pem',
        UNIECONOMY_COMPANY_KEY: 'key',
        UNIECONOMY_REQUESTS_PER_MINUTE: 'fast',
      }),
    ).toThrow(/UNIECONOMY_REQUESTS_PER_MINUTE/);
    const config = uniEconomyConfigFromEnv({
      UNIECONOMY_BASE_URL: 'https://test.unimicro.no',
      UNIECONOMY_TOKEN_URL: 'https://test-login.unimicro.no/connect/token',
      UNIECONOMY_CLIENT_ID: 'client',
      UNIECONOMY_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----',
      UNIECONOMY_COMPANY_KEY: 'key',
      UNIECONOMY_PAGE_SIZE: '200',
    });
    expect(config).toMatchObject({ pageSize: 200, requestsPerMinute: 600, scope: 'AppFramework' });
    expect(config?.privateKeyPem).toContain('\nabc\n');
  });

  test('the plug-in: what a service describes, a budget, a poll interval, a description without secrets', () => {
    expect(uniEconomyConnectorPlugin).toMatchObject({ system: 'unieconomy', title: 'Uni Economy' });
    expect(uniEconomyConnectorPlugin.environmentVariables).toContain('UNIECONOMY_COMPANY_KEY');
    const config = uniEconomyConnectorPlugin.configFromSandbox(sandboxLike);
    expect(config).toMatchObject({ clientId: 'client-1', companyKey: 'abcdef12-3456', requestsPerMinute: 300 });
    expect(uniEconomyConnectorPlugin.requestsPerMinute(config)).toBe(300);
    expect(uniEconomyConnectorPlugin.defaultPollIntervalMs).toBe(10_000);
    const line = uniEconomyConnectorPlugin.describe(config);
    expect(line).toContain('test.unimicro.no');
    expect(line).not.toContain('pem');
    expect(line).not.toContain('abcdef12-3456');
    expect(() => uniEconomyConnectorPlugin.parseConfig({ ...config, privateKeyFile: '/x.pem' })).toThrow(
      /exactly once/,
    );
  });

  test('a key that is not a PEM private key is refused at creation, naming it', () => {
    const config = uniEconomyConfigFromService(sandboxLike);
    expect(() => createUniEconomyConnector({ ...config, certificatePem: undefined })).toThrow(/not a PEM private key/);
  });
});

describe('Uni Economy connector against the sandbox', () => {
  let ctx: Context;
  let connector: UniEconomyConnector;
  beforeAll(async () => {
    ctx = await startContext();
    connector = ctx.connect();
  });
  afterAll(async () => ctx.close());

  test('token: one signed-assertion token request serves many calls', async () => {
    const fresh = ctx.connect();
    expect(await fresh.get('Customers', '999999')).toBeNull();
    expect(await fresh.get('Departments', '999999')).toBeNull();
    expect(fresh.stats()).toMatchObject({ requests: 2, tokenRequests: 1 });
  });

  test('token: a wrong key is refused as an AuthError with the OAuth code; a wrong CompanyKey too', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    // With the portal's certificate configured, a key of another pair is caught before any request.
    expect(() => ctx.connect({ privateKeyPem: otherKey })).toThrow(/does not belong/);
    const wrongKey = ctx.connect({ privateKeyPem: otherKey, certificatePem: undefined });
    const refused = await wrongKey.get('Customers', '1').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthError);
    expect((refused as AuthError).code).toBe('invalid_client');
    expect((refused as AuthError).message).toContain('signature');
    const wrongAudience = ctx.connect({ tokenUrl: `${ctx.sandbox.baseUrl}/connect/token?tenant=other` });
    await expect(wrongAudience.get('Customers', '1')).rejects.toMatchObject({ code: 'invalid_client' });
    const wrongCompany = ctx.connect({ companyKey: '00000000-0000-0000-0000-000000000000' });
    const forbidden = await wrongCompany.get('Customers', '1').catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(AuthError);
    expect((forbidden as AuthError).status).toBe(403);
  });

  test('token: a token the server forgot (401) is renewed once and the call retried', async () => {
    const client = ctx.connect();
    await client.get('Customers', '999999');
    const before = client.stats();
    await fetch(`${ctx.sandbox.baseUrl}/__sandbox/reset`, { method: 'POST' });
    expect(await client.get('Customers', '999999')).toBeNull();
    const after = client.stats();
    expect(after.requests - before.requests).toBe(2); // the 401 and the retry
    expect(after.tokenRequests - before.tokenRequests).toBe(1);
  });

  test('Info.Name round trip: created nested, read nested, renamed through Info with its ID', async () => {
    const created = await connector.create(
      'Customers',
      { OrgNumber: '910000001', WebUrl: 'https://round.no', Info: { Name: 'Round Trip AS' } },
      { ...key('round-trip'), mayExist: false },
    );
    expect(created).toMatchObject({ system: 'unieconomy', type: 'Customers', deleted: false });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.data).toMatchObject({
      OrgNumber: '910000001',
      WebUrl: 'https://round.no',
      Info: { Name: 'Round Trip AS' },
    });
    expect(created.data['UpdatedAt']).toBeNull();
    expect(created.version).toBe(Date.parse(String(created.data['CreatedAt'])));
    const read = await connector.get('Customers', created.id);
    expect(read?.data['Info']).toMatchObject({ Name: 'Round Trip AS' });

    const before = connector.stats().requests;
    const renamed = await connector.update(
      'Customers',
      created.id,
      { Info: { Name: 'Round Trip Renamed AS' } },
      { previous: created.data },
    );
    expect(connector.stats().requests - before).toBe(1); // the PUT: Info.ID came from previous
    expect(renamed.data['Info']).toMatchObject({ Name: 'Round Trip Renamed AS' });
    expect(renamed.version).toBeGreaterThan(created.version);
    expect(getCustomer(ctx.sandbox.store, created.id)?.['Info']).toMatchObject({ Name: 'Round Trip Renamed AS' });

    // Without `previous` the connector reads the BusinessRelationID first: two requests.
    const again = connector.stats().requests;
    await connector.update('Customers', created.id, { Info: { Name: 'Round Trip Final AS' } });
    expect(connector.stats().requests - again).toBe(2);
  });

  test('update is a partial PUT: fields not sent keep their value, even ones edited meanwhile', async () => {
    const created = await connector.create(
      'Customers',
      { OrgNumber: '910000002', WebUrl: 'https://before.no', Info: { Name: 'Partial AS' } },
      { ...key('partial'), mayExist: false },
    );
    // Someone sets CreditDays in Uni after linkflow read the record.
    updateCustomer(ctx.sandbox.store, created.id, { CreditDays: 45 });
    const puts = ctx.served(`PUT /api/biz/customers/${created.id}`);
    const updated = await connector.update(
      'Customers',
      created.id,
      { WebUrl: 'https://after.no', OrgNumber: '910000002' },
      { previous: created.data },
    );
    expect(ctx.served(`PUT /api/biz/customers/${created.id}`) - puts).toBe(1);
    expect(updated.data).toMatchObject({
      WebUrl: 'https://after.no',
      OrgNumber: '910000002',
      CreditDays: 45,
      Info: { Name: 'Partial AS' },
    });

    // Nothing changed: no request at all.
    const before = connector.stats().requests;
    const same = await connector.update(
      'Customers',
      created.id,
      { WebUrl: 'https://after.no' },
      { previous: updated.data },
    );
    expect(connector.stats().requests).toBe(before);
    expect(same.version).toBe(updated.version);

    await expect(connector.update('Customers', '987654', { WebUrl: 'https://x.no' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  test('find-before-create: a retried create finds the first by its OrgNumber or Name; without one the repeated _createguid refuses it', async () => {
    const data = { OrgNumber: '910000003', Info: { Name: 'Retry AS' } };
    const posts = () => ctx.served('POST /api/biz/customers');
    const before = { posts: posts(), requests: connector.stats().requests };
    const first = await connector.create('Customers', data, { ...key('retry-1'), mayExist: false });
    expect(connector.stats().requests - before.requests).toBe(1); // a first attempt: the POST alone
    const retried = await connector.create('Customers', data, { ...key('retry-1'), mayExist: true });
    expect(retried.id).toBe(first.id);
    expect(posts() - before.posts).toBe(1);
    expect(connector.stats().requests - before.requests).toBe(2); // the POST, then the lookup by OrgNumber

    const noOrg = { Info: { Name: 'Person Uten Org' } };
    await connector.create('Customers', noOrg, { ...key('retry-2'), mayExist: false });
    const duplicate = await connector.create('Customers', noOrg, key('retry-2')).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(DuplicateError);
    expect((duplicate as DuplicateError).field).toBe('_createguid');
    expect((duplicate as DuplicateError).record).toBe('Customers/(new)');

    const department = await connector.create('Departments', { Name: 'Retry-avdeling' }, key('retry-3'));
    const departmentAgain = await connector.create('Departments', { Name: 'Retry-avdeling' }, key('retry-3'));
    expect(departmentAgain.id).toBe(department.id);
    expect(getDepartment(ctx.sandbox.store, department.id)).toMatchObject({ Name: 'Retry-avdeling' });
  });

  test('findByKey filters on the server (OrgNumber eq) and compares exactly; deleted records are left out', async () => {
    createCustomer(ctx.sandbox.store, { OrgNumber: '920000001', Info: { Name: 'Key One AS' } });
    const gone = createCustomer(ctx.sandbox.store, { OrgNumber: '920000001', Info: { Name: 'Key Gone AS' } });
    deleteCustomer(ctx.sandbox.store, String(gone['ID']));
    const before = connector.stats().requests;
    const found = await connector.findByKey('Customers', { field: 'OrgNumber', value: '920 000 001' });
    expect(connector.stats().requests - before).toBe(1);
    expect(found.map((snapshot) => snapshot.data['Info'])).toEqual([expect.objectContaining({ Name: 'Key One AS' })]);
    // The server compares names without regard to case; a merge key compares exactly.
    expect(await connector.findByKey('Customers', { field: 'Info.Name', value: 'key one as' })).toEqual([]);
    expect(await connector.findByKey('Customers', { field: 'Info.Name', value: 'Key One AS' })).toHaveLength(1);
    expect(await connector.findByKey('Customers', { field: 'CustomerNumber', value: 'abc' })).toEqual([]);
    await expect(connector.findByKey('Customers', { field: 'EmailAddress', value: 'a@b.no' })).rejects.toBeInstanceOf(
      UnsupportedError,
    );
  });

  test('validation errors name the record and the field, from the API and before sending', async () => {
    const fromApi = await connector
      .create('Customers', { WebUrl: 'https://nameless.no' }, key('invalid-1'))
      .catch((error: unknown) => error);
    expect(fromApi).toBeInstanceOf(ValidationError);
    expect(fromApi).toMatchObject({ record: 'Customers/(new)', field: 'Info.Name', status: 400 });
    expect((fromApi as ValidationError).message).toContain(
      'A customer needs a name (Info.Name) or an organisation number',
    );

    const requests = connector.stats().requests;
    const beforeSending = await connector
      .create('Customers', { Info: { Name: 'Typed' }, WebUrl: 42 }, key('invalid-2'))
      .catch((error: unknown) => error);
    expect(beforeSending).toMatchObject({ record: 'Customers/(new)', field: 'WebUrl' });
    expect(beforeSending).toBeInstanceOf(ValidationError);
    expect(connector.stats().requests).toBe(requests);

    const first = await connector.create(
      'Departments',
      { Name: 'Avdeling A', DepartmentNumber: 'A-1' },
      key('invalid-3'),
    );
    const second = await connector.create('Departments', { Name: 'Avdeling B' }, key('invalid-4'));
    const clash = await connector
      .update('Departments', second.id, { DepartmentNumber: 'A-1' })
      .catch((error: unknown) => error);
    expect(clash).toBeInstanceOf(ValidationError);
    expect(clash).toMatchObject({ record: `Departments/${second.id}`, field: 'DepartmentNumber' });
    expect(first.data['DepartmentNumber']).toBe('A-1');
    await expect(connector.get('Customers', 'abc')).rejects.toMatchObject({ field: 'ID' });
    await expect(connector.get('Invoices', '1')).rejects.toBeInstanceOf(UnsupportedError);
  });
});

describe('Uni Economy change feed', () => {
  let ctx: Context;
  beforeAll(async () => {
    ctx = await startContext();
  });
  afterAll(async () => ctx.close());

  test('a new record is seen by CreatedAt while UpdatedAt is null, an edit by UpdatedAt, a rename by Info.UpdatedAt; each once', async () => {
    const connector = ctx.connect();
    const store = ctx.sandbox.store;
    const start = Date.now() - 60_000;
    const alfa = createCustomer(store, { OrgNumber: '930000001', Info: { Name: 'Alfa' } }, { at: start });
    const beta = createCustomer(store, { OrgNumber: '930000002', Info: { Name: 'Beta' } }, { at: start + 1000 });

    const first = await pagesOf(connector.readChanges('Customers', initialCursor()));
    expect(first).toHaveLength(1);
    expect(first[0]?.records.map((record) => record.id)).toEqual([String(alfa['ID']), String(beta['ID'])]);
    expect(first[0]?.records.every((record) => record.data['UpdatedAt'] === null)).toBe(true);
    let cursor = first[0]?.cursor ?? initialCursor();
    expect(cursor.since).toBe(start + 1000);

    // Idle: one request, nothing handed on.
    const idleBefore = connector.stats().requests;
    expect(await pagesOf(connector.readChanges('Customers', cursor))).toEqual([]);
    expect(connector.stats().requests - idleBefore).toBe(1);

    const gamma = createCustomer(store, { Info: { Name: 'Gamma' } }, { at: start + 2000 });
    updateCustomer(store, String(alfa['ID']), { WebUrl: 'https://alfa.no' }, { at: start + 3000 });
    updateCustomer(
      store,
      String(beta['ID']),
      { Info: { ID: beta['BusinessRelationID'], Name: 'Beta Renamed' } },
      { at: start + 4000 },
    );
    expect(getCustomer(store, String(beta['ID']))?.['UpdatedAt']).toBeNull(); // only Info moved

    const second = await pagesOf(connector.readChanges('Customers', cursor));
    const records = second.flatMap((page) => page.records);
    // Oldest change first within the page.
    expect(records.map((record) => [record.id, record.changedAt])).toEqual([
      [String(gamma['ID']), start + 2000],
      [String(alfa['ID']), start + 3000],
      [String(beta['ID']), start + 4000],
    ]);
    expect(records[2]?.data['Info']).toMatchObject({ Name: 'Beta Renamed' });
    cursor = second.at(-1)?.cursor ?? cursor;
    expect(await pagesOf(connector.readChanges('Customers', cursor))).toEqual([]);

    // Deleted: StatusCode 90001 arrives as deleted: true; get then answers null.
    deleteCustomer(store, String(gamma['ID']), { at: start + 5000 });
    const third = (await pagesOf(connector.readChanges('Customers', cursor))).flatMap((page) => page.records);
    expect(third.map((record) => [record.id, record.deleted, record.data['StatusCode']])).toEqual([
      [String(gamma['ID']), true, 90001],
    ]);
    expect(await connector.get('Customers', String(gamma['ID']))).toBeNull();
  });

  test('paging: ID-ordered pages with top, resumed from the cursor one page per call; a short page ends the pass', async () => {
    // An overlap under the records' spacing (1 s), so that the idle pass reads one record: a page of its own.
    const connector = ctx.connect({ changeOverlapMs: 500 });
    const at = Date.now() - 30_000;
    ['D1', 'D2', 'D3', 'D4', 'D5'].forEach((name, index) =>
      createDepartment(ctx.sandbox.store, { Name: name }, { at: at + (5 - index) * 1000 }),
    );
    const before = connector.stats().requests;
    const pass = await pollUntilDone(connector, 'Departments', initialCursor(), 2);
    // ID order across pages (D1 changed last, yet comes first), oldest change first inside a page.
    expect(pass.records.map((record) => record.data['Name'])).toEqual(['D2', 'D1', 'D4', 'D3', 'D5']);
    expect(pass.calls).toBe(3); // 2 + 2 + 1: the short page ends the pass
    expect(connector.stats().requests - before).toBe(3);
    expect(pass.cursor.opaque).toBeUndefined();
    expect(pass.cursor.since).toBe(at + 5000);

    // The next pass reads only the overlap (the cursor's own record: a short page) and hands nothing on.
    const idle = await pollUntilDone(connector, 'Departments', pass.cursor, 2);
    expect(idle).toMatchObject({ records: [], calls: 1 });
    expect(connector.stats().requests - before).toBe(4);
  });
});

describe('Uni Economy change feed during a pass', () => {
  test('a record edited behind the pages read, while newer records arrive, is delivered by the next pass', async () => {
    const ctx = await startContext();
    try {
      const connector = ctx.connect();
      const store = ctx.sandbox.store;
      const base = Date.now() - 120_000;
      for (let index = 0; index < 5; index += 1)
        createCustomer(
          store,
          { OrgNumber: `94000000${index}`, Info: { Name: `Mid ${index}` } },
          { at: base + index * 1000 },
        );
      let cursor = initialCursor();
      let firstPage: RecordSnapshot[] = [];
      for await (const page of connector.readChanges('Customers', cursor, { pageSize: 2 })) {
        cursor = page.cursor;
        firstPage = page.records;
        break;
      }
      expect(cursor.opaque).toBeDefined();
      expect(cursor.since).toBeNull(); // a pass under way does not move `since`
      // A customer already read is edited now; a new one arrives seconds later (clock set ahead), and the pass
      // reads that one. Its change time must not carry the cursor past the edit behind the pages read.
      const editedId = firstPage[0]?.id ?? '';
      updateCustomer(store, editedId, { WebUrl: 'https://edited.no' });
      createCustomer(store, { OrgNumber: '940000009', Info: { Name: 'Late' } }, { at: Date.now() + 5000 });
      const rest = await pollUntilDone(connector, 'Customers', cursor, 2);
      expect(rest.records.map((record) => record.data['Info'])).toContainEqual(
        expect.objectContaining({ Name: 'Late' }),
      );
      expect(rest.records.map((record) => record.id)).not.toContain(editedId);
      const next = await pollUntilDone(connector, 'Customers', rest.cursor, 2);
      expect(next.records.map((record) => [record.id, record.data['WebUrl']])).toEqual([
        [editedId, 'https://edited.no'],
      ]);
    } finally {
      await ctx.close();
    }
  });
});

describe('Uni Economy token lifetime', () => {
  test('the access token is cached until shortly before it expires, then renewed', async () => {
    const ctx = await startContext({ tokenTtlSeconds: 1 });
    try {
      const connector = ctx.connect();
      await connector.get('Departments', '1');
      await connector.get('Departments', '1');
      expect(connector.stats().tokenRequests).toBe(1);
      await sleep(1000);
      await connector.get('Departments', '1');
      expect(connector.stats().tokenRequests).toBe(2);
    } finally {
      await ctx.close();
    }
  });
});

describe('Uni Economy 429 handling', () => {
  test('a 429 pauses the client for Retry-After and retries once when the wait is short, else RateLimitedError', async () => {
    const ctx = await startContext({ rateLimitPerMinute: 3, rateLimitWindowMs: 1000 });
    try {
      const patient = ctx.connect();
      const started = Date.now();
      const answers: unknown[] = [];
      for (let index = 0; index < 5; index += 1) answers.push(await patient.get('Departments', '424242'));
      expect(answers).toEqual([null, null, null, null, null]);
      expect(patient.stats().rateLimited).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);

      const impatient = ctx.connect({ rateLimitRetries: 0 });
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => impatient.get('Departments', '424242')));
      const limited = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      expect(limited.length).toBeGreaterThan(0);
      for (const error of limited) {
        expect(error).toBeInstanceOf(RateLimitedError);
        expect((error as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(1000);
      }
    } finally {
      await ctx.close();
    }
  });
});

test('an error body that is JSON null or a number is read as no error shape, never thrown', () => {
  expect(parseErrorBody('null')).toEqual({ propertyErrors: [] });
  expect(parseErrorBody('42')).toEqual({ propertyErrors: [] });
});
