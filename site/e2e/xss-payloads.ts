import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isMap, isPair, isScalar, parseDocument, visit } from 'yaml';
import { splitFrontMatter } from '../../engine/load/front-matter.ts';

/** The global every payload sets when it runs. */
export const xssMarker = '__xss';

/**
 * Payloads for text that is rendered as plain text or in an attribute: a script element,
 * an attribute break-out, a `javascript:` markdown link, an SVG handler, a template
 * expression and a `<title>` break-out.
 */
export const textPayload = [
  '<script>window.__xss=1</script>',
  '"><img src=x onerror="window.__xss=1">',
  '[link](javascript:window.__xss=1)',
  '<svg onload=window.__xss=1>',
  '{{7*7}}',
  "</title><script>window.__xss=1</script>'",
].join(' ');

/**
 * The same payloads as markdown blocks, plus raw-HTML links, a reference-style and an
 * autolink `javascript:` URL and an image whose title breaks out of its attribute.
 */
export const markdownPayload = [
  '<script>window.__xss=1</script>',
  '"><img src=x onerror="window.__xss=1">',
  '[click me](javascript:window.__xss=1) and [mixed case](JaVaScRiPt:window.__xss=1)',
  '<a href="javascript:window.__xss=1">raw link</a>',
  '[reference link][xss]\n\n[xss]: javascript:window.__xss=1',
  '<javascript:window.__xss=1>',
  '![image](x "a\\" onerror=\\"window.__xss=1")',
  '<svg onload=window.__xss=1>',
  '{{7*7}}',
  '</title><script>window.__xss=1</script>',
].join('\n\n');

/** Keys whose values are ids, enums, versions or references: changing them breaks validation. */
const structuralKeys = new Set([
  'id',
  'category',
  'owner',
  'status',
  'visibility',
  'version',
  'provider',
  'document',
  'evidence',
  'report',
  'controls',
  'short',
  'change',
  'listing',
  'role',
  'transferMechanism',
  'languages',
  'preferredLanguages',
  'accentColor',
  'logo',
  'check',
]);

/** Keys whose values are markdown. */
const markdownKeys = new Set(['intro', 'details', 'instructions', 'safeHarbour', 'answer']);

/** Values that are machine-read whatever their key: slugs, dates, emails, URLs, colours, durations. */
const structuralValue = [
  /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
  /^n\/a$/,
  /^\d{4}-\d{2}-\d{2}/,
  /^[^\s@]+@[^\s@]+$/,
  /^[a-z][a-z0-9+.-]*:/i,
  /^#[0-9a-f]{3,8}$/i,
  /^\d+(?:\.\d+)?\s+[a-z -]+$/i,
];

/** One string the generator changed: the file and the YAML path of the value. */
export interface Injection {
  file: string;
  path: string;
}

/**
 * Appends XSS payloads to every free-text string of an organisation's YAML files (controls
 * and policies) and to every document's markdown body and front matter. Ids, dates,
 * emails, URLs, enums and check targets are left alone so the organisation still
 * validates. Returns what it changed.
 */
export async function injectXssPayloads(organisationDir: string): Promise<Injection[]> {
  const injections: Injection[] = [];
  for (const entry of await readdir(organisationDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const file = relative(organisationDir, path);
    if (file.startsWith('policies/evidence/')) continue;
    // Auto-approval rules hold only domains and CSV paths (no free text), and are never
    // published: nothing there can reach a page.
    if (file === 'policies/access.yaml') continue;
    if (/\.ya?ml$/.test(entry.name)) {
      const text = await readFile(path, 'utf8');
      const { yaml, found } = injectIntoYaml(text, file);
      injections.push(...found);
      await writeFile(path, yaml);
    } else if (file.startsWith('policies/documents/') && entry.name.endsWith('.md')) {
      const split = splitFrontMatter(await readFile(path, 'utf8'));
      const { yaml, found } = injectIntoYaml(split.yaml ?? '', file);
      injections.push(...found, { file, path: '(body)' });
      await writeFile(path, `---\n${yaml}---\n${split.body}\n\n${markdownPayload}\n`);
    }
  }
  return injections;
}

function injectIntoYaml(text: string, file: string): { yaml: string; found: Injection[] } {
  const doc = parseDocument(text);
  const found: Injection[] = [];
  visit(doc, {
    Scalar(position, node, ancestors) {
      if (position === 'key' || typeof node.value !== 'string') return;
      const keys: string[] = [];
      for (const ancestor of ancestors)
        if (isPair(ancestor)) keys.push(isScalar(ancestor.key) ? String(ancestor.key.value) : '?');
      const key = keys.at(-1) ?? '';
      if (structuralKeys.has(key)) return;
      // A check is machine-read except for its description.
      const check = ancestors.find((ancestor) => isMap(ancestor) && ancestor.has('check'));
      if (check && !(key === 'description' && ancestors.at(-2) === check)) return;
      if (structuralValue.some((pattern) => pattern.test(node.value as string))) return;
      node.value = markdownKeys.has(key)
        ? `${node.value}\n\n${markdownPayload}\n`
        : `${node.value} ${textPayload}`;
      node.type = 'QUOTE_DOUBLE';
      found.push({ file, path: keys.join('.') });
    },
  });
  return { yaml: doc.toString({ lineWidth: 0 }), found };
}
