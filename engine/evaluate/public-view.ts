import { buildRollup } from './rollup.ts';
import type { Snapshot, SnapshotControl } from './snapshot.ts';

/** Whether a control's claim may appear on public outputs: public and not withheld. */
export function isPublished(control: SnapshotControl): boolean {
  return control.visibility === 'public' && control.withheld === undefined;
}

/**
 * The view of a snapshot that every public output reads (site, trust.json, feeds, the
 * published snapshot.json): gated and withheld controls removed, FAQ entries resting on them
 * removed, gated documents listed without their text, the changelog without their entries.
 * The content hash stays that of the full snapshot: it names the version.
 */
export function publicSnapshot(snapshot: Snapshot): Snapshot {
  const controls = snapshot.controls.filter(isPublished);
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
