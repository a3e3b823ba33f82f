import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrganisationFromDir } from '../fs/read-organisation.ts';
import { repoRoot } from '../fs/test-organisations.ts';
import { testNow } from '../test-support/clock.ts';
import { renderSecurityTxt } from './security-txt.ts';

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const languageTag = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
/** Fields whose value, when it is a web URI, must use https (RFC 9116 §2.5). */
const httpsWhenWeb = ['acknowledgments', 'canonical', 'contact', 'encryption', 'hiring', 'policy'];

/**
 * Problems with a security.txt under RFC 9116, as sentences; none means it passes. Checks:
 * every line is `Field: value` (or a `#` comment), the file ends with a newline, Contact
 * appears at least once and each is a mailto: or https: URI, Expires appears exactly once in
 * RFC 3339 format and lies after `now`, Canonical URIs are https, Preferred-Languages appears
 * at most once as a comma-separated list of language tags, web URIs are https. Field names
 * are matched case-insensitively.
 */
function checkRfc9116(text: string, now: Date): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\n')) problems.push('the file does not end with a newline');
  const fields: Array<{ name: string; value: string }> = [];
  text
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.startsWith('#')) return;
      const match = /^([A-Za-z0-9-]+):[ \t]*(\S.*)$/.exec(line);
      if (!match?.[1] || !match[2]) {
        problems.push(`line ${index + 1} is not "Field: value": ${JSON.stringify(line)}`);
        return;
      }
      fields.push({ name: match[1].toLowerCase(), value: match[2].trim() });
    });
  const values = (name: string) => fields.filter((f) => f.name === name).map((f) => f.value);

  const contacts = values('contact');
  if (contacts.length === 0) problems.push('no Contact field');
  for (const contact of contacts) {
    if (!/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/.test(contact)) {
      problems.push(`Contact is not a mailto: or https: URI: ${contact}`);
    }
  }

  const expires = values('expires');
  if (expires.length !== 1) problems.push(`Expires appears ${expires.length} times, not once`);
  for (const value of expires) {
    if (!rfc3339.test(value) || Number.isNaN(Date.parse(value))) {
      problems.push(`Expires is not an RFC 3339 timestamp: ${value}`);
    } else if (Date.parse(value) <= now.getTime()) {
      problems.push(`Expires is in the past: ${value}`);
    }
  }

  for (const canonical of values('canonical')) {
    if (!canonical.startsWith('https://')) problems.push(`Canonical is not https: ${canonical}`);
  }
  for (const name of httpsWhenWeb) {
    for (const value of values(name)) {
      if (/^http:/i.test(value)) problems.push(`${name} uses http, not https: ${value}`);
    }
  }

  const languages = values('preferred-languages');
  if (languages.length > 1) problems.push('Preferred-Languages appears more than once');
  for (const list of languages) {
    for (const tag of list.split(',').map((item) => item.trim())) {
      if (!languageTag.test(tag)) problems.push(`Preferred-Languages has a bad tag: "${tag}"`);
    }
  }
  return problems;
}

/** Organisation directories in the repository: the root and each example. */
function organisationDirs(): string[] {
  const examples = join(repoRoot, 'examples');
  return [
    repoRoot,
    ...readdirSync(examples)
      .map((name) => join(examples, name))
      .filter((dir) => statSync(dir).isDirectory())
      .sort(),
  ];
}

describe('security.txt against RFC 9116', () => {
  // The pinned test clock, not the wall clock: a fixed Expires must not turn this red later.
  // (The time-bomb test in engine/fs warns ahead of any real expiry.)
  const now = testNow;

  it.each(organisationDirs().map((dir) => [relative(repoRoot, dir) || '(root)', dir]))(
    'passes for %s',
    async (_name, dir) => {
      const { model } = await loadOrganisationFromDir(dir);
      const disclosure = model?.disclosure;
      if (!disclosure) throw new Error(`${dir} has no policies/disclosure.yaml`);
      const text = renderSecurityTxt(disclosure, { publishedAt: now.toISOString() });
      expect(checkRfc9116(text, now)).toEqual([]);
    },
  );

  it('covers six organisations', () => {
    expect(organisationDirs()).toHaveLength(6);
  });

  it('the checker catches what RFC 9116 forbids', () => {
    const future = '2999-01-01T00:00:00Z';
    expect(checkRfc9116(`Contact: mailto:a@b.example\nExpires: ${future}\n`, now)).toEqual([]);
    expect(checkRfc9116(`CONTACT: https://b.example/report\nexpires: ${future}\n`, now)).toEqual(
      [],
    );
    expect(checkRfc9116(`Expires: ${future}\n`, now)).toEqual(['no Contact field']);
    expect(checkRfc9116(`Contact: a@b.example\nExpires: ${future}\n`, now)).toEqual([
      'Contact is not a mailto: or https: URI: a@b.example',
    ]);
    expect(checkRfc9116('Contact: http://b.example\nExpires: 2000-01-01T00:00:00Z', now)).toEqual([
      'the file does not end with a newline',
      'Contact is not a mailto: or https: URI: http://b.example',
      'Expires is in the past: 2000-01-01T00:00:00Z',
      'contact uses http, not https: http://b.example',
    ]);
    expect(
      checkRfc9116(`Contact: mailto:a@b.example\nExpires: ${future}\nExpires: ${future}\n`, now),
    ).toEqual(['Expires appears 2 times, not once']);
    expect(checkRfc9116('Contact: mailto:a@b.example\nExpires: 2999-01-01\n', now)).toEqual([
      'Expires is not an RFC 3339 timestamp: 2999-01-01',
    ]);
    expect(
      checkRfc9116(
        `Contact: mailto:a@b.example\nExpires: ${future}\nCanonical: http://b.example/.well-known/security.txt\nPreferred-Languages: en, not a tag\nPolicy http://b.example\n`,
        now,
      ),
    ).toEqual([
      'line 5 is not "Field: value": "Policy http://b.example"',
      'Canonical is not https: http://b.example/.well-known/security.txt',
      'canonical uses http, not https: http://b.example/.well-known/security.txt',
      'Preferred-Languages has a bad tag: "not a tag"',
    ]);
  });
});
