import type { Diagnostic } from '../../source/diagnostic.ts';
import type { ValuePath, YamlSource } from '../../source/yaml-source.ts';
import { diagnosticAt, type Rule } from './context.ts';

/** Where a file declares translations: the path of each `translations:` and its languages. */
interface TranslationSite {
  loaded: { source: YamlSource };
  path: ValuePath;
  languages: string[];
}

function site(
  loaded: { source: YamlSource },
  path: ValuePath,
  translations: object | undefined,
): TranslationSite[] {
  return translations ? [{ loaded, path, languages: Object.keys(translations) }] : [];
}

/**
 * A translation is for a language the trust center is published in: one for a language the
 * profile does not declare would never be shown, so it is an error that names the fix.
 */
export const checkTranslationLanguages: Rule = ({ profile, controls, faq, certifications }) => {
  if (!profile) return [];
  const declared = profile.value.languages;
  const sites: TranslationSite[] = [
    ...site(profile, ['translations'], profile.value.translations),
    ...profile.value.categories.flatMap((category, index) =>
      site(profile, ['categories', index, 'translations'], category.translations),
    ),
    ...controls.flatMap((loaded) => site(loaded, ['translations'], loaded.value.translations)),
    ...(faq?.value.questions ?? []).flatMap((entry, index) =>
      site(faq as { source: YamlSource }, ['questions', index, 'translations'], entry.translations),
    ),
    ...(certifications?.value.certifications ?? []).flatMap((entry, index) =>
      site(
        certifications as { source: YamlSource },
        ['certifications', index, 'translations'],
        entry.translations,
      ),
    ),
  ];
  const diagnostics: Diagnostic[] = [];
  for (const { loaded, path, languages } of sites)
    for (const language of languages.filter((code) => !declared.includes(code as never)))
      diagnostics.push(
        diagnosticAt(
          loaded,
          [...path, language],
          'translation-language-undeclared',
          `a translation into "${language}", which the trust center is not published in`,
          {
            hint: `add ${language} to languages: in policies/trust-center.yaml (now ${declared.join(', ')}), or remove this translation`,
            target: 'key',
          },
        ),
      );
  return diagnostics;
};
