import { z } from 'zod';

/** Lower-case words joined by single hyphens: `encryption-at-rest`. */
const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case words joined by hyphens, like "mfa"');

/** A term as a reader writes it: one or more words, matched after normalising. */
const term = z.string().trim().min(1, 'a term needs at least one word');

/** One security, privacy or compliance concept and the words that name it. */
export const conceptSchema = z.strictObject({
  /** Stable id that callers match on, kebab-case: `encryption-in-transit`. */
  id: kebabId,
  /**
   * Words and phrases that name the concept: synonyms, abbreviations, spelling variants.
   * Write compounds spaced ("pen test"): the closed form ("pentest") is matched too. Case,
   * punctuation, hyphens, simple plurals and British/American spellings do not matter.
   */
  terms: z.array(term).min(1, 'list at least one term'),
  /** Ids of wider concepts this one is a kind of: `bug-bounty` is broader `vulnerability-disclosure`. */
  broader: z.array(kebabId).optional(),
});

/** Who a question is about, beyond the organisation answering it. */
export const scopeIds = ['own', 'provider', 'staff', 'customers'] as const;

/** A scope and the words that signal it. */
export const scopeSchema = z.strictObject({
  /** `own` (the organisation itself), `provider`, `staff` or `customers`. */
  id: z.enum(scopeIds),
  /** Words and phrases that put a question in this scope, written like concept terms. */
  terms: z.array(term).min(1, 'list at least one term'),
});

/** The concepts file: concepts, then scope words. */
export const conceptsFileSchema = z.strictObject({
  /** Security, privacy and compliance concepts. */
  concepts: z.array(conceptSchema).min(1, 'list at least one concept'),
  /** Scope words, one entry per scope id. */
  scopes: z.array(scopeSchema),
});

export type ConceptEntry = z.output<typeof conceptSchema>;
export type ScopeId = (typeof scopeIds)[number];
export type ConceptsFile = z.output<typeof conceptsFileSchema>;
