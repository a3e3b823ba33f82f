import type { Snapshot } from '../../evaluate/snapshot.ts';
import type { DocumentFrontMatter } from '../../schema/index.ts';
import {
  findPlaceholders,
  isPlaceholderName,
  type PlaceholderName,
} from '../../schema/placeholder-syntax.ts';

/** The value of every placeholder for one document of a snapshot; undefined when not stated. */
export function placeholderValues(
  snapshot: Snapshot,
  document: Pick<DocumentFrontMatter, 'title' | 'version' | 'updated'>,
): Record<PlaceholderName, string | undefined> {
  const org = snapshot.organisation;
  const processing = snapshot.processing;
  const privacy = org.contacts.privacy ?? org.contacts.security;
  const disclosure = snapshot.disclosure?.contact;
  return {
    'org.name': org.name,
    'org.legalName': org.legalName,
    'org.address': org.address ?? processing?.importer.address,
    'org.website': org.website,
    'org.trustCenterUrl': org.url ?? org.website,
    'org.contacts.security': org.contacts.security,
    'org.contacts.privacy': privacy,
    'org.contacts.legal': org.contacts.legal ?? privacy,
    'subprocessors.noticeDays': snapshot.subprocessors.noticeDays?.toString(),
    'subprocessors.count': String(
      snapshot.subprocessors.entries.filter(
        (entry) => entry.state === 'current' || entry.state === 'leaving',
      ).length,
    ),
    'processing.subjectMatter': processing?.subjectMatter,
    'processing.duration': processing?.duration,
    'processing.retention': processing?.retention,
    'processing.frequency': processing?.frequency,
    'processing.supervisoryAuthority': processing?.supervisoryAuthority,
    'processing.dpo': processing?.dpo ?? privacy,
    'disclosure.contact': disclosure?.email ?? disclosure?.url,
    'document.title': document.title,
    'document.version': document.version,
    'document.updated': document.updated,
    'snapshot.publishedDate': snapshot.publishedAt.slice(0, 10),
    'snapshot.hash': snapshot.contentHash.slice(0, 12),
  };
}

/** Backslash-escapes the characters that would turn a filled-in value into markdown syntax. */
function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_[\]<>]/g, (character) => `\\${character}`);
}

/** A body with its placeholders filled, and the names that had no value. */
export interface FilledBody {
  text: string;
  /** Known placeholders with no value for this organisation (shown as "[not stated: name]"). */
  missing: string[];
  /** Names that are not placeholders at all (the loader reports them; left as written). */
  unknown: string[];
}

/** Replaces every `{{ name }}` in a markdown body with its value. Pure. */
export function fillPlaceholders(
  body: string,
  values: Readonly<Record<PlaceholderName, string | undefined>>,
): FilledBody {
  const missing = new Set<string>();
  const unknown = new Set<string>();
  let text = '';
  let from = 0;
  for (const use of findPlaceholders(body)) {
    text += body.slice(from, use.offset);
    from = use.offset + use.length;
    if (!isPlaceholderName(use.name)) {
      unknown.add(use.name);
      text += body.slice(use.offset, from);
      continue;
    }
    const value = values[use.name];
    if (value === undefined) missing.add(use.name);
    text += escapeMarkdown(value ?? `[not stated: ${use.name}]`);
  }
  text += body.slice(from);
  return { text, missing: [...missing], unknown: [...unknown] };
}

/**
 * A document's body with its placeholders filled from the snapshot — what the PDF prints,
 * and what an HTML view of the document should show too.
 */
export function fillDocumentBody(
  snapshot: Snapshot,
  document: Pick<DocumentFrontMatter, 'title' | 'version' | 'updated'> & { body: string },
): FilledBody {
  return fillPlaceholders(document.body, placeholderValues(snapshot, document));
}
