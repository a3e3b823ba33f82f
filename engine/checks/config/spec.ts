import { z } from 'zod';
import { checkFields, defineCheckSpec } from '../../schema/check-spec.ts';
import { regexSource } from '../../schema/common.ts';

/** `config`: one value inside a json, yaml, toml or .env file. */
export const configEvidence = z.strictObject({
  ...checkFields,
  check: z.literal('config').describe('Reads one value from a configuration file.'),
  expect: z
    .strictObject({
      path: z
        .string()
        .min(1)
        .describe('Dotted path to the value, e.g. `server.tls.minVersion`; a key for .env.'),
      equals: z
        .union([z.string(), z.number(), z.boolean(), z.null()])
        .optional()
        .describe('The value must equal this.'),
      matches: regexSource.optional().describe('The value, as text, must match this.'),
      gte: z.number().optional().describe('The value must be a number ≥ this.'),
      lte: z.number().optional().describe('The value must be a number ≤ this.'),
      maxAgeDays: z
        .number()
        .positive()
        .optional()
        .describe('The value is a date (YYYY-MM-DD or ISO timestamp) at most this many days old.'),
    })
    .describe('Which value to read and what it must be.'),
});

export const configSpec = defineCheckSpec(configEvidence, {
  label: 'Configuration setting',
  exposure: 'internal',
  // Any path; its format is told from the extension when it runs.
  targetProblem: () => undefined,
});
