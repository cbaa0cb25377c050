/**
 * The one-time authorization of linkflow against CRMOffice (OAuth 2 authorization code with PKCE and a
 * loopback redirect, RFC 8252): a person signs in to CRMOffice in a browser and approves linkflow; linkflow
 * exchanges the code for the first refresh token and keeps it where the worker reads it (token-store.ts).
 *
 * 1. A one-shot HTTP server listens on 127.0.0.1 (a free port unless one is given) for `/callback`.
 * 2. The authorize URL carries `state` (against forged callbacks) and an S256 PKCE challenge (against a
 *    stolen code), with `redirect_uri=http://127.0.0.1:<port>/callback`; the caller shows or opens it.
 * 3. The callback with the right `state` ends the wait; one with another `state` is refused and ignored.
 * 4. The code is exchanged at the token URL with the PKCE verifier; the refresh token goes to the state file.
 *
 * GUESS: CRMOffice may accept only redirect URIs registered for the integration; register
 * `http://127.0.0.1:<port>/callback` and pass that port then.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorContext } from '../plugin';
import { AuthError } from '../errors';
import { requestToken } from './auth';
import { authorizeUrlOf, crmOfficeConfigSchema, tokenUrlOf, type CrmOfficeConfigInput } from './config';
import { CRMOFFICE_SYSTEM } from './errors';
import { RefreshTokenStore, tokenFingerprint } from './token-store';

export interface LoopbackAuthorizationOptions {
  /** Shows the authorize URL to the person (prints it, opens a browser). Awaited before the wait begins. */
  openAuthorizeUrl: (url: string) => void | Promise<void>;
  /** The loopback port; 0 (default) takes a free one. */
  port?: number;
  /** How long to wait for the person, ms (default 5 minutes). */
  timeoutMs?: number;
}

export interface LoopbackAuthorizationResult {
  /** Where the refresh token is kept (the token itself is never returned or printed). */
  tokenFile: string;
  /** The scopes granted. */
  scope: string;
  redirectUri: string;
}

const CALLBACK_PATH = '/callback';

const page = (title: string, text: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><p>${text}</p>`;

/** Waits for the callback carrying `state`; resolves with the code, rejects on an OAuth error or a timeout. */
function awaitCallback(server: http.Server, state: string, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new AuthError(`CRMOffice authorization timed out after ${Math.round(timeoutMs / 1000)} s without a callback`, {
          system: CRMOFFICE_SYSTEM,
          code: 'timeout',
        }),
      );
    }, timeoutMs);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const answer = (status: number, body: string): void => {
        response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
        response.end(body);
      };
      if (url.pathname !== CALLBACK_PATH)
        return answer(404, page('Not found', 'This is linkflow’s CRMOffice callback.'));
      // A callback without our state was not started by this authorization: refuse it and keep waiting.
      if (url.searchParams.get('state') !== state) {
        return answer(400, page('Refused', 'The callback does not belong to this authorization.'));
      }
      clearTimeout(timer);
      const error = url.searchParams.get('error');
      if (error !== null) {
        answer(400, page('Not authorized', 'CRMOffice did not authorize linkflow. You may close this window.'));
        const description = url.searchParams.get('error_description');
        return reject(
          new AuthError(`CRMOffice refused the authorization: ${error}${description ? `: ${description}` : ''}`, {
            system: CRMOFFICE_SYSTEM,
            code: error,
          }),
        );
      }
      const code = url.searchParams.get('code');
      if (code === null || code === '') {
        answer(400, page('Not authorized', 'The callback carries no code.'));
        return reject(new AuthError('CRMOffice callback carries no code', { system: CRMOFFICE_SYSTEM }));
      }
      answer(
        200,
        page('linkflow is authorized', 'linkflow may now read and write CRMOffice. You may close this window.'),
      );
      resolve(code);
    });
  });
}

export async function authorizeCrmOfficeWithLoopback(
  configInput: CrmOfficeConfigInput,
  context: ConnectorContext,
  options: LoopbackAuthorizationOptions,
): Promise<LoopbackAuthorizationResult> {
  const config = crmOfficeConfigSchema.parse(configInput);
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  try {
    const { port } = server.address() as AddressInfo;
    const redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
    const state = randomBytes(24).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorizeUrl = new URL(authorizeUrlOf(config));
    for (const [key, value] of Object.entries({
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: redirectUri,
      scope: config.scopes,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })) {
      authorizeUrl.searchParams.set(key, value);
    }
    const callback = awaitCallback(server, state, options.timeoutMs ?? 5 * 60_000);
    // Settled here too, so that a failing opener does not leave the callback's rejection unhandled.
    callback.catch(() => undefined);
    await options.openAuthorizeUrl(authorizeUrl.toString());
    const code = await callback;
    const answer = await requestToken(
      config,
      { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier },
      'authorization-code grant',
    );
    if (answer.refresh_token === undefined) {
      throw new AuthError(
        'CRMOffice granted no refresh token: the scope offline_access is needed for unattended sync',
        {
          system: CRMOFFICE_SYSTEM,
          code: 'no_refresh_token',
        },
      );
    }
    const store = RefreshTokenStore.forIntegration(context.stateDir, tokenUrlOf(config), config.clientId);
    // The new token supersedes the configured one, if any: the worker then keeps using the file.
    const supersedes = config.refreshToken === undefined ? null : tokenFingerprint(config.refreshToken);
    const refreshToken = answer.refresh_token;
    await store.withLock(async () => store.write(refreshToken, supersedes));
    return { tokenFile: store.file, scope: answer.scope ?? config.scopes, redirectUri };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
