/** A markdown file split into its YAML front matter and its body. */
export interface FrontMatterSplit {
  /** The YAML between the `---` fences, or undefined when the file has none. */
  yaml: string | undefined;
  /** Markdown after the closing fence. */
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
}

const fence = /^---[ \t]*$/;

/** Splits `---`-fenced front matter from a markdown document. */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const lines = text.split(/\r?\n/);
  if (!fence.test(lines[0] ?? '')) return { yaml: undefined, body: text, bodyLine: 1 };
  const end = lines.findIndex((line, index) => index > 0 && fence.test(line));
  if (end === -1) return { yaml: undefined, body: text, bodyLine: 1 };
  return {
    yaml: lines.slice(1, end).join('\n'),
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
  };
}
