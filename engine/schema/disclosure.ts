import { z } from 'zod';
import { duration, email, httpsUrl, httpUrl, isoDateOrTime, markdown, nonEmpty } from './common.ts';

/** `policies/disclosure.yaml`: how researchers report vulnerabilities and what they can expect. */
export const disclosure = z.strictObject({
  contact: z
    .strictObject({
      email: email.optional().describe('Address reports go to.'),
      url: httpsUrl.optional().describe('A web form or disclosure-program page.'),
      subject: z.string().optional().describe('Subject line reporters should use, if any.'),
    })
    .refine((contact) => contact.email !== undefined || contact.url !== undefined, {
      message: 'give an email or a url (or both)',
    })
    .describe('Where to send a report.'),
  instructions: markdown.describe('How to report: what to include, in markdown.'),
  pgpKey: httpsUrl.optional().describe('URL of the PGP key for encrypted reports.'),
  policyUrl: httpUrl
    .optional()
    .describe('URL of the full disclosure policy, if published elsewhere.'),
  acknowledgmentsUrl: httpUrl.optional().describe('URL of the researcher hall of fame.'),
  rules: z.array(nonEmpty).default([]).describe('What researchers must and must not do.'),
  safeHarbour: markdown
    .optional()
    .describe(
      'The promise not to pursue good-faith research, in markdown. Leave out if none is made.',
    ),
  sla: z
    .strictObject({
      acknowledge: duration
        .optional()
        .describe(
          'Time to acknowledge a report, e.g. "2 business days". Leave out if none is promised.',
        ),
      triage: duration.optional().describe('Time to a first assessment.'),
      fix: z
        .strictObject({
          critical: duration.optional().describe('Time to fix a critical issue.'),
          high: duration.optional().describe('Time to fix a high-severity issue.'),
          medium: duration.optional().describe('Time to fix a medium-severity issue.'),
          low: duration.optional().describe('Time to fix a low-severity issue.'),
        })
        .optional()
        .describe('Target fix times by severity.'),
      updates: z.string().optional().describe('How reporters are kept informed.'),
    })
    .default({})
    .describe('Response times the organisation commits to; only what it actually promises.'),
  bounty: z
    .strictObject({
      offered: z.boolean().describe('Whether reports are paid.'),
      details: z.string().optional().describe('Rewards, or what is offered instead.'),
    })
    .optional()
    .describe(
      'Whether a paid bug bounty exists. Leave out to say nothing about a bounty; write `offered: false` to state that none is run.',
    ),
  securityTxt: z
    .strictObject({
      expires: isoDateOrTime
        .optional()
        .describe(
          'A fixed Expires for security.txt; keep it under a year ahead and renew it. Give this or `expiresInDays`.',
        ),
      expiresInDays: z
        .number()
        .int()
        .min(1)
        .max(366)
        .optional()
        .describe(
          'Expires this many days after each publication, so a trust center that publishes regularly never serves an expired file. Give this or `expires`.',
        ),
      preferredLanguages: z
        .array(z.string())
        .default(['en'])
        .describe('Preferred-Languages field (BCP 47 tags).'),
      canonical: z
        .array(httpsUrl)
        .default([])
        .describe('Canonical URLs where the file is published.'),
      hiring: httpUrl.optional().describe('Hiring field: a security jobs page.'),
    })
    .refine((value) => (value.expires === undefined) !== (value.expiresInDays === undefined), {
      message:
        'give exactly one of `expires` (a date) and `expiresInDays` (days after publication)',
    })
    .describe('Settings for /.well-known/security.txt (RFC 9116).'),
});

export type Disclosure = z.output<typeof disclosure>;
