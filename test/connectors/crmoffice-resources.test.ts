/** CRMOffice look-ups, creates, updates and errors against the real sandbox; configuration and the plug-in. */
import {
  createCrmOfficeConnector,
  crmOfficeConfigFromEnv,
  crmOfficeConnectorPlugin,
  CRMOFFICE_ENVIRONMENT_VARIABLES,
} from '../../connectors/crmoffice';
import {
  ConflictError,
  RateLimitedError,
  TransientError,
  UnsupportedError,
  ValidationError,
} from '../../connectors/errors';
import { createRecord, getRecord, patchRecord, type StoredContact } from '../../sandboxes/crmoffice';
import { sandboxRoutes, startCrmOfficeWithConnector, type CrmOfficeTestContext } from './crmoffice-helpers';

describe('CRMOffice look-ups and writes', () => {
  let ctx: CrmOfficeTestContext;
  beforeEach(async () => {
    ctx = await startCrmOfficeWithConnector();
  });
  afterEach(async () => ctx.close());

  test('findByKey reads the whole list (no server filter is known) and compares the key itself', async () => {
    const company = createRecord(ctx.sandbox.store, 'companies', { name: 'Vik AS', orgNr: '923 456 783' });
    createRecord(ctx.sandbox.store, 'companies', { name: 'Other AS' });
    for (let i = 1; i <= 4; i += 1) {
      createRecord(ctx.sandbox.store, 'contacts', { familyName: `Person ${i}`, email: `person${i}@example.no` });
    }
    const connector = ctx.connect({ pageSize: 2 });
    const found = await connector.findByKey('contacts', { field: 'email', value: 'PERSON3@example.no ' });
    expect(found.map((record) => record.data['familyName'])).toEqual(['Person 3']);
    expect(connector.stats().requests).toBe(3); // ⌊4/2⌋ + 1
    const byOrgNr = await connector.findByKey('companies', { field: 'orgNr', value: '923456783' });
    expect(byOrgNr.map((record) => record.id)).toEqual([String(company.id)]);
    expect(await connector.findByKey('companies', { field: 'name', value: ' Other AS' })).toHaveLength(1);
    await expect(connector.findByKey('contacts', { field: 'mobilePhone', value: '1' })).rejects.toBeInstanceOf(
      UnsupportedError,
    );
  });

  test('a contact created under a company carries it as parent', async () => {
    const company = createRecord(ctx.sandbox.store, 'companies', { name: 'Vik AS' });
    const connector = ctx.connect();
    const created = await connector.create(
      'contacts',
      { givenName: 'Kari', familyName: 'Nordmann', email: 'kari@vik.example' },
      { idempotencyKey: 'k1', parentId: String(company.id), mayExist: false },
    );
    expect(created.parentId).toBe(String(company.id));
    expect(getRecord(ctx.sandbox.store, 'contacts', created.id)).toMatchObject({ company: { id: company.id } });
    expect(connector.stats().requests).toBe(1); // mayExist: false skips the look-up
    await expect(
      connector.create('companies', { name: 'x' }, { idempotencyKey: 'k2', parentId: String(company.id) }),
    ).rejects.toMatchObject({ field: 'parentId' });
  });

  test('a retried create finds the record the first attempt made instead of creating it twice', async () => {
    const first = ctx.connect();
    const data = { givenName: 'Ola', familyName: 'Nordmann', email: 'ola@example.no' };
    const created = await first.create('contacts', data, { idempotencyKey: 'link-1', mayExist: false });
    // The same process retrying (the activity failed after the create): one GET, no list read, no POST.
    const before = first.stats().requests;
    const sameProcess = await first.create('contacts', data, { idempotencyKey: 'link-1' });
    expect(sameProcess.id).toBe(created.id);
    expect(first.stats().requests - before).toBe(1);
    // Another worker retrying: it knows nothing, so it looks for the e-mail before creating.
    const other = ctx.connect();
    const retried = await other.create('contacts', { ...data, email: 'OLA@example.no' }, { idempotencyKey: 'link-1' });
    expect(retried.id).toBe(created.id);
    expect((await sandboxRoutes(ctx.sandbox))['POST /contacts']).toBe(1);

    // Without an e-mail, both names and the company identify the earlier attempt.
    const nameOnly = { givenName: 'Nils', familyName: 'Uten Epost' };
    const a = await other.create('contacts', nameOnly, { idempotencyKey: 'link-2' });
    const b = await ctx.connect().create('contacts', nameOnly, { idempotencyKey: 'link-2' });
    expect(b.id).toBe(a.id);
    // Two records with the key: an earlier attempt cannot be told apart, so nothing is created.
    createRecord(ctx.sandbox.store, 'contacts', nameOnly);
    await expect(ctx.connect().create('contacts', nameOnly, { idempotencyKey: 'link-3' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    // Companies by org number, else by name.
    const company = await other.create('companies', { name: 'Fjord AS', orgNr: '923456783' }, { idempotencyKey: 'c' });
    const again = await ctx
      .connect()
      .create('companies', { name: 'Fjord AS (renamed)', orgNr: '923 456 783' }, { idempotencyKey: 'c' });
    expect(again.id).toBe(company.id);
  });

  test('validation errors name the record and the field, from the API or before sending', async () => {
    const connector = ctx.connect();
    const serverSide = await connector
      .create('companies', { name: 'Feil AS', orgNr: '12345' }, { idempotencyKey: 'v1', mayExist: false })
      .catch((error: unknown) => error);
    expect(serverSide).toBeInstanceOf(ValidationError);
    expect(serverSide).toMatchObject({ status: 400, field: 'orgNr', record: 'companies/(new)' });
    expect((serverSide as ValidationError).message).toContain('OrgNr must be a Norwegian organisation number');

    const orphan = await connector
      .create('contacts', { familyName: 'Hansen' }, { idempotencyKey: 'v2', parentId: 'no-such', mayExist: false })
      .catch((error: unknown) => error);
    expect(orphan).toMatchObject({ field: 'company.id', record: 'contacts/(new)' });

    const contact = createRecord(ctx.sandbox.store, 'contacts', { familyName: 'Hansen' });
    const update = await connector
      .update('contacts', String(contact.id), { email: 'not-an-address' })
      .catch((error: unknown) => error);
    expect(update).toBeInstanceOf(ValidationError);
    expect(update).toMatchObject({ field: 'email', record: `contacts/${String(contact.id)}` });

    const before = connector.stats().requests;
    await expect(
      connector.create('contacts', { familyName: 'x', title: 'CEO' }, { idempotencyKey: 'v3' }),
    ).rejects.toMatchObject({ field: 'title', record: 'contacts/(new)' });
    await expect(
      connector.create('contacts', { familyName: 7 }, { idempotencyKey: 'v4', mayExist: false }),
    ).rejects.toMatchObject({ field: 'familyName' });
    expect(connector.stats().requests).toBe(before);
  });

  test('update sends only what changed (a merge patch), and nothing at all when nothing changed', async () => {
    const contact = createRecord(ctx.sandbox.store, 'contacts', {
      givenName: 'Kari',
      familyName: 'Vik',
      email: 'kari@vik.example',
    }) as StoredContact;
    const previous = { ...contact };
    // Someone edits the phone in CRMOffice meanwhile: an update of the name must not overwrite it.
    patchRecord(ctx.sandbox.store, 'contacts', String(contact.id), { mobilePhone: '+47 900 00 000' });
    const connector = ctx.connect();
    const updated = await connector.update(
      'contacts',
      String(contact.id),
      { givenName: 'Kari Anne', familyName: 'Vik' },
      { previous },
    );
    expect(updated.data).toMatchObject({ givenName: 'Kari Anne', familyName: 'Vik', mobilePhone: '+47 900 00 000' });
    expect(connector.stats().requests).toBe(1);
    expect((await sandboxRoutes(ctx.sandbox))[`PATCH /contacts/${String(contact.id)}`]).toBe(1);

    const unchanged = await connector.update(
      'contacts',
      String(contact.id),
      { givenName: 'Kari Anne' },
      {
        previous: updated.data,
      },
    );
    expect(unchanged.id).toBe(String(contact.id));
    expect(connector.stats().requests).toBe(1);
    // null clears a field.
    const cleared = await connector.update('contacts', String(contact.id), { mobilePhone: null });
    expect(cleared.data['mobilePhone']).toBeNull();
  });

  test('get answers null for an unknown id; transient faults are TransientErrors', async () => {
    const connector = ctx.connect();
    expect(await connector.get('contacts', 'no-such-id')).toBeNull();
    ctx.sandbox.http.setFaults({ errorRate: 1 });
    await expect(connector.get('contacts', 'no-such-id')).rejects.toBeInstanceOf(TransientError);
    ctx.sandbox.http.setFaults({ errorRate: 0 });
  });
});

describe('CRMOffice guesses switched the other way', () => {
  test('PUT only: a 405 to PATCH switches the connector to read, merge and PUT', async () => {
    const ctx = await startCrmOfficeWithConnector({ patchSupported: false });
    try {
      const contact = createRecord(ctx.sandbox.store, 'contacts', { givenName: 'Per', familyName: 'Eide' });
      patchRecord(ctx.sandbox.store, 'contacts', String(contact.id), { directPhone: '+47 22 22 22 22' });
      // configFromSandbox already reads patchSupported: force PATCH to see the fallback.
      const connector = ctx.connect({ updateMethod: 'patch' });
      const updated = await connector.update('contacts', String(contact.id), { familyName: 'Eide-Hansen' });
      expect(updated.data).toMatchObject({
        familyName: 'Eide-Hansen',
        directPhone: '+47 22 22 22 22',
        givenName: 'Per',
      });
      expect(connector.stats().requests).toBe(3); // PATCH (405), GET, PUT
      await connector.update('contacts', String(contact.id), { givenName: 'Peder' });
      expect(connector.stats().requests).toBe(5); // GET, PUT
    } finally {
      await ctx.close();
    }
  });

  test('integer ids: parents and ids go out as JSON numbers and come back as strings', async () => {
    const ctx = await startCrmOfficeWithConnector({ idStyle: 'integer', paging: 'pageNumber' });
    try {
      const connector = ctx.connect({ pageSize: 2 });
      const company = await connector.create('companies', { name: 'Tall AS' }, { idempotencyKey: 'i1' });
      expect(company.id).toBe('1');
      const contact = await connector.create(
        'contacts',
        { familyName: 'Li' },
        { idempotencyKey: 'i2', parentId: company.id, mayExist: false },
      );
      expect(contact.parentId).toBe('1');
      expect(getRecord(ctx.sandbox.store, 'contacts', contact.id)).toMatchObject({ company: { id: 1 } });
      for (let i = 0; i < 3; i += 1) createRecord(ctx.sandbox.store, 'contacts', { familyName: `P${i}` }, 'integer');
      expect(await connector.findByKey('contacts', { field: 'email', value: 'x@y.no' })).toEqual([]);
      await expect(connector.get('contacts', 'abc')).rejects.toMatchObject({ field: 'id' });
    } finally {
      await ctx.close();
    }
  });
});

describe('CRMOffice 429 handling', () => {
  test('a 429 is a RateLimitedError with the wait the API asked for', async () => {
    const ctx = await startCrmOfficeWithConnector({ rateLimitPerMinute: 2 });
    try {
      const connector = ctx.connect({ rateLimitRetries: 0 });
      expect(await connector.get('contacts', 'a')).toBeNull();
      expect(await connector.get('contacts', 'b')).toBeNull();
      const error = await connector.get('contacts', 'c').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryable).toBe(true);
      expect((error as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(1000);
      expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(60_000);
      expect(connector.stats().rateLimited).toBe(1);
    } finally {
      await ctx.close();
    }
  });
});

describe('CRMOffice configuration and plug-in', () => {
  test('configFromEnv: null when nothing is set; errors name the variables; values parsed', () => {
    expect(crmOfficeConfigFromEnv({})).toBeNull();
    expect(() => crmOfficeConfigFromEnv({ CRMOFFICE_CLIENT_ID: 'abc' })).toThrow(/CRMOFFICE_AUTH_BASE is not set/);
    expect(() => crmOfficeConfigFromEnv({ CRMOFFICE_CLIENT_ID: 'abc' })).toThrow(/CRMOFFICE_CLIENT_SECRET is not set/);
    expect(() =>
      crmOfficeConfigFromEnv({
        CRMOFFICE_CLIENT_ID: 'abc',
        CRMOFFICE_CLIENT_SECRET: 's',
        CRMOFFICE_AUTH_BASE: 'https://auth.example',
        CRMOFFICE_PAGE_SIZE: '5000',
      }),
    ).toThrow(/CRMOFFICE_PAGE_SIZE/);
    const config = crmOfficeConfigFromEnv({
      CRMOFFICE_CLIENT_ID: 'abc',
      CRMOFFICE_CLIENT_SECRET: 's3cret',
      CRMOFFICE_AUTH_BASE: 'https://auth.example',
      CRMOFFICE_REQUESTS_PER_MINUTE: '120',
    });
    expect(config).toMatchObject({
      apiBaseUrl: 'https://api.crmoffice.no/',
      authBaseUrl: 'https://auth.example',
      requestsPerMinute: 120,
      pageSize: 500,
    });
    expect(CRMOFFICE_ENVIRONMENT_VARIABLES).toContain('CRMOFFICE_REFRESH_TOKEN');
  });

  test('the plug-in: names, budget, poll interval, and a description without secrets', () => {
    const plugin = crmOfficeConnectorPlugin;
    expect(plugin).toMatchObject({ system: 'crmoffice', title: 'CRMOffice', defaultPollIntervalMs: 60_000 });
    const config = plugin.parseConfig({
      authBaseUrl: 'https://auth.example',
      clientId: 'linkflow',
      clientSecret: 's3cret',
      refreshToken: 'r3fresh',
    });
    expect(plugin.requestsPerMinute(config)).toBe(300);
    const line = plugin.describe(config);
    expect(line).toContain('https://api.crmoffice.no/');
    expect(line).toContain('https://auth.example/connect/token');
    expect(line).not.toMatch(/s3cret|r3fresh/);
    const connector = plugin.create(config, { stateDir: '/nonexistent/linkflow-state' });
    expect(Object.keys(connector.capabilities())).toEqual(['companies', 'contacts']);
    expect(createCrmOfficeConnector).toBeInstanceOf(Function);
  });
});
