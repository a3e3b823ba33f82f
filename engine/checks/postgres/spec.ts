import { z } from 'zod';
import { checkFields, defineCheckSpec } from '../../schema/check-spec.ts';

/** `postgres`: server settings read over a real connection. */
export const postgresEvidence = z.strictObject({
  ...checkFields,
  check: z.literal('postgres').describe('Connects to PostgreSQL and reads settings with SHOW.'),
  expect: z
    .strictObject({
      settings: z
        .record(z.string().regex(/^[a-z_.]+$/, 'not a setting name'), z.string())
        .optional()
        .describe('Setting name → expected value, e.g. `ssl: "on"`.'),
      tls: z.boolean().optional().describe('Require the connection itself to use TLS.'),
    })
    .default({})
    .describe('Expected server settings.'),
});

export const postgresSpec = defineCheckSpec(postgresEvidence, {
  label: 'Database settings',
  exposure: 'internal',
  targetProblem: (target) =>
    /^postgres(ql)?:\/\//.test(target)
      ? undefined
      : 'a postgres target is a postgres:// connection string, usually ${DATABASE_URL}',
});
