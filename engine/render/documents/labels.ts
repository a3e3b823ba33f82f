import type {
  ClaimStatus,
  SnapshotCertification,
  SnapshotControl,
  SnapshotSubprocessor,
} from '../../evaluate/snapshot.ts';
import type { Subprocessor } from '../../schema/index.ts';

/** How a claim status reads in a document. */
export const statusLabels: Record<ClaimStatus, string> = {
  verified: 'Verified',
  attested: 'Attested',
  inherited: 'Inherited',
  unverified: 'Not verified',
  failing: 'Failing',
  'in-progress': 'In progress',
  planned: 'Planned',
  'not-applicable': 'Not applicable',
};

/** How a transfer mechanism reads in a document. */
export const transferLabels: Record<Subprocessor['transferMechanism'], string> = {
  sccs: 'Standard Contractual Clauses',
  adequacy: 'Adequacy decision',
  dpf: 'EU-US Data Privacy Framework',
  bcr: 'Binding Corporate Rules',
  none: 'None (no transfer)',
  'not-stated': 'Not stated',
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One sentence on how a control is evidenced, from its evidence items. */
export function describeEvidence(control: SnapshotControl): string {
  const parts: string[] = [];
  const checks = control.evidence.filter((item) => item.kind === 'check');
  if (checks.length > 0) {
    const kinds = [...new Set(checks.map((item) => item.check))].join(', ');
    const passing = checks.filter((item) => item.state === 'pass').length;
    const when = control.verifiedAt ? `, last verified ${control.verifiedAt.slice(0, 10)}` : '';
    parts.push(
      passing === checks.length
        ? `${plural(checks.length, 'automated check')} (${kinds}) passing${when}`
        : `${plural(checks.length, 'automated check')} (${kinds}), ${passing} passing`,
    );
  }
  for (const item of control.evidence) {
    if (item.kind === 'attestation')
      parts.push(
        `attested by ${item.by} on ${item.date}${item.expires ? `, valid until ${item.expires}` : ''}${item.state === 'current' ? '' : ` (${item.state})`}`,
      );
    if (item.kind === 'inherited')
      parts.push(
        `inherited from ${item.providerName}${item.certification ? ` (${item.certification})` : ''}`,
      );
  }
  if (parts.length === 0) return 'No evidence recorded.';
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** A certification's honest status in a few words. */
export function certificationStatus(certification: SnapshotCertification): string {
  switch (certification.effectiveStatus) {
    case 'certified':
      return certification.status === 'certified'
        ? `Certified, valid until ${certification.validUntil}`
        : 'Certified';
    case 'lapsed':
      return certification.status === 'certified'
        ? `Lapsed on ${certification.validUntil}`
        : 'Lapsed';
    case 'in-progress':
      return certification.status === 'in-progress' && certification.target
        ? `In progress (target ${certification.target}; not held)`
        : 'In progress (not held)';
    case 'inherited':
      return `Inherited from ${certification.providerNames.join(', ')} (not held directly)`;
    case 'self-assessed':
      return 'Self-assessed (no external audit)';
    case 'not-held':
      return 'Not held';
  }
}

/** A subprocessor's standing, with the effective date of an announced change. */
export function subprocessorStanding(entry: SnapshotSubprocessor): string {
  switch (entry.state) {
    case 'upcoming':
      return `Upcoming: starts ${entry.effective ?? 'on a date to be announced'}`;
    case 'leaving':
      return `Leaving: removed ${entry.effective ?? 'on a date to be announced'}`;
    case 'past':
      return 'Removed';
    default:
      return entry.since ? `Current (since ${entry.since})` : 'Current';
  }
}
