import type { Heading, Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/** How a fragment of markdown is placed in its page. */
export interface MarkdownOptions {
  /**
   * The level the fragment's highest heading becomes (2 under a page's `<h1>`, 3 under an
   * `<h2>` section), so headings stay in order whatever level the author started at.
   * Default 2.
   */
  headingLevel?: number;
}

/**
 * GitHub's sanitisation rules, narrowed for a page served with `img-src 'self'` and no
 * third-party requests: no images or media at all, links only to http(s) and mailto.
 */
const schema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter(
    (name) => !['img', 'picture', 'source', 'video', 'audio'].includes(name),
  ),
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'], src: [] },
};

function children(node: MdastNodes): MdastNodes[] {
  return 'children' in node ? (node.children as MdastNodes[]) : [];
}

function collectHeadings(node: MdastNodes, found: Heading[]): Heading[] {
  if (node.type === 'heading') found.push(node);
  for (const child of children(node)) collectHeadings(child, found);
  return found;
}

/** Images become their alt text: a trust page loads nothing from elsewhere. */
function replaceImages(node: MdastNodes): void {
  if (!('children' in node)) return;
  const list = node.children as MdastNodes[];
  for (const [index, child] of list.entries()) {
    if (child.type === 'image' || child.type === 'imageReference') {
      list[index] = { type: 'text', value: child.alt ?? '' };
    } else {
      replaceImages(child);
    }
  }
}

/** A remark plugin: shifts headings so the highest becomes `level`; drops images. */
function placeFragment(level: number) {
  return (tree: MdastRoot) => {
    replaceImages(tree);
    const headings = collectHeadings(tree, []);
    const top = Math.min(...headings.map((heading) => heading.depth));
    for (const heading of headings) {
      heading.depth = Math.min(6, Math.max(1, heading.depth - top + level)) as Heading['depth'];
    }
  };
}

const renderers = new Map<number, (text: string) => string>();

function rendererFor(level: number): (text: string) => string {
  let render = renderers.get(level);
  if (!render) {
    const processor = unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(placeFragment, level)
      // Raw HTML in the markdown is dropped here (allowDangerousHtml is off), never passed on.
      .use(remarkRehype)
      .use(rehypeSanitize, schema)
      .use(rehypeStringify)
      .freeze();
    render = (text) => String(processor.processSync(text)).trim();
    renderers.set(level, render);
  }
  return render;
}

/**
 * Renders markdown written by an organisation (intro, control details, documents, FAQ
 * answers, disclosure texts) to HTML that is safe to insert into a page: GitHub-flavoured
 * markdown, raw HTML dropped, links only to http(s), mailto and relative addresses, no
 * images, headings placed at `headingLevel`. Pure and deterministic.
 */
export function renderMarkdown(text: string, options: MarkdownOptions = {}): string {
  const level = Math.min(6, Math.max(1, options.headingLevel ?? 2));
  return rendererFor(level)(text);
}
