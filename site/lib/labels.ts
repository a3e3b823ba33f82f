import type { DayState } from '../../engine/evaluate/history.ts';
import type {
  CheckState,
  ClaimStatus,
  SnapshotCertification,
} from '../../engine/evaluate/snapshot.ts';
import {
  attestationStateLabels,
  certificationStatusLabels,
  checkStateLabels,
  claimStatusLabels,
  dayStateLabels,
} from '../../engine/render/labels.ts';

// The words come from engine/render/labels.ts, shared with the documents and the changelog
// (plain words such as transfer mechanisms and check names are imported from there directly);
// the page adds a symbol and a tone to each status, so it is never told by colour alone.

/** How a status is marked: a symbol and a word (never colour alone) and a tone for colour. */
export interface Mark {
  symbol: string;
  label: string;
  tone: 'ok' | 'warn' | 'bad' | 'roadmap' | 'neutral';
}

/** Claim statuses as the page shows them (ARCHITECTURE.md, "Claim statuses"). */
export const claimMarks: Record<ClaimStatus, Mark> = {
  verified: { symbol: '✓', label: claimStatusLabels.verified, tone: 'ok' },
  attested: { symbol: '✓', label: claimStatusLabels.attested, tone: 'ok' },
  inherited: { symbol: '✓', label: claimStatusLabels.inherited, tone: 'ok' },
  unverified: { symbol: '?', label: claimStatusLabels.unverified, tone: 'warn' },
  failing: { symbol: '✕', label: claimStatusLabels.failing, tone: 'bad' },
  'in-progress': { symbol: '◐', label: claimStatusLabels['in-progress'], tone: 'roadmap' },
  planned: { symbol: '○', label: claimStatusLabels.planned, tone: 'roadmap' },
  'not-applicable': { symbol: '–', label: claimStatusLabels['not-applicable'], tone: 'neutral' },
};

/** Certification statuses, honest about who holds what. */
export const certificationMarks: Record<SnapshotCertification['effectiveStatus'], Mark> = {
  certified: { symbol: '✓', label: certificationStatusLabels.certified, tone: 'ok' },
  lapsed: { symbol: '!', label: certificationStatusLabels.lapsed, tone: 'bad' },
  'in-progress': { symbol: '◐', label: certificationStatusLabels['in-progress'], tone: 'roadmap' },
  inherited: { symbol: '↳', label: certificationStatusLabels.inherited, tone: 'neutral' },
  'self-assessed': {
    symbol: '◇',
    label: certificationStatusLabels['self-assessed'],
    tone: 'neutral',
  },
  'not-held': { symbol: '–', label: certificationStatusLabels['not-held'], tone: 'neutral' },
};

/** What became of one automated check. */
export const checkStateMarks: Record<CheckState, Mark> = {
  pass: { symbol: '✓', label: checkStateLabels.pass, tone: 'ok' },
  fail: { symbol: '✕', label: checkStateLabels.fail, tone: 'bad' },
  error: { symbol: '?', label: checkStateLabels.error, tone: 'warn' },
  skipped: { symbol: '–', label: checkStateLabels.skipped, tone: 'warn' },
  stale: { symbol: '?', label: checkStateLabels.stale, tone: 'warn' },
  missing: { symbol: '?', label: checkStateLabels.missing, tone: 'warn' },
  waived: { symbol: '~', label: checkStateLabels.waived, tone: 'warn' },
};

/** Attestation states. */
export const attestationMarks: Record<'current' | 'expired' | 'too-old', Mark> = {
  current: { symbol: '✓', label: attestationStateLabels.current, tone: 'ok' },
  expired: { symbol: '✕', label: attestationStateLabels.expired, tone: 'bad' },
  'too-old': { symbol: '?', label: attestationStateLabels['too-old'], tone: 'warn' },
};

/** One day of the verification history strip. */
export const dayMarks: Record<DayState, Mark> = {
  verified: { symbol: '✓', label: dayStateLabels.verified, tone: 'ok' },
  unverified: { symbol: '?', label: dayStateLabels.unverified, tone: 'warn' },
  failing: { symbol: '✕', label: dayStateLabels.failing, tone: 'bad' },
  none: { symbol: '·', label: dayStateLabels.none, tone: 'neutral' },
};
