import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from '../render/publication-signature.ts';
import { generateSigningKey, readSigningKeys } from './signing-key.ts';

describe('signing keys from the environment', () => {
  it('reads a PEM or base64 private key and retired public keys, with ids that match', () => {
    const pair = generateSigningKey();
    const old = generateSigningKey();
    const fromPem = readSigningKeys({
      ATTEST_SIGNING_KEY: pair.privateKey,
      ATTEST_SIGNING_KEYS_RETIRED: old.publicKey,
    });
    expect(fromPem.current && keyIdOf(fromPem.current)).toBe(pair.keyId);
    expect(fromPem.retired.map(keyIdOf)).toEqual([old.keyId]);
    const fromBase64 = readSigningKeys({
      ATTEST_SIGNING_KEY: Buffer.from(pair.privateKey).toString('base64'),
      ATTEST_SIGNING_KEYS_RETIRED: Buffer.from(old.publicKey).toString('base64'),
    });
    expect(fromBase64.current && keyIdOf(createPublicKey(fromBase64.current))).toBe(pair.keyId);
    expect(fromBase64.retired).toHaveLength(1);
  });

  it('leaves publications unsigned without a key, and refuses a key that is not Ed25519', () => {
    expect(readSigningKeys({})).toEqual({ current: undefined, retired: [] });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() =>
      readSigningKeys({
        ATTEST_SIGNING_KEY: String(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' })),
      }),
    ).toThrow(/Ed25519/);
    expect(() => readSigningKeys({ ATTEST_SIGNING_KEY: 'not a key' })).toThrow(
      /ATTEST_SIGNING_KEY is not a PKCS8 PEM/,
    );
  });
});
