/**
 * The identity server (IdentityServer-style OpenID Connect) of a server application: client credentials with a
 * certificate. The client signs a JWT "client assertion" with its certificate's private key (RS256; `iss` = `sub`
 * = client id, `aud` = the token endpoint's URL, `jti`, `iat`/`nbf`, `exp` about a minute ahead) and posts it to
 * `/connect/token` with `grant_type=client_credentials`. The sandbox checks the signature against the
 * registered certificate and every claim, refuses a reused `jti`, and issues an opaque bearer token with an
 * expiry. Tokens live in the store, so they survive a restart (and a reset forgets them).
 *
 * Refusals take IdentityServer's shape: 400 `{"error": "invalid_client"}`. The real server usually says no
 * more than that (it does not tell a caller why its client authentication failed); the sandbox adds an
 * `error_description` with the reason, because a developer debugging against a sandbox needs it.
 */
import { randomBytes, verify, type X509Certificate } from 'node:crypto';
import { CLIENT_ASSERTION_TYPE, DEFAULT_SCOPE } from '../../generated/unieconomy';
import type { SandboxStore } from '../common/store';
import { thumbprintOf } from './certificate';

export interface RegisteredClient {
  clientId: string;
  certificate: X509Certificate;
}

export interface IdentitySettings {
  client: RegisteredClient;
  /** The token endpoint's own URL: the only audience an assertion may name. */
  tokenUrl: () => string;
  tokenTtlSeconds: number;
  /** IdentityServer tolerates this much clock difference on `exp` and `nbf` (its default is five minutes). */
  clockSkewSeconds: number;
}

/** Scopes a client-credentials client may ask for (GUESS: the samples use both). */
const KNOWN_SCOPES = new Set([DEFAULT_SCOPE, 'AppFramework.All']);

export type TokenAnswer =
  | { status: 200; body: { access_token: string; expires_in: number; token_type: 'Bearer'; scope: string } }
  | { status: 400; body: { error: string; error_description: string } };

const refuse = (error: string, description: string): TokenAnswer => ({
  status: 400,
  body: { error, error_description: description },
});

interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signedPart: string;
  signature: Buffer;
}

function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart = '', claimsPart = '', signaturePart = ''] = parts;
  try {
    const header: unknown = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
    const claims: unknown = JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(claims)) return undefined;
    return {
      header,
      claims,
      signedPart: `${headerPart}.${claimsPart}`,
      signature: Buffer.from(signaturePart, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why the assertion fails, or null when it is good. */
function assertionProblem(
  jwt: DecodedJwt,
  settings: IdentitySettings,
  clientId: string | null,
  nowSeconds: number,
): string | null {
  const { header, claims } = jwt;
  const { client } = settings;
  if (header['alg'] !== 'RS256') return `the assertion must be signed with RS256, not ${String(header['alg'])}`;
  // x5t and x5c are optional (a client library sends x5c); when present they must name the registered certificate.
  if (header['x5t'] !== undefined && header['x5t'] !== thumbprintOf(client.certificate))
    return 'the x5t header does not name the certificate registered for this client';
  const chain = header['x5c'];
  if (chain !== undefined && (!Array.isArray(chain) || chain[0] !== client.certificate.raw.toString('base64')))
    return 'the x5c header does not carry the certificate registered for this client';
  if (!verify('RSA-SHA256', Buffer.from(jwt.signedPart), client.certificate.publicKey, jwt.signature))
    return 'the assertion signature does not verify against the certificate registered for this client';
  if (claims['iss'] !== client.clientId || claims['sub'] !== client.clientId)
    return 'iss and sub must both be the client id';
  if (clientId !== null && clientId !== client.clientId) return 'client_id does not match the assertion';
  const audience = claims['aud'];
  const tokenUrl = settings.tokenUrl();
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (!audiences.includes(tokenUrl)) return `the audience must be the token endpoint ${tokenUrl}`;
  const exp = claims['exp'];
  if (typeof exp !== 'number') return 'the assertion has no exp';
  if (exp + settings.clockSkewSeconds < nowSeconds) return 'the assertion has expired';
  const nbf = claims['nbf'];
  if (typeof nbf === 'number' && nbf - settings.clockSkewSeconds > nowSeconds) return 'the assertion is not valid yet';
  if (typeof claims['jti'] !== 'string' || claims['jti'] === '') return 'the assertion has no jti';
  return null;
}

/** Handles `POST /connect/token` (form-encoded). */
export function issueToken(
  store: SandboxStore,
  settings: IdentitySettings,
  form: URLSearchParams,
  now = Date.now(),
): TokenAnswer {
  const grantType = form.get('grant_type');
  if (!grantType) return refuse('invalid_request', 'grant_type is missing');
  if (grantType !== 'client_credentials')
    return refuse('unsupported_grant_type', `this client may only use client_credentials, not ${grantType}`);
  if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE)
    return refuse('invalid_client', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
  const jwt = decodeJwt(form.get('client_assertion') ?? '');
  if (!jwt) return refuse('invalid_client', 'client_assertion is not a JWT');
  const nowSeconds = Math.floor(now / 1000);
  const problem = assertionProblem(jwt, settings, form.get('client_id'), nowSeconds);
  if (problem) return refuse('invalid_client', problem);
  // A replayed assertion is refused for as long as it could still pass the expiry check.
  const replayKey = `identity/jti/${settings.client.clientId}/${String(jwt.claims['jti'])}`;
  if (store.getValue<boolean>(replayKey, now) !== undefined)
    return refuse('invalid_client', 'the assertion (jti) was used before');
  const exp = Number(jwt.claims['exp']);
  store.setValue(replayKey, true, Math.max(1, exp + settings.clockSkewSeconds - nowSeconds) * 1000, now);

  const requested = (form.get('scope') ?? DEFAULT_SCOPE).split(/\s+/).filter((scope) => scope !== '');
  const unknown = requested.filter((scope) => !KNOWN_SCOPES.has(scope));
  if (unknown.length > 0) return refuse('invalid_scope', `unknown scope ${unknown.join(' ')}`);
  const token = randomBytes(32).toString('base64url');
  store.setValue(
    `identity/token/${token}`,
    { clientId: settings.client.clientId },
    settings.tokenTtlSeconds * 1000,
    now,
  );
  return {
    status: 200,
    body: {
      access_token: token,
      expires_in: settings.tokenTtlSeconds,
      token_type: 'Bearer',
      scope: requested.join(' '),
    },
  };
}

/** The client id a valid bearer token was issued to, or null. */
export function bearerClient(store: SandboxStore, authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return null;
  return store.getValue<{ clientId: string }>(`identity/token/${match[1]}`)?.clientId ?? null;
}

/** `/.well-known/openid-configuration`: how a client finds the token endpoint. */
export function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    token_endpoint: `${issuer}/connect/token`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    scopes_supported: [...KNOWN_SCOPES],
  };
}
