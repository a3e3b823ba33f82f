import { z } from 'zod';
import { checkExposure, checkTypes } from './check.ts';
import { publishedClaimStatuses } from './claim-status.ts';

/** Check types whose targets trust.json never shows, as their specs say. */
const internalCheckTypes = checkTypes.filter((type) => checkExposure(type) === 'internal');

/** Version of the trust.json format; bumped on any incompatible change. */
export const trustJsonFormatVersion = 2;

/** Where the generated JSON Schema of trust.json is published; trust.json's `$schema`. */
export const trustJsonSchemaUrl = 'https://attest.dev/schema/trust-json.schema.json';

/** Where the generated JSON Schema of subprocessors.json is published; its `$schema`. */
export const subprocessorsJsonSchemaUrl =
  'https://attest.dev/schema/subprocessors-json.schema.json';

const date = z.iso.date();
const dateTime = z.iso.datetime({ offset: true });
const url = z.url({ protocol: /^https?$/ });

/** A response time the organisation commits to, e.g. 2 business days. */
const duration = z
  .strictObject({
    amount: z.number().int().nonnegative().describe('How many units.'),
    unit: z.enum(['hours', 'days', 'business-days', 'weeks']).describe('The unit of `amount`.'),
    text: z.string().describe('The same span in words, e.g. "2 business days".'),
  })
  .nullable();

const certificationBase = {
  id: z.string().describe('Stable id of the certification, e.g. soc2-type2.'),
  name: z.string().describe('Name as buyers know it, e.g. SOC 2 Type II.'),
  scope: z.string().nullable().describe('What it covers; null when not stated.'),
  note: z.string().nullable().describe('One sentence of context from the organisation, or null.'),
};

const auditedFields = {
  auditor: z.string().nullable().describe('The audit firm or certification body, or null.'),
  validFrom: date.describe('Start of the period the certificate or report covers (YYYY-MM-DD).'),
  validUntil: date.describe('End of validity (YYYY-MM-DD).'),
};

/** A certification with the status it honestly has on the publication date. */
export const trustJsonCertification = z.discriminatedUnion('status', [
  z.strictObject({
    ...certificationBase,
    status: z.literal('certified').describe('Audited by a third party and valid today.'),
    ...auditedFields,
  }),
  z.strictObject({
    ...certificationBase,
    status: z.literal('lapsed').describe('Was certified; `validUntil` has passed. Not held today.'),
    ...auditedFields,
  }),
  z.strictObject({
    ...certificationBase,
    status: z.literal('in-progress').describe('Being worked towards; not held.'),
    target: z.string().nullable().describe('Expected completion (e.g. 2027-Q2), or null.'),
  }),
  z.strictObject({
    ...certificationBase,
    status: z
      .literal('inherited')
      .describe('Held by the named providers, not by the organisation itself.'),
    providers: z.array(z.string()).min(1).describe('Names of the providers that hold it.'),
  }),
  z.strictObject({
    ...certificationBase,
    status: z.literal('self-assessed').describe('Followed and self-assessed; no external audit.'),
    reviewed: date.nullable().describe('When the self-assessment was last reviewed, or null.'),
  }),
  z.strictObject({
    ...certificationBase,
    status: z.literal('not-held').describe('Not held, said plainly.'),
  }),
]);

/** One item of evidence behind a published claim. */
export const trustJsonEvidence = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('check').describe('An automated configuration check.'),
    check: z.string().describe('The check type, e.g. tls, http, hsts, dns.'),
    target: z
      .string()
      .nullable()
      .describe(
        `What was checked (a URL or domain); null for checks of internal systems (${internalCheckTypes.join(', ')}).`,
      ),
    description: z.string().nullable().describe('What the check proves, in a few words, or null.'),
    expect: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe(
        'The expectation anyone can re-run from outside with the same check type against `target` (`attest verify`), with policy defaults filled in; null when the check cannot be re-run from outside (an internal or `${ENV}` target).',
      ),
    state: z
      .enum(['pass', 'fail', 'error', 'skipped', 'stale', 'missing', 'waived'])
      .describe(
        'pass; fail; error (could not be run to a result); skipped; stale (last result too old); missing (never ran); waived (a failure covered by a current waiver).',
      ),
    at: dateTime.nullable().describe('When the result used was produced, or null if none.'),
    waiver: z
      .strictObject({
        reason: z.string().describe('Why the failure is accepted for now.'),
        expires: date.describe('Last day the waiver applies.'),
      })
      .nullable()
      .describe('The waiver covering this check when its state is waived, otherwise null.'),
  }),
  z.strictObject({
    kind: z.literal('attestation').describe('A dated statement by a named person.'),
    statement: z.string().describe('What the person attests.'),
    by: z.string().describe('Who attests: an email address or a role.'),
    date: date.describe('When the statement was made.'),
    expires: date.nullable().describe('When the statement stops counting, or null.'),
    state: z
      .enum(['current', 'expired', 'too-old'])
      .describe(
        'current; expired (past `expires`); too-old (older than the policy allows an attestation to be).',
      ),
  }),
  z.strictObject({
    kind: z.literal('inherited').describe('A guarantee held by a provider.'),
    provider: z.string().describe('Id of the provider (a subprocessor).'),
    providerName: z.string().describe('Name of the provider.'),
    statement: z.string().describe('What the provider guarantees.'),
    certification: z
      .string()
      .nullable()
      .describe("The provider's certification covering it, or null."),
  }),
]);

/** One published claim. */
export const trustJsonControl = z.strictObject({
  id: z.string().describe('Stable id of the control; the trust page anchor is `control-<id>`.'),
  title: z.string().describe('Short title.'),
  category: z.string().describe('Id of the category (see `categories`).'),
  claim: z.string().describe('The one-sentence promise.'),
  status: z
    .enum(publishedClaimStatuses)
    .describe(
      'verified: every automated check passes within the maximum result age. attested: current attestations, no automated checks. inherited: held by a provider. unverified: a check errored, never ran or is stale (shown as "not verified"). in-progress / planned: on the roadmap, not a claim of implementation. not-applicable: does not apply. Failing claims are never published.',
    ),
  verifiedAt: dateTime
    .nullable()
    .describe('For verified claims: the oldest passing check time behind the status; else null.'),
  version: z.number().int().min(1).describe('Version of the control; bumped on material changes.'),
  updated: date.describe('When the control last changed.'),
  evidence: z.array(trustJsonEvidence).describe('The evidence behind the status.'),
  frameworks: z
    .record(z.string(), z.array(z.string()))
    .describe('Framework id (soc2, iso27001, caiq, …) → requirement ids the control satisfies.'),
});

/** One subprocessor and where it stands. */
export const trustJsonSubprocessor = z.strictObject({
  id: z.string().describe('Stable id of the provider.'),
  name: z.string().describe('Provider name.'),
  entity: z.string().nullable().describe('Contracting legal entity when it differs, or null.'),
  purpose: z.string().describe('What the provider does for the service.'),
  location: z.string().describe('Where the data is processed.'),
  dataCategories: z.array(z.string()).describe('Kinds of customer data the provider receives.'),
  transferMechanism: z
    .enum(['sccs', 'adequacy', 'dpf', 'bcr', 'none', 'not-stated'])
    .describe(
      'Legal basis of transfers: sccs (Standard Contractual Clauses), adequacy, dpf (EU-US Data Privacy Framework), bcr (Binding Corporate Rules), none (no transfer), not-stated.',
    ),
  certifications: z.array(z.string()).describe("The provider's own certifications."),
  website: url.nullable().describe("The provider's website or trust page, or null."),
  state: z
    .enum(['current', 'upcoming', 'leaving'])
    .describe(
      'current: processing data. upcoming: announced, starts on `effective`. leaving: removal announced, stops on `effective`.',
    ),
  since: date.nullable().describe('When the provider started processing data, or null.'),
  announced: date
    .nullable()
    .describe('When its latest addition or removal was announced, or null.'),
  effective: date
    .nullable()
    .describe('When that addition or removal takes (or took) effect, or null.'),
});

/** The subprocessor list and its notice rules. */
export const trustJsonSubprocessors = z.strictObject({
  noticeDays: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe(
      'Days of notice given before a new subprocessor starts processing data, or null when the organisation has not declared a notice period.',
    ),
  listing: z
    .enum(['public', 'on-request'])
    .describe('public: the list is published. on-request: named on written request only.'),
  requestContact: z
    .email()
    .nullable()
    .describe('Where to ask for the list when `listing` is on-request, or null.'),
  entries: z
    .array(trustJsonSubprocessor)
    .nullable()
    .describe('Current, upcoming and leaving subprocessors; null when `listing` is on-request.'),
});

/** How to report a vulnerability and what the organisation commits to. */
export const trustJsonDisclosure = z.strictObject({
  contact: z
    .strictObject({
      email: z.email().nullable().describe('Address reports go to, or null.'),
      url: url.nullable().describe('Web form or disclosure-program page, or null.'),
    })
    .describe('Where to send a report; at least one of the two is set.'),
  policyUrl: url.nullable().describe('The full disclosure policy, or null.'),
  pgpKey: url.nullable().describe('URL of the PGP key for encrypted reports, or null.'),
  securityTxt: url.describe('URL of the RFC 9116 security.txt.'),
  sla: z
    .strictObject({
      acknowledge: duration.describe('Time to acknowledge a report, or null if none is promised.'),
      triage: duration.describe('Time to a first assessment, or null.'),
      fix: z
        .strictObject({
          critical: duration.describe('Time to fix a critical issue, or null.'),
          high: duration.describe('Time to fix a high-severity issue, or null.'),
          medium: duration.describe('Time to fix a medium-severity issue, or null.'),
          low: duration.describe('Time to fix a low-severity issue, or null.'),
        })
        .describe('Target fix times by severity.'),
    })
    .describe('Response times promised; null where nothing is promised.'),
  safeHarbour: z.boolean().describe('Whether good-faith research is promised safe harbour.'),
  bounty: z
    .boolean()
    .nullable()
    .describe(
      'Whether valid reports are paid, or null when the organisation has not said whether it runs a bug bounty.',
    ),
});

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** Where this trust.json stands in the publication history (docs/verifying.md). */
export const trustJsonPublication = z.strictObject({
  number: z.number().int().min(1).describe('Position in the history: 1 for the first publication.'),
  previous: sha256Hex
    .nullable()
    .describe(
      '`head` of publication `number - 1` (served at `/publications/<n>.json`), or null for the first.',
    ),
  head: sha256Hex.describe(
    'sha256 of the canonical JSON of this file without `signature` and without `publication.head`: the chain head.',
  ),
});

/** The Ed25519 signature over this trust.json (docs/verifying.md). */
export const trustJsonSignature = z.strictObject({
  algorithm: z.literal('Ed25519').describe('The signature algorithm.'),
  keyId: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .describe('Id of the signing key in `/.well-known/attest-keys.json`.'),
  value: z
    .string()
    .describe('The signature, base64, over the canonical JSON of this file without `signature`.'),
});

/** The public, machine-readable view of a trust center: `trust.json`. */
export const trustJson = z.strictObject({
  $schema: z.literal(trustJsonSchemaUrl).describe('The JSON Schema of this file.'),
  formatVersion: z
    .literal(trustJsonFormatVersion)
    .describe('Version of the trust.json format; bumped on any incompatible change.'),
  publishedAt: dateTime.describe("When the publication's inputs last changed (RFC 3339)."),
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('sha256 of the evaluated snapshot: the same hash means the same publication.'),
  organisation: z
    .strictObject({
      name: z.string().describe('Product or company name.'),
      legalName: z.string().describe('Registered legal entity.'),
      website: url.describe('The main website.'),
      trustCenterUrl: url.nullable().describe('Public address of the trust center, or null.'),
      contacts: z
        .strictObject({
          security: z.email().describe('Security questions and reports.'),
          privacy: z.email().nullable().describe('Data-protection requests, or null.'),
          support: z.email().nullable().describe('General support, or null.'),
          sales: z.email().nullable().describe('Questionnaires and procurement, or null.'),
          legal: z.email().nullable().describe('Contracts and the DPA, or null.'),
          trustAndSafety: z.email().nullable().describe('Abuse reports, or null.'),
        })
        .describe('Contact addresses by role.'),
      languages: z.array(z.string()).describe('Languages the organisation answers in (BCP 47).'),
      draft: z
        .string()
        .nullable()
        .describe('Why the whole trust center is marked a draft, or null when it is not.'),
      updated: date
        .nullable()
        .describe(
          'When the organisation last reviewed its trust page content, or null if not declared.',
        ),
      effective: date
        .nullable()
        .describe('When the current statements take effect, or null if not declared.'),
    })
    .describe('Who publishes this.'),
  categories: z
    .array(
      z.strictObject({
        id: z.string().describe('Id that controls name in `category`.'),
        title: z.string().describe('Heading of the group.'),
        description: z.string().nullable().describe('One sentence about the group, or null.'),
      }),
    )
    .describe('The groups controls are shown in, in page order.'),
  certifications: z
    .array(trustJsonCertification)
    .describe('Certifications and frameworks with their honest status.'),
  controls: z
    .array(trustJsonControl)
    .describe('Published claims in page order; gated, internal and withheld ones never appear.'),
  subprocessors: trustJsonSubprocessors.describe('Third parties that process customer data.'),
  disclosure: trustJsonDisclosure
    .nullable()
    .describe('Vulnerability disclosure summary, or null when no policy is published.'),
  publication: trustJsonPublication
    .nullable()
    .describe('Position in the hash-chained publication history, or null outside a publication.'),
  signature: trustJsonSignature
    .nullable()
    .describe('Signature by the publishing key, or null when the publication is unsigned.'),
});

/** `subprocessors.json`: the subprocessor list on its own, for procurement tools and DPA annexes. */
export const subprocessorsJson = z.strictObject({
  $schema: z.literal(subprocessorsJsonSchemaUrl).describe('The JSON Schema of this file.'),
  formatVersion: z
    .literal(trustJsonFormatVersion)
    .describe('Version of the format (shared with trust.json); bumped on incompatible changes.'),
  organisation: z.string().describe('Name of the organisation.'),
  publishedAt: dateTime.describe("When the publication's inputs last changed (RFC 3339)."),
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('sha256 of the evaluated snapshot, as in trust.json.'),
  ...trustJsonSubprocessors.shape,
});

export type TrustJson = z.output<typeof trustJson>;
export type SubprocessorsJson = z.output<typeof subprocessorsJson>;
export type TrustJsonControl = z.output<typeof trustJsonControl>;
export type TrustJsonPublication = z.output<typeof trustJsonPublication>;
export type TrustJsonSignature = z.output<typeof trustJsonSignature>;
export type TrustJsonSubprocessors = z.output<typeof trustJsonSubprocessors>;
