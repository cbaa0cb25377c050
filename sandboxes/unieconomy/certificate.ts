/**
 * The test client's key pair and certificate. Uni's developer portal hands an integrator a client id and a
 * certificate with its private key; the sandbox plays the portal: at its first start it makes an RSA key pair
 * and a self-signed X.509 certificate for it, keeps both beside its data file (so that a restart, and every
 * connector configured from it, keeps working), and registers the certificate as the client's credential.
 *
 * Node's crypto module signs and parses certificates but does not build them, so the few DER structures of a
 * version 3 certificate without extensions are written out here (RFC 5280 §4.1).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface ClientKeyMaterial {
  /** PKCS#8 PEM of the private key: what the client signs its assertions with. */
  privateKeyPem: string;
  certificatePem: string;
  certificate: X509Certificate;
  /** `x5t`: base64url of the certificate's SHA-1 digest, as JOSE headers carry it. */
  thumbprint: string;
  /** Where the files are, or undefined for an in-memory sandbox. */
  privateKeyFile: string | undefined;
  certificateFile: string | undefined;
}

// ---- DER, only what a certificate needs ----

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const der = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
};
const sequence = (...content: Buffer[]): Buffer => der(0x30, ...content);
const set = (...content: Buffer[]): Buffer => der(0x31, ...content);
/**
 * A non-negative INTEGER from big-endian bytes, in DER's shortest form: leading zero bytes go (OpenSSL refuses
 * a random serial that happened to start with one, "illegal padding"), and one comes back where the first byte
 * would read as a sign.
 */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const shortest = bytes.subarray(start);
  return der(0x02, (shortest[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), shortest]) : shortest);
}
const nullValue = (): Buffer => der(0x05);
const utf8String = (text: string): Buffer => der(0x0c, Buffer.from(text, 'utf8'));
const bitString = (bytes: Buffer): Buffer => der(0x03, Buffer.from([0]), bytes);
const explicit = (tagNumber: number, content: Buffer): Buffer => der(0xa0 | tagNumber, content);

function objectIdentifier(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
      chunk.unshift(0x80 | (value & 0x7f));
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime (YYMMDDHHMMSSZ) up to 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}

/** 16 random bytes, the first bit clear so the serial is positive (RFC 5280 allows up to 20 bytes). */
function randomSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  return serial;
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';

/** A self-signed certificate for the key; `serial` is random unless given (big-endian, positive). */
export function selfSignedCertificate(
  privateKeyPem: string,
  commonName: string,
  now: Date,
  serial: Buffer = randomSerial(),
): string {
  const privateKey = createPrivateKey(privateKeyPem);
  const subjectPublicKeyInfo = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const name = sequence(set(sequence(objectIdentifier(COMMON_NAME), utf8String(commonName))));
  const algorithm = sequence(objectIdentifier(SHA256_WITH_RSA), nullValue());
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + 10 * 365 * 86_400_000);
  const toBeSigned = sequence(
    explicit(0, integer(Buffer.from([2]))), // version 3
    integer(serial),
    algorithm,
    name,
    sequence(time(notBefore), time(notAfter)),
    name, // self-signed: the subject is its own issuer
    subjectPublicKeyInfo,
  );
  const signature = sign('sha256', toBeSigned, privateKey);
  const certificate = sequence(toBeSigned, algorithm, bitString(signature));
  const base64 = certificate
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

export const thumbprintOf = (certificate: X509Certificate): string =>
  createHash('sha1').update(certificate.raw).digest('base64url');

function material(
  privateKeyPem: string,
  certificatePem: string,
  files: { privateKeyFile: string; certificateFile: string } | undefined,
): ClientKeyMaterial {
  const certificate = new X509Certificate(certificatePem);
  return {
    privateKeyPem,
    certificatePem,
    certificate,
    thumbprint: thumbprintOf(certificate),
    privateKeyFile: files?.privateKeyFile,
    certificateFile: files?.certificateFile,
  };
}

function generate(clientId: string): { privateKeyPem: string; certificatePem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { privateKeyPem, certificatePem: selfSignedCertificate(privateKeyPem, clientId, new Date()) };
}

/**
 * The key pair and certificate kept beside `dataFile` (`<dataFile>.client-key.pem`, readable by the owner only,
 * and `<dataFile>.client-cert.pem`), made at the first start. An in-memory sandbox gets fresh ones each start.
 */
export function loadOrCreateClientKeys(dataFile: string, clientId: string): ClientKeyMaterial {
  if (dataFile === ':memory:') {
    const fresh = generate(clientId);
    return material(fresh.privateKeyPem, fresh.certificatePem, undefined);
  }
  const files = { privateKeyFile: `${dataFile}.client-key.pem`, certificateFile: `${dataFile}.client-cert.pem` };
  if (fs.existsSync(files.privateKeyFile) && fs.existsSync(files.certificateFile)) {
    return material(
      fs.readFileSync(files.privateKeyFile, 'utf8'),
      fs.readFileSync(files.certificateFile, 'utf8'),
      files,
    );
  }
  const fresh = generate(clientId);
  fs.mkdirSync(path.dirname(dataFile), { recursive: true });
  fs.writeFileSync(files.privateKeyFile, fresh.privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(files.certificateFile, fresh.certificatePem, { mode: 0o644 });
  return material(fresh.privateKeyPem, fresh.certificatePem, files);
}
