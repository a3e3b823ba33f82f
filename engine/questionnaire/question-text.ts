/**
 * Judging the text of one cell: does it read like a question, an id, a sub-question of the
 * question above, or prose? Pure and phrasing-independent beyond a few English cue words.
 */

/** First words that open a question or a request for information. */
const openingWords = new Set([
  'is',
  'are',
  'do',
  'does',
  'did',
  'has',
  'have',
  'had',
  'can',
  'could',
  'will',
  'would',
  'should',
  'shall',
  'was',
  'were',
  'may',
  'must',
  'how',
  'what',
  'when',
  'where',
  'which',
  'who',
  'whom',
  'why',
  'describe',
  'provide',
  'list',
  'explain',
  'identify',
  'indicate',
  'specify',
  'state',
  'outline',
  'detail',
  'summarize',
  'summarise',
  'attach',
  'upload',
  'confirm',
  'name',
  'give',
  'share',
  'include',
  'submit',
  'define',
  'demonstrate',
  'document',
  'select',
]);

/** Words a statement to confirm (Yes/No) needs at least this many of. */
const statementWords = 6;

/** Leading numbering (`1.`, `1.2)`, `Q3:`) that says nothing about the text itself. */
const numbering = /^(?:q(?:uestion)?\s*)?\d+(?:\.\d+)*[.):]?\s+/i;

const subMarker =
  /^(?:[a-z][.)]|(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)[.)]|\((?:[a-z]|[ivx]+|\d{1,2})\)|[-–—•▪◦*])\s*/;

/** The text without leading numbering or "please". */
function opening(text: string): string {
  return text
    .replace(numbering, '')
    .replace(/^please\s+/i, '')
    .trim();
}

/**
 * Whether a cell's text reads like a question: it asks (`?`), opens with a question word or
 * an imperative (Describe, Provide, Does…), or is a statement long enough to confirm, when
 * `evidence` (an id, a dropdown, an answer cell) says the row expects an answer.
 */
export function isQuestionText(text: string, evidence = false): boolean {
  const body = opening(text);
  if (body.length < 4) return false;
  if (/^(note|notes|important|warning|tip|example|instructions?)\b/i.test(body)) return false;
  if (body.includes('?')) return true;
  const first = body.toLowerCase().match(/^[a-z]+/)?.[0] ?? '';
  if (openingWords.has(first) && body.split(/\s+/).length >= 3) return true;
  return evidence && !body.endsWith(':') && body.split(/\s+/).length >= statementWords;
}

/** Whether a question introduces the sub-questions that follow it (`…the following:`). */
export function isLeadIn(text: string): boolean {
  return /[:;–—-]\s*$/.test(text.trim());
}

/** The marker (`a.`, `ii)`, `(1)`, `-`) opening a sub-question, or undefined. */
export function subQuestionMarker(text: string): string | undefined {
  return subMarker.exec(text.trim())?.[0];
}

/** Whether an id cell holds only a sub-question marker (`a`, `(ii)`, `b)`). */
export function isSubMarkerId(text: string): boolean {
  return /^\(?(?:[a-z]|i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)]?$/.test(text.trim());
}

/** Whether a cell holds an id such as `HLAD-01`, `1.2`, `A.1.3`, `IAM-01.2` or `Q12`. */
export function isIdText(text: string): boolean {
  return /^(?:[A-Za-z][A-Za-z&]{0,7}[-_ .]?)?\d{1,4}(?:[.-]\d{1,4})*[a-z]?\.?$/.test(text.trim());
}

/** Whether a cell holds prose: a sentence of a dozen words or more. */
export function isProse(text: string): boolean {
  return text.trim().split(/\s+/).length >= 12;
}

/** The question text of a sub-question: the main question, then the sub-question. */
export function joinSubQuestion(main: string, sub: string): string {
  const separator = /[:?.;–—-]$/.test(main.trim()) ? ' ' : ': ';
  return `${main.trim()}${separator}${sub.trim()}`;
}
