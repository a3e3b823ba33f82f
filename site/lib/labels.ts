import type { DayState } from '../../engine/evaluate/history.ts';
import type {
  CheckState,
  ClaimStatus,
  SnapshotCertification,
  SnapshotSubprocessor,
} from '../../engine/evaluate/snapshot.ts';
import type { Subprocessor } from '../../engine/schema/index.ts';

/** How a status is marked: a symbol and a word (never colour alone) and a tone for colour. */
export interface Mark {
  symbol: string;
  label: string;
  tone: 'ok' | 'warn' | 'bad' | 'roadmap' | 'neutral';
}

/** Claim statuses as the page shows them (ARCHITECTURE.md, "Claim statuses"). */
export const claimMarks: Record<ClaimStatus, Mark> = {
  verified: { symbol: '✓', label: 'Verified', tone: 'ok' },
  attested: { symbol: '✓', label: 'Attested', tone: 'ok' },
  inherited: { symbol: '✓', label: 'Inherited', tone: 'ok' },
  unverified: { symbol: '?', label: 'Not verified', tone: 'warn' },
  failing: { symbol: '✕', label: 'Failing', tone: 'bad' },
  'in-progress': { symbol: '◐', label: 'In progress', tone: 'roadmap' },
  planned: { symbol: '○', label: 'Planned', tone: 'roadmap' },
  'not-applicable': { symbol: '–', label: 'Not applicable', tone: 'neutral' },
};

/** Certification statuses, honest about who holds what. */
export const certificationMarks: Record<SnapshotCertification['effectiveStatus'], Mark> = {
  certified: { symbol: '✓', label: 'Certified', tone: 'ok' },
  lapsed: { symbol: '!', label: 'Lapsed', tone: 'bad' },
  'in-progress': { symbol: '◐', label: 'In progress', tone: 'roadmap' },
  inherited: { symbol: '↳', label: 'Held by our providers', tone: 'neutral' },
  'self-assessed': { symbol: '◇', label: 'Self-assessed', tone: 'neutral' },
  'not-held': { symbol: '–', label: 'Not held', tone: 'neutral' },
};

/** What became of one automated check. */
export const checkStateMarks: Record<CheckState, Mark> = {
  pass: { symbol: '✓', label: 'Passed', tone: 'ok' },
  fail: { symbol: '✕', label: 'Failed', tone: 'bad' },
  error: { symbol: '?', label: 'Could not check', tone: 'warn' },
  skipped: { symbol: '–', label: 'Not run', tone: 'warn' },
  stale: { symbol: '?', label: 'Result too old', tone: 'warn' },
  missing: { symbol: '?', label: 'No result yet', tone: 'warn' },
  waived: { symbol: '~', label: 'Waived', tone: 'warn' },
};

/** Attestation states. */
export const attestationMarks: Record<'current' | 'expired' | 'too-old', Mark> = {
  current: { symbol: '✓', label: 'Current', tone: 'ok' },
  expired: { symbol: '✕', label: 'Expired', tone: 'bad' },
  'too-old': { symbol: '?', label: 'Too old', tone: 'warn' },
};

/** One day of the verification history strip. */
export const dayMarks: Record<DayState, Mark> = {
  verified: { symbol: '✓', label: 'verified', tone: 'ok' },
  unverified: { symbol: '?', label: 'not verified', tone: 'warn' },
  failing: { symbol: '✕', label: 'failing', tone: 'bad' },
  none: { symbol: '·', label: 'no data', tone: 'neutral' },
};

/** Plain names of check types. */
const checkNames: Record<string, string> = {
  tls: 'TLS configuration',
  http: 'HTTP response',
  hsts: 'HSTS policy',
  headers: 'Security headers',
  'security-txt': 'security.txt',
  dns: 'DNS records',
  postgres: 'Database settings',
  s3: 'Storage bucket settings',
  file: 'Evidence file',
  config: 'Configuration setting',
  command: 'Command',
  'rate-limit': 'Rate limiting',
};

/** The plain name of a check type, e.g. `TLS configuration` for `tls`. */
export function checkName(check: string): string {
  return checkNames[check] ?? check;
}

/** Transfer mechanisms spelled out. */
export const transferLabels: Record<Subprocessor['transferMechanism'], string> = {
  sccs: 'Standard Contractual Clauses',
  adequacy: 'Adequacy decision',
  dpf: 'EU-US Data Privacy Framework',
  bcr: 'Binding Corporate Rules',
  none: 'No transfer',
  'not-stated': 'Not stated',
};

/** Where a subprocessor stands. */
export const subprocessorStateLabels: Record<SnapshotSubprocessor['state'], string> = {
  current: 'Current',
  upcoming: 'Starting',
  leaving: 'Leaving',
  past: 'Removed',
};

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
