import type { Snapshot } from '../evaluate/snapshot.ts';
import {
  type SubprocessorsJson,
  subprocessorsJsonSchemaUrl,
  type TrustJsonSubprocessors,
  trustJsonFormatVersion,
} from '../schema/trust-json.ts';

/**
 * The subprocessor list as published: notice days (null when none is declared), listing mode and request contact, and —
 * only when the listing is public — every current, upcoming and leaving provider (past ones
 * are dropped). Absent values are null, never missing.
 */
export function buildSubprocessorList(snapshot: Snapshot): TrustJsonSubprocessors {
  const { noticeDays, listing, requestContact, entries } = snapshot.subprocessors;
  return {
    noticeDays: noticeDays ?? null,
    listing,
    requestContact: requestContact ?? null,
    entries:
      listing === 'on-request'
        ? null
        : entries.flatMap((entry) =>
            entry.state === 'past'
              ? []
              : [
                  {
                    id: entry.id,
                    name: entry.name,
                    entity: entry.entity ?? null,
                    purpose: entry.purpose,
                    location: entry.location,
                    dataCategories: entry.dataCategories,
                    transferMechanism: entry.transferMechanism,
                    certifications: entry.certifications,
                    website: entry.website ?? null,
                    state: entry.state,
                    since:
                      entry.since ??
                      (entry.state === 'current' && entry.change === 'added'
                        ? entry.effective
                        : undefined) ??
                      null,
                    announced: entry.announced ?? null,
                    effective: entry.effective ?? null,
                  },
                ],
          ),
  };
}

/**
 * Renders `subprocessors.json`: the organisation's name, the publication's time and hash,
 * and {@link buildSubprocessorList}. With an on-request listing it carries the listing mode
 * and the request contact, and `entries` is null. Documented in docs/trust-json.md.
 */
export function renderSubprocessorsJson(snapshot: Snapshot): string {
  const document: SubprocessorsJson = {
    $schema: subprocessorsJsonSchemaUrl,
    formatVersion: trustJsonFormatVersion,
    organisation: snapshot.organisation.name,
    publishedAt: snapshot.publishedAt,
    contentHash: snapshot.contentHash,
    ...buildSubprocessorList(snapshot),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
