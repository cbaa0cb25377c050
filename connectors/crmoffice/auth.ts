/**
 * CRMOffice access tokens: the refresh-token grant against the token URL, with the rotating refresh token
 * kept in the state directory (token-store.ts).
 *
 * - The access token (a JWT, about an hour) is cached and renewed a little before `expires_in` runs out;
 *   concurrent callers share one renewal. A 401 from the API drops it, and the transport renews once.
 * - Every renewal reads the newest refresh token from the file under the file's lock, sends it, and stores the
 *   new refresh token the answer carries before anything else happens: the used one is dead from then on.
 * - GUESS: the token endpoint takes a standard form POST with the client authenticated by HTTP Basic (or by
 *   form fields, `clientAuthentication: 'post'`) and answers as RFC 6749 §5.1.
 *
 * A refresh answer lost in transit (the server rotated, the client never saw the new token) loses the grant:
 * the next renewal gets `invalid_grant`, an AuthError that says to authorize linkflow again.
 */
import { TokenResponse } from '../../generated/crmoffice';
import { fetchWithTimeout } from '../common/fetch-with-timeout';
import { AuthError, ConnectorError } from '../errors';
import { tokenUrlOf, type CrmOfficeConfig } from './config';
import { CRMOFFICE_SYSTEM, tokenErrorFromResponse } from './errors';
import { tokenFingerprint, type RefreshTokenStore } from './token-store';

export interface AuthStats {
  tokenRequests: number;
}

interface CachedAccessToken {
  value: string;
  renewAt: number;
}

/** Posts one grant to the token URL and returns the parsed answer; OAuth errors become AuthErrors. */
export async function requestToken(
  config: CrmOfficeConfig,
  grant: Record<string, string>,
  what: string,
): Promise<TokenResponse> {
  const form = new URLSearchParams(grant);
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
    Accept: 'application/json',
    'User-Agent': config.userAgent,
  };
  if (config.clientAuthentication === 'basic') {
    // RFC 6749 §2.3.1: each part form-url-encoded before the Basic encoding.
    const user = encodeURIComponent(config.clientId);
    const password = encodeURIComponent(config.clientSecret);
    headers['Authorization'] = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  } else {
    form.set('client_id', config.clientId);
    form.set('client_secret', config.clientSecret);
  }
  const tokenUrl = tokenUrlOf(config);
  const response = await fetchWithTimeout(
    tokenUrl,
    { method: 'POST', headers, body: form.toString() },
    { system: CRMOFFICE_SYSTEM, timeoutMs: config.timeoutMs, record: what },
  );
  const text = await response.text();
  if (!response.ok) {
    throw tokenErrorFromResponse({
      status: response.status,
      bodyText: text,
      retryAfterHeader: response.headers.get('retry-after'),
      request: `POST ${tokenUrl} (${what})`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = TokenResponse.safeParse(json);
  if (!parsed.success) {
    throw new ConnectorError(`CRMOffice token URL answered something that is not an OAuth token (${what})`, {
      system: CRMOFFICE_SYSTEM,
      status: response.status,
    });
  }
  return parsed.data;
}

export class CrmOfficeAuth {
  readonly stats: AuthStats = { tokenRequests: 0 };
  private cached: CachedAccessToken | undefined;
  private renewal: Promise<string> | undefined;

  constructor(
    private readonly config: CrmOfficeConfig,
    readonly store: RefreshTokenStore,
  ) {}

  /** A valid access token, from the cache or a renewal. */
  async accessToken(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return this.cached.value;
    this.renewal ??= this.renew().finally(() => {
      this.renewal = undefined;
    });
    return this.renewal;
  }

  /** After a 401: the token is not taken again (unless a renewal already replaced it). */
  forget(token: string): void {
    if (this.cached?.value === token) this.cached = undefined;
  }

  /** The refresh token to use now and the configured token its lineage descends from. */
  private currentRefreshToken(): { token: string; supersedes: string | null } {
    const stored = this.store.read();
    const configured = this.config.refreshToken;
    const configuredFingerprint = configured === undefined ? null : tokenFingerprint(configured);
    if (stored && (configuredFingerprint === null || stored.supersedes === configuredFingerprint)) {
      return { token: stored.refreshToken, supersedes: stored.supersedes };
    }
    if (configured !== undefined) return { token: configured, supersedes: configuredFingerprint };
    throw new AuthError(
      'CRMOffice has no refresh token: authorize linkflow once (the loopback authorization) or set CRMOFFICE_REFRESH_TOKEN',
      { system: CRMOFFICE_SYSTEM, code: 'no_refresh_token' },
    );
  }

  private renew(): Promise<string> {
    return this.store.withLock(async () => {
      const { token, supersedes } = this.currentRefreshToken();
      this.stats.tokenRequests += 1;
      const requestedAt = Date.now();
      const answer = await requestToken(
        this.config,
        { grant_type: 'refresh_token', refresh_token: token },
        'refresh-token grant',
      );
      // Stored before anything else: the token just sent is dead once the server answered.
      if (answer.refresh_token !== undefined && answer.refresh_token !== token) {
        this.store.write(answer.refresh_token, supersedes);
      }
      const lifetimeMs = answer.expires_in * 1000;
      // Renew a tenth of the lifetime early, at most a minute; the JWT's whole-second `exp` and clock skew
      // are what the renewal on a 401 is for.
      const marginMs = Math.min(60_000, lifetimeMs / 10);
      this.cached = { value: answer.access_token, renewAt: requestedAt + lifetimeMs - marginMs };
      return answer.access_token;
    });
  }
}
