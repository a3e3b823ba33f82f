import { z } from 'zod';
import { checkFields, defineCheckSpec } from '../../schema/check-spec.ts';
import { regexSource } from '../../schema/common.ts';

/** `dns`: records of one domain. */
export const dnsEvidence = z.strictObject({
  ...checkFields,
  check: z.literal('dns').describe('Resolves DNS records of a domain.'),
  expect: z
    .strictObject({
      caa: z
        .array(z.string())
        .optional()
        .describe('CA domains that CAA records must authorise (and no others).'),
      spf: z.enum(['-all', '~all']).optional().describe('Required SPF `all` qualifier.'),
      dmarc: z.enum(['reject', 'quarantine']).optional().describe('Minimum DMARC policy.'),
      txt: regexSource.optional().describe('A TXT record must match this regular expression.'),
      mx: z
        .union([z.boolean(), z.array(z.string())])
        .optional()
        .describe('Require MX records, or exactly these mail hosts.'),
    })
    .default({})
    .describe('Expected DNS records.'),
});

const domainName =
  /^(?=.{1,253}$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?$/;

export const dnsSpec = defineCheckSpec(dnsEvidence, {
  label: 'DNS records',
  exposure: 'public',
  targetProblem: (target) =>
    domainName.test(target) ? undefined : 'a dns target is a domain name such as example.com',
});
