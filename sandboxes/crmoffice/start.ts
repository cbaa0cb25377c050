/**
 * Starts the CRMOffice sandbox on loopback: the API at `http://127.0.0.1:<port>/` (resources directly under
 * the root, as the real `https://api.crmoffice.no/`) and the OAuth server at `<root><authPathPrefix>` (the real
 * one is on its own host). State in SQLite.
 *
 * At every start the sandbox issues a refresh token for its test user to its client and reports it in
 * `credentials.refreshToken`: the sandbox's stand-in for the one-time authorization a person does against the
 * real service, so that a worker can run unattended at once. The authorize page works too (it approves the
 * test user without asking).
 */
import type { AddressInfo } from 'node:net';
import { CRMOFFICE_SCOPES } from '../../generated/crmoffice';
import { faultConfigSchema } from '../common/faults';
import { createSandboxHttp, type RunningSandbox } from '../common/http';
import { WindowRateLimiter } from '../common/rate-limiter';
import { SandboxStore } from '../common/store';
import { grantRefreshToken, issueRefreshToken, type OAuthServerSettings } from './oauth';
import { crmOfficeSandboxOptionsSchema, SANDBOX_USER, type CrmOfficeSandboxOptions } from './options';
import { CrmOfficeProblem } from './problems';
import { registerCrmOfficeRoutes, sendProblem } from './routes';

const RATE_WINDOW_MS = 60_000;

export async function startCrmOfficeSandbox(options: CrmOfficeSandboxOptions): Promise<RunningSandbox> {
  const config = crmOfficeSandboxOptionsSchema.parse(options);
  const faults = faultConfigSchema.parse(config.faults);
  const store = new SandboxStore(config.dataFile);
  // A changed limit or a reset starts a fresh window, so a test that lowers the limit counts from zero.
  let limiter = new WindowRateLimiter(faults.rateLimit ?? config.rateLimitPerMinute, RATE_WINDOW_MS);
  // Filled in once the token is issued (after listen); read by a reset.
  const issuedAtStart: { token?: string; grant?: { clientId: string; scope: string; userId: string } } = {};
  const http = createSandboxHttp({
    name: 'crmoffice',
    store,
    faults,
    renderInjectedError: (reply) =>
      sendProblem(reply, new CrmOfficeProblem(500, 'An error occurred while processing your request.'), ''),
    onFaultsChanged: (changed) => {
      limiter = new WindowRateLimiter(changed.rateLimit ?? config.rateLimitPerMinute, RATE_WINDOW_MS);
    },
    onReset: () => {
      limiter = new WindowRateLimiter(limiter.limit, RATE_WINDOW_MS);
      // The refresh token this start handed out stays good: a client configured from it (the demo resets the
      // sandboxes after starting them) must still be able to sign in, as after a person's authorization.
      if (issuedAtStart.token !== undefined && issuedAtStart.grant !== undefined)
        grantRefreshToken(store, issuedAtStart.token, issuedAtStart.grant);
    },
  });

  // The issuer needs the port, known only after listen; the routes read the settings object per request.
  const oauth: OAuthServerSettings = {
    client: config.client,
    issuer: '',
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    authorizationCodeTtlSeconds: config.authorizationCodeTtlSeconds,
    user: { ...SANDBOX_USER },
  };
  registerCrmOfficeRoutes(http.app, { store, config, oauth, limiter: () => limiter });
  try {
    await http.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    store.close();
    throw error;
  }
  const { port } = http.app.server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;
  const authBaseUrl = `${root}${config.authPathPrefix}`;
  oauth.issuer = authBaseUrl;
  const scope = CRMOFFICE_SCOPES.join(' ');
  const refreshToken = issueRefreshToken(store, config.client.clientId, scope, SANDBOX_USER.id);
  issuedAtStart.token = refreshToken;
  issuedAtStart.grant = { clientId: config.client.clientId, scope, userId: SANDBOX_USER.id };
  const limit = faults.rateLimit ?? config.rateLimitPerMinute;
  return {
    name: 'crmoffice',
    baseUrl: `${root}/`,
    credentials: {
      clientId: config.client.clientId,
      clientSecret: config.client.clientSecret,
      refreshToken,
    },
    settings: {
      authBaseUrl,
      authorizeUrl: `${authBaseUrl}/connect/authorize`,
      tokenUrl: `${authBaseUrl}/connect/token`,
      scopes: scope,
      testUser: SANDBOX_USER.userName,
      rateLimitPerMinute: limit,
      rateLimit: `${limit} requests/minute per user (a guess: CRMOffice publishes no limit)`,
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      paging: config.paging,
      maxPageSize: config.maxPageSize,
      idStyle: config.idStyle,
      patchSupported: config.patchSupported,
      dataFile: config.dataFile,
    },
    store,
    http,
    close: async () => {
      await http.app.close();
      store.close();
    },
  };
}
