import { z } from 'zod';
import { checkFields, defineCheckSpec } from '../../schema/check-spec.ts';
import { regexSource } from '../../schema/common.ts';

/** `command`: a command's exit code and output; runs only where policy allows commands. */
export const commandEvidence = z.strictObject({
  ...checkFields,
  check: z.literal('command').describe('Runs a command (only with `allowCommands: true`).'),
  expect: z
    .strictObject({
      exitCode: z.number().int().optional().describe('Expected exit code (default 0).'),
      stdout: regexSource.optional().describe('Standard output must match this.'),
    })
    .default({})
    .describe('Expected result of the command.'),
});

export const commandSpec = defineCheckSpec(commandEvidence, {
  label: 'Command',
  exposure: 'internal',
  targetProblem: () => undefined,
  shellVariables: true,
});
