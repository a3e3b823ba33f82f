import type { GetStaticPathsResult } from 'astro';
import {
  isSupportedLanguage,
  type Language,
  type Translate,
  translator,
} from '../../engine/language/i18n/translate.ts';
import type { SiteData } from '../../engine/render/site-data.ts';
import { getSiteData } from './site-data.ts';

// Which language a page is in, and the links between its languages. The organisation's first
// declared language is its default, at `/`; every other one lives under `/<code>/`
// (site/pages/[...lang]/). Only declared languages are built; a server-rendered request for
// any other prefix gets the 404.

export type { Language, Translate };

/** The languages a trust center is published in, the default first. */
export function siteLanguages(data: SiteData): Language[] {
  const declared = data.snapshot.organisation.languages.filter(isSupportedLanguage);
  return declared.length ? declared : ['en'];
}

/** The language the organisation writes its own text in: its first declared one. */
export function sourceLanguage(data: SiteData): Language {
  return siteLanguages(data)[0] ?? 'en';
}

/**
 * `getStaticPaths` for a page built once per language: the default without a prefix (the
 * rest parameter `lang` left undefined), each other declared language under its code.
 */
export function languagePaths(data: SiteData): Array<{ params: { lang: string | undefined } }> {
  const [, ...others] = siteLanguages(data);
  return [{ params: { lang: undefined } }, ...others.map((lang) => ({ params: { lang } }))];
}

/** {@link languagePaths} times the paths of one page per item (e.g. one per control). */
export function languagePathsFor(
  data: SiteData,
  paths: GetStaticPathsResult,
): GetStaticPathsResult {
  return languagePaths(data).flatMap(({ params: { lang } }) =>
    paths.map((path) => ({ ...path, params: { ...path.params, lang } })),
  );
}

/**
 * The language of the page `params` names: the default one without a prefix, the declared
 * language its prefix names, or undefined when the prefix is no language of this site.
 */
export function languageOfParams(
  data: SiteData,
  params: Record<string, string | undefined>,
): Language | undefined {
  const prefix = params.lang;
  const languages = siteLanguages(data);
  if (prefix === undefined || prefix === '') return languages[0];
  const language = languages.slice(1).find((code) => code === prefix);
  return language;
}

/** What a page or component renders its words with. */
export interface PageLanguage {
  lang: Language;
  source: Language;
  t: Translate;
  /** A site path (`/controls/x/`) in this page's language (`/fr/controls/x/`). */
  href(path: string): string;
}

/** The {@link PageLanguage} of a page in `lang` of the site `data` describes. */
export function pageLanguage(data: SiteData, lang: Language): PageLanguage {
  const source = sourceLanguage(data);
  return { lang, source, t: translator(lang), href: (path) => localisedPath(data, lang, path) };
}

/** `path` (from the default language's root) in `lang`: `/x/` → `/fr/x/`. */
export function localisedPath(data: SiteData, lang: Language, path: string): string {
  return lang === sourceLanguage(data) ? path : `/${lang}${path}`;
}

/**
 * A piece of the organisation's own text in the page's language: the translation declared
 * beside it when there is one, else the source text with the source language, which the
 * page marks (`lang` attribute and a visible "in English").
 */
export interface LocalisedText {
  text: string;
  /** Set when the text is shown in its source language on a page in another language. */
  fallback?: Language;
}

/** Field `field` of `entry` in `lang`, or the source text marked as a fallback. */
export function localise<Field extends string>(
  entry: { translations?: Partial<Record<string, Partial<Record<Field, string>>>> } & Partial<
    Record<Field, string | undefined>
  >,
  field: Field,
  language: PageLanguage,
): LocalisedText {
  const source = entry[field] ?? '';
  if (language.lang === language.source) return { text: source };
  const translated = entry.translations?.[language.lang]?.[field];
  return translated ? { text: translated } : { text: source, fallback: language.source };
}

/**
 * The language of the page being rendered, from what Astro hands a page or component
 * (`Astro`): undefined when the page's prefix is no language of this site (its 404).
 */
export function currentLanguage(astro: {
  locals: object;
  params: Record<string, string | undefined>;
}): PageLanguage | undefined {
  const data = getSiteData(astro.locals);
  const lang = languageOfParams(data, astro.params);
  return lang ? pageLanguage(data, lang) : undefined;
}

/** {@link currentLanguage} for a component: a page already refused an unknown prefix. */
export function componentLanguage(astro: {
  locals: object;
  params: Record<string, string | undefined>;
}): PageLanguage {
  const data = getSiteData(astro.locals);
  return currentLanguage(astro) ?? pageLanguage(data, sourceLanguage(data));
}
