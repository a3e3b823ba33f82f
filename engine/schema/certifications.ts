import { z } from 'zod';
import { isoDate, nonEmpty, slug } from './common.ts';
import { translations } from './translations.ts';

const base = {
  id: slug.describe('Unique id, e.g. soc2-type2.'),
  name: nonEmpty.describe('Name as buyers know it, e.g. SOC 2 Type II, ISO 27001, GDPR.'),
  scope: z.string().optional().describe('What the certification or commitment covers.'),
  note: z.string().optional().describe('One honest sentence of context shown beside the status.'),
  translations: translations({ name: nonEmpty, scope: z.string(), note: z.string() }),
};

/** A framework the organisation holds itself, audited by a third party. */
const certified = z.strictObject({
  ...base,
  status: z.literal('certified').describe('Audited and currently valid.'),
  auditor: z.string().optional().describe('The audit firm or certification body.'),
  report: slug.optional().describe('Id of the report document in policies/documents/.'),
  validFrom: isoDate.describe('Start of the period the certificate or report covers.'),
  validUntil: isoDate.describe('End of validity; after it the status shows as lapsed.'),
});

/** Work towards a certification that is not held yet. */
const inProgress = z.strictObject({
  ...base,
  status: z.literal('in-progress').describe('Being worked towards; not held.'),
  target: z
    .string()
    .optional()
    .describe('Expected completion, e.g. 2027-Q2 (honest, not promised).'),
});

/** A certification held by the organisation's providers, not by the organisation. */
const inherited = z.strictObject({
  ...base,
  status: z.literal('inherited').describe('Held by named providers, not by the organisation.'),
  providers: z
    .array(slug)
    .min(1, 'name at least one provider')
    .describe('Ids of the subprocessors that hold it.'),
});

/** A framework the organisation assesses itself against, without an external audit. */
const selfAssessed = z.strictObject({
  ...base,
  status: z.literal('self-assessed').describe('Followed and self-assessed; no external audit.'),
  reviewed: isoDate.optional().describe('When the self-assessment was last reviewed.'),
});

/** A framework the organisation says plainly it does not hold. */
const notHeld = z.strictObject({
  ...base,
  status: z.literal('not-held').describe('Not held, said plainly.'),
});

export const certification = z.discriminatedUnion('status', [
  certified,
  inProgress,
  inherited,
  selfAssessed,
  notHeld,
]);

/** `policies/certifications.yaml`: every framework with an honest status. */
export const certifications = z.strictObject({
  certifications: z
    .array(certification)
    .default([])
    .describe('Frameworks, audits and regulatory commitments with their honest status.'),
});

export type Certification = z.output<typeof certification>;
export type Certifications = z.output<typeof certifications>;
