import type { PhrasingContent } from 'mdast';
import { type FontFace, faceFor } from './fonts.ts';

/** A stretch of text drawn in one face, possibly a link. */
export interface Run {
  text: string;
  face: FontFace;
  link: string | undefined;
}

interface Style {
  bold?: boolean;
  italic?: boolean;
  link?: string;
}

function collect(nodes: readonly PhrasingContent[], style: Style, runs: Run[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        runs.push({ text: node.value, face: faceFor(style), link: style.link });
        break;
      case 'strong':
        collect(node.children, { ...style, bold: true }, runs);
        break;
      case 'emphasis':
        collect(node.children, { ...style, italic: true }, runs);
        break;
      case 'delete':
        collect(node.children, style, runs);
        break;
      case 'inlineCode':
        runs.push({ text: node.value, face: 'mono', link: style.link });
        break;
      case 'link':
        // Only web and mail links become clickable; anything else stays plain text.
        collect(
          node.children,
          /^(?:https?:|mailto:)/i.test(node.url) ? { ...style, link: node.url } : style,
          runs,
        );
        break;
      case 'linkReference':
        collect(node.children, style, runs);
        break;
      case 'break':
        runs.push({ text: '\n', face: faceFor(style), link: undefined });
        break;
      case 'image':
      case 'imageReference':
        if (node.alt) runs.push({ text: node.alt, face: faceFor(style), link: undefined });
        break;
      case 'footnoteReference':
        runs.push({ text: `[${node.label ?? node.identifier}]`, face: 'regular', link: undefined });
        break;
      case 'html':
        runs.push({ text: node.value, face: faceFor(style), link: style.link });
        break;
    }
  }
}

/**
 * Flattens inline markdown into runs of one face each; soft line breaks inside a
 * paragraph become spaces, as a reader would see them.
 */
export function inlineRuns(nodes: readonly PhrasingContent[]): Run[] {
  const runs: Run[] = [];
  collect(nodes, {}, runs);
  const merged: Run[] = [];
  for (const run of runs) {
    const text = run.text === '\n' ? run.text : run.text.replace(/\s*\n\s*/g, ' ');
    if (text === '') continue;
    const last = merged.at(-1);
    if (last && last.face === run.face && last.link === run.link) last.text += text;
    else merged.push({ ...run, text });
  }
  return merged;
}
