/**
 * The sandbox's OAuth 2 server, as far as the public material shows CRMOffice's: the authorization-code grant
 * at `/connect/authorize` and `/connect/token`, scopes `crmoffice offline_access`, bearer JWTs that live about
 * an hour, and refresh tokens for `offline_access`.
 *
 * GUESSES, each a choice of this sandbox (README.md):
 * - refresh tokens are one-time: a refresh answers a new refresh token and the used one is refused from then
 *   on (`invalid_grant`), as IdentityServer's `OneTimeOnly` usage does;
 * - client authentication by HTTP Basic or by `client_id`/`client_secret` form fields; a wrong secret is
 *   400 `invalid_client` (IdentityServer's answer);
 * - PKCE (S256 or plain) is accepted and checked when the client sends a challenge, not required;
 * - any loopback redirect URI (127.0.0.1, [::1] or localhost, any port) is accepted, as RFC 8252 asks of
 *   servers for native clients; the real server may insist on a registered one;
 * - the authorize page signs the sandbox's test user in and approves at once (no login or consent page);
 * - no `client_credentials` grant.
 *
 * State lives in the store's key-value table, so tokens survive a sandbox restart and a reset revokes them.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CRMOFFICE_SCOPES } from '../../generated/crmoffice';
import type { SandboxStore } from '../common/store';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface OAuthServerSettings {
  client: OAuthClient;
  /** `iss` of the tokens: the auth base URL. */
  issuer: string;
  accessTokenTtlSeconds: number;
  authorizationCodeTtlSeconds: number;
  user: { id: string; userName: string };
}

export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  client_id: string;
  scope: string;
  iat: number;
  exp: number;
  jti: string;
}

interface StoredCode {
  clientId: string;
  redirectUri: string;
  scope: string;
  userId: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

interface StoredRefreshToken {
  clientId: string;
  scope: string;
  userId: string;
  /** Set once the token was exchanged: from then on it is refused. */
  usedAt?: number;
}

export type TokenAnswer = { status: number; body: Record<string, unknown> };

export type AuthorizeAnswer =
  | { kind: 'redirect'; location: string }
  /** An error the client cannot be redirected with (unknown client or redirect URI): shown to the user. */
  | { kind: 'page'; status: number; message: string };

const SIGNING_KEY = 'oauth/signing-key';
const AUDIENCE = 'crmoffice';
/** Used refresh tokens are remembered this long, to tell "already used" from "never issued". */
const USED_REFRESH_TOKEN_MEMORY_MS = 30 * 86_400_000;

const digest = (value: string): string => createHash('sha256').update(value, 'utf8').digest('base64url');
const codeKey = (code: string): string => `oauth/code/${digest(code)}`;
const refreshKey = (token: string): string => `oauth/refresh/${digest(token)}`;
const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

function signingKey(store: SandboxStore): Buffer {
  let key = store.getValue<string>(SIGNING_KEY);
  if (key === undefined) {
    key = randomBytes(32).toString('base64');
    store.setValue(SIGNING_KEY, key);
  }
  return Buffer.from(key, 'base64');
}

/** A new signing key: every access token issued so far stops working (a key rollover, for tests). */
export function rotateSigningKey(store: SandboxStore): void {
  store.setValue(SIGNING_KEY, randomBytes(32).toString('base64'));
}

function signJwt(store: SandboxStore, claims: AccessTokenClaims): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'at+jwt' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', signingKey(store)).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The token's claims, or why it is refused (for the `WWW-Authenticate` header). */
export function verifyAccessToken(
  store: SandboxStore,
  token: string,
  issuer: string,
  now = Date.now(),
): { ok: true; claims: AccessTokenClaims } | { ok: false; reason: string } {
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || !signature) return { ok: false, reason: 'The token is malformed' };
  const expected = createHmac('sha256', signingKey(store)).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'The signature key was not found' };
  }
  let claims: AccessTokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessTokenClaims;
  } catch {
    return { ok: false, reason: 'The token is malformed' };
  }
  if (claims.iss !== issuer || claims.aud !== AUDIENCE) return { ok: false, reason: 'The issuer is invalid' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) {
    return { ok: false, reason: `The token expired at '${new Date((claims.exp ?? 0) * 1000).toISOString()}'` };
  }
  return { ok: true, claims };
}

function issueAccessToken(
  store: SandboxStore,
  settings: OAuthServerSettings,
  clientId: string,
  scope: string,
  userId: string,
) {
  const iat = Math.floor(Date.now() / 1000);
  const claims: AccessTokenClaims = {
    iss: settings.issuer,
    aud: AUDIENCE,
    sub: userId,
    client_id: clientId,
    scope,
    iat,
    exp: iat + settings.accessTokenTtlSeconds,
    jti: randomBytes(16).toString('hex'),
  };
  return signJwt(store, claims);
}

/** A refresh token for the user, as the one-time authorization would hand out (also used at start-up). */
export function issueRefreshToken(store: SandboxStore, clientId: string, scope: string, userId: string): string {
  const token = randomBytes(32).toString('base64url');
  grantRefreshToken(store, token, { clientId, scope, userId });
  return token;
}

/** Makes `token` a good, unused refresh token for the grant (again, after a reset revoked every token). */
export function grantRefreshToken(
  store: SandboxStore,
  token: string,
  grant: { clientId: string; scope: string; userId: string },
): void {
  store.setValue<StoredRefreshToken>(refreshKey(token), { ...grant });
}

function tokenResponse(store: SandboxStore, settings: OAuthServerSettings, grant: Omit<StoredRefreshToken, 'usedAt'>) {
  const scopes = grant.scope.split(' ');
  const body: Record<string, unknown> = {
    access_token: issueAccessToken(store, settings, grant.clientId, grant.scope, grant.userId),
    token_type: 'Bearer',
    expires_in: settings.accessTokenTtlSeconds,
    scope: grant.scope,
  };
  if (scopes.includes('offline_access')) {
    body.refresh_token = issueRefreshToken(store, grant.clientId, grant.scope, grant.userId);
  }
  return { status: 200, body };
}

const oauthError = (error: string, description: string, status = 400): TokenAnswer => ({
  status,
  body: { error, error_description: description },
});

/** The requested scopes if all are known (none asked = all), else undefined. */
function grantedScope(requested: string | null): string | undefined {
  const asked = (requested ?? '').split(' ').filter((scope) => scope !== '');
  if (asked.length === 0) return CRMOFFICE_SCOPES.join(' ');
  if (!asked.every((scope) => (CRMOFFICE_SCOPES as readonly string[]).includes(scope))) return undefined;
  return [...new Set(asked)].join(' ');
}

/** RFC 8252 §7.3: a loopback redirect on any port. */
export function isLoopbackRedirect(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname) && url.hash === '';
}

/** `GET /connect/authorize`: signs the test user in, approves, and redirects with a code. */
export function authorize(store: SandboxStore, settings: OAuthServerSettings, query: URLSearchParams): AuthorizeAnswer {
  const clientId = query.get('client_id');
  const redirectUri = query.get('redirect_uri');
  if (clientId !== settings.client.clientId) return { kind: 'page', status: 400, message: 'Unknown client.' };
  if (!redirectUri || !isLoopbackRedirect(redirectUri)) {
    return { kind: 'page', status: 400, message: 'Invalid redirect_uri: only loopback redirects are accepted.' };
  }
  const state = query.get('state');
  const redirect = (params: Record<string, string>): AuthorizeAnswer => {
    const location = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) location.searchParams.set(key, value);
    if (state !== null) location.searchParams.set('state', state);
    return { kind: 'redirect', location: location.toString() };
  };
  if (query.get('response_type') !== 'code') {
    return redirect({ error: 'unsupported_response_type', error_description: 'Only response_type=code is supported.' });
  }
  const scope = grantedScope(query.get('scope'));
  if (scope === undefined) return redirect({ error: 'invalid_scope', error_description: 'Unknown scope requested.' });
  const challenge = query.get('code_challenge');
  const method = query.get('code_challenge_method') ?? (challenge ? 'plain' : null);
  if (challenge !== null && method !== 'S256' && method !== 'plain') {
    return redirect({ error: 'invalid_request', error_description: 'code_challenge_method must be S256 or plain.' });
  }
  const code = randomBytes(32).toString('base64url');
  const stored: StoredCode = {
    clientId,
    redirectUri,
    scope,
    userId: settings.user.id,
    ...(challenge !== null && (method === 'S256' || method === 'plain')
      ? { codeChallenge: challenge, codeChallengeMethod: method }
      : {}),
  };
  store.setValue(codeKey(code), stored, settings.authorizationCodeTtlSeconds * 1000);
  return redirect({ code, scope });
}

function basicCredentials(header: string | undefined): OAuthClient | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-url-encoded before Basic encoding.
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
    clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(digest(given));
  const b = Buffer.from(digest(expected));
  return timingSafeEqual(a, b);
}

/** `POST /connect/token`. */
export function token(
  store: SandboxStore,
  settings: OAuthServerSettings,
  authorization: string | undefined,
  form: URLSearchParams,
): TokenAnswer {
  const client = basicCredentials(authorization) ?? {
    clientId: form.get('client_id') ?? '',
    clientSecret: form.get('client_secret') ?? '',
  };
  if (client.clientId !== settings.client.clientId || !sameSecret(client.clientSecret, settings.client.clientSecret)) {
    return oauthError('invalid_client', 'Invalid client credentials.');
  }
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') {
    const code = form.get('code') ?? '';
    const stored = store.getValue<StoredCode>(codeKey(code));
    // One use only, whatever the outcome.
    if (stored) store.setValue(codeKey(code), null, 1);
    if (!stored || stored.clientId !== client.clientId)
      return oauthError('invalid_grant', 'Invalid authorization code.');
    if (form.get('redirect_uri') !== stored.redirectUri)
      return oauthError('invalid_grant', 'redirect_uri does not match.');
    const verifier = form.get('code_verifier');
    if (stored.codeChallenge !== undefined) {
      if (!verifier) return oauthError('invalid_grant', 'code_verifier is missing.');
      const computed =
        stored.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
      if (computed !== stored.codeChallenge)
        return oauthError('invalid_grant', 'Transformed code_verifier does not match code_challenge.');
    } else if (verifier) {
      return oauthError('invalid_grant', 'code_verifier sent without a code_challenge.');
    }
    return tokenResponse(store, settings, { clientId: stored.clientId, scope: stored.scope, userId: stored.userId });
  }
  if (grantType === 'refresh_token') {
    const refreshToken = form.get('refresh_token') ?? '';
    const key = refreshKey(refreshToken);
    const stored = store.getValue<StoredRefreshToken>(key);
    if (!stored || stored.clientId !== client.clientId) return oauthError('invalid_grant', 'Invalid refresh token.');
    if (stored.usedAt !== undefined) return oauthError('invalid_grant', 'The refresh token was already used.');
    let scope = stored.scope;
    if (form.get('scope')) {
      const narrowed = grantedScope(form.get('scope'));
      if (narrowed === undefined || !narrowed.split(' ').every((part) => stored.scope.split(' ').includes(part))) {
        return oauthError('invalid_scope', 'The requested scope exceeds the granted scope.');
      }
      scope = narrowed;
    }
    store.setValue<StoredRefreshToken>(key, { ...stored, usedAt: Date.now() }, USED_REFRESH_TOKEN_MEMORY_MS);
    return tokenResponse(store, settings, { clientId: stored.clientId, scope, userId: stored.userId });
  }
  if (!grantType) return oauthError('invalid_request', 'grant_type is missing.');
  return oauthError('unsupported_grant_type', `The grant type '${grantType}' is not supported.`);
}
