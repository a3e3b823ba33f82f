import { z } from 'zod';
import { checkFields, defineCheckSpec, isUrl } from '../../schema/check-spec.ts';
import { regexSource } from '../../schema/common.ts';

/** `http`: status, redirects, headers and body of one URL. */
export const httpEvidence = z.strictObject({
  ...checkFields,
  check: z.literal('http').describe('Requests a URL and inspects the response.'),
  expect: z
    .strictObject({
      status: z
        .union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599))])
        .optional()
        .describe('Expected final status code, or a list of acceptable ones.'),
      redirectsTo: z
        .string()
        .optional()
        .describe('`https` (first hop goes to https on the same host) or a URL prefix.'),
      headers: z
        .record(
          z.string().regex(/^[A-Za-z0-9-]+$/, 'not a header name'),
          z.union([z.literal('present'), z.literal('absent'), regexSource]),
        )
        .optional()
        .describe('Header name → `present`, `absent`, or a regular expression its value matches.'),
      bodyContains: z.string().optional().describe('Text the response body must contain.'),
    })
    .default({})
    .describe('Expected response.'),
});

export const httpSpec = defineCheckSpec(httpEvidence, {
  label: 'HTTP response',
  exposure: 'public',
  targetProblem: (target) =>
    isUrl(target, ['http:', 'https:']) ? undefined : 'a http target is an http(s) URL',
});
