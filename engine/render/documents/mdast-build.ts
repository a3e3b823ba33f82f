import type {
  Heading,
  List,
  Paragraph,
  PhrasingContent,
  RootContent,
  Table,
  TableRow,
} from 'mdast';

/** Small builders for the markdown trees of generated sections (no markdown text to escape). */
export const md = {
  heading(depth: 1 | 2 | 3 | 4, value: string): Heading {
    return { type: 'heading', depth, children: [{ type: 'text', value }] };
  },
  paragraph(...parts: Array<string | PhrasingContent>): Paragraph {
    return {
      type: 'paragraph',
      children: parts.map((part) =>
        typeof part === 'string' ? { type: 'text', value: part } : part,
      ),
    };
  },
  strong(value: string): PhrasingContent {
    return { type: 'strong', children: [{ type: 'text', value }] };
  },
  emphasis(value: string): PhrasingContent {
    return { type: 'emphasis', children: [{ type: 'text', value }] };
  },
  link(url: string, value = url): PhrasingContent {
    return { type: 'link', url, children: [{ type: 'text', value }] };
  },
  list(items: ReadonlyArray<string | Paragraph>, ordered = false): List {
    return {
      type: 'list',
      ordered,
      spread: false,
      children: items.map((item) => ({
        type: 'listItem',
        spread: false,
        children: [typeof item === 'string' ? md.paragraph(item) : item],
      })),
    };
  },
  table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): Table {
    const row = (cells: readonly string[]): TableRow => ({
      type: 'tableRow',
      children: cells.map((value) => ({ type: 'tableCell', children: [{ type: 'text', value }] })),
    });
    return { type: 'table', align: head.map(() => null), children: [row(head), ...rows.map(row)] };
  },
};

export type Block = RootContent;
