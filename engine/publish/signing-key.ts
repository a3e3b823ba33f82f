import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { keyIdOf } from '../render/publication-signature.ts';

/** The keys a publication is signed with and verified against. */
export interface SigningKeys {
  /** The private key that signs new publications; undefined: publications are unsigned. */
  current: KeyObject | undefined;
  /** Public keys that signed earlier publications, still listed so those verify. */
  retired: KeyObject[];
}

/** PEM as given, or the PEM that a base64 value decodes to. */
function pemOf(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  return Buffer.from(trimmed, 'base64').toString('utf8').trim();
}

function ed25519(key: KeyObject, name: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${name} holds a ${key.asymmetricKeyType} key; Attest signs with Ed25519`);
  return key;
}

/**
 * Reads the signing keys from the environment, never from YAML: `ATTEST_SIGNING_KEY` (a
 * PKCS8 PEM private key, or base64 of it) and `ATTEST_SIGNING_KEYS_RETIRED` (public keys of
 * earlier signing keys: SPKI PEM blocks, or base64 of PEM separated by commas). Throws with
 * the variable's name when a value cannot be read.
 */
export function readSigningKeys(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SigningKeys {
  const raw = env.ATTEST_SIGNING_KEY?.trim();
  let current: KeyObject | undefined;
  if (raw) {
    try {
      current = createPrivateKey(pemOf(raw));
    } catch (error) {
      throw new Error(
        'ATTEST_SIGNING_KEY is not a PKCS8 PEM private key (or base64 of one); make one with `attest keys generate`',
        { cause: error },
      );
    }
    ed25519(current, 'ATTEST_SIGNING_KEY');
  }
  const retiredValue = env.ATTEST_SIGNING_KEYS_RETIRED?.trim() ?? '';
  const blocks = retiredValue.includes('-----BEGIN')
    ? (retiredValue.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g) ?? [])
    : retiredValue
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(pemOf);
  const retired = blocks.map((pem) => {
    try {
      return ed25519(createPublicKey(pem), 'ATTEST_SIGNING_KEYS_RETIRED');
    } catch (error) {
      throw new Error(
        'ATTEST_SIGNING_KEYS_RETIRED holds a value that is not an Ed25519 public key (SPKI PEM, or base64 of one)',
        { cause: error },
      );
    }
  });
  return { current, retired };
}

/** A new Ed25519 key pair: the private key as PKCS8 PEM, the public key as SPKI PEM, the key id. */
export function generateSigningKey(): { privateKey: string; publicKey: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: String(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    publicKey: String(publicKey.export({ format: 'pem', type: 'spki' })),
    keyId: keyIdOf(publicKey),
  };
}
