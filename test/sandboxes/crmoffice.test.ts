/** The CRMOffice sandbox through plain HTTP: OAuth, resources, errors, paging, limits, the seed and the plug-in. */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Company, Contact, ListEnvelope, ProblemDetails, TokenResponse } from '../../generated/crmoffice';
import type { RunningSandbox } from '../../sandboxes/common/http';
import {
  createRecord,
  crmOfficeSandboxPlugin,
  rotateSigningKey,
  startCrmOfficeSandbox,
  type CrmOfficeSandboxOptions,
} from '../../sandboxes/crmoffice';
import { generateCompany } from '../../sandboxes/seeder';

interface Answer {
  status: number;
  json: unknown;
  headers: Headers;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, headers: response.headers };
}

const dirs: string[] = [];
const sandboxes: RunningSandbox[] = [];

async function start(options: Omit<CrmOfficeSandboxOptions, 'dataFile'> = {}): Promise<RunningSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-crmo-sandbox-'));
  dirs.push(dir);
  const sandbox = await startCrmOfficeSandbox({
    port: 0,
    rateLimitPerMinute: 100_000,
    ...options,
    dataFile: path.join(dir, 'crmoffice.sqlite'),
  });
  sandboxes.push(sandbox);
  return sandbox;
}

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function tokenRequest(sandbox: RunningSandbox, form: Record<string, string>, basic = true): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams(form);
  if (basic) {
    const pair = `${sandbox.credentials.clientId ?? ''}:${sandbox.credentials.clientSecret ?? ''}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  return answer(await fetch(String(sandbox.settings.tokenUrl), { method: 'POST', headers, body }));
}

async function accessToken(sandbox: RunningSandbox): Promise<{ access: string; refresh: string }> {
  const refreshed = await tokenRequest(sandbox, {
    grant_type: 'refresh_token',
    refresh_token: sandbox.credentials.refreshToken ?? '',
  });
  const token = TokenResponse.parse(refreshed.json);
  return { access: token.access_token, refresh: token.refresh_token ?? '' };
}

function api(sandbox: RunningSandbox, token: string) {
  return async (method: string, route: string, body?: unknown, contentType = 'application/json'): Promise<Answer> =>
    answer(
      await fetch(`${sandbox.baseUrl}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': contentType } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
}

describe('OAuth server', () => {
  test('refresh tokens rotate: the answer carries a new one and the used one is refused afterwards', async () => {
    const sandbox = await start();
    const first = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: sandbox.credentials.refreshToken ?? '',
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const token = TokenResponse.parse(first.json);
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'crmoffice offline_access' });
    expect(token.refresh_token).not.toBe(sandbox.credentials.refreshToken);
    // The access token is a JWT with the stated lifetime.
    const payload = JSON.parse(Buffer.from(token.access_token.split('.')[1] ?? '', 'base64url').toString()) as {
      exp: number;
      iat: number;
      scope: string;
    };
    expect(payload.exp - payload.iat).toBe(3600);

    const reused = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: sandbox.credentials.refreshToken ?? '',
    });
    expect(reused.status).toBe(400);
    expect(reused.json).toMatchObject({ error: 'invalid_grant' });
    // Client authentication by form fields works as well as Basic.
    const byForm = await tokenRequest(
      sandbox,
      {
        grant_type: 'refresh_token',
        refresh_token: token.refresh_token ?? '',
        client_id: sandbox.credentials.clientId ?? '',
        client_secret: sandbox.credentials.clientSecret ?? '',
      },
      false,
    );
    expect(byForm.status).toBe(200);
  });

  test('a wrong client secret is invalid_client; client_credentials is not offered', async () => {
    const sandbox = await start();
    const wrong = await tokenRequest(
      sandbox,
      { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'linkflow-sandbox', client_secret: 'nope' },
      false,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ error: 'invalid_client' });
    const credentials = await tokenRequest(sandbox, { grant_type: 'client_credentials' });
    expect(credentials.json).toMatchObject({ error: 'unsupported_grant_type' });
  });

  test('authorize: the test user is approved at once; the code needs the PKCE verifier and works once', async () => {
    const sandbox = await start();
    const verifier = randomBytes(32).toString('base64url');
    const authorize = (params: Record<string, string>): Promise<Response> =>
      fetch(`${String(sandbox.settings.authorizeUrl)}?${new URLSearchParams(params).toString()}`, {
        redirect: 'manual',
      });
    const redirectUri = 'http://127.0.0.1:65000/callback';
    const good = {
      response_type: 'code',
      client_id: sandbox.credentials.clientId ?? '',
      redirect_uri: redirectUri,
      scope: 'crmoffice offline_access',
      state: 'state-1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    };
    expect((await authorize({ ...good, client_id: 'someone-else' })).status).toBe(400);
    expect((await authorize({ ...good, redirect_uri: 'https://evil.example/callback' })).status).toBe(400);
    const badScope = new URL((await authorize({ ...good, scope: 'everything' })).headers.get('location') ?? '');
    expect(badScope.searchParams.get('error')).toBe('invalid_scope');
    expect(badScope.searchParams.get('state')).toBe('state-1');

    const approved = await authorize(good);
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe('state-1');
    const code = location.searchParams.get('code') ?? '';
    const exchange = (codeVerifier: string) =>
      tokenRequest(sandbox, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      });
    expect((await exchange('wrong-verifier')).json).toMatchObject({ error: 'invalid_grant' });

    const second = await authorize(good);
    const secondCode = new URL(second.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const redeem = () =>
      tokenRequest(sandbox, {
        grant_type: 'authorization_code',
        code: secondCode,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      });
    const redeemed = await redeem();
    expect(redeemed.status).toBe(200);
    expect(TokenResponse.parse(redeemed.json).refresh_token).toEqual(expect.any(String));
    expect((await redeem()).json).toMatchObject({ error: 'invalid_grant' });
  });

  test('the API refuses a missing, invalid, expired or rolled-over token with 401 and WWW-Authenticate', async () => {
    const sandbox = await start({ accessTokenTtlSeconds: 3 });
    const missing = await fetch(`${sandbox.baseUrl}companies`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const invalid = await api(sandbox, 'not.a.jwt')('GET', 'companies');
    expect(invalid.status).toBe(401);
    expect(invalid.headers.get('www-authenticate')).toContain('invalid_token');

    // A lifetime of 3 s: a loaded machine may take a second between issuing the token and its first use.
    const { access, refresh } = await accessToken(sandbox);
    expect((await api(sandbox, access)('GET', 'companies')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3200));
    const expired = await api(sandbox, access)('GET', 'companies');
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('expired');

    const renewed = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: refresh });
    const fresh = TokenResponse.parse(renewed.json).access_token;
    expect((await api(sandbox, fresh)('GET', 'companies')).status).toBe(200);
    rotateSigningKey(sandbox.store);
    expect((await api(sandbox, fresh)('GET', 'companies')).status).toBe(401);
  });
});

describe('resources', () => {
  test('companies: server-assigned ids, lists in items, PUT replaces, PATCH merges, errors as ProblemDetails', async () => {
    const sandbox = await start();
    const call = api(sandbox, (await accessToken(sandbox)).access);
    const created = await call('POST', 'companies', {
      id: 'mine',
      name: 'Fjord AS',
      orgNr: '923 456 783',
      postAddress: { streetAddress: 'Kaigata 1', postCode: '5003', postalArea: 'Bergen', country: 'NO' },
      unknownField: 'ignored',
    });
    expect(created.status).toBe(201);
    const company = Company.parse(created.json);
    expect(company.id).not.toBe('mine');
    expect(created.headers.get('location')).toBe(`/companies/${String(company.id)}`);
    expect(created.json).toEqual({
      id: company.id,
      name: 'Fjord AS',
      orgNr: '923 456 783',
      postAddress: { streetAddress: 'Kaigata 1', postCode: '5003', postalArea: 'Bergen', country: 'NO' },
      visitAddress: null,
    });

    const patched = await call(
      'PATCH',
      `companies/${String(company.id)}`,
      { postAddress: { postalArea: 'Bergen sentrum' } },
      'application/merge-patch+json',
    );
    expect(patched.json).toMatchObject({
      name: 'Fjord AS',
      postAddress: { streetAddress: 'Kaigata 1', postalArea: 'Bergen sentrum' },
    });
    const replaced = await call('PUT', `companies/${String(company.id)}`, { name: 'Fjord Holding AS' });
    expect(replaced.json).toMatchObject({ name: 'Fjord Holding AS', orgNr: null, postAddress: null });

    const list = ListEnvelope.parse((await call('GET', 'companies')).json);
    expect(list.items).toHaveLength(1);
    expect(list.totalCount).toBe(1);

    const invalid = await call('POST', 'companies', { name: ' ', orgNr: '12' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(ProblemDetails.parse(invalid.json).errors).toEqual({
      Name: ['The Name field is required.'],
      OrgNr: ['The field OrgNr must be a Norwegian organisation number of 9 digits.'],
    });
    const wrongType = await call('POST', 'companies', { name: 42 });
    expect(Object.keys(ProblemDetails.parse(wrongType.json).errors ?? {})).toEqual(['$.name']);
    const missing = await call('GET', 'companies/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(ProblemDetails.parse(missing.json).title).toBe('Not Found');
  });

  test('contacts hang under a company by company.id; a company with contacts cannot be deleted', async () => {
    const sandbox = await start();
    const call = api(sandbox, (await accessToken(sandbox)).access);
    const company = Company.parse((await call('POST', 'companies', { name: 'Vik AS' })).json);
    const contact = await call('POST', 'contacts', {
      givenName: 'Kari',
      familyName: 'Nordmann',
      email: 'kari@vik.example',
      directPhone: '+47 22 00 00 00',
      company: { id: company.id },
    });
    expect(contact.status).toBe(201);
    expect(Contact.parse(contact.json).company).toEqual({ id: company.id });
    const orphan = await call('POST', 'contacts', { familyName: 'Hansen', company: { id: 'no-such-company' } });
    expect(ProblemDetails.parse(orphan.json).errors).toEqual({
      'Company.Id': ['Company no-such-company does not exist.'],
    });
    const nameless = await call('POST', 'contacts', { email: 'not-an-address' });
    expect(Object.keys(ProblemDetails.parse(nameless.json).errors ?? {}).sort()).toEqual(['Email', 'FamilyName']);
    expect((await call('DELETE', `companies/${String(company.id)}`)).status).toBe(409);
    expect((await call('DELETE', `contacts/${String(Contact.parse(contact.json).id)}`)).status).toBe(204);
    expect((await call('DELETE', `companies/${String(company.id)}`)).status).toBe(204);
  });

  test('integer ids: JSON numbers, and a company.id of the wrong JSON type is refused', async () => {
    const sandbox = await start({ idStyle: 'integer' });
    const call = api(sandbox, (await accessToken(sandbox)).access);
    const company = Company.parse((await call('POST', 'companies', { name: 'Tall AS' })).json);
    expect(company.id).toBe(1);
    const asString = await call('POST', 'contacts', { familyName: 'Li', company: { id: '1' } });
    expect(Object.keys(ProblemDetails.parse(asString.json).errors ?? {})).toEqual(['$.company.id']);
    expect((await call('POST', 'contacts', { familyName: 'Li', company: { id: 1 } })).status).toBe(201);
  });

  test('paging: everything without parameters; skip/take; take beyond the maximum is a 400; other styles', async () => {
    const sandbox = await start({ maxPageSize: 3 });
    for (let i = 1; i <= 5; i += 1) createRecord(sandbox.store, 'companies', { name: `Firma ${i}` });
    const call = api(sandbox, (await accessToken(sandbox)).access);
    const names = async (route: string): Promise<unknown[]> =>
      ListEnvelope.parse((await call('GET', route)).json).items.map((item) => Company.parse(item).name);
    expect(await names('companies')).toHaveLength(5);
    expect(await names('companies?skip=3&take=3')).toEqual(['Firma 4', 'Firma 5']);
    const tooMany = await call('GET', 'companies?skip=0&take=4');
    expect(ProblemDetails.parse(tooMany.json).errors).toEqual({ Take: ['The field Take must be between 1 and 3.'] });

    const paged = await start({ paging: 'pageNumber' });
    for (let i = 1; i <= 5; i += 1) createRecord(paged.store, 'companies', { name: `Firma ${i}` });
    const pagedCall = api(paged, (await accessToken(paged)).access);
    const second = ListEnvelope.parse((await pagedCall('GET', 'companies?page=2&pageSize=2')).json);
    expect(second.items.map((item) => Company.parse(item).name)).toEqual(['Firma 3', 'Firma 4']);
  });

  test('PATCH can be switched off (PUT only); users come as a bare array', async () => {
    const sandbox = await start({ patchSupported: false });
    const call = api(sandbox, (await accessToken(sandbox)).access);
    const company = Company.parse((await call('POST', 'companies', { name: 'Put AS' })).json);
    const patch = await call('PATCH', `companies/${String(company.id)}`, { name: 'x' }, 'application/merge-patch+json');
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('GET, PUT, DELETE');
    expect((await call('GET', 'users')).json).toEqual([{ id: 'u-1', userName: 'test.user@linkflow-demo.no' }]);
  });

  test('the rate limit answers 429 with Retry-After in seconds, per user, after authentication', async () => {
    const sandbox = await start({ rateLimitPerMinute: 3 });
    const call = api(sandbox, (await accessToken(sandbox)).access);
    for (let i = 0; i < 3; i += 1) expect((await call('GET', 'companies')).status).toBe(200);
    const limited = await call('GET', 'companies');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(ProblemDetails.parse(limited.json).status).toBe(429);
  });

  test('fault injection answers a ProblemDetails 500', async () => {
    const sandbox = await start({ faults: { errorRate: 1 } });
    const response = await fetch(`${sandbox.baseUrl}companies`);
    expect(response.status).toBe(500);
    expect(ProblemDetails.parse(await response.json()).status).toBe(500);
  });
});

describe('seed and plug-in', () => {
  test('the seed adds contacts that match PowerOffice contact persons by e-mail, and CRM-only records', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-crmo-seed-'));
    dirs.push(dir);
    const sandbox = await crmOfficeSandboxPlugin.start({
      port: 0,
      dataFile: path.join(dir, 'c.sqlite'),
      rateLimit: 1000,
    });
    sandboxes.push(sandbox);
    expect(sandbox.settings.rateLimitPerMinute).toBe(1000);
    const company = generateCompany({ seed: 1 });
    const loaded = crmOfficeSandboxPlugin.seed(sandbox, company);
    expect(loaded).toEqual({ companies: 9, contacts: 10 });

    const contacts = sandbox.store.list<{ email: string | null; familyName: string | null; company: unknown }>(
      'contacts',
    );
    const personEmails = new Map(
      company.customers.flatMap((customer) =>
        customer.contactPersons.map((person) => [String(person.EmailAddress), String(person.LastName)] as const),
      ),
    );
    const matching = contacts.filter((contact) => personEmails.has(contact.email ?? ''));
    expect(matching).toHaveLength(6);
    // Every second one differs in its family name, so that the first sync shows an edit.
    const differing = matching.filter((contact) => contact.familyName !== personEmails.get(contact.email ?? ''));
    expect(differing).toHaveLength(3);
    const supplierPerson = company.suppliers.find((supplier) => supplier.post.IsPerson === true);
    expect(contacts.some((contact) => contact.email === supplierPerson?.post.EmailAddress)).toBe(true);
    const companyNames = sandbox.store.list<{ name: string }>('companies').map((entry) => entry.name);
    expect(companyNames).toContain(company.products[0]?.Name);

    const lines = crmOfficeSandboxPlugin.describe(sandbox);
    expect(lines.join('\n')).toContain('/auth/connect/authorize');
    expect(lines.join('\n')).not.toContain(sandbox.credentials.clientSecret ?? 'secret');
    expect(crmOfficeSandboxPlugin).toMatchObject({ system: 'crmoffice', title: 'CRMOffice', rateLimitUnit: 'minute' });
  });
});
