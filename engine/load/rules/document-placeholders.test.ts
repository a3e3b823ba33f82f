import { describe, expect, it } from 'vitest';
import { loadOrganisation } from '../load-organisation.ts';
import { fixtureToday, minimalOrganisation } from '../test-fixture.ts';

const path = 'policies/documents/terms.md';

function withDocument(body: string) {
  const files = minimalOrganisation();
  files.push({
    path,
    text: [
      '---',
      'id: terms',
      'title: Terms',
      'version: 1',
      'visibility: public',
      'updated: 2026-11-01',
      '---',
      body,
    ].join('\n'),
  });
  return loadOrganisation(files, { today: fixtureToday }).diagnostics.filter(
    (d) => d.code === 'placeholder-unknown',
  );
}

describe('document placeholders', () => {
  it('accepts known placeholders, with or without spaces inside the braces', () => {
    expect(
      withDocument('# Terms\n\n{{ org.legalName }} gives {{subprocessors.noticeDays}} days.\n'),
    ).toEqual([]);
  });

  it('reports an unknown placeholder at its line and column in the file, with a suggestion', () => {
    const found = withDocument(
      '# Terms\n\nSigned by {{ org.legalName }}.\nNotice: {{ subprocessors.noticeDay }} days, {{ foo }}.\n',
    );
    // The body starts on line 8 (after 7 front-matter lines); the typo is on body line 4.
    expect(found.map((d) => `${d.file}:${d.line}:${d.column} ${d.message} | ${d.hint}`)).toEqual([
      `${path}:11:9 "{{ subprocessors.noticeDay }}" is not a placeholder | did you mean {{ subprocessors.noticeDays }}?`,
      expect.stringMatching(
        new RegExp(
          `^${path}:11:45 "\\{\\{ foo \\}\\}" is not a placeholder \\| use one of: org\\.name, `,
        ),
      ),
    ]);
  });

  it('leaves double braces around anything but a name alone', () => {
    expect(withDocument('Hello {{ }} and {{7*7}} and {{ a b }}')).toEqual([]);
  });
});
