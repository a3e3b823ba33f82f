import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { ChangelogEntry } from '../evaluate/snapshot.ts';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { renderAtomFeed, uuidUrn } from './atom.ts';

const options = {
  selfUrl: 'https://trust.example.com/changes.atom',
  siteUrl: 'https://trust.example.com/',
};

interface AtomEntry {
  id: string;
  title: { '#text': string };
  updated: string;
  link: Array<{ '@_href': string; '@_rel': string }>;
  category: { '@_term': string };
  content: { '#text': string };
}

interface AtomFeed {
  id: string;
  title: { '#text': string };
  updated: string;
  author: { name: string; uri: string };
  link: Array<{ '@_rel': string; '@_href': string }>;
  entry: AtomEntry[];
}

/** Parses an Atom document, failing on anything that is not well-formed XML. */
function parseFeed(xml: string): AtomFeed {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    isArray: (name) => name === 'entry' || name === 'link',
    alwaysCreateTextNode: false,
  }).parse(xml) as { feed: AtomFeed & { '@_xmlns': string } };
  expect(parsed.feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
  return { ...parsed.feed, entry: parsed.feed.entry ?? [] };
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function change(fields: Partial<ChangelogEntry> & Pick<ChangelogEntry, 'date'>): ChangelogEntry {
  return {
    kind: 'control',
    subject: 'encryption-in-transit',
    title: 'Encryption in transit',
    text: 'Changed.',
    ...fields,
  };
}

describe('renderAtomFeed', () => {
  it('has every element RFC 4287 requires, entries newest first', () => {
    const feed = parseFeed(renderAtomFeed(createSnapshotFixture(), options));
    expect(feed.id).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(feed.title['#text']).toBe('Example trust center changes');
    expect(feed.author).toEqual({ name: 'Example', uri: 'https://example.com' });
    expect(feed.link).toContainEqual(
      expect.objectContaining({ '@_rel': 'self', '@_href': options.selfUrl }),
    );
    expect(feed.entry.map((entry) => entry.title['#text'])).toEqual([
      'New subprocessor: Sentry',
      'Encryption in transit (version 3)',
    ]);
    expect(feed.updated).toBe('2026-11-20T14:03:00.000Z');
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(/^urn:uuid:/);
      expect(entry.updated).toMatch(rfc3339);
      expect(entry.content['#text']).not.toBe('');
    }
    expect(feed.entry[1]).toMatchObject({
      updated: '2026-10-02T00:00:00.000Z',
      link: [
        {
          '@_rel': 'alternate',
          '@_href': 'https://trust.example.com/changelog/#control-encryption-in-transit',
        },
      ],
      category: { '@_term': 'control' },
      content: { '#text': 'Minimum TLS raised to 1.2' },
    });
    expect(new Set(feed.entry.map((entry) => entry.id)).size).toBe(feed.entry.length);
  });

  it('escapes hostile text so it stays text', () => {
    const hostile = `<script>alert("x")</script> & 'quoted' ]]>`;
    const snapshot = createSnapshotFixture({
      changelog: [change({ date: '2026-11-01', title: hostile, text: hostile })],
    });
    snapshot.organisation.name = 'Tom & "Jerry" <Ltd>';
    const xml = renderAtomFeed(snapshot, {
      selfUrl: 'https://trust.example.com/changes.atom?a=1&b="2"',
      siteUrl: options.siteUrl,
    });
    expect(xml).not.toContain('<script>');
    expect(xml).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quoted&apos;',
    );
    const feed = parseFeed(xml);
    expect(feed.entry[0]?.title['#text']).toBe(hostile);
    expect(feed.entry[0]?.content['#text']).toBe(hostile);
    expect(feed.author.name).toBe('Tom & "Jerry" <Ltd>');
    expect(feed.link[0]?.['@_href']).toBe('https://trust.example.com/changes.atom?a=1&b="2"');
  });

  it('keeps changes to gated and withheld controls out', () => {
    const snapshot = createSnapshotFixture();
    snapshot.changelog.push(
      change({ date: '2026-11-10', subject: 'tenant-isolation', title: 'Tenant isolation' }),
      change({ date: '2026-11-11', subject: 'multi-factor-authentication', title: 'MFA' }),
      change({ date: '2026-09-01', subject: 'retired-control', title: 'Control removed' }),
    );
    const xml = renderAtomFeed(snapshot, options);
    expect(xml).not.toContain('tenant-isolation');
    expect(xml).not.toContain('multi-factor-authentication');
    expect(parseFeed(xml).entry.map((entry) => entry.title['#text'])).toContain('Control removed');
  });

  it('offers a subprocessor-only feed with its own id', () => {
    const snapshot = createSnapshotFixture();
    const all = parseFeed(renderAtomFeed(snapshot, options));
    const feed = parseFeed(
      renderAtomFeed(snapshot, {
        ...options,
        selfUrl: 'https://trust.example.com/subprocessors.atom',
        only: 'subprocessors',
      }),
    );
    expect(feed.title['#text']).toBe('Example subprocessor changes');
    expect(feed.id).not.toBe(all.id);
    expect(feed.entry.map((entry) => entry.category['@_term'])).toEqual(['subprocessor']);
    expect(feed.entry[0]?.link[0]?.['@_href']).toBe(
      'https://trust.example.com/changelog/#subprocessor-sentry',
    );
    expect(feed.entry[0]?.id).toBe(all.entry[0]?.id);
  });

  it('names no subprocessor when the list is given on request', () => {
    const snapshot = createSnapshotFixture();
    snapshot.subprocessors.listing = 'on-request';
    const xml = renderAtomFeed(snapshot, { ...options, only: 'subprocessors' });
    expect(xml).not.toContain('Sentry');
    expect(parseFeed(xml).entry).toEqual([]);
    expect(renderAtomFeed(snapshot, options)).not.toContain('Sentry');
  });

  it('dates an empty feed with the publication time', () => {
    const feed = parseFeed(renderAtomFeed(createSnapshotFixture({ changelog: [] }), options));
    expect(feed.updated).toBe('2026-11-20T14:03:00.000Z');
    expect(feed.entry).toEqual([]);
  });

  it('is byte-identical for the same snapshot, with ids that survive a new publication', () => {
    const first = renderAtomFeed(createSnapshotFixture(), options);
    expect(renderAtomFeed(createSnapshotFixture(), options)).toBe(first);
    const later = createSnapshotFixture({
      publishedAt: '2026-12-01T09:00:00.000Z',
      contentHash: 'e'.repeat(64),
    });
    later.changelog.unshift(change({ date: '2026-12-01', title: 'Newer change' }));
    const ids = (xml: string) => parseFeed(xml).entry.map((entry) => entry.id);
    expect(ids(renderAtomFeed(later, options)).slice(1)).toEqual(ids(first));
    expect(parseFeed(renderAtomFeed(later, options)).id).toBe(parseFeed(first).id);
  });

  it('uses an entry id from the changelog when there is one, and never repeats an id', () => {
    const twin = change({ date: '2026-11-01', id: 'control/encryption-in-transit/v4' });
    const feed = parseFeed(
      renderAtomFeed(createSnapshotFixture({ changelog: [twin, { ...twin }] }), options),
    );
    expect(feed.entry[0]?.id).toBe(
      uuidUrn('https://trust.example.com#change:control/encryption-in-transit/v4'),
    );
    expect(feed.entry[1]?.id).not.toBe(feed.entry[0]?.id);
  });
});

describe('uuidUrn', () => {
  it('gives the RFC 4122 version 5 UUID of a URL', () => {
    expect(uuidUrn('https://example.com/x')).toBe('urn:uuid:49517db3-5541-5e91-9cd4-395dd68a97ac');
  });
});
