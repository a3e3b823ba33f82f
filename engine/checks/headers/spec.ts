import { z } from 'zod';
import { checkFields, defineCheckSpec, isUrl } from '../../schema/check-spec.ts';

/** `headers`: a security-header profile of one response. */
export const headersEvidence = z.strictObject({
  ...checkFields,
  check: z.literal('headers').describe('Checks a response against a security-header profile.'),
  expect: z
    .strictObject({
      csp: z
        .boolean()
        .optional()
        .describe(
          "Require a Content-Security-Policy whose script-src has no 'unsafe-inline'/'unsafe-eval' (unless nonce or hash based).",
        ),
      contentTypeOptions: z
        .boolean()
        .optional()
        .describe('Require X-Content-Type-Options: nosniff.'),
      frameAncestors: z
        .boolean()
        .optional()
        .describe('Require framing protection: CSP frame-ancestors or X-Frame-Options.'),
      referrerPolicy: z
        .union([z.boolean(), z.array(z.string())])
        .optional()
        .describe('Require a Referrer-Policy header, or one of the listed policies.'),
      cookies: z
        .boolean()
        .optional()
        .describe('Require every Set-Cookie to carry Secure, HttpOnly and SameSite.'),
    })
    .default({})
    .describe('Which parts of the profile to require.'),
});

export const headersSpec = defineCheckSpec(headersEvidence, {
  label: 'Security headers',
  exposure: 'public',
  targetProblem: (target) =>
    isUrl(target, ['http:', 'https:']) ? undefined : 'a headers target is an http(s) URL',
});
