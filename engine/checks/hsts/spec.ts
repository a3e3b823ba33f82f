import { z } from 'zod';
import { checkFields, defineCheckSpec, isUrl } from '../../schema/check-spec.ts';

/** `hsts`: the Strict-Transport-Security header of an https URL. */
export const hstsEvidence = z.strictObject({
  ...checkFields,
  check: z.literal('hsts').describe('Reads the Strict-Transport-Security header.'),
  expect: z
    .strictObject({
      minMaxAge: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .describe('Smallest acceptable max-age in seconds (default from policy: 31536000).'),
      includeSubDomains: z.boolean().optional().describe('Require includeSubDomains.'),
      preload: z.boolean().optional().describe('Require the preload directive.'),
    })
    .default({})
    .describe('Expected HSTS directives.'),
});

export const hstsSpec = defineCheckSpec(hstsEvidence, {
  label: 'HSTS policy',
  exposure: 'public',
  targetProblem: (target) =>
    isUrl(target, ['https:']) ? undefined : 'an hsts target is an https:// URL',
});
