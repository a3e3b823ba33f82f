import { CST, Lexer } from 'yaml';

/** Zero-width markers the yaml lexer puts before some tokens; they occupy no text. */
const markers = new Set<string>([CST.BOM, CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/** Tokens after which, on the same line, a nested block node may start. */
const nodeIndicators = new Set(['seq-item-ind', 'explicit-key-ind']);

/** Tokens that carry no content: they neither start a node nor set a line's indentation. */
const blank = new Set(['space', 'newline', 'comment', 'comma', 'map-value-ind']);

/**
 * Finds where YAML text nests deeper than `limit`, using only the yaml lexer (a flat token
 * stream, cheap and without recursion), so hostile nesting is refused before the parser and
 * composer — which are slow and recursive on such input — ever see it. Depth counts open
 * flow collections (`[`, `{`) plus block levels (each deeper indentation, each `- ` or `? `
 * on a line). Returns the text offset of the token that went too deep, or undefined.
 *
 * The count may fall short of the real depth in odd layouts, never above it; the depth check
 * on the parsed value stays as the final word.
 */
export function findExcessNesting(text: string, limit: number): number | undefined {
  let offset = 0;
  let column = 0;
  let flowLevel = 0;
  const indents: number[] = [];
  let lineStarted = false;
  let nodeExpected = false;
  const enterBlock = (at: number) => {
    while (indents.length > 0 && (indents.at(-1) ?? 0) >= at) indents.pop();
    indents.push(at);
  };
  for (const token of new Lexer().lex(text)) {
    if (markers.has(token)) continue;
    const type = CST.tokenType(token);
    const isSpace = type === 'space' && /^[ \t]*$/.test(token);
    if (flowLevel === 0 && !isSpace && !blank.has(type ?? '')) {
      if (!lineStarted || nodeExpected) enterBlock(column);
      lineStarted = true;
      nodeExpected = nodeIndicators.has(type ?? '');
    }
    if (type === 'flow-seq-start' || type === 'flow-map-start') flowLevel += 1;
    if ((type === 'flow-seq-end' || type === 'flow-map-end') && flowLevel > 0) flowLevel -= 1;
    if (indents.length + flowLevel > limit) return offset;
    offset += token.length;
    const lastBreak = token.lastIndexOf('\n');
    if (lastBreak < 0) {
      column += token.length;
    } else {
      column = token.length - lastBreak - 1;
      lineStarted = false;
      nodeExpected = false;
    }
  }
  return undefined;
}
