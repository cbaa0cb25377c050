/**
 * The signed JWT a server application authenticates with (the vendor's server-application guide): RS256 over
 * the certificate's private key, `iss` = `sub` = client id, `aud` = the token endpoint's URL, a fresh `jti`,
 * `iat` and `nbf` now, `exp` about a minute ahead. When the certificate is configured the header also carries
 * it (`x5c`, as one client library sends) and its SHA-1 thumbprint (`x5t`); whether the server needs either is
 * unknown, and neither does harm.
 */
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';

export interface AssertionSigner {
  /** A new assertion, valid from now for the configured lifetime. */
  sign(nowMs?: number): string;
}

export interface AssertionOptions {
  clientId: string;
  tokenUrl: string;
  privateKeyPem: string;
  certificatePem: string | undefined;
  lifetimeSeconds: number;
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Parses the key (and certificate) once; throws an Error naming what is wrong with them. */
export function createAssertionSigner(options: AssertionOptions): AssertionSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey(options.privateKeyPem);
  } catch (error: unknown) {
    throw new Error(
      `Uni Economy configuration: the client private key is not a PEM private key (${(error as Error).message})`,
    );
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error(
      `Uni Economy configuration: the client private key must be an RSA key for RS256, not ${String(key.asymmetricKeyType)}`,
    );
  const header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' };
  if (options.certificatePem !== undefined) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(options.certificatePem);
    } catch (error: unknown) {
      throw new Error(
        `Uni Economy configuration: the client certificate is not a PEM certificate (${(error as Error).message})`,
      );
    }
    if (!certificate.checkPrivateKey(key))
      throw new Error(
        'Uni Economy configuration: the client certificate does not belong to the configured private key',
      );
    header['x5t'] = createHash('sha1').update(certificate.raw).digest('base64url');
    header['x5c'] = [certificate.raw.toString('base64')];
  }
  const encodedHeader = base64url(header);
  return {
    sign(nowMs = Date.now()): string {
      const now = Math.floor(nowMs / 1000);
      const claims = {
        iss: options.clientId,
        sub: options.clientId,
        aud: options.tokenUrl,
        jti: randomUUID(),
        iat: now,
        nbf: now,
        exp: now + options.lifetimeSeconds,
      };
      const signingInput = `${encodedHeader}.${base64url(claims)}`;
      const signature = sign('RSA-SHA256', Buffer.from(signingInput, 'utf8'), key).toString('base64url');
      return `${signingInput}.${signature}`;
    },
  };
}
