import { createHash } from 'node:crypto';

/** The hash that the first entry of the chain points back to. */
export const genesisHash = '0'.repeat(64);

/** The recorded fields of one audit entry (what the hash covers, besides `prevHash`). */
export interface AuditFields {
  at: string;
  actor: string;
  action: string;
  target: string;
  ip: string | null;
  userAgent: string | null;
}

/** One stored entry: its fields, its id, the previous entry's hash and its own. */
export interface ChainedEntry extends AuditFields {
  id: number;
  prevHash: string;
  hash: string;
}

/**
 * SHA-256 over the entry's fields and the previous hash, as canonical JSON (a fixed key
 * order), so changing, removing or reordering any entry breaks every hash after it.
 */
export function hashEntry(fields: AuditFields, prevHash: string): string {
  const canonical = JSON.stringify([
    prevHash,
    fields.at,
    fields.actor,
    fields.action,
    fields.target,
    fields.ip,
    fields.userAgent,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The result of walking the chain: ok, or the first entry that does not fit. */
export type ChainVerdict =
  | { ok: true; count: number }
  | { ok: false; count: number; entryId: number; problem: string };

/** Checks each entry's link to its predecessor and its own hash, in id order. */
export async function verifyChain(
  entries: Iterable<ChainedEntry> | AsyncIterable<ChainedEntry>,
): Promise<ChainVerdict> {
  let prev = genesisHash;
  let count = 0;
  for await (const entry of entries) {
    count++;
    if (entry.prevHash !== prev) {
      return {
        ok: false,
        count,
        entryId: entry.id,
        problem: 'does not point at the entry before it (an entry was removed or reordered)',
      };
    }
    if (hashEntry(entry, prev) !== entry.hash) {
      return { ok: false, count, entryId: entry.id, problem: 'was altered after it was written' };
    }
    prev = entry.hash;
  }
  return { ok: true, count };
}
