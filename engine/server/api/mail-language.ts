import type { Snapshot } from '../../evaluate/snapshot.ts';
import { isSupportedLanguage, type Translate, translator } from '../../language/i18n/translate.ts';
import type { PageLanguage } from './page.tsx';

/**
 * The words of a mail to someone who wrote from a page in `language` (stored with their
 * subscription or request); English when none was recorded or it is not one Attest writes.
 */
export function mailTranslator(language: string | null | undefined): Translate {
  return translator(language && isSupportedLanguage(language) ? language : 'en');
}

/**
 * The result page of a form posted from a page in `language`: its `lang`, its words and a
 * "back" link to the trust center in that language (`/` for the default one).
 */
export function resultPageLanguage(
  language: string | null | undefined,
  snapshot: Snapshot | undefined,
): PageLanguage & { t: Translate } {
  const t = mailTranslator(language);
  const lang = language && isSupportedLanguage(language) ? language : 'en';
  const home = snapshot?.organisation.languages[0] === lang || !language ? '/' : `/${lang}/`;
  return { lang, back: t('result.back'), home, t };
}
