import { createInstance } from 'i18next';
import { isLanguage, type Language, supportedLanguages } from '../../schema/translations.ts';
import { de } from './de.ts';
import { type Catalog, en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

// The languages Attest speaks for its own words (navigation, statuses, document furniture,
// mails) are the file format's: an organisation declares which of them its trust center is
// built in (`languages:` in policies/trust-center.yaml).
export { type Language, supportedLanguages };

/** Every catalog by language; English is the source the others translate. */
export const catalogs: Record<Language, Catalog> = { en, fr, de, es };

/** Each language named in itself, as a language switcher lists it. */
export const languageAutonyms: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
};

/** Whether `code` is a language Attest has a catalog for. */
export const isSupportedLanguage = isLanguage;

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type WithoutPlural<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;
type Keys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${WithoutPlural<K>}`
    : Keys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A message of the catalogs, by its dotted path (plural forms under their base key). */
export type MessageKey = Keys<typeof en>;

/** Values put into a message: `{{name}}`, and `count`, which also picks the plural form. */
export type MessageValues = Record<string, string | number>;

/** Attest's words in one language: `t('site.nav.faq')`, `t('overview.pending', { count })`. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

const i18n = createInstance();
void i18n.init({
  resources: Object.fromEntries(
    Object.entries(catalogs).map(([language, catalog]) => [language, { translation: catalog }]),
  ),
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...supportedLanguages],
  initAsync: false,
  showSupportNotice: false,
  returnNull: false,
  // Every output escapes for its own format (Astro for HTML, pdfkit draws text, mail is plain).
  interpolation: { escapeValue: false },
});

const translators = new Map<Language, Translate>();

/**
 * The translator for `language` (English for a language Attest has no catalog for). A key a
 * catalog lacks falls back to English, never to the key itself.
 */
export function translator(language: string): Translate {
  const lang: Language = isSupportedLanguage(language) ? language : 'en';
  let translate = translators.get(lang);
  if (!translate) {
    const fixed = i18n.getFixedT(lang);
    translate = (key, values) => String(fixed(key, values ?? {}));
    translators.set(lang, translate);
  }
  return translate;
}
