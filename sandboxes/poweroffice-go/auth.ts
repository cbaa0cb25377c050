/**
 * PowerOffice GO v2 authentication: the APIM subscription key on every call (header `Ocp-Apim-Subscription-Key`
 * or query `subscription-key`), an OAuth 2.0 client-credentials token (Basic applicationKey:clientKey) from
 * /OAuth/Token, and `Authorization: Bearer` on API calls. Tokens live in the store, so they survive a restart.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxStore } from '../common/store';

export interface PowerOfficeCredentials {
  applicationKey: string;
  clientKey: string;
  subscriptionKey: string;
}

export const DEMO_CREDENTIALS: PowerOfficeCredentials = {
  applicationKey: 'a1b2c3d4-0000-4000-8000-linkflowdemo',
  clientKey: 'c1d2e3f4-0000-4000-8000-linkflowdemo',
  subscriptionKey: '5ub5cr1pt10nk3y0000linkflowdemo',
};

/** APIM's 401 bodies. */
export const MISSING_SUBSCRIPTION_KEY =
  'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.';
export const INVALID_SUBSCRIPTION_KEY =
  'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.';

export type TokenResult =
  | { ok: true; body: { access_token: string; token_type: 'bearer'; expires_in: number } }
  | { ok: false; body: { error: string; error_description: string } };

function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function issueToken(
  store: SandboxStore,
  credentials: PowerOfficeCredentials,
  authorization: string | undefined,
  form: URLSearchParams,
  ttlSeconds: number,
): TokenResult {
  const grantType = form.get('grant_type');
  if (!grantType)
    return {
      ok: false,
      body: { error: 'invalid_request', error_description: 'The mandatory grant_type parameter is missing.' },
    };
  if (grantType !== 'client_credentials') {
    return {
      ok: false,
      body: {
        error: 'unsupported_grant_type',
        error_description: `The grant type '${grantType}' is not supported; use client_credentials.`,
      },
    };
  }
  const basic = basicCredentials(authorization);
  if (!basic || basic.user !== credentials.applicationKey || basic.password !== credentials.clientKey) {
    return {
      ok: false,
      body: {
        error: 'invalid_client',
        error_description:
          'Client integration not found. Please ensure the provided keys are matching the desired environment.',
      },
    };
  }
  const token = randomBytes(32).toString('base64url');
  store.setValue(`token/${token}`, { applicationKey: basic.user }, ttlSeconds * 1000);
  return { ok: true, body: { access_token: token, token_type: 'bearer', expires_in: ttlSeconds } };
}

/** Null when the bearer token is valid, otherwise the reason for the WWW-Authenticate header. */
export function checkBearer(store: SandboxStore, authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return 'Bearer';
  if (store.getValue(`token/${match[1]}`) === undefined)
    return 'Bearer error="invalid_token", error_description="The token is invalid or has expired"';
  return null;
}
