import { z } from 'zod';

/**
 * The languages Attest builds a trust center in: it has its own words for these (navigation,
 * statuses, documents, mails; engine/language/i18n). The first language an organisation
 * declares is its default, published at `/`; each further one under `/<code>/`.
 */
export const supportedLanguages = ['en', 'fr', 'de', 'es'] as const;

/** A language Attest builds pages in. */
export type Language = (typeof supportedLanguages)[number];

/** A language code of {@link supportedLanguages}. */
export const language = z.enum(supportedLanguages, {
  message: `Attest builds pages in ${supportedLanguages.join(', ')}; write one of these codes`,
});

/**
 * `translations:` beside the text it translates: language code → the same field names, each
 * optional. A field left out is shown in the source language, marked as such.
 */
export function translations<Shape extends z.ZodRawShape>(fields: Shape) {
  const described = Object.fromEntries(
    Object.entries(fields).map(([key, field]) => [
      key,
      (field as z.ZodType).describe(`\`${key}\` in this language.`),
    ]),
  ) as unknown as Shape;
  return z
    .partialRecord(language, z.strictObject(described).partial())
    .optional()
    .describe(
      `Translations of this entry's text, by language code (${supportedLanguages.join(', ')}), with the same field names (${Object.keys(fields).join(', ')}). Each language must be declared in policies/trust-center.yaml; a field left out is shown in the source language.`,
    );
}

/** Whether `code` is one of the {@link supportedLanguages}. */
export function isLanguage(code: string): code is Language {
  return (supportedLanguages as readonly string[]).includes(code);
}
