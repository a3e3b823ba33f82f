import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNdaMarkdown } from './nda-terms.ts';

const bundled = readFileSync(new URL('./default-nda.md', import.meta.url), 'utf8');

describe('parseNdaMarkdown', () => {
  it('reads the bundled terms: title, version as written, and the body without front matter', () => {
    const terms = parseNdaMarkdown(bundled);
    expect(terms.title).toBe('Mutual confidentiality terms for shared security documents');
    expect(terms.version).toBe('1.0');
    expect(terms.body.startsWith('# Confidentiality terms\n')).toBe(true);
    expect(terms.body).not.toContain('visibility:');
    expect(terms.body).toBe(terms.body.trim());
  });

  it('reads quoted and unquoted values alike, and Windows line endings', () => {
    const text = [
      '---',
      'id: nda',
      'title: \'Terms: for "shared" documents\'',
      'version: 2.5',
      'visibility: public',
      'updated: 2026-11-23',
      '---',
      '',
      '# Terms',
      '',
    ].join('\r\n');
    expect(parseNdaMarkdown(text)).toEqual({
      title: 'Terms: for "shared" documents',
      version: '2.5',
      body: '# Terms',
    });
  });

  it('refuses terms without front matter or with an invalid one, naming the file', () => {
    expect(() => parseNdaMarkdown('# Terms\n', 'nda.md')).toThrow('nda.md has no front matter');
    expect(() => parseNdaMarkdown('---\nid: nda\ntitle: T\n---\nx\n', 'nda.md')).toThrow(
      /^nda\.md: /,
    );
  });
});
