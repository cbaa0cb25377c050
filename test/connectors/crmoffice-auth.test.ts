/** The CRMOffice connector's OAuth against the real sandbox: rotation kept durably, renewal, the loopback flow. */
import fs from 'node:fs';
import { TokenResponse } from '../../generated/crmoffice';
import { authorizeCrmOfficeWithLoopback, RefreshTokenStore } from '../../connectors/crmoffice';
import { AuthError } from '../../connectors/errors';
import { issueRefreshToken, rotateSigningKey, SANDBOX_USER } from '../../sandboxes/crmoffice';
import { startCrmOfficeWithConnector, type CrmOfficeTestContext } from './crmoffice-helpers';

const tokenFileOf = (stateDir: string): string | undefined => {
  if (!fs.existsSync(stateDir)) return undefined;
  const name = fs.readdirSync(stateDir).find((entry) => entry.endsWith('.refresh-token.json'));
  return name === undefined ? undefined : `${stateDir}/${name}`;
};

const storedToken = (file: string): string =>
  (JSON.parse(fs.readFileSync(file, 'utf8')) as { refreshToken: string }).refreshToken;

async function refreshDirectly(
  ctx: CrmOfficeTestContext,
  refreshToken: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(String(ctx.sandbox.settings.tokenUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: ctx.sandbox.credentials.clientId ?? '',
      client_secret: ctx.sandbox.credentials.clientSecret ?? '',
    }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('CRMOffice refresh tokens', () => {
  let ctx: CrmOfficeTestContext;
  beforeEach(async () => {
    ctx = await startCrmOfficeWithConnector();
  });
  afterEach(async () => ctx.close());

  test('a wrong client secret is an AuthError (invalid_client) that names the variable to check', async () => {
    const connector = ctx.connect({ clientSecret: 'not-the-secret' });
    const error = await connector.get('companies', 'x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('invalid_client');
    expect((error as AuthError).message).toContain('CRMOFFICE_CLIENT_SECRET');
  });

  test('the rotated refresh token is kept (0600, atomically) and a new connector instance goes on with it', async () => {
    const stateDir = ctx.newStateDir();
    const first = ctx.connect({}, stateDir);
    expect(await first.get('companies', 'nothing-here')).toBeNull();
    expect(first.stats().tokenRequests).toBe(1);
    const file = tokenFileOf(stateDir);
    expect(file).toBe(first.tokenFile);
    expect(fs.statSync(file ?? '').mode & 0o777).toBe(0o600);
    const rotated = storedToken(file ?? '');
    expect(rotated).not.toBe(ctx.sandbox.credentials.refreshToken);
    expect(fs.readdirSync(stateDir).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'))).toEqual([]);
    // The configured (start-up) token was used once: the server refuses it from now on.
    const old = await refreshDirectly(ctx, ctx.sandbox.credentials.refreshToken ?? '');
    expect(old.status).toBe(400);
    expect(old.body).toMatchObject({ error: 'invalid_grant' });

    // A restarted worker: same configuration (still naming the used token), same state directory.
    const restarted = ctx.connect({}, stateDir);
    expect(await restarted.get('companies', 'nothing-here')).toBeNull();
    expect(storedToken(file ?? '')).not.toBe(rotated);
    // The token the first instance stored is dead now too.
    expect((await refreshDirectly(ctx, rotated)).body).toMatchObject({ error: 'invalid_grant' });
  });

  test('a used refresh token in the configuration (and no state) is an AuthError that says to authorize again', async () => {
    const used = ctx.sandbox.credentials.refreshToken ?? '';
    expect((await refreshDirectly(ctx, used)).status).toBe(200);
    const error = await ctx
      .connect({}, ctx.newStateDir())
      .get('companies', 'x')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('invalid_grant');
    expect((error as AuthError).message).toContain('authorize linkflow again');
  });

  test('a newly configured refresh token takes over from the stored one', async () => {
    const stateDir = ctx.newStateDir();
    await ctx.connect({}, stateDir).get('companies', 'x');
    const replacement = issueRefreshToken(
      ctx.sandbox.store,
      'linkflow-sandbox',
      'crmoffice offline_access',
      SANDBOX_USER.id,
    );
    const connector = ctx.connect({ refreshToken: replacement }, stateDir);
    expect(await connector.get('companies', 'x')).toBeNull();
    expect((await refreshDirectly(ctx, replacement)).body).toMatchObject({ error: 'invalid_grant' });
  });

  test('no refresh token at all is an AuthError naming the two ways to get one', async () => {
    const error = await ctx
      .connect({ refreshToken: undefined }, ctx.newStateDir())
      .get('companies', 'x')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain('CRMOFFICE_REFRESH_TOKEN');
  });

  test('instances sharing a state directory renew one after another, never with a token already used', async () => {
    const stateDir = ctx.newStateDir();
    const connectors = Array.from({ length: 4 }, () => ctx.connect({}, stateDir));
    await Promise.all(connectors.map((connector) => connector.get('companies', 'x')));
    expect(connectors.map((connector) => connector.stats().tokenRequests)).toEqual([1, 1, 1, 1]);
    const store = new RefreshTokenStore(connectors[0]?.tokenFile ?? '');
    expect((await refreshDirectly(ctx, store.read()?.refreshToken ?? '')).status).toBe(200);
  });
});

describe('CRMOffice access tokens', () => {
  let ctx: CrmOfficeTestContext;
  beforeAll(async () => {
    ctx = await startCrmOfficeWithConnector({ accessTokenTtlSeconds: 2 });
  });
  afterAll(async () => ctx.close());

  test('an access token is renewed before it expires, and once after a 401', async () => {
    const connector = ctx.connect();
    expect(await connector.get('companies', 'x')).toBeNull();
    expect(connector.stats()).toMatchObject({ requests: 1, tokenRequests: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await connector.get('companies', 'x')).toBeNull();
    expect(connector.stats()).toMatchObject({ requests: 2, tokenRequests: 2 });

    // A key rollover on the server: the cached token answers 401; the connector renews once and retries.
    rotateSigningKey(ctx.sandbox.store);
    expect(await connector.get('companies', 'x')).toBeNull();
    expect(connector.stats()).toMatchObject({ requests: 4, tokenRequests: 3 });
  });
});

describe('CRMOffice one-time authorization with a loopback redirect', () => {
  let ctx: CrmOfficeTestContext;
  beforeAll(async () => {
    ctx = await startCrmOfficeWithConnector();
  });
  afterAll(async () => ctx.close());

  test('state and PKCE in the authorize URL; a forged callback is refused; the refresh token is stored', async () => {
    const stateDir = ctx.newStateDir();
    const { refreshToken: _unused, ...withoutToken } = ctx.config;
    let shown: URL | undefined;
    const result = await authorizeCrmOfficeWithLoopback(
      withoutToken,
      { stateDir },
      {
        openAuthorizeUrl: async (url) => {
          shown = new URL(url);
          const redirect = new URL(shown.searchParams.get('redirect_uri') ?? '');
          // Someone else's callback (no or another state) is refused and does not end the wait.
          const forged = await fetch(`${redirect.toString()}?code=stolen&state=guess`);
          expect(forged.status).toBe(400);
          // The person's browser: the sandbox approves its test user and redirects to the loopback server.
          const browser = await fetch(url);
          expect(browser.status).toBe(200);
          expect(await browser.text()).toContain('linkflow is authorized');
        },
      },
    );
    expect(shown?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(shown?.searchParams.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(shown?.searchParams.get('scope')).toBe('crmoffice offline_access');
    expect(result.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(fs.statSync(result.tokenFile).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(result)).not.toContain(storedToken(result.tokenFile));

    // A worker with no configured token uses the stored one.
    const connector = ctx.connect({ refreshToken: undefined }, stateDir);
    expect(await connector.get('contacts', 'x')).toBeNull();
    expect(connector.tokenFile).toBe(result.tokenFile);
  });

  test('a refusal at the authorize step is an AuthError with the OAuth error', async () => {
    const error = await authorizeCrmOfficeWithLoopback(
      { ...ctx.config, scopes: 'crmoffice everything' },
      { stateDir: ctx.newStateDir() },
      { openAuthorizeUrl: async (url) => void (await fetch(url)) },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('invalid_scope');
  });

  test('nobody answering ends the wait with a timeout AuthError', async () => {
    const error = await authorizeCrmOfficeWithLoopback(
      ctx.config,
      { stateDir: ctx.newStateDir() },
      { openAuthorizeUrl: () => undefined, timeoutMs: 100 },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('timeout');
  });

  test('the token endpoint answers as RFC 6749 says (the schema both sides share)', async () => {
    const answer = await refreshDirectly(ctx, ctx.sandbox.credentials.refreshToken ?? '');
    expect(TokenResponse.safeParse(answer.body).success).toBe(true);
  });
});
