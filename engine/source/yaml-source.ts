import {
  isMap,
  isNode,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type Document as YamlDocument,
} from 'yaml';
import type { Diagnostic } from './diagnostic.ts';
import { findExcessNesting } from './nesting-prescan.ts';
import { openingQuoteOffset } from './unclosed-quote.ts';

/** A path into a parsed value: object keys and array indexes. */
export type ValuePath = readonly PropertyKey[];

/** A YAML text parsed once, able to map a value path back to a line and column. */
export interface YamlSource {
  file: string;
  /** The plain value, or undefined when the text could not be turned into one. */
  value: unknown;
  /** Problems found while parsing (syntax, duplicate keys, alias bombs, nesting). */
  diagnostics: Diagnostic[];
  /** Position of the value at `path` (or of its key with `target: 'key'`). */
  locate(path: ValuePath, target?: 'key' | 'value'): { line: number; column: number };
}

/** Deeper than this, a file is refused: no organisation file needs it. */
export const maxNesting = 64;
/** Aliases beyond this count are treated as a resource-exhaustion attack. */
export const maxAliasCount = 100;

/**
 * Parses YAML text. `lineOffset` shifts reported lines, for YAML embedded in another file
 * (markdown front matter).
 */
export function parseYamlSource(file: string, text: string, lineOffset = 0): YamlSource {
  const tooDeep = findExcessNesting(text, maxNesting);
  if (tooDeep !== undefined) {
    const at = { ...linePosition(text, tooDeep), file };
    at.line += lineOffset;
    return {
      file,
      value: undefined,
      diagnostics: [{ ...at, ...tooDeepProblem() }],
      locate: () => ({ line: at.line, column: at.column }),
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: 'error',
  });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: line + lineOffset, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  const unclosed = doc.errors.find(
    (error) => error.code === 'MISSING_CHAR' && /closing .?quote/.test(error.message),
  );
  const quoteAt = unclosed && openingQuoteOffset(text, unclosed.pos[0]);
  // What the parser reports after an unclosed quote follows from it: report the quote alone.
  const reported =
    quoteAt === undefined ? doc.errors : doc.errors.filter((error) => error.pos[0] < quoteAt);
  for (const error of reported)
    diagnostics.push({
      file,
      ...position(error.pos[0]),
      ...describeYamlError(error.code, error.message),
    });
  if (quoteAt !== undefined) {
    const quote = text[quoteAt] === "'" ? "'" : '"';
    diagnostics.push({
      file,
      ...position(quoteAt),
      code: 'yaml-syntax',
      severity: 'error',
      message: `the ${quote} quote that opens here is never closed`,
      hint: `end the value with ${quote}; inside it, write ${quote === '"' ? '\\" for a double quote' : "'' for a single quote"}`,
    });
  }
  const locate: YamlSource['locate'] = (path, target = 'value') =>
    position(offsetOf(doc, path, target));
  if (diagnostics.length > 0) return { file, value: undefined, diagnostics, locate };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ReferenceError) {
      diagnostics.push({
        file,
        ...position(firstAliasOffset(doc)),
        code: 'yaml-alias-limit',
        severity: 'error',
        message: `aliases expand more than ${maxAliasCount} times; the file looks like a resource-exhaustion attack`,
        hint: 'write values out instead of nesting anchors and aliases',
      });
    } else {
      diagnostics.push({ file, ...position(0), ...describeYamlError('', message) });
    }
    return { file, value: undefined, diagnostics, locate };
  }
  if (nestingDepth(value) > maxNesting) {
    diagnostics.push({ file, ...position(0), ...tooDeepProblem() });
    return { file, value: undefined, diagnostics, locate };
  }
  return { file, value, diagnostics, locate };
}

function tooDeepProblem(): Pick<Diagnostic, 'code' | 'severity' | 'message' | 'hint'> {
  return {
    code: 'yaml-too-deep',
    severity: 'error',
    message: `values are nested more than ${maxNesting} levels deep`,
    hint: 'organisation files are shallow; this file is probably not what it should be',
  };
}

/** 1-based line and column of a text offset. */
function linePosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function describeYamlError(
  code: string,
  message: string,
): Pick<Diagnostic, 'code' | 'severity' | 'message' | 'hint'> {
  if (code === 'DUPLICATE_KEY') {
    return {
      code: 'yaml-duplicate-key',
      severity: 'error',
      message: firstLine(message),
      hint: 'each key may appear once per mapping; remove or rename the repeated one',
    };
  }
  if (message.includes('call stack')) {
    return {
      code: 'yaml-too-deep',
      severity: 'error',
      message: `values are nested too deeply to read (the limit is ${maxNesting} levels)`,
      hint: 'organisation files are shallow; this file is probably not what it should be',
    };
  }
  return {
    code: 'yaml-syntax',
    severity: 'error',
    message: firstLine(message),
    hint: 'fix the YAML syntax here; indentation and unclosed brackets are the usual causes',
  };
}

function firstAliasOffset(doc: YamlDocument): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

/** Depth of nested objects and arrays, computed without recursion. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > maxNesting) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Offset of the deepest node that exists along `path`: the value itself when present,
 * otherwise its parent (a missing key is reported on the mapping that lacks it).
 */
function offsetOf(doc: YamlDocument, path: ValuePath, target: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let best = startOf(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    if (!isNode(node) || !('items' in node)) break;
    const items = (node as { items: unknown[] }).items;
    let next: unknown;
    if (isMap(node)) {
      const pair = items.find((item) => isPair(item) && scalarKey(item.key) === String(segment));
      if (!isPair(pair)) break;
      const isLast = index === path.length - 1;
      if (isLast && (target === 'key' || pair.value === null)) return startOf(pair.key) ?? best;
      next = pair.value ?? pair.key;
    } else {
      next = typeof segment === 'number' ? items[segment] : undefined;
    }
    if (next === undefined) break;
    node = next;
    best = startOf(node) ?? best;
  }
  return best;
}

function scalarKey(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function startOf(node: unknown): number | undefined {
  return isNode(node) ? (node as Node).range?.[0] : undefined;
}
