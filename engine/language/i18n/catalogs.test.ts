import { describe, expect, it } from 'vitest';
import type { Catalog } from './en.ts';
import { catalogs, supportedLanguages, translator } from './translate.ts';

const pluralForm = /_(zero|one|two|few|many|other)$/;

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === 'string') flat.set(`${prefix}${key}`, value);
    else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) flat.set(inner, text);
  }
  return flat;
}

const variables = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1]).sort();

/** The keys a language needs for an English key: every plural form it has, or the key. */
function keysNeeded(language: string, englishKey: string): Map<string, string> {
  const base = englishKey.replace(pluralForm, '');
  if (base === englishKey) return new Map([[englishKey, englishKey]]);
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  // Each form is compared with the English form of the same category, else English "other".
  return new Map(
    categories.map((category) => [
      `${base}_${category}`,
      category === 'one' ? `${base}_one` : `${base}_other`,
    ]),
  );
}

const english = flatten(catalogs.en);

describe('the message catalogs', () => {
  for (const language of supportedLanguages.filter((code) => code !== 'en')) {
    const catalog = flatten(catalogs[language]);

    it(`${language} has every message English has, with each plural form it needs`, () => {
      const missing = [...english.keys()]
        .flatMap((key) => [...keysNeeded(language, key).keys()])
        .filter((key) => !catalog.has(key));
      expect(missing).toEqual([]);
    });

    it(`${language} has no message English lacks`, () => {
      const bases = new Set([...english.keys()].map((key) => key.replace(pluralForm, '')));
      const extra = [...catalog.keys()].filter((key) => !bases.has(key.replace(pluralForm, '')));
      expect(extra).toEqual([]);
    });

    it(`${language} puts in the same values as English, message by message`, () => {
      const differing: string[] = [];
      for (const englishKey of english.keys())
        for (const [key, source] of keysNeeded(language, englishKey)) {
          const text = catalog.get(key);
          const sourceText = english.get(source) ?? english.get(englishKey) ?? '';
          if (text === undefined) continue;
          const expected = variables(sourceText).filter((name) => name !== 'count');
          const actual = variables(text).filter((name) => name !== 'count');
          if (expected.join() !== actual.join())
            differing.push(`${key}: {${actual.join()}} instead of {${expected.join()}}`);
        }
      expect(differing).toEqual([]);
    });
  }

  it('pick the plural form by count in each language', () => {
    expect(translator('en')('overview.pending', { count: 1 })).toBe('1 announced change pending.');
    expect(translator('en')('overview.pending', { count: 2 })).toBe('2 announced changes pending.');
    expect(translator('fr')('overview.pending', { count: 1 })).toBe(
      '1 changement annoncé en attente.',
    );
    expect(translator('fr')('overview.pending', { count: 0 })).toBe(
      '0 changement annoncé en attente.',
    );
    expect(translator('de')('overview.pending', { count: 3 })).toBe(
      '3 angekündigte Änderungen stehen aus.',
    );
    expect(translator('es')('overview.pending', { count: 1_000_000 })).toBe(
      '1000000 cambios anunciados pendientes.',
    );
  });

  it('fall back to English for a language without a catalog', () => {
    expect(translator('nl')('site.nav.faq')).toBe('FAQ');
    expect(translator('de')('site.title', { name: 'Acme' })).toBe('Acme Trust Center');
  });
});
