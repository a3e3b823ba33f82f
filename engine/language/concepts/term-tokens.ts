/**
 * Tokens for concept matching: lower-cased words with punctuation and hyphens as
 * separators, letters and digits split ("SOC2" → soc 2), British spellings and simple plurals
 * folded onto one form. Terms and questions go through the same function, so a canonical
 * token only has to be consistent, not a real word. Pure.
 */

/** A token of a text and where it sits in that text (UTF-16 offsets). */
export interface Token {
  token: string;
  start: number;
  end: number;
}

/** Words whose fold is not covered by the rules below. */
const spellings: Record<string, string> = {
  licence: 'license',
  licences: 'licenses',
  defence: 'defense',
  defences: 'defenses',
  offence: 'offense',
  offences: 'offenses',
  programme: 'program',
  programmes: 'programs',
  cookies: 'cookie',
  // Plurals too short for the rules below.
  ids: 'id',
  ips: 'ip',
  vms: 'vm',
  pcs: 'pc',
  dbs: 'db',
  // "https" is not the plural of "http": HSTS and HTTPS are different concepts.
  https: 'https',
};

/** Spelling rules, applied in order before plurals: British forms become American ones. */
const spellingRules: Array<[RegExp, string]> = [
  [/^([a-z]{3,})is(e|ed|es|ing|er|ers|ation|ations)$/, '$1iz$2'],
  [/^([a-z]{2,})ys(e|ed|es|ing|er|ers)$/, '$1yz$2'],
  [/^([a-z]{3,})our(s|ed|ing|ite|ites|able)?$/, '$1or$2'],
  [/^([a-z]{2,})([tb])re(s)?$/, '$1$2er$3'],
  [/^([a-z]{2,})(log)ue(s)?$/, '$1$2$3'],
  [/^([a-z]{3,})ell(ing|ed|er|ers)$/, '$1el$2'],
];

/** Singular of a simple English plural; other words unchanged. */
function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('sses') || word.endsWith('uses')) return word.slice(0, -2);
  if (/(?:ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (!word.endsWith('s') || /(?:ss|us)$/.test(word)) return word;
  if (word.length >= 5 && word.endsWith('is')) return word;
  return word.slice(0, -1);
}

/** The canonical form of one lower-case word (letters only, or digits only). */
export function canonicalWord(word: string): string {
  const fixed = spellings[word];
  if (fixed !== undefined) return fixed;
  let value = word;
  for (const [pattern, replacement] of spellingRules) {
    if (pattern.test(value)) {
      value = value.replace(pattern, replacement);
      break;
    }
  }
  return singular(value);
}

const partPattern = /\p{L}+|\p{N}+/gu;

/** Words left out of matching on both sides (terms and texts). */
const skipped = new Set([
  'a',
  'an',
  'the',
  'our',
  'your',
  'their',
  'its',
  'my',
  'his',
  'her',
  'these',
  'those',
]);

/** A text without apostrophes, so "customer's" and "customers'" read as "customers". */
export function withoutApostrophes(text: string): string {
  return text.replace(/['’]/g, '');
}

/**
 * Canonical tokens of a text with their offsets, in order. Apostrophes separate words here:
 * remove them first with `withoutApostrophes`.
 */
export function tokensOf(text: string, { keepArticles = false } = {}): Token[] {
  const tokens: Token[] = [];
  for (const part of text.matchAll(partPattern)) {
    const word = fold(part[0]);
    // Articles and possessives never change a concept: "where is our data stored" names the
    // same thing as "where data is stored". Scopes keep them ("your own", "your company").
    if (!keepArticles && skipped.has(word)) continue;
    tokens.push({
      token: canonicalWord(word),
      start: part.index,
      end: part.index + part[0].length,
    });
  }
  return tokens;
}

/** Lower case without diacritics: "Données" → "donnees". */
function fold(word: string): string {
  return word.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
}

/** Canonical tokens of a term, without offsets. */
export function termTokens(term: string, options: { keepArticles?: boolean } = {}): string[] {
  return tokensOf(withoutApostrophes(term), options).map((entry) => entry.token);
}
