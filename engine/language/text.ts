/**
 * Text handling for matching questions to knowledge: normalisation, a small security
 * vocabulary of synonyms, stop words, a light stemmer and polarity cues. Pure.
 */

import { stopWords, synonymPhrases, wordSynonyms } from './vocabulary.ts';

/** Cues that a question asks about a bad practice: "Yes" would admit a weakness. */
const negativeCues = new Set([
  'plaintext',
  'hardcoded',
  'sell',
  'defaultpassword',
  'sharedaccount',
  'withoutconsent',
]);

/** Lower-cases and folds phrases of the security vocabulary onto canonical tokens. */
export function normalise(text: string): string {
  let value = ` ${text.toLowerCase().replace(/[‘’]/g, "'").replace(/&/g, ' and ')} `;
  value = value
    .replace(/\bdata cent(?:er|re)s?\b/g, ' datacenter ')
    .replace(/\bsign[- ]?in\b/g, ' signin ');
  for (const [pattern, token] of synonymPhrases) value = value.replace(pattern, token);
  return value;
}

function stem(word: string): string {
  const mapped =
    wordSynonyms[word] ??
    (word.length > 4 && word.endsWith('s') ? wordSynonyms[word.slice(0, -1)] : undefined);
  if (mapped) return mapped;
  let stemmed = word;
  if (stemmed.length > 5 && stemmed.endsWith('ies')) return `${stemmed.slice(0, -3)}y`;
  if (stemmed.length > 6 && stemmed.endsWith('ly')) stemmed = stemmed.slice(0, -2);
  // "automatically" → "automatic", "periodically" → "periodic".
  if (stemmed.length > 6 && stemmed.endsWith('ical') && word.endsWith('ically'))
    stemmed = stemmed.slice(0, -2);
  if (stemmed.length > 7 && stemmed.endsWith('ment')) stemmed = stemmed.slice(0, -4);
  const suffixed =
    (stemmed.length > 5 && stemmed.endsWith('ing')) ||
    (stemmed.length > 4 && stemmed.endsWith('ed'));
  if (stemmed.length > 5 && stemmed.endsWith('ing')) stemmed = stemmed.slice(0, -3);
  else if (stemmed.length > 4 && stemmed.endsWith('ed')) stemmed = stemmed.slice(0, -2);
  else if (stemmed.length > 3 && stemmed.endsWith('s') && !stemmed.endsWith('ss'))
    stemmed = stemmed.slice(0, -1);
  // "resetting" → "reset", "stopped" → "stop" (a doubled last letter, but not l, s or z).
  if (suffixed && /([b-df-hj-km-np-rtv-y])\1$/.test(stemmed) && stemmed.length > 3)
    stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 4 && stemmed.endsWith('e')) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

/** Stems that say whose data a question is about, which every question implies. */
const weakStems = new Set(['customer', 'user']);

/** Every token of a text (stemmed, synonyms folded), stop words removed, in order. */
export function tokenise(text: string): string[] {
  const words = normalise(text).match(/[a-z0-9]+(?:\.[0-9]+)*/g) ?? [];
  return words
    .filter((word) => !stopWords.has(word))
    .map(stem)
    .filter((token) => !weakStems.has(token));
}

/**
 * For each negative cue, words a control must mention to deny the bad practice (a control
 * about hashing passwords denies plaintext passwords). No words: only an explicit statement
 * or known answer can deny it.
 */
export const denyingTokens: Record<string, readonly string[]> = {
  plaintext: ['encrypt', 'hash'],
  hardcoded: [],
  sell: [],
  defaultpassword: [],
  sharedaccount: [],
  withoutconsent: ['consent', 'permission', 'approval', 'grant', 'authoris', 'authoriz'],
};

/**
 * Words that rule something out outright ("not", "never", "no"): such a sentence can answer
 * "no". Restrictions ("only after the customer grants access") are not among them.
 */
export const hardNegationPattern =
  /\b(?:(?:not|no)(?!\s+(?:more|later|longer|less|fewer|earlier|sooner)\s+than\b)|never|without|cannot|can't|don't|doesn't|isn't|aren't|won't|none|neither|nor|nobody)\b/i;

/** Words that deny what a sentence says: such a sentence cannot support a "yes". */
export const negationPattern =
  /\b(?:(?:not|no)(?!\s+(?:more|later|longer|less|fewer|earlier|sooner)\s+than\b)|never|without|cannot|can't|don't|doesn't|isn't|aren't|won't|none|neither|nor|nobody|only (?:after|if|when|with|on request))\b/i;

/** The negative cues present in a question. */
export function negativeCuesOf(text: string): string[] {
  const tokens = normalise(text).match(/[a-z0-9]+/g) ?? [];
  return [...new Set(tokens.filter((token) => negativeCues.has(token)))];
}

/** Whether a question asks about a bad practice ("…in plaintext?", "…hard-coded?"). */
export function isNegativeQuestion(text: string): boolean {
  const tokens = normalise(text).match(/[a-z0-9]+/g) ?? [];
  return tokens.some((token) => negativeCues.has(token));
}

/** Damerau–Levenshtein distance of at most one. */
export function oneSlip(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    const [i, j] = diff;
    return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  return long.slice(i + 1) === short.slice(i);
}
