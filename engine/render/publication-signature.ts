import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../schema/canonical-json.ts';
import type { TrustJson, TrustJsonPublication } from '../schema/trust-json.ts';

/**
 * Signed, hash-chained publications (docs/verifying.md). Ed25519 through `node:crypto`: a
 * standard signature (RFC 8032) with 32-byte keys and 64-byte signatures, deterministic,
 * and built into Node, so neither publishing nor verifying needs a dependency.
 *
 * The canonical form of a JSON document is its JSON text with object keys sorted by code
 * unit, no whitespace and `undefined` dropped (`canonicalJson`). Two byte strings matter:
 * - the **chain head**: sha256 (hex) of the canonical form of trust.json without
 *   `signature` and without `publication.head`;
 * - the **signed bytes**: the canonical form of trust.json without `signature` (so the head,
 *   number and previous head are signed too).
 */

/** A trust.json as a plain object, as it is read from the wire before validation. */
type TrustDocument = Record<string, unknown>;

/** The chain head of a trust.json document: see the module comment. */
export function chainHeadOf(document: TrustDocument): string {
  const { signature: _signature, ...rest } = document;
  const publication = rest.publication as Record<string, unknown> | null | undefined;
  const { head: _head, ...position } = publication ?? {};
  const hashed = publication ? { ...rest, publication: position } : rest;
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex');
}

/** The bytes a trust.json signature covers: see the module comment. */
export function signedBytesOf(document: TrustDocument): Buffer {
  const { signature: _signature, ...rest } = document;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

/** The key id: the first 16 hex digits of the sha256 of the raw 32-byte Ed25519 public key. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  const raw = Buffer.from(String(jwk.x), 'base64url');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/** Where a publication sits in the history: its number and the previous head. */
export type ChainPosition = Omit<TrustJsonPublication, 'head'>;

/**
 * trust.json placed in the history and signed: `publication` set (its head computed), and
 * `signature` set when a private key is given, else null (an unsigned publication).
 */
export function sealTrustJson(
  trust: TrustJson,
  position: ChainPosition,
  privateKey?: KeyObject,
): TrustJson {
  const placed: TrustJson = {
    ...trust,
    publication: { number: position.number, previous: position.previous, head: '' },
    signature: null,
  };
  const head = chainHeadOf(placed as unknown as TrustDocument);
  const chained: TrustJson = { ...placed, publication: { ...position, head } };
  if (!privateKey) return chained;
  const value = sign(null, signedBytesOf(chained as unknown as TrustDocument), privateKey);
  return {
    ...chained,
    signature: {
      algorithm: 'Ed25519',
      keyId: keyIdOf(privateKey),
      value: value.toString('base64'),
    },
  };
}

/** Renders a sealed trust.json: pretty-printed with a final newline. */
export function renderSealedTrustJson(trust: TrustJson): string {
  return `${JSON.stringify(trust, null, 2)}\n`;
}

/** What a signature check found. */
export type SignatureVerdict =
  | { status: 'valid'; keyId: string; retired: boolean }
  | { status: 'unsigned' }
  | { status: 'unknown-key'; keyId: string }
  | { status: 'invalid'; keyId: string; reason: string };

/** A public key as `/.well-known/attest-keys.json` lists it. */
export interface PublishedKey {
  id: string;
  algorithm: 'Ed25519';
  /** SPKI PEM. */
  publicKey: string;
  status: 'current' | 'retired';
}

/** Checks a trust.json document's signature against a published key set. */
export function verifyTrustJsonSignature(
  document: TrustDocument,
  keys: readonly PublishedKey[],
): SignatureVerdict {
  const signature = document.signature as
    | { algorithm?: unknown; keyId?: unknown; value?: unknown }
    | null
    | undefined;
  if (!signature) return { status: 'unsigned' };
  const keyId = String(signature.keyId);
  if (signature.algorithm !== 'Ed25519' || typeof signature.value !== 'string')
    return { status: 'invalid', keyId, reason: 'the signature is not an Ed25519 signature' };
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) return { status: 'unknown-key', keyId };
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(key.publicKey);
  } catch {
    return { status: 'invalid', keyId, reason: `the published key ${keyId} cannot be read` };
  }
  if (keyIdOf(publicKey) !== keyId)
    return { status: 'invalid', keyId, reason: `the published key ${keyId} does not have that id` };
  const ok = verify(
    null,
    signedBytesOf(document),
    publicKey,
    Buffer.from(signature.value, 'base64'),
  );
  return ok
    ? { status: 'valid', keyId, retired: key.status === 'retired' }
    : { status: 'invalid', keyId, reason: 'the signature does not match the content' };
}

/** `/.well-known/attest-keys.json`: the keys that sign (current) and signed (retired). */
export function renderAttestKeys(current: KeyObject | undefined, retired: readonly KeyObject[]) {
  const entry = (key: KeyObject, status: PublishedKey['status']): PublishedKey => {
    const publicKey = key.type === 'private' ? createPublicKey(key) : key;
    return {
      id: keyIdOf(publicKey),
      algorithm: 'Ed25519',
      publicKey: String(publicKey.export({ format: 'pem', type: 'spki' })),
      status,
    };
  };
  const keys = [
    ...(current ? [entry(current, 'current')] : []),
    ...retired.map((key) => entry(key, 'retired')),
  ];
  return `${JSON.stringify({ keys }, null, 2)}\n`;
}
