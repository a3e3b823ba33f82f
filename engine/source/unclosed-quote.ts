import { CST, Lexer } from 'yaml';

/** Zero-width markers the yaml lexer puts before some tokens; they occupy no text. */
const markers = new Set<string>([CST.BOM, CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/**
 * Where the quoted string that the parser found unclosed at `errorOffset` opens. The yaml
 * library reports a missing closing quote where it gave up (often the end of the file); the
 * author needs the opening quote instead. Returns undefined when no such string is found.
 */
export function openingQuoteOffset(text: string, errorOffset: number): number | undefined {
  let offset = 0;
  let opening: number | undefined;
  for (const token of new Lexer().lex(text)) {
    if (markers.has(token)) continue;
    if (offset > errorOffset) break;
    const type = CST.tokenType(token);
    if (
      (type === 'double-quoted-scalar' || type === 'single-quoted-scalar') &&
      offset + token.length >= errorOffset
    )
      opening = offset;
    offset += token.length;
  }
  return opening;
}
