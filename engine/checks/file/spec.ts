import { z } from 'zod';
import { checkFields, defineCheckSpec } from '../../schema/check-spec.ts';

/** `file`: a file or glob in the organisation's repository. */
export const fileEvidence = z.strictObject({
  ...checkFields,
  check: z.literal('file').describe('Looks at a file or glob relative to the organisation.'),
  expect: z
    .strictObject({
      exists: z.boolean().optional().describe('Require at least one match (or none, with false).'),
      maxAgeHours: z
        .number()
        .positive()
        .optional()
        .describe('The newest match must be modified within this many hours.'),
      minBytes: z.number().int().nonnegative().optional().describe('Smallest acceptable size.'),
    })
    .default({})
    .describe('Expected file properties.'),
});

export const fileSpec = defineCheckSpec(fileEvidence, {
  label: 'Evidence file',
  exposure: 'internal',
  // Any path or glob; whether it stays inside the organisation is decided when it runs.
  targetProblem: () => undefined,
});
