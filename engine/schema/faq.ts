import { z } from 'zod';
import { markdown, nonEmpty, slug } from './common.ts';
import { translations } from './translations.ts';

/** One question and answer for the trust page and questionnaires. */
export const faqEntry = z.strictObject({
  question: nonEmpty.describe('The question as a buyer would ask it.'),
  answer: markdown.describe('The answer, in markdown.'),
  translations: translations({ question: nonEmpty, answer: markdown }),
  short: z
    .enum(['yes', 'no', 'n/a'])
    .optional()
    .describe('The yes/no answer a questionnaire cell takes, if the question has one.'),
  controls: z
    .array(slug)
    .min(1, 'cite at least one control the answer rests on')
    .describe('Ids of the controls the answer rests on.'),
});

/** `policies/faq.yaml`. */
export const faq = z.strictObject({
  questions: z.array(faqEntry).default([]).describe('Questions and answers.'),
});

export type FaqEntry = z.output<typeof faqEntry>;
export type Faq = z.output<typeof faq>;
