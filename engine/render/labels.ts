import type { DayState } from '../evaluate/history.ts';
import type {
  ChangelogEntry,
  CheckState,
  ClaimStatus,
  EvidenceSummary,
  SnapshotCertification,
  SnapshotSubprocessor,
} from '../evaluate/snapshot.ts';
import { en } from '../language/i18n/en.ts';
import type { Subprocessor } from '../schema/index.ts';

// The words people read for Attest's states and kinds, once for every output: the trust
// site, the documents and PDFs, the changelog and its feed. A renderer that needs a word for
// one of these takes it from here, so the site and a DPA never name the same thing twice.
// The English words are the message catalog's (engine/language/i18n/en.ts); the typed
// records below only check that the catalog names every state.
// Check types are named by their specs (`checkLabel` in engine/schema).

export { checkLabel } from '../schema/index.ts';

/** Claim statuses (ARCHITECTURE.md, "Claim statuses"). */
export const claimStatusLabels: Record<ClaimStatus, string> = en.status.claim;

/** Certification statuses, honest about who holds what. */
export const certificationStatusLabels: Record<SnapshotCertification['effectiveStatus'], string> =
  en.status.certification;

/** What became of one automated check. */
export const checkStateLabels: Record<CheckState, string> = en.status.check;

/** Attestation states. */
export const attestationStateLabels: Record<
  Extract<EvidenceSummary, { kind: 'attestation' }>['state'],
  string
> = en.status.attestation;

/** One day of the verification history, in a sentence (`2 Dec: not verified`). */
export const dayStateLabels: Record<DayState, string> = en.status.day;

/** Transfer mechanisms spelled out, as a "Transfer mechanism" column reads them. */
export const transferLabels: Record<Subprocessor['transferMechanism'], string> = en.transfer;

/** Where a subprocessor stands. */
export const subprocessorStateLabels: Record<SnapshotSubprocessor['state'], string> = {
  current: 'Current',
  upcoming: 'Upcoming',
  leaving: 'Leaving',
  past: 'Removed',
};

/** What a changelog entry is about. */
export const changelogKindLabels: Record<ChangelogEntry['kind'], string> = en.changelogPage.kinds;

const frameworkNames: Record<string, string> = {
  soc2: 'SOC 2',
  iso27001: 'ISO/IEC 27001',
  iso27017: 'ISO/IEC 27017',
  iso27018: 'ISO/IEC 27018',
  iso27701: 'ISO/IEC 27701',
  caiq: 'CSA CAIQ',
  gdpr: 'GDPR',
  ccpa: 'CCPA',
  cis: 'CIS Controls',
  'pci-dss': 'PCI DSS',
  hipaa: 'HIPAA',
  'nist-csf': 'NIST CSF',
};

/** The name of a framework key used in a control's `frameworks`, e.g. `ISO/IEC 27001`. */
export function frameworkName(key: string): string {
  return frameworkNames[key] ?? key.toUpperCase();
}

/** A label as it reads inside a sentence: `Lapsed` → `lapsed` (names like `SOC 2` kept). */
export function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? `${label.charAt(0).toLowerCase()}${label.slice(1)}` : label;
}
