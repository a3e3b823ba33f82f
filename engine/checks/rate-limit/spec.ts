import { z } from 'zod';
import { checkFields, defineCheckSpec, isUrl } from '../../schema/check-spec.ts';

/** `rate-limit`: an active probe that must be throttled; runs only where policy allows probes. */
export const rateLimitEvidence = z.strictObject({
  ...checkFields,
  check: z
    .literal('rate-limit')
    .describe('Sends requests until throttled (only with `allowActiveProbes: true`).'),
  method: z
    .enum(['GET', 'POST', 'HEAD'])
    .optional()
    .describe('HTTP method of each probe request (default GET).'),
  expect: z
    .strictObject({
      within: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .describe('A throttling status must arrive within this many requests.'),
      status: z.number().int().optional().describe('The throttling status (default 429).'),
    })
    .describe('How quickly the endpoint must throttle.'),
});

export const rateLimitSpec = defineCheckSpec(rateLimitEvidence, {
  label: 'Rate limiting',
  exposure: 'public',
  targetProblem: (target) =>
    isUrl(target, ['http:', 'https:']) ? undefined : 'a rate-limit target is an http(s) URL',
});
