/**
 * The Uni Economy sandbox over plain HTTP: the identity server's certificate flow, CompanyKey, the filter
 * grammar and the other query options, partial PUT, soft delete, error bodies, the rate limit and the seed.
 * A small client is written here with node:crypto, so that the sandbox is checked apart from the connector.
 */
import { generateKeyPairSync, randomUUID, sign, X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { generateCompany } from '../../sandboxes/seeder';
import {
  createCustomer,
  getCustomer,
  startUniEconomySandbox,
  uniEconomyOverlap,
  uniEconomySandboxPlugin,
  updateCustomer,
  type UniEconomySandboxOptions,
} from '../../sandboxes/unieconomy';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function tempDataFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-uni-')), 'unieconomy.sqlite');
}

async function startTestSandbox(options: Partial<UniEconomySandboxOptions> = {}): Promise<RunningSandbox> {
  return startUniEconomySandbox({ port: 0, dataFile: tempDataFile(), rateLimitPerMinute: 100_000, ...options });
}

interface AssertionOverrides {
  privateKeyPem?: string;
  audience?: string;
  issuer?: string;
  expiresInSeconds?: number;
  jti?: string;
  header?: Record<string, unknown>;
}

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function assertion(sandbox: RunningSandbox, overrides: AssertionOverrides = {}): string {
  const clientId = sandbox.credentials['clientId'] ?? '';
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: 'RS256', typ: 'JWT', ...overrides.header });
  const claims = encode({
    iss: overrides.issuer ?? clientId,
    sub: overrides.issuer ?? clientId,
    aud: overrides.audience ?? String(sandbox.settings['tokenUrl']),
    jti: overrides.jti ?? randomUUID(),
    iat: now,
    nbf: now,
    exp: now + (overrides.expiresInSeconds ?? 60),
  });
  const key = overrides.privateKeyPem ?? sandbox.credentials['privateKeyPem'] ?? '';
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), key).toString('base64url');
  return `${header}.${claims}.${signature}`;
}

interface Answer {
  status: number;
  json: unknown;
  headers: Headers;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    json: text === '' ? undefined : (JSON.parse(text) as unknown),
    headers: response.headers,
  };
}

async function requestToken(sandbox: RunningSandbox, form: Record<string, string>): Promise<Answer> {
  const response = await fetch(String(sandbox.settings['tokenUrl']), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return answer(response);
}

const tokenForm = (sandbox: RunningSandbox, signed: string): Record<string, string> => ({
  grant_type: 'client_credentials',
  client_id: sandbox.credentials['clientId'] ?? '',
  client_assertion_type: ASSERTION_TYPE,
  client_assertion: signed,
  scope: 'AppFramework',
});

class ApiClient {
  private token = '';
  constructor(private readonly sandbox: RunningSandbox) {}

  async authenticate(): Promise<this> {
    const token = await requestToken(this.sandbox, tokenForm(this.sandbox, assertion(this.sandbox)));
    this.token = (token.json as { access_token: string }).access_token;
    return this;
  }

  async call(
    method: string,
    pathAndQuery: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`${this.sandbox.baseUrl}${pathAndQuery}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        CompanyKey: this.sandbox.credentials['companyKey'] ?? '',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return answer(response);
  }

  /** The records a filter selects (by ID), ordered by ID. */
  async filtered(resource: string, filter: string): Promise<number[]> {
    const result = await this.call('GET', `/api/biz/${resource}?top=1000&filter=${encodeURIComponent(filter)}`);
    expect(result.status).toBe(200);
    return (result.json as { ID: number }[]).map((record) => record.ID);
  }
}

const admin = (sandbox: RunningSandbox, pathAndQuery: string, body?: unknown): Promise<Response> =>
  fetch(`${sandbox.baseUrl}/__sandbox${pathAndQuery}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });

describe('Uni Economy sandbox: identity server', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ tokenTtlSeconds: 1800 });
  });
  afterAll(async () => sandbox.close());

  test('the discovery document names the token endpoint', async () => {
    const discovery = await answer(await fetch(`${sandbox.baseUrl}/.well-known/openid-configuration`));
    expect(discovery.json).toMatchObject({
      token_endpoint: sandbox.settings['tokenUrl'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
  });

  test('a valid client assertion gets a bearer token with an expiry', async () => {
    const token = await requestToken(sandbox, tokenForm(sandbox, assertion(sandbox)));
    expect(token.status).toBe(200);
    expect(token.json).toEqual({
      access_token: expect.stringMatching(/^\S{20,}$/),
      expires_in: 1800,
      token_type: 'Bearer',
      scope: 'AppFramework',
    });
    // x5t and x5c, when sent, must name the registered certificate.
    const certificate = new X509Certificate(sandbox.credentials['certificatePem'] ?? '');
    const withHeaders = assertion(sandbox, {
      header: { x5t: sandbox.settings['certificateThumbprint'], x5c: [certificate.raw.toString('base64')] },
    });
    expect((await requestToken(sandbox, tokenForm(sandbox, withHeaders))).status).toBe(200);
  });

  test('a wrong key, a wrong audience, an expired or replayed assertion and a wrong issuer are refused', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const refusals: [string, string][] = [
      ['wrong key', assertion(sandbox, { privateKeyPem: otherKey })],
      ['wrong audience', assertion(sandbox, { audience: 'https://login.unimicro.no/connect/token' })],
      ['expired', assertion(sandbox, { expiresInSeconds: -3600 })],
      ['wrong issuer', assertion(sandbox, { issuer: 'someone-else' })],
      ['wrong thumbprint', assertion(sandbox, { header: { x5t: 'AAAA' } })],
    ];
    for (const [why, signed] of refusals) {
      const refused = await requestToken(sandbox, tokenForm(sandbox, signed));
      expect([why, refused.status]).toEqual([why, 400]);
      expect([why, (refused.json as { error: string }).error]).toEqual([why, 'invalid_client']);
    }
    const once = assertion(sandbox, { jti: 'the-same-jti' });
    expect((await requestToken(sandbox, tokenForm(sandbox, once))).status).toBe(200);
    const replayed = await requestToken(sandbox, tokenForm(sandbox, once));
    expect(replayed.json).toMatchObject({ error: 'invalid_client', error_description: expect.stringContaining('jti') });
  });

  test('other grants, assertion types and scopes are refused in the OAuth shape', async () => {
    const form = tokenForm(sandbox, assertion(sandbox));
    expect((await requestToken(sandbox, { ...form, grant_type: 'password' })).json).toMatchObject({
      error: 'unsupported_grant_type',
    });
    expect((await requestToken(sandbox, { ...form, client_assertion_type: 'secret' })).json).toMatchObject({
      error: 'invalid_client',
    });
    expect((await requestToken(sandbox, { ...form, scope: 'Everything' })).json).toMatchObject({
      error: 'invalid_scope',
    });
  });

  test('the key pair and certificate are made at first start, kept beside the data file and reused', async () => {
    const dataFile = tempDataFile();
    const first = await startUniEconomySandbox({ port: 0, dataFile });
    const keyFile = String(first.settings['privateKeyFile']);
    expect(keyFile).toBe(`${dataFile}.client-key.pem`);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const certificate = new X509Certificate(fs.readFileSync(String(first.settings['certificateFile']), 'utf8'));
    expect(certificate.checkPrivateKey(createPrivateKey(first.credentials['privateKeyPem'] ?? ''))).toBe(true);
    expect(certificate.subject).toBe(`CN=${first.credentials['clientId']}`);
    await first.close();
    const second = await startUniEconomySandbox({ port: 0, dataFile });
    expect(second.credentials['privateKeyPem']).toBe(first.credentials['privateKeyPem']);
    expect(second.credentials['certificatePem']).toBe(first.credentials['certificatePem']);
    await second.close();
  });
});

describe('Uni Economy sandbox: API', () => {
  let sandbox: RunningSandbox;
  let client: ApiClient;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    client = await new ApiClient(sandbox).authenticate();
  });
  afterAll(async () => sandbox.close());

  test('every API call needs a bearer token, every /api/biz call the CompanyKey', async () => {
    const anonymous = await answer(await fetch(`${sandbox.baseUrl}/api/biz/customers`));
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({ Message: 'Authorization has been denied for this request.' });
    const missing = await client.call('GET', '/api/biz/customers', undefined, { CompanyKey: '' });
    expect(missing.status).toBe(403);
    expect(missing.json).toEqual({ Message: expect.stringContaining('CompanyKey') });
    const wrong = await client.call('GET', '/api/biz/customers', undefined, {
      CompanyKey: '00000000-0000-0000-0000-000000000000',
    });
    expect(wrong.status).toBe(403);
    // The company list needs no CompanyKey: it is where a client finds it.
    const companies = await client.call('GET', '/api/init/companies', undefined, { CompanyKey: '' });
    expect(companies.json).toEqual([expect.objectContaining({ ID: 1, Key: sandbox.credentials['companyKey'] })]);
    expect((await client.call('GET', '/api/biz/nothing-here')).status).toBe(404);
  });

  test('customers: POST answers 201 with a server id, UpdatedAt null, the name on Info behind expand', async () => {
    const created = await client.call('POST', '/api/biz/customers', {
      OrgNumber: '911111111',
      WebUrl: 'https://a.no',
      Info: { Name: 'Alfa AS' },
    });
    expect(created.status).toBe(201);
    const customer = created.json as Record<string, unknown>;
    expect(customer).toMatchObject({
      ID: expect.any(Number),
      StatusCode: 30001,
      Deleted: false,
      UpdatedAt: null,
      OrgNumber: '911111111',
    });
    expect(customer['CreatedAt']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(customer).not.toHaveProperty('Info');
    const expanded = await client.call('GET', `/api/biz/customers/${String(customer['ID'])}?expand=Info`);
    expect(expanded.json).toMatchObject({
      BusinessRelationID: expect.any(Number),
      Info: { Name: 'Alfa AS', ID: customer['BusinessRelationID'] },
    });
    const selected = await client.call(
      'GET',
      `/api/biz/customers/${String(customer['ID'])}?expand=Info&select=OrgNumber,Info.Name`,
    );
    expect(selected.json).toEqual({
      ID: customer['ID'],
      Deleted: false,
      CustomValues: {},
      OrgNumber: '911111111',
      Info: { Name: 'Alfa AS' },
    });
  });

  test('customers: validation refusals name the property in _validationResults', async () => {
    const nameless = await client.call('POST', '/api/biz/customers', { WebUrl: 'https://x.no' });
    expect(nameless.status).toBe(400);
    expect(nameless.json).toMatchObject({
      Message: expect.stringContaining('Info.Name'),
      _validationResults: { 'Info.Name': [{ Message: expect.any(String), Level: 3 }], OrgNumber: expect.any(Array) },
    });
    const badType = await client.call('POST', '/api/biz/customers', { Info: { Name: 'X' }, WebUrl: 5 });
    expect(badType.json).toMatchObject({ _validationResults: { WebUrl: [expect.anything()] } });
    const guid = randomUUID();
    expect(
      (await client.call('POST', '/api/biz/customers', { Info: { Name: 'Once' }, _createguid: guid })).status,
    ).toBe(201);
    const again = await client.call('POST', '/api/biz/customers', { Info: { Name: 'Once' }, _createguid: guid });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ _validationResults: { _createguid: [expect.anything()] } });
    expect(
      (await client.call('POST', '/api/biz/customers', 'not json', { 'content-type': 'application/json' })).status,
    ).toBe(400);
  });

  test('the filter grammar: eq, ne, ge, null, and/or/not, functions, dotted paths, quotes', async () => {
    const store = sandbox.store;
    const at = Date.parse('2025-03-01T10:00:00.000Z');
    const ids = [
      createCustomer(store, { OrgNumber: '922222222', Info: { Name: "O'Brien Bygg AS" } }, { at }),
      createCustomer(
        store,
        { OrgNumber: '933333333', Info: { Name: 'Fjord Fisk AS' }, WebUrl: 'https://fjord.no' },
        { at: at + 1000 },
      ),
      createCustomer(store, { Info: { Name: 'Uten Nummer' } }, { at: at + 2000 }),
    ].map((customer) => Number(customer['ID']));
    const [obrien, fjord, nameOnly] = ids as [number, number, number];
    updateCustomer(store, fjord, { WebUrl: 'https://fjordfisk.no' }, { at: at + 86_400_000 });
    const scope = `ID ge ${obrien} and ID le ${nameOnly}`;
    const select = (filter: string) => client.filtered('customers', `(${filter}) and ${scope}`);

    expect(await select("OrgNumber eq '933333333'")).toEqual([fjord]);
    expect(await select("Info.Name eq 'o''brien bygg as'")).toEqual([obrien]); // case-insensitive, quote doubled
    expect(await select("OrgNumber ne '933333333'")).toEqual([obrien]); // null is never "not equal"
    expect(await select('OrgNumber eq null')).toEqual([nameOnly]);
    expect(await select('UpdatedAt eq null')).toEqual([obrien, nameOnly]);
    // UpdatedAt is null until the first edit: only CreatedAt finds a new record.
    expect(await select("UpdatedAt ge '2025-03-01T10:00:01'")).toEqual([fjord]);
    expect(await select("CreatedAt ge '2025-03-01T10:00:01.000Z'")).toEqual([fjord, nameOnly]);
    expect(await select("UpdatedAt ge '2025-03-02T00:00:00Z' or CreatedAt ge '2025-03-01T10:00:02Z'")).toEqual([
      fjord,
      nameOnly,
    ]);
    expect(
      await select("(OrgNumber eq '922222222' or OrgNumber eq '933333333') and not contains(Info.Name, 'fisk')"),
    ).toEqual([obrien]);
    expect(await select("startswith(Info.Name,'Fjord') or endswith(WebUrl,'.com')")).toEqual([fjord]);
    expect(await select("Info.Name like '%nummer'")).toEqual([nameOnly]);
    expect(await select(`ID gt ${obrien} and ID lt ${nameOnly}`)).toEqual([fjord]);
    // A filter on a field the entity lacks is dropped whole (its other terms too): the list comes back unfiltered,
    // as the real API answers it.
    const everything = await client.filtered('customers', '');
    expect(everything.length).toBeGreaterThan(3);
    expect(await select("NoSuchField eq 'x'")).toEqual(everything);
    expect(
      (await client.call('GET', `/api/biz/customers?filter=${encodeURIComponent("OrgNumber eq '1")}`)).status,
    ).toBe(400);
    expect(
      (await client.call('GET', `/api/biz/customers?filter=${encodeURIComponent("UpdatedAt ge 'soon'")}`)).status,
    ).toBe(400);
  });

  test('orderby, top and skip page a bare array', async () => {
    const prefix = 'Paging';
    for (let index = 1; index <= 5; index += 1) createCustomer(sandbox.store, { Info: { Name: `${prefix} ${index}` } });
    const page = async (query: string): Promise<string[]> => {
      const result = await client.call(
        'GET',
        `/api/biz/customers?expand=Info&filter=${encodeURIComponent(`startswith(Info.Name,'${prefix}')`)}&${query}`,
      );
      return (result.json as { Info: { Name: string } }[]).map((customer) => customer.Info.Name);
    };
    expect(await page('top=2&skip=0')).toEqual(['Paging 1', 'Paging 2']);
    expect(await page('top=2&skip=4')).toEqual(['Paging 5']);
    expect(await page('orderby=Info.Name desc&top=2')).toEqual(['Paging 5', 'Paging 4']);
    expect(await page('Top=3&Skip=1&unknown=1')).toEqual(['Paging 2', 'Paging 3', 'Paging 4']); // any casing; unknown ignored
    expect((await client.call('GET', '/api/biz/customers?top=-1')).status).toBe(400);
  });

  test('PUT takes a partial body: fields and children left out stay, Info is updated by its ID', async () => {
    const created = createCustomer(sandbox.store, {
      OrgNumber: '944444444',
      WebUrl: 'https://keep.no',
      CreditDays: 10,
      Info: { Name: 'Keep AS' },
    });
    const id = Number(created['ID']);
    const relation = Number(created['BusinessRelationID']);
    const renamed = await client.call('PUT', `/api/biz/customers/${id}?expand=Info`, {
      ID: id,
      Info: { ID: relation, Name: 'Keep Renamed AS' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({
      OrgNumber: '944444444',
      WebUrl: 'https://keep.no',
      CreditDays: 10,
      UpdatedAt: null,
      Info: { Name: 'Keep Renamed AS', UpdatedAt: expect.any(String) },
    });
    const edited = await client.call('PUT', `/api/biz/customers/${id}`, { ID: id, CreditDays: 30 });
    expect(edited.json).toMatchObject({
      OrgNumber: '944444444',
      WebUrl: 'https://keep.no',
      CreditDays: 30,
      UpdatedAt: expect.any(String),
    });
    expect(getCustomer(sandbox.store, id)?.['Info']).toMatchObject({ Name: 'Keep Renamed AS' });
    // A PUT that changes nothing moves no timestamp.
    const before = getCustomer(sandbox.store, id);
    await client.call('PUT', `/api/biz/customers/${id}`, { ID: id, CreditDays: 30 });
    expect(getCustomer(sandbox.store, id)?.['UpdatedAt']).toBe(before?.['UpdatedAt']);

    const newChild = await client.call('PUT', `/api/biz/customers/${id}`, { ID: id, Info: { Name: 'New relation' } });
    expect(newChild.status).toBe(400);
    expect(newChild.json).toMatchObject({
      _validationResults: { Info: [{ Message: expect.stringContaining('_createguid') }] },
    });
    expect((await client.call('PUT', `/api/biz/customers/${id}`, { ID: id + 1, CreditDays: 1 })).status).toBe(400);
    expect((await client.call('PUT', '/api/biz/customers/999999', { CreditDays: 1 })).status).toBe(404);
  });

  test('DELETE is a soft delete: StatusCode 90001, Deleted, UpdatedAt moves, still listed', async () => {
    const created = createCustomer(sandbox.store, { OrgNumber: '955555555' });
    const id = Number(created['ID']);
    expect((await client.call('DELETE', `/api/biz/customers/${id}`)).status).toBe(200);
    const listed = await client.call('GET', `/api/biz/customers?filter=${encodeURIComponent(`ID eq ${id}`)}`);
    expect(listed.json).toEqual([
      expect.objectContaining({ ID: id, StatusCode: 90001, Deleted: true, UpdatedAt: expect.any(String) }),
    ]);
    expect((await client.call('DELETE', `/api/biz/customers/${id}`)).status).toBe(404);
  });

  test('departments: a name is required, DepartmentNumber is handed out and unique, Name filters', async () => {
    const created = await client.call('POST', '/api/biz/departments', { Name: 'Salg' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      Name: 'Salg',
      DepartmentNumber: expect.stringMatching(/^\d+$/),
      DepartmentNumberNumeric: expect.any(Number),
      UpdatedAt: null,
    });
    const nameless = await client.call('POST', '/api/biz/departments', { DepartmentNumber: 'X-1' });
    expect(nameless.json).toMatchObject({ _validationResults: { Name: [expect.anything()] } });
    const number = (created.json as { DepartmentNumber: string }).DepartmentNumber;
    const clash = await client.call('POST', '/api/biz/departments', { Name: 'Salg 2', DepartmentNumber: number });
    expect(clash.json).toMatchObject({ _validationResults: { DepartmentNumber: [expect.anything()] } });
    expect(await client.filtered('departments', "Name eq 'salg'")).toEqual([(created.json as { ID: number }).ID]);
  });

  test('an injected fault answers 500 in the API shape', async () => {
    await admin(sandbox, '/faults', { errorRate: 1 });
    try {
      const failed = await client.call('GET', '/api/biz/customers');
      expect(failed.status).toBe(500);
      expect(failed.json).toEqual({ Message: 'An error has occurred.' });
    } finally {
      await admin(sandbox, '/faults', { errorRate: 0 });
    }
  });
});

describe('Uni Economy sandbox: rate limit', () => {
  test('over the limit a client gets 429 with Retry-After; the faults override replaces the limit', async () => {
    const sandbox = await startTestSandbox({ rateLimitPerMinute: 3 });
    try {
      const client = await new ApiClient(sandbox).authenticate();
      const answers = await Promise.all(Array.from({ length: 5 }, () => client.call('GET', '/api/biz/departments')));
      const limited = answers.filter((result) => result.status === 429);
      expect(limited).toHaveLength(2);
      expect(Number(limited[0]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited[0]?.json).toEqual({
        Message: expect.stringMatching(/^Too many requests\. Try again in \d+ seconds\.$/),
      });
      await admin(sandbox, '/faults', { rateLimit: 1000 });
      const after = await Promise.all(Array.from({ length: 10 }, () => client.call('GET', '/api/biz/departments')));
      expect(after.every((result) => result.status === 200)).toBe(true);
      const stats = (await (await admin(sandbox, '/stats')).json()) as { rateLimited: number };
      expect(stats.rateLimited).toBe(2);
    } finally {
      await sandbox.close();
    }
  });
});

describe('Uni Economy sandbox plug-in and seed', () => {
  test('start honours port, data file and rate limit; seed loads the overlap with PowerOffice', async () => {
    const dataFile = tempDataFile();
    const sandbox = await uniEconomySandboxPlugin.start({ port: 0, dataFile, rateLimit: 1234, productionLimits: true });
    try {
      expect(sandbox.settings['rateLimitPerMinute']).toBe(1234);
      expect(sandbox.settings['dataFile']).toBe(dataFile);
      expect(uniEconomySandboxPlugin.describe(sandbox).join('\n')).toContain('1234 requests/min');
      const company = generateCompany({ customers: 40 });
      const counts = uniEconomySandboxPlugin.seed(sandbox, company);
      const overlap = uniEconomyOverlap(company);
      expect(counts).toEqual({ Customers: overlap.customers.length, Departments: 2 });
      expect(overlap.customers.length).toBeGreaterThanOrEqual(3);

      const client = await new ApiClient(sandbox).authenticate();
      const customers = (await client.call('GET', '/api/biz/customers?expand=Info&top=100')).json as {
        OrgNumber: string;
        WebUrl: string | null;
        UpdatedAt: string | null;
        Info: { Name: string };
      }[];
      const organisations = new Map(
        company.customers
          .filter((customer) => customer.post['IsPerson'] !== true)
          .map((customer) => [customer.post['OrganizationNumber'], customer.post]),
      );
      for (const customer of customers) expect(organisations.has(customer.OrgNumber)).toBe(true);
      const differing = customers.filter((customer) => {
        const source = organisations.get(customer.OrgNumber);
        return source?.['Name'] !== customer.Info.Name || source?.['WebsiteUrl'] !== customer.WebUrl;
      });
      expect(differing.length).toBeGreaterThanOrEqual(2);
      expect(customers.filter((customer) => customer.UpdatedAt === null).length).toBe(customers.length - 1);
      const departments = (await client.call('GET', '/api/biz/departments')).json as { Name: string }[];
      const powerOfficeNames = new Set(company.departments.map((department) => department['Name']));
      expect(departments.map((department) => powerOfficeNames.has(department.Name))).toEqual([true, true]);
    } finally {
      await sandbox.close();
    }
  });
});
