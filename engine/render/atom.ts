import { createHash } from 'node:crypto';
import { isPublished } from '../evaluate/public-view.ts';
import type { ChangelogEntry, Snapshot } from '../evaluate/snapshot.ts';
import { subjectAnchor } from './anchors.ts';
import { changelogKindLabels } from './labels.ts';
import { escapeXml } from './xml.ts';

/** Options of {@link renderAtomFeed}. */
export interface AtomFeedOptions {
  /** Absolute URL the feed itself is published at (its `rel="self"` link). */
  selfUrl: string;
  /** Absolute URL of the trust page; entries link to their anchors on its changelog page. */
  siteUrl: string;
  /** `subprocessors`: only subprocessor changes (`subprocessors.atom`). Default: every change. */
  only?: 'subprocessors';
}

/** The RFC 4122 namespace for names that are URLs. */
const urlNamespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/** A name-based (version 5, SHA-1) UUID as a `urn:uuid:` URI: the same name, the same id. */
export function uuidUrn(name: string): string {
  const bytes = createHash('sha1').update(urlNamespace).update(name, 'utf8').digest();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  const parts = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return `urn:uuid:${parts.join('-')}-${hex.slice(20)}`;
}

/** An RFC 3339 timestamp for a changelog date; a bare date is the start of that day (UTC). */
function timestamp(date: string): string {
  return new Date(date).toISOString();
}

/**
 * The entries a public feed may carry: none about a control that is gated or withheld, none
 * about subprocessors when their list is given on request only.
 */
function publicEntries(snapshot: Snapshot, only: AtomFeedOptions['only']): ChangelogEntry[] {
  const hidden = new Set(
    snapshot.controls.filter((control) => !isPublished(control)).map((control) => control.id),
  );
  const listed = snapshot.subprocessors.listing === 'public';
  return snapshot.changelog.filter((entry) => {
    if (only === 'subprocessors' && entry.kind !== 'subprocessor') return false;
    if (entry.kind === 'subprocessor') return listed;
    return !(entry.kind === 'control' && hidden.has(entry.subject));
  });
}

/**
 * Renders an Atom 1.0 feed (RFC 4287) of the snapshot's changelog, newest first: `changes.atom`,
 * or with `only: 'subprocessors'` the subprocessor changes alone (`subprocessors.atom`). Ids are
 * `urn:uuid:` names derived from the organisation's URL and each entry's `id` (or, without one,
 * its content), so they stay the same across builds; times come from the snapshot only. All
 * text is XML-escaped.
 */
export function renderAtomFeed(snapshot: Snapshot, options: AtomFeedOptions): string {
  const { organisation } = snapshot;
  const base = organisation.url ?? organisation.website;
  const subprocessorsOnly = options.only === 'subprocessors';
  const entries = publicEntries(snapshot, options.only)
    .map((entry) => ({ entry, updated: timestamp(entry.date) }))
    .sort((a, b) => b.updated.localeCompare(a.updated));
  const seen = new Map<string, number>();
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${uuidUrn(`${base}#${subprocessorsOnly ? 'subprocessor-changes' : 'changes'}`)}</id>`,
    `  <title type="text">${escapeXml(`${organisation.name} ${subprocessorsOnly ? 'subprocessor changes' : 'trust center changes'}`)}</title>`,
    `  <updated>${entries[0]?.updated ?? timestamp(snapshot.publishedAt)}</updated>`,
    `  <author><name>${escapeXml(organisation.name)}</name><uri>${escapeXml(organisation.website)}</uri></author>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(options.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(options.siteUrl)}"/>`,
    '  <generator uri="https://attest.dev">Attest</generator>',
  ];
  for (const { entry, updated } of entries) {
    const key =
      entry.id ?? JSON.stringify([entry.date, entry.kind, entry.subject, entry.title, entry.text]);
    const repeat = seen.get(key) ?? 0;
    seen.set(key, repeat + 1);
    const id = uuidUrn(`${base}#change:${key}${repeat ? `:${repeat}` : ''}`);
    // The changelog page anchors every subject's newest entry, removed subjects included.
    const link = new URL(`changelog/#${subjectAnchor(entry.kind, entry.subject)}`, options.siteUrl)
      .href;
    lines.push(
      '  <entry>',
      `    <id>${id}</id>`,
      `    <title type="text">${escapeXml(entry.title)}</title>`,
      `    <updated>${updated}</updated>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(link)}"/>`,
      `    <category term="${entry.kind}" label="${changelogKindLabels[entry.kind]}"/>`,
      `    <content type="text">${escapeXml(entry.text)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>');
  return `${lines.join('\n')}\n`;
}
