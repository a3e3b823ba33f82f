import { z } from 'zod';
import { isoDate, nonEmpty, slug } from './common.ts';

/** Front matter of a markdown document in `policies/documents/`. */
export const documentFrontMatter = z.strictObject({
  id: slug.describe('Unique id; must equal the file name without `.md`.'),
  title: nonEmpty.describe('Document title.'),
  version: z
    .union([z.string().min(1), z.number()])
    .transform(String)
    .describe('Version label, e.g. 2.1 or 2026-07.'),
  visibility: z
    .enum(['public', 'gated'])
    .describe('public: anyone can read it. gated: shared after an approved request and NDA.'),
  updated: isoDate.describe('When the document last changed.'),
  description: z.string().optional().describe('One sentence for the documents list.'),
  draft: z.string().optional().describe('Marks the document as a draft, with the reason.'),
});

export type DocumentFrontMatter = z.output<typeof documentFrontMatter>;
