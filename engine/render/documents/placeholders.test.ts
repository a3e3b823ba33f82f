import { describe, expect, it } from 'vitest';
import { placeholderNames } from '../../schema/placeholder-syntax.ts';
import { fillPlaceholders, placeholderValues } from './placeholders.ts';
import { fixtureSnapshot } from './test-support/fixture.ts';

const document = { title: 'Terms', version: '2', updated: '2026-11-01' };
const one = [{ id: 'mfa', title: 'MFA', evidence: 'attested' as const }];

describe('fillPlaceholders', () => {
  it('fills every placeholder from the snapshot, as text and not markdown', () => {
    const snapshot = fixtureSnapshot(one, 'Smith_&_*Co* [EU]');
    const values = placeholderValues(snapshot, document);
    expect(Object.keys(values).sort()).toEqual([...placeholderNames].sort());
    const filled = fillPlaceholders(
      '{{ org.legalName }} gives {{subprocessors.noticeDays}} days; {{ org.address }}; v{{ document.version }}',
      values,
    );
    expect(filled).toEqual({
      text: 'Smith\\_&\\_\\*Co\\* \\[EU\\] gives 45 days; 1 Main Street, Zürich; v2',
      missing: [],
      unknown: [],
    });
  });

  it('marks values the organisation has not stated and leaves unknown names as written', () => {
    const values = placeholderValues(fixtureSnapshot(one), document);
    const filled = fillPlaceholders(
      '{{ processing.supervisoryAuthority }} and {{ nope }} and {{7*7}}',
      values,
    );
    expect(filled).toEqual({
      text: '\\[not stated: processing.supervisoryAuthority\\] and {{ nope }} and {{7*7}}',
      missing: ['processing.supervisoryAuthority'],
      unknown: ['nope'],
    });
  });
});
