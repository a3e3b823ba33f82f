import type { Snapshot } from '../../evaluate/snapshot.ts';
import type { DocumentFrontMatter } from '../../schema/index.ts';

/** Id of the DPA: the organisation's own document with this id replaces the generated one. */
export const defaultDpaId = 'dpa';

/**
 * Front matter of the DPA generated from default terms; its body is {@link defaultDpa}'s.
 * It is dated from the organisation — the date its statements take effect, else the date
 * its trust center was last reviewed, else the day of the snapshot — never from a date in
 * Attest's own files, which says nothing about this organisation's agreement.
 */
export function defaultDpaMeta(snapshot: Snapshot): DocumentFrontMatter {
  const { effective, updated } = snapshot.organisation;
  return {
    id: defaultDpaId,
    title: 'Data Processing Agreement',
    version: 'default-1',
    visibility: 'gated',
    updated: effective ?? updated ?? snapshot.publishedAt.slice(0, 10),
    description: undefined,
    draft: undefined,
  };
}

/**
 * The change-notification sentence: with a declared notice period, that many days and an
 * objection window of the same length; without one, Article 28(2)'s prior information and
 * opportunity to object, and no number the organisation never declared.
 */
function subprocessorNotice(noticeDays: number | undefined): string {
  return noticeDays === undefined
    ? `{{ org.name }} informs the Customer of each intended addition or replacement before
it takes effect, giving the Customer the opportunity to object on reasonable data-protection
grounds.`
    : `{{ org.name }} announces each intended addition or replacement at least ${noticeDays}
days in advance; the Customer may object within that period on reasonable data-protection
grounds.`;
}

/**
 * The DPA an organisation gets when `policies/documents/` has no document with id `dpa`:
 * generic Article 28(3) terms filled from its own data. It commits only to what the GDPR
 * requires and to the notice period the organisation declares (none when it declares none),
 * is marked as generated on its cover, and is only ever published through the gated flow,
 * so the organisation decides whether to send it.
 */
export function defaultDpa(snapshot: Snapshot): DocumentFrontMatter & { body: string } {
  const noticeDays = snapshot.subprocessors.noticeDays;
  return {
    ...defaultDpaMeta(snapshot),
    body: `# Data Processing Agreement

This Data Processing Agreement ("DPA") supplements the agreement under which
{{ org.legalName }} ("{{ org.name }}", the processor) provides its service to the customer
(the "Customer", the controller). It covers all personal data that {{ org.name }} processes
on the Customer's behalf. On data-protection questions it takes precedence over the main
agreement.

Its annexes come from the data {{ org.name }} publishes on its trust center
({{ org.trustCenterUrl }}), as of snapshot {{ snapshot.hash }} of {{ snapshot.publishedDate }}:
Annex I describes the processing, Annex II the security measures whose evidence holds, and
Annex III the subprocessors.

## 1. Documented instructions

{{ org.name }} processes Customer personal data only on the Customer's documented
instructions, which include the agreement, this DPA and the Customer's use of the service.
This covers transfers to third countries as well. If the law requires other processing,
{{ org.name }} informs the Customer beforehand unless the law prohibits it, and it flags any
instruction it believes to breach data-protection law.

## 2. Confidentiality

Only people who need access for their work may access Customer personal data, and each of
them is bound by a contractual or statutory duty of confidentiality.

## 3. Security of processing

{{ org.name }} applies the technical and organisational measures of Article 32 GDPR that are
listed in Annex II, and keeps the overall level of protection at least at that level for as
long as it processes Customer personal data.

## 4. Subprocessors

The Customer authorises the subprocessors in Annex III in general terms. ${subprocessorNotice(noticeDays)}
Every subprocessor is bound by written terms that protect the data as well as this
DPA does, and {{ org.name }} answers to the Customer for its subprocessors.

## 5. Data subject rights

Given the nature of the processing, {{ org.name }} helps the Customer, with suitable
technical and organisational measures and where possible, to respond to data subjects who
exercise their rights.

## 6. Articles 32 to 36

{{ org.name }} helps the Customer with security, personal data breach notifications, data
protection impact assessments and prior consultations, based on the nature of the
processing and the information it has. It reports personal data breaches to the Customer
without undue delay.

## 7. End of the processing

When the service ends, {{ org.name }} deletes or returns Customer personal data, at the
Customer's choice, and deletes existing copies unless the law requires it to keep them.
Retention is described in Annex I.

## 8. Information and audits

{{ org.name }} makes available the information needed to show that it meets Article 28 GDPR
and allows for and contributes to audits, including inspections, by the Customer or an
auditor it appoints.

## 9. Contacts

Questions about this DPA: {{ org.contacts.legal }}. Security: {{ org.contacts.security }}.
`,
  };
}
