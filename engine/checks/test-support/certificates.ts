import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/** A PEM certificate with its PEM private key, ready for `tls.createServer({ cert, key })`. */
export interface TestCertificate {
  cert: string;
  key: string;
}

/** A certificate authority for tests: its own certificate plus a way to issue leaves. */
export interface TestCa extends TestCertificate {
  issue(options?: CertificateOptions): TestCertificate;
}

export interface CertificateOptions {
  /** Subject alternative names; IPs become IP SANs. The first is also the common name. */
  names?: readonly string[];
  /** Start of validity (default: one day ago). */
  validFrom?: Date;
  /** End of validity (default: 90 days from now). */
  validTo?: Date;
}

const dayMs = 86_400_000;

/** The moment `days` days from now (negative for the past). */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * dayMs);
}

type KeyPair = {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
};
const keys = new Map<string, KeyPair>();

/**
 * A 2048-bit RSA key, generated natively (forge's pure-JS generation takes seconds) and
 * cached per role, so a test file pays for each role's key once.
 */
function testKey(role: string): KeyPair {
  const cached = keys.get(role);
  if (cached) return cached;
  const { privateKey: pem } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const privateKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  const pair = { privateKey, publicKey, pem: forge.pki.privateKeyToPem(privateKey) };
  keys.set(role, pair);
  return pair;
}

function baseCertificate(
  publicKey: forge.pki.rsa.PublicKey,
  commonName: string,
  options: CertificateOptions,
) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the high bit cleared so DER does not read it as negative.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = options.validFrom ?? daysFromNow(-1);
  cert.validity.notAfter = options.validTo ?? daysFromNow(90);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  return cert;
}

function leafExtensions(names: readonly string[]) {
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: names.map((name) =>
        isIP(name) ? { type: 7, ip: name } : { type: 2, value: name },
      ),
    },
  ];
}

/** Creates a CA whose leaves (for `localhost` and `127.0.0.1` by default) chain to it. */
export function createTestCa(commonName = 'Attest Test CA'): TestCa {
  const caKey = testKey('ca');
  const caCert = baseCertificate(caKey.publicKey, commonName, {
    validFrom: daysFromNow(-30),
    validTo: daysFromNow(3650),
  });
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', critical: true, cA: true },
    { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(caKey.privateKey, forge.md.sha256.create());
  return {
    cert: forge.pki.certificateToPem(caCert),
    key: caKey.pem,
    issue(options = {}) {
      const names = options.names ?? ['localhost', '127.0.0.1'];
      const leafKey = testKey('leaf');
      const cert = baseCertificate(leafKey.publicKey, names[0] ?? 'localhost', options);
      cert.setIssuer(caCert.subject.attributes);
      cert.setExtensions([
        ...leafExtensions(names),
        {
          name: 'authorityKeyIdentifier',
          keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
        },
      ]);
      cert.sign(caKey.privateKey, forge.md.sha256.create());
      return { cert: forge.pki.certificateToPem(cert), key: leafKey.pem };
    },
  };
}

/** Creates a self-signed leaf certificate (trusted by nobody). */
export function createSelfSignedCertificate(options: CertificateOptions = {}): TestCertificate {
  const names = options.names ?? ['localhost', '127.0.0.1'];
  const key = testKey('self-signed');
  const cert = baseCertificate(key.publicKey, names[0] ?? 'localhost', options);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions(leafExtensions(names));
  cert.sign(key.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: key.pem };
}
