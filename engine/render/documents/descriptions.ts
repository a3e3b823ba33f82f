import type {
  SnapshotCertification,
  SnapshotControl,
  SnapshotSubprocessor,
} from '../../evaluate/snapshot.ts';
import { plural } from '../../source/plural.ts';
import { certificationStatusLabels, subprocessorStateLabels } from '../labels.ts';

// Sentences for documents built from the shared vocabulary (../labels.ts) and the details
// a document has room for: dates, providers, counts.

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
        ? `${certificationStatusLabels.certified}, valid until ${certification.validUntil}`
        : certificationStatusLabels.certified;
    case 'lapsed':
      return certification.status === 'certified'
        ? `${certificationStatusLabels.lapsed} on ${certification.validUntil}`
        : certificationStatusLabels.lapsed;
    case 'in-progress':
      return certification.status === 'in-progress' && certification.target
        ? `${certificationStatusLabels['in-progress']} (target ${certification.target}; not held)`
        : `${certificationStatusLabels['in-progress']} (not held)`;
    case 'inherited':
      return `Inherited from ${certification.providerNames.join(', ')} (not held directly)`;
    case 'self-assessed':
      return `${certificationStatusLabels['self-assessed']} (no external audit)`;
    case 'not-held':
      return certificationStatusLabels['not-held'];
  }
}

/** A subprocessor's standing, with the effective date of an announced change. */
export function subprocessorStanding(entry: SnapshotSubprocessor): string {
  switch (entry.state) {
    case 'upcoming':
      return `${subprocessorStateLabels.upcoming}: starts ${entry.effective ?? 'on a date to be announced'}`;
    case 'leaving':
      return `${subprocessorStateLabels.leaving}: removed ${entry.effective ?? 'on a date to be announced'}`;
    case 'past':
      return subprocessorStateLabels.past;
    default:
      return entry.since
        ? `${subprocessorStateLabels.current} (since ${entry.since})`
        : subprocessorStateLabels.current;
  }
}
