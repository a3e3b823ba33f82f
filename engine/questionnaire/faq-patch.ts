/**
 * Appending learned entries to `policies/faq.yaml` without disturbing what people wrote:
 * comments, quoting, flow lists and line breaks of the existing entries are kept.
 */

import { createTwoFilesPatch } from 'diff';
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import type { FaqEntry } from '../schema/faq.ts';

/** The FAQ file's path inside an organisation. */
export const faqPath = 'policies/faq.yaml';

/** Widest line of a new answer, indentation included (the existing entries wrap near it). */
const answerWidth = 88;

/** Words of `text` wrapped into lines of at most `width` characters (long words kept whole). */
function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const lines: string[] = [];
      let current = '';
      for (const word of line.split(/\s+/).filter(Boolean)) {
        if (current && current.length + 1 + word.length > width) {
          lines.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}

/** One entry as a YAML node in the file's own style: `short` quoted, controls as a flow list. */
function entryNode(document: Document, entry: FaqEntry): YAMLMap {
  const node = new YAMLMap();
  node.add(document.createPair('question', entry.question));
  const oneLine = !entry.answer.includes('\n') && entry.answer.length <= answerWidth - 12;
  const answer = new Scalar(oneLine ? entry.answer : `${wrap(entry.answer, answerWidth - 6)}\n`);
  if (!oneLine) answer.type = Scalar.BLOCK_LITERAL;
  node.add(document.createPair('answer', answer));
  if (entry.short !== undefined) {
    const short = new Scalar(entry.short);
    // Quoted as in the hand-written entries: YAML 1.1 readers take a bare yes for true.
    short.type = Scalar.QUOTE_DOUBLE;
    node.add(document.createPair('short', short));
  }
  const controls = document.createNode(entry.controls) as YAMLSeq;
  controls.flow = true;
  node.add(document.createPair('controls', controls));
  return node;
}

/**
 * `text` (the FAQ file, or undefined when there is none) with `entries` appended to its
 * `questions` list. Everything already in the file is kept as written; a file that is not a
 * mapping is an error (the loader would refuse it too).
 */
export function appendFaqEntries(
  text: string | undefined,
  entries: readonly FaqEntry[],
  path: string = faqPath,
): string {
  const parsed = parseDocument(text ?? '');
  if (parsed.errors.length > 0)
    throw new Error(`${path} is not valid YAML: ${parsed.errors[0]?.message}`);
  const document: Document = parsed;
  if (document.contents === null) document.contents = new YAMLMap();
  const root = document.contents;
  if (!isMap(root)) throw new Error(`${path} is not a mapping of questions`);
  const existing = root.get('questions', true);
  // `questions:` with nothing after it is an empty list too.
  if (existing == null || (isScalar(existing) && existing.value == null))
    root.set('questions', new YAMLSeq());
  const questions = root.get('questions', true);
  if (!isSeq(questions)) throw new Error(`${path}: "questions" is not a list`);
  // `questions: []` becomes a block list once it has entries.
  if (questions.items.length === 0) questions.flow = false;
  for (const entry of entries) questions.add(entryNode(document, entry));
  // No folding or padding: the hand-written lines round-trip unchanged.
  return document.toString({ flowCollectionPadding: false, lineWidth: 0 });
}

/** A unified diff of the FAQ file before and after, with `a/` and `b/` paths as git shows them. */
export function faqDiff(before: string | undefined, after: string, path: string = faqPath): string {
  return createTwoFilesPatch(
    before === undefined ? '/dev/null' : `a/${path}`,
    `b/${path}`,
    before ?? '',
    after,
    undefined,
    undefined,
    { context: 3 },
  )
    .split('\n')
    .filter((line) => !/^={10,}$/.test(line))
    .join('\n');
}
