import { z } from 'zod';

/** `policies/policy.yaml`: the engine's rules for what may be published. */
export const policy = z.strictObject({
  maxResultAgeHours: z
    .number()
    .positive()
    .default(24)
    .describe('Check results older than this are stale: the claim becomes unverified.'),
  attestationMaxAgeDays: z
    .number()
    .int()
    .positive()
    .default(365)
    .describe('Attestations older than this count as expired: the claim becomes failing.'),
  onFailure: z
    .enum(['block', 'withhold'])
    .default('block')
    .describe('block: a failing public claim stops the build. withhold: publish without it.'),
  showUnverified: z
    .enum(['label', 'withhold'])
    .default('label')
    .describe('label: show unverified claims marked "not verified". withhold: leave them out.'),
  failOnError: z
    .boolean()
    .default(false)
    .describe(
      'Treat a published claim whose check errored like a contradicted one: `attest check` exits 1 and `attest build` publishes nothing.',
    ),
  allowCommands: z
    .boolean()
    .default(false)
    .describe('Allow `command` checks to run programs on this machine.'),
  allowActiveProbes: z
    .boolean()
    .default(false)
    .describe('Allow `rate-limit` checks to send bursts of requests.'),
  recheckIntervalMinutes: z
    .number()
    .int()
    .positive()
    .default(60)
    .describe('How often `attest serve` re-runs the checks.'),
  hstsMinMaxAge: z
    .number()
    .int()
    .nonnegative()
    .default(31_536_000)
    .describe('Default smallest HSTS max-age in seconds when a check does not say.'),
  certificateWarnDays: z
    .number()
    .int()
    .nonnegative()
    .default(30)
    .describe('Warn when a certificate expires within this many days.'),
});

export type Policy = z.output<typeof policy>;
