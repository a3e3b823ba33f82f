import type { AuditRow } from '../store/audit-rows.ts';
import type { Repositories } from '../store/store.ts';
import { anchorKeyFromEnv, anchorMac, anchorMacMatches } from './anchor.ts';
import {
  type AuditFields,
  type ChainedEntry,
  genesisHash,
  hashEntry,
  verifyChain,
} from './chain.ts';

/** What happened, by whom, to what, from where. `at` defaults to now. */
export type AuditEvent = Omit<AuditFields, 'at' | 'ip' | 'userAgent'> & {
  at?: string;
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
};

/**
 * Appends one entry to the hash-chained audit log and moves the anchor (entry count, newest
 * hash, HMAC keyed by `ATTEST_SECRET`) in the same immediate transaction, so concurrent
 * writers (even other processes) never fork the chain and the anchor never lags it.
 *
 * The count grows from the anchor's own count, so entries deleted from the end stay
 * missing. An anchor whose MAC does not verify under the current key keeps its bad MAC:
 * the next append does not launder a forged anchor.
 */
export function appendAudit(store: Repositories, event: AuditEvent): Promise<AuditRow> {
  const fields: AuditFields = {
    at: event.at ?? new Date().toISOString(),
    actor: event.actor,
    action: event.action,
    target: event.target,
    ip: event.ip ?? null,
    userAgent: event.userAgent ?? null,
  };
  const key = anchorKeyFromEnv();
  return store.transaction(
    async (tx) => {
      const prevHash = (await tx.audit.headHash()) ?? genesisHash;
      const row = await tx.audit.insert({ ...fields, prevHash, hash: hashEntry(fields, prevHash) });
      const prior = await tx.audit.anchor();
      const next = { count: prior ? prior.count + 1 : await tx.audit.count(), headHash: row.hash };
      const forged = prior && key && prior.mac !== '' && !anchorMacMatches(key, prior);
      await tx.audit.saveAnchor({
        ...next,
        mac: forged ? prior.mac : anchorMac(key, next),
        updatedAt: fields.at,
      });
      return row;
      // The chain's head is read and extended by one writer at a time.
    },
    { keys: ['audit-log'] },
  );
}

/** Newest entries first, for the admin page. */
export function recentAudit(store: Repositories, limit = 200): Promise<AuditRow[]> {
  return store.audit.recent(limit);
}

/** How many entries are read from the store at a time while the chain is walked. */
const pageSize = 1_000;

/** Every entry in id order, read a page at a time. */
async function* allEntries(store: Repositories): AsyncGenerator<ChainedEntry> {
  let after = 0;
  for (;;) {
    const page = await store.audit.page(after, pageSize);
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.id;
  }
}

/**
 * The verdict of `attest audit verify`: the chain walked, then checked against its anchor
 * and against the heads that publications recorded.
 */
export type AuditVerdict =
  | {
      ok: true;
      count: number;
      /** Set when the anchor could not be fully checked (no `ATTEST_SECRET`). */
      warning?: string;
    }
  | {
      ok: false;
      count: number;
      /** The first entry that does not fit, when the chain itself is broken. */
      entryId?: number;
      /** How many entries are missing from the end, when the log was truncated. */
      missing?: number;
      /** What is wrong, as a sentence fragment after "the audit log". */
      problem: string;
    };

/**
 * Verifies the whole audit log: walks the chain in id order (streamed, so a long log needs
 * little memory), then compares it with the anchor (count, newest hash, MAC under `key`)
 * and with every audit head a publication recorded. The key defaults to `ATTEST_SECRET`;
 * without one the anchor's count and
 * head are still compared, and the verdict carries a warning that its MAC was not checked.
 */
export async function verifyAuditLog(
  store: Repositories,
  { key }: { key: Buffer | undefined } = { key: anchorKeyFromEnv() },
): Promise<AuditVerdict> {
  const recorded = await store.publications.auditHeads();
  const wanted = new Set(recorded.map((entry) => entry.count));
  const seen = new Map<number, string>([[0, genesisHash]]);
  let head = genesisHash;
  let position = 0;
  const chain = await verifyChain(
    (async function* watched(): AsyncGenerator<ChainedEntry> {
      for await (const row of allEntries(store)) {
        position++;
        if (wanted.has(position)) seen.set(position, row.hash);
        head = row.hash;
        yield row;
      }
    })(),
  );
  if (!chain.ok) return chain;
  const { count } = chain;

  const anchor = await store.audit.anchor();
  if (!anchor) {
    if (count === 0) return { ok: true, count };
    return {
      ok: false,
      count,
      problem: `has ${count} entries but no anchor row: the anchor was deleted (or the log predates anchoring; the next audited action writes one)`,
    };
  }
  if (anchor.count > count) {
    const missing = anchor.count - count;
    return {
      ok: false,
      count,
      missing,
      problem: `was truncated: ${missing} ${missing === 1 ? 'entry is' : 'entries are'} missing from the end (the anchor records ${anchor.count}, the log holds ${count})`,
    };
  }
  if (anchor.count < count) {
    return {
      ok: false,
      count,
      problem: `holds ${count - anchor.count} more entries than its anchor records (${anchor.count}): entries were added outside Attest`,
    };
  }
  if (anchor.headHash !== head) {
    return {
      ok: false,
      count,
      problem: 'ends in an entry the anchor does not record: the newest entries were replaced',
    };
  }
  for (const publication of recorded) {
    const at = publication.count;
    if (at > count) {
      return {
        ok: false,
        count,
        missing: at - count,
        problem: `was truncated: publication #${publication.publicationId} recorded ${at} entries, the log holds ${count} (${at - count} missing)`,
      };
    }
    if (seen.get(at) !== publication.head) {
      return {
        ok: false,
        count,
        problem: `no longer holds the head publication #${publication.publicationId} recorded at entry ${at}: entries before it were replaced`,
      };
    }
  }
  if (!key) {
    return {
      ok: true,
      count,
      warning:
        'ATTEST_SECRET is not set, so the anchor’s MAC cannot be verified: a truncation that also rewrote the anchor would go unnoticed. Run with the server’s ATTEST_SECRET.',
    };
  }
  if (anchor.mac === '') {
    return {
      ok: false,
      count,
      problem:
        'has an unsigned anchor: it was written while ATTEST_SECRET was unset, or its MAC was removed (the next audited action under ATTEST_SECRET signs it)',
    };
  }
  if (!anchorMacMatches(key, anchor)) {
    return {
      ok: false,
      count,
      problem:
        'has an anchor whose MAC does not match: the anchor was rewritten, or ATTEST_SECRET differs from the one the server uses',
    };
  }
  return { ok: true, count };
}
