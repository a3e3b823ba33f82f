import { isSupportedLanguage, type Translate, translator } from '../../language/i18n/translate.ts';

/**
 * The words of a mail to someone who wrote from a page in `language` (stored with their
 * subscription or request); English when none was recorded or it is not one Attest writes.
 */
export function mailTranslator(language: string | null | undefined): Translate {
  return translator(language && isSupportedLanguage(language) ? language : 'en');
}
