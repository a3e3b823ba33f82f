import { z } from 'zod';
import { checkEvidence } from './check.ts';
import { email, isoDate, markdown, nonEmpty, slug, visibility } from './common.ts';
import { translations } from './translations.ts';

/** A signed statement by a person, for what no automated check can see. */
export const attestationEvidence = z.strictObject({
  id: slug.optional().describe('Stable id of this evidence item. Unique within the control.'),
  attestation: z
    .strictObject({
      statement: nonEmpty.describe('What the person attests, as one or two sentences.'),
      by: nonEmpty.describe('Who attests: an email address or a named role.'),
      date: isoDate.describe('When the statement was made (YYYY-MM-DD).'),
      expires: isoDate
        .optional()
        .describe('When the statement stops counting; after it the control is failing.'),
      document: slug
        .optional()
        .describe('Id of a supporting document in policies/documents/ (e.g. a pen-test summary).'),
    })
    .describe('A dated statement by a named person.'),
});

/** A guarantee held by a provider (a subprocessor), not by the organisation itself. */
export const inheritedEvidence = z.strictObject({
  id: slug.optional().describe('Stable id of this evidence item. Unique within the control.'),
  inherited: z
    .strictObject({
      provider: slug.describe('Id of the subprocessor that provides this guarantee.'),
      statement: nonEmpty.describe('What the provider guarantees.'),
      certification: z
        .string()
        .optional()
        .describe("The provider's certification that covers it, e.g. `SOC 2 Type II`."),
    })
    .describe('A guarantee that comes from a provider.'),
});

/** One item of evidence: an automated check, an attestation, or an inherited guarantee. */
export const evidence = z.union([checkEvidence, attestationEvidence, inheritedEvidence]);

export type Evidence = z.output<typeof evidence>;
export type AttestationEvidence = z.output<typeof attestationEvidence>;
export type InheritedEvidence = z.output<typeof inheritedEvidence>;

/** A temporary, reasoned exception for one failing check. */
export const waiver = z.strictObject({
  evidence: slug.describe('Id of the evidence item this waiver covers.'),
  reason: nonEmpty.describe('Why the failure is acceptable for now; shown wherever it is waived.'),
  expires: isoDate.describe('Last day the waiver applies; afterwards the failure counts again.'),
});

/** Framework identifiers a control may map to. */
export const frameworkIds = [
  'soc2',
  'iso27001',
  'iso27017',
  'iso27018',
  'iso27701',
  'caiq',
  'hecvat',
  'sig',
  'nist-csf',
  'nist-800-53',
  'cis',
  'gdpr',
  'ccpa',
  'hipaa',
  'pci-dss',
] as const;

export const frameworks = z
  .partialRecord(z.enum(frameworkIds), z.array(nonEmpty).min(1, 'list at least one requirement id'))
  .describe('Framework → requirement ids this control satisfies, e.g. `soc2: [CC6.7]`.');

/** A questionnaire answer this control can give. */
export const answer = z.strictObject({
  question: nonEmpty.describe('The question as buyers usually ask it.'),
  answer: z
    .enum(['yes', 'no', 'n/a'])
    .describe('The short answer: yes, no or n/a (quoting is not needed).'),
  comment: z.string().optional().describe('One or two sentences of explanation.'),
});

/** One entry in a control's history. */
export const changelogEntry = z.strictObject({
  version: z.number().int().min(1).describe('The version this entry introduced.'),
  date: isoDate.describe('When the change took effect.'),
  note: nonEmpty.describe('What changed, for the public changelog.'),
});

/** A control: one promise the organisation makes, with the evidence that proves it. */
export const control = z.strictObject({
  id: slug.describe('Unique id; must equal the file name without `.yaml`.'),
  title: nonEmpty.describe('Short title shown on the trust page.'),
  category: slug.describe('Id of a category declared in policies/trust-center.yaml.'),
  version: z
    .number()
    .int()
    .min(1)
    .describe('Bumped on every material change; equals the newest changelog entry.'),
  updated: isoDate.describe('When the control last changed (YYYY-MM-DD).'),
  owner: email.describe('Who answers for this control.'),
  visibility,
  status: z
    .enum(['implemented', 'in-progress', 'planned', 'not-applicable'])
    .describe('Whether the control is in place today, on its way, planned, or does not apply.'),
  claim: nonEmpty.describe('The one-sentence public promise. Shown only while the evidence holds.'),
  details: markdown.optional().describe('Longer explanation in markdown (raw HTML is removed).'),
  translations: translations({ title: nonEmpty, claim: nonEmpty, details: markdown }),
  evidence: z.array(evidence).default([]).describe('What proves the claim.'),
  waivers: z.array(waiver).default([]).describe('Temporary exceptions for failing checks.'),
  frameworks: frameworks.default({}),
  topics: z
    .array(slug)
    .optional()
    .describe(
      'Security concepts this control speaks of, by id from the bundled concept vocabulary (e.g. `encryption-at-rest`), for questions whose wording the claim does not use.',
    ),
  answers: z.array(answer).default([]).describe('Questionnaire answers this control supports.'),
  changelog: z
    .array(changelogEntry)
    .min(1, 'add at least one changelog entry')
    .describe('History of material changes, newest first or in any order.'),
});

export type Control = z.output<typeof control>;
export type ControlInput = z.input<typeof control>;
