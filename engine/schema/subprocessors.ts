import { z } from 'zod';
import { email, httpUrl, isoDate, nonEmpty, slug } from './common.ts';

/** The legal basis for transferring personal data out of its home jurisdiction. */
export const transferMechanism = z
  .enum(['sccs', 'adequacy', 'dpf', 'bcr', 'none', 'not-stated'])
  .describe(
    'sccs: Standard Contractual Clauses. adequacy: adequacy decision. dpf: EU-US Data Privacy Framework. bcr: Binding Corporate Rules. none: no transfer. not-stated: the organisation has not published it.',
  );

/** One third party that processes customer data. */
export const subprocessor = z.strictObject({
  id: slug.describe('Id that controls cite as `inherited.provider`.'),
  name: nonEmpty.describe('Provider name, e.g. Amazon Web Services.'),
  entity: z.string().optional().describe('Contracting legal entity, if different from the name.'),
  purpose: nonEmpty.describe('What the provider does for the service.'),
  location: nonEmpty.describe('Where the data is processed (country or region).'),
  dataCategories: z
    .array(nonEmpty)
    .min(1, 'list at least one data category')
    .describe('Kinds of customer data the provider receives.'),
  transferMechanism,
  certifications: z.array(nonEmpty).default([]).describe("The provider's own certifications."),
  website: httpUrl.optional().describe("The provider's website or trust page."),
  since: isoDate.optional().describe('When the provider started processing data.'),
  change: z
    .enum(['added', 'removed'])
    .optional()
    .describe('An announced change: the provider is being added or removed.'),
  announced: isoDate.optional().describe('When customers were told of the change.'),
  effective: isoDate
    .optional()
    .describe(
      'When the change takes effect; at least `noticeDays` after `announced` when a notice period is declared.',
    ),
});

/** `policies/subprocessors.yaml`: the list and its notice rules. */
export const subprocessors = z.strictObject({
  noticeDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .optional()
    .describe(
      'Days of notice customers get before a new subprocessor starts. Leave out if no notice period is promised: nothing is then said about one.',
    ),
  listing: z
    .enum(['public', 'on-request'])
    .default('public')
    .describe('public: listed on the trust page. on-request: named on written request only.'),
  requestContact: email
    .optional()
    .describe('Where to ask for the list when `listing` is on-request.'),
  subprocessors: z
    .array(subprocessor)
    .default([])
    .describe('Every current and announced provider.'),
});

export type Subprocessor = z.output<typeof subprocessor>;
export type Subprocessors = z.output<typeof subprocessors>;
