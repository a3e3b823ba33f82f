import { z } from 'zod';
import { checkFields, defineCheckSpec, isUrl } from '../../schema/check-spec.ts';

/** `security-txt`: an RFC 9116 file at /.well-known/security.txt. */
export const securityTxtEvidence = z.strictObject({
  ...checkFields,
  check: z.literal('security-txt').describe('Fetches and validates /.well-known/security.txt.'),
  expect: z
    .strictObject({
      minDaysToExpiry: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .describe('Fail when Expires is fewer than this many days away.'),
      contact: z
        .string()
        .optional()
        .describe('A Contact value that must be listed, e.g. mailto:security@example.com.'),
      canonical: z.string().optional().describe('A Canonical URL that must be listed.'),
    })
    .default({})
    .describe('Expected security.txt content.'),
});

export const securityTxtSpec = defineCheckSpec(securityTxtEvidence, {
  label: 'security.txt',
  exposure: 'public',
  targetProblem: (target) =>
    isUrl(target, ['http:', 'https:']) && new URL(target).pathname === '/'
      ? undefined
      : 'a security-txt target is an origin such as https://example.com',
});
