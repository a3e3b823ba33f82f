import { formatTime } from './evaluate-control.ts';
import { buildRollup } from './rollup.ts';
import type { EvidenceSummary, Snapshot, SnapshotControl } from './snapshot.ts';

/** Check types that look at internal systems; their targets stay off public outputs. */
const internalChecks = new Set(['postgres', 's3', 'file', 'config', 'command']);

/**
 * The target of a check as the public may see it: none for internal systems or `${ENV}`
 * targets, and no credentials in URLs.
 */
export function publicTarget(check: string, target: string): string | null {
  if (internalChecks.has(check) || target.includes('${')) return null;
  if (!URL.canParse(target)) return target;
  const parsed = new URL(target);
  if (!parsed.username && !parsed.password) return target;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

const internalTarget = 'an internal system';

/** A check whose target is internal keeps its verdict and time; what it looked at and saw is not published. */
function publicEvidence(item: EvidenceSummary): EvidenceSummary {
  if (item.kind !== 'check') return item;
  const target = publicTarget(item.check, item.target);
  if (target === item.target) return item;
  if (target !== null) return { ...item, target };
  return {
    ...item,
    target: internalTarget,
    description: item.description,
    observed: null,
    expected: null,
    message: `${item.check} check of an internal system: ${item.state}`,
  };
}

/** The control with internal check details removed, and a reason that does not name them. */
function publicControl(control: SnapshotControl): SnapshotControl {
  const evidence = control.evidence.map(publicEvidence);
  if (evidence.every((item, index) => item === control.evidence[index])) return control;
  const checks = evidence.filter((item) => item.kind === 'check').length;
  const reason =
    control.status === 'verified'
      ? `verified ${formatTime(control.verifiedAt ?? '')} by ${checks} automated check${checks === 1 ? '' : 's'}`
      : control.status === 'unverified'
        ? 'not verified: an automated check has no current passing result'
        : control.reason;
  return { ...control, evidence, reason };
}

/** Whether a control's claim may appear on public outputs: public and not withheld. */
export function isPublished(control: SnapshotControl): boolean {
  return control.visibility === 'public' && control.withheld === undefined;
}

/**
 * The view of a snapshot that every public output reads (site, trust.json, feeds, the
 * published snapshot.json): gated and withheld controls removed, internal check targets,
 * observations and the reasons naming them redacted, FAQ entries resting on them
 * removed, gated documents listed without their text, the changelog without their entries.
 * The content hash stays that of the full snapshot: it names the version.
 */
export function publicSnapshot(snapshot: Snapshot): Snapshot {
  const controls = snapshot.controls.filter(isPublished).map(publicControl);
  const shown = new Set(controls.map((control) => control.id));
  const hidden = new Set(
    snapshot.controls.filter((control) => !shown.has(control.id)).map((control) => control.id),
  );
  return {
    ...snapshot,
    controls,
    faq: snapshot.faq.filter((entry) => entry.controls.every((id) => shown.has(id))),
    documents: snapshot.documents.map((document) =>
      document.visibility === 'gated' ? { ...document, body: '' } : document,
    ),
    changelog: snapshot.changelog.filter(
      (entry) => !(entry.kind === 'control' && hidden.has(entry.subject)),
    ),
    rollup: buildRollup(controls),
  };
}
