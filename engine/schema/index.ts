import type { z } from 'zod';
import { access } from './access.ts';
import { certifications } from './certifications.ts';
import { control } from './control.ts';
import { disclosure } from './disclosure.ts';
import { documentFrontMatter } from './document.ts';
import { faq } from './faq.ts';
import { policy } from './policy.ts';
import { processing } from './processing.ts';
import { subprocessors } from './subprocessors.ts';
import { trustCenter } from './trust-center.ts';

/** Every file format, with the name of its generated JSON Schema. */
export const fileFormats = {
  control: { schema: control, title: 'Attest control' },
  'trust-center': { schema: trustCenter, title: 'Attest trust-center profile' },
  subprocessors: { schema: subprocessors, title: 'Attest subprocessors' },
  certifications: { schema: certifications, title: 'Attest certifications' },
  disclosure: { schema: disclosure, title: 'Attest disclosure policy' },
  policy: { schema: policy, title: 'Attest engine policy' },
  processing: { schema: processing, title: 'Attest processing (DPA Annex I)' },
  faq: { schema: faq, title: 'Attest FAQ' },
  access: { schema: access, title: 'Attest access rules (auto-approval of gated documents)' },
  document: { schema: documentFrontMatter, title: 'Attest document front matter' },
} satisfies Record<string, { schema: z.ZodType; title: string }>;

export type FileKind = keyof typeof fileFormats;

/** File name of the JSON Schema generated for a file kind. */
export function jsonSchemaFileName(kind: FileKind): string {
  return `${kind}.schema.json`;
}

export * from './access.ts';
export * from './certifications.ts';
export * from './check.ts';
export type { CheckExposure, CheckFacts, CheckSpec } from './check-spec.ts';
export * from './common.ts';
export * from './control.ts';
export * from './disclosure.ts';
export * from './document.ts';
export * from './faq.ts';
export * from './policy.ts';
export * from './processing.ts';
export * from './subprocessors.ts';
export * from './translations.ts';
export * from './trust-center.ts';
