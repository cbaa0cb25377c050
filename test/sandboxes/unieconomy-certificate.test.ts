/**
 * The Uni Economy sandbox's self-signed certificate parses whatever its random serial starts with: a serial
 * whose first byte is zero used to be written with that byte, which DER forbids and OpenSSL refuses ("illegal
 * padding"), about one start in 256.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { selfSignedCertificate } from '../../sandboxes/unieconomy/certificate';

const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();

test.each([
  ['starting with a zero byte', '0005a1b2c3d4e5f60718293a4b5c6d7e', '05A1B2C3D4E5F60718293A4B5C6D7E'],
  ['starting with two zero bytes', '0000a1b2c3d4e5f60718293a4b5c6d7e', '00A1B2C3D4E5F60718293A4B5C6D7E'],
  ['with its top bit set after a zero byte', '0085a1b2c3d4e5f60718293a4b5c6d7e', '0085A1B2C3D4E5F60718293A4B5C6D7E'],
  ['with no zero byte', '7fa1b2c3d4e5f60718293a4b5c6d7e8f', '7FA1B2C3D4E5F60718293A4B5C6D7E8F'],
])('a serial %s gives a certificate OpenSSL reads', (_case, serialHex, expected) => {
  const pem = selfSignedCertificate(privateKeyPem, 'client', new Date(), Buffer.from(serialHex, 'hex'));
  expect(new X509Certificate(pem).serialNumber.replace(/^0+/, '')).toBe(expected.replace(/^0+/, ''));
});
