import type { QuestionnaireId } from './crosswalk-schema.ts';

/** How each crosswalk writes its keys: a prefix, optionally numbered. */
export const keyPatterns: Readonly<Record<QuestionnaireId, RegExp>> = {
  'caiq-v4': /^(?:A&A|[A-Z]{3})(?:-\d{2}(?:\.\d+)*)?$/,
  hecvat: /^[A-Z]{4}(?:-\d{2}(?:\.\d+)*)?$/,
  'sig-lite': /^[A-Z](?:\.\d+)*$/,
};

/** A key of each crosswalk, for hints: `CEK-03`, `APPL-11`, `D.2`. */
export const keyExamples: Readonly<Record<QuestionnaireId, string>> = {
  'caiq-v4': 'a domain prefix like "CEK" or a control id like "CEK-03"',
  hecvat: 'a section prefix like "APPL" or an id like "APPL-11"',
  'sig-lite': 'a domain letter like "D" or an id like "D.2"',
};

/** A question id read into the questionnaire whose shape it has and the keys to try. */
export interface ParsedQuestionId {
  questionnaire: QuestionnaireId;
  /** The id in canonical form: `CEK-03.1`, `APPL-01`, `D.2.1`. */
  id: string;
  /** The id, then each shorter prefix of it: `CEK-03.1`, `CEK-03`, `CEK`. */
  candidates: string[];
}

const dashes = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
/** `CEK-03.1` (CAIQ, three letters or A&A) or `APPL-01` (HECVAT, four letters); `CEK 3.1` too. */
const dashedId = /^(A&A|[A-Z]{3,4})-?(\d{1,3})((?:\.\d+)*)$/;
/** `D.2.1` (SIG): a domain letter and at least one number. */
const dottedId = /^([A-Z])((?:\.\d+)+)$/;

/**
 * Reads a question id as a public questionnaire writes it, forgiving case, spaces, dash
 * variants, unpadded numbers and trailing punctuation: `cek – 3.1` reads as `CEK-03.1`.
 * Gives undefined for anything without a questionnaire prefix and a number ("1", "2.3",
 * "CEK"): such ids are too ambiguous to map.
 */
export function parseQuestionId(raw: string): ParsedQuestionId | undefined {
  const text = raw
    .normalize('NFKC')
    .replace(dashes, '-')
    .replace(/\s+/g, '')
    .replace(/[.:;,)]+$/, '')
    .toUpperCase();
  const dashed = dashedId.exec(text);
  if (dashed) {
    const [, prefix = '', number = '', rest = ''] = dashed;
    const id = `${prefix}-${String(Number(number)).padStart(2, '0')}${canonicalNumbers(rest)}`;
    return {
      questionnaire: prefix.length === 4 ? 'hecvat' : 'caiq-v4',
      id,
      candidates: prefixesOf(id),
    };
  }
  const dotted = dottedId.exec(text);
  if (dotted) {
    const [, letter = '', rest = ''] = dotted;
    const id = `${letter}${canonicalNumbers(rest)}`;
    return { questionnaire: 'sig-lite', id, candidates: prefixesOf(id) };
  }
  return undefined;
}

/** `.01.2` → `.1.2`. */
function canonicalNumbers(dotted: string): string {
  return dotted
    .split('.')
    .filter((part) => part !== '')
    .map((part) => `.${Number(part)}`)
    .join('');
}

/** `CEK-03.1` → [`CEK-03.1`, `CEK-03`, `CEK`]. */
function prefixesOf(id: string): string[] {
  const prefixes = [id];
  let current = id;
  for (let at = lastSeparator(current); at > 0; at = lastSeparator(current)) {
    current = current.slice(0, at);
    prefixes.push(current);
  }
  return prefixes;
}

function lastSeparator(id: string): number {
  return Math.max(id.lastIndexOf('.'), id.lastIndexOf('-'));
}
