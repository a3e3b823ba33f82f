import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../load-organisation.ts';
import { loadOrganisation } from '../load-organisation.ts';
import { fixtureToday, minimalOrganisation } from '../test-fixture.ts';

const controlPath = 'controls/encryption-in-transit.yaml';
const profilePath = 'policies/trust-center.yaml';

/** The fixture with the profile declaring `languages` and the control translated by `yaml`. */
function organisation(languages: string, translations: string): SourceFile[] {
  return minimalOrganisation().map((file) => {
    if (file.path === profilePath)
      return { ...file, text: `${file.text}languages: ${languages}\n` };
    if (file.path === controlPath)
      return {
        ...file,
        text: file.text.replace(
          'claim: All traffic uses TLS 1.2 or newer.\n',
          `claim: All traffic uses TLS 1.2 or newer.\n${translations}`,
        ),
      };
    return file;
  });
}

function errors(files: SourceFile[]): string[] {
  return loadOrganisation(files, { today: fixtureToday })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.file}:${d.line}:${d.column} ${d.message} (${d.hint ?? ''}) [${d.code}]`);
}

const french = `translations:
  fr:
    claim: Tout le trafic utilise TLS 1.2 ou plus récent.
`;

describe('content translations', () => {
  it('are read beside the text they translate, for a declared language', () => {
    const files = organisation('[en, fr]', french);
    expect(errors(files)).toEqual([]);
    const { model } = loadOrganisation(files, { today: fixtureToday });
    expect(model?.controls[0]?.translations).toEqual({
      fr: { claim: 'Tout le trafic utilise TLS 1.2 ou plus récent.' },
    });
    expect(model?.profile.languages).toEqual(['en', 'fr']);
  });

  it('name the file, line and column of a translation into a language the profile does not declare', () => {
    expect(errors(organisation('[en]', french))).toEqual([
      `${controlPath}:11:3 a translation into "fr", which the trust center is not published in (add fr to languages: in policies/trust-center.yaml (now en), or remove this translation) [translation-language-undeclared]`,
    ]);
  });

  it('point at a translated field the entry does not have', () => {
    const [error] = errors(organisation('[en, fr]', `translations:\n  fr:\n    claims: Tout.\n`));
    expect(error).toMatch(
      new RegExp(
        `^${controlPath}:12:5 unknown key "claims" in translations.fr \\(did you mean "claim"\\?\\) \\[schema-unknown-key\\]$`,
      ),
    );
  });

  it('refuse a language Attest does not build pages in, in the profile and in a translation', () => {
    const found = errors(
      organisation('[en, nl]', `translations:\n  nl:\n    claim: Al het verkeer.\n`),
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toBe(
      `${controlPath}:11:3 unknown key "nl" in translations (allowed keys here: en, fr, de, es) [schema-unknown-key]`,
    );
    expect(found[1]).toMatch(
      /^policies\/trust-center\.yaml:10:\d+ .*en, fr, de, es.*\[schema-invalid-value\]$/,
    );
  });
});
