import { createHmac, timingSafeEqual } from 'node:crypto';

/** The head of the chain as the anchor row records it. */
export interface AnchorFields {
  count: number;
  headHash: string;
}

/** A stored anchor row: the head, and its MAC (empty when no key was set at write time). */
export interface StoredAnchor extends AnchorFields {
  mac: string;
}

/**
 * The anchor key: `ATTEST_SECRET` when it is set and at least 32 characters long (the
 * same rule as the server's signing key), else undefined — then anchors are written
 * unsigned and `attest audit verify` warns that it cannot check them.
 */
export function anchorKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const secret = env.ATTEST_SECRET;
  return secret && secret.length >= 32 ? Buffer.from(secret, 'utf8') : undefined;
}

/** HMAC-SHA256 (hex) over the count and head hash; empty string without a key. */
export function anchorMac(key: Buffer | undefined, anchor: AnchorFields): string {
  if (!key) return '';
  return createHmac('sha256', key)
    .update(`attest-audit-anchor\n${anchor.count}\n${anchor.headHash}`)
    .digest('hex');
}

/** True when the stored MAC is the one `key` gives for the stored count and head. */
export function anchorMacMatches(key: Buffer, anchor: StoredAnchor): boolean {
  const expected = Buffer.from(anchorMac(key, anchor));
  const given = Buffer.from(anchor.mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
