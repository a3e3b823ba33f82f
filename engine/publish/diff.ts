import type {
  ClaimStatus,
  Snapshot,
  SnapshotCertification,
  SnapshotControl,
  SnapshotSubprocessor,
} from '../evaluate/snapshot.ts';

/** Which version a side of a diff is. */
export interface DiffSide {
  contentHash: string;
  publishedAt: string;
  gitCommit: string | undefined;
}

/** A control as a diff names it: enough to say what it is and whether its claim is published. */
export interface ControlRef {
  id: string;
  title: string;
  visibility: 'public' | 'gated';
  /** The claim is kept off public outputs (gate or `showUnverified: withhold`). */
  withheld: boolean;
}

type CertificationStatus = SnapshotCertification['effectiveStatus'];
type SubprocessorState = SnapshotSubprocessor['state'];

/** Every change between two snapshots, grouped by what changed; each list sorted by id. */
export interface SnapshotDiff {
  /** Undefined when there is nothing to compare with: everything in `to` is added. */
  from: DiffSide | undefined;
  to: DiffSide;
  controls: {
    added: Array<ControlRef & { status: ClaimStatus; version: number; claim: string }>;
    removed: Array<ControlRef & { status: ClaimStatus; version: number; claim: string }>;
    /** The claim text changed; `version` is the new version. */
    reworded: Array<ControlRef & { version: number; before: string; after: string }>;
    statusChanged: Array<ControlRef & { before: ClaimStatus; after: ClaimStatus; reason: string }>;
    versionBumped: Array<ControlRef & { before: number; after: number }>;
  };
  certifications: {
    added: Array<{ id: string; name: string; status: CertificationStatus }>;
    removed: Array<{ id: string; name: string; status: CertificationStatus }>;
    statusChanged: Array<{
      id: string;
      name: string;
      before: CertificationStatus;
      after: CertificationStatus;
    }>;
  };
  subprocessors: {
    added: Array<SubprocessorRef & { purpose: string; location: string }>;
    removed: SubprocessorRef[];
    /** Declared fields that changed (e.g. `location`, `dataCategories`), sorted by name. */
    changed: Array<{ id: string; name: string; fields: string[] }>;
    /** Where the subprocessor stands, e.g. `upcoming` → `current` once its change is effective. */
    stateChanged: Array<SubprocessorRef & { before: SubprocessorState }>;
  };
  documents: {
    added: Array<{ id: string; title: string; version: string; visibility: 'public' | 'gated' }>;
    removed: Array<{ id: string; title: string; version: string; visibility: 'public' | 'gated' }>;
    versionChanged: Array<{ id: string; title: string; before: string; after: string }>;
  };
}

/** A subprocessor as a diff names it, with its (new) state and announced change dates. */
export interface SubprocessorRef {
  id: string;
  name: string;
  state: SubprocessorState;
  announced: string | undefined;
  effective: string | undefined;
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function compareIds(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Pairs up two lists by id: what only `after` has, what only `before` has, and both. */
function match<T extends { id: string }>(before: readonly T[], after: readonly T[]) {
  const old = byId(before);
  const now = byId(after);
  return {
    added: [...now.values()].filter((item) => !old.has(item.id)).sort(compareIds),
    removed: [...old.values()].filter((item) => !now.has(item.id)).sort(compareIds),
    kept: [...now.values()]
      .flatMap((item) => {
        const previous = old.get(item.id);
        return previous ? [{ before: previous, after: item }] : [];
      })
      .sort((a, b) => compareIds(a.after, b.after)),
  };
}

function controlRef(control: SnapshotControl): ControlRef {
  return {
    id: control.id,
    title: control.title,
    visibility: control.visibility,
    withheld: control.withheld !== undefined,
  };
}

function controlSummary(control: SnapshotControl) {
  return {
    ...controlRef(control),
    status: control.status,
    version: control.version,
    claim: control.claim,
  };
}

function subprocessorRef(entry: SnapshotSubprocessor): SubprocessorRef {
  return {
    id: entry.id,
    name: entry.name,
    state: entry.state,
    announced: entry.announced,
    effective: entry.effective,
  };
}

/** Names of the declared fields (everything but the computed `state`) that differ. */
function changedFields(before: SnapshotSubprocessor, after: SnapshotSubprocessor): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  names.delete('state');
  const value = (entry: SnapshotSubprocessor, name: string) =>
    JSON.stringify((entry as unknown as Record<string, unknown>)[name]);
  return [...names].filter((name) => value(before, name) !== value(after, name)).sort();
}

function side(snapshot: Snapshot): DiffSide {
  return {
    contentHash: snapshot.contentHash,
    publishedAt: snapshot.publishedAt,
    gitCommit: snapshot.gitCommit,
  };
}

/**
 * Lists what changed from one snapshot to the next: controls added, removed, reworded,
 * re-statused and re-versioned; certifications; subprocessors (including state changes such
 * as `upcoming` → `current`); document versions. Without `from`, everything in `to` counts
 * as added. Pure; the order is deterministic (by id within each list).
 */
export function diffSnapshots(from: Snapshot | undefined, to: Snapshot): SnapshotDiff {
  const controls = match(from?.controls ?? [], to.controls);
  const certifications = match(from?.certifications ?? [], to.certifications);
  const subprocessors = match(from?.subprocessors.entries ?? [], to.subprocessors.entries);
  const documents = match(from?.documents ?? [], to.documents);
  const documentSummary = (document: Snapshot['documents'][number]) => ({
    id: document.id,
    title: document.title,
    version: document.version,
    visibility: document.visibility,
  });
  const certificationSummary = (certification: SnapshotCertification) => ({
    id: certification.id,
    name: certification.name,
    status: certification.effectiveStatus,
  });

  return {
    from: from && side(from),
    to: side(to),
    controls: {
      added: controls.added.map(controlSummary),
      removed: controls.removed.map(controlSummary),
      reworded: controls.kept
        .filter(({ before, after }) => before.claim !== after.claim)
        .map(({ before, after }) => ({
          ...controlRef(after),
          version: after.version,
          before: before.claim,
          after: after.claim,
        })),
      statusChanged: controls.kept
        .filter(({ before, after }) => before.status !== after.status)
        .map(({ before, after }) => ({
          ...controlRef(after),
          before: before.status,
          after: after.status,
          reason: after.reason,
        })),
      versionBumped: controls.kept
        .filter(({ before, after }) => before.version !== after.version)
        .map(({ before, after }) => ({
          ...controlRef(after),
          before: before.version,
          after: after.version,
        })),
    },
    certifications: {
      added: certifications.added.map(certificationSummary),
      removed: certifications.removed.map(certificationSummary),
      statusChanged: certifications.kept
        .filter(({ before, after }) => before.effectiveStatus !== after.effectiveStatus)
        .map(({ before, after }) => ({
          id: after.id,
          name: after.name,
          before: before.effectiveStatus,
          after: after.effectiveStatus,
        })),
    },
    subprocessors: {
      added: subprocessors.added.map((entry) => ({
        ...subprocessorRef(entry),
        purpose: entry.purpose,
        location: entry.location,
      })),
      removed: subprocessors.removed.map(subprocessorRef),
      changed: subprocessors.kept.flatMap(({ before, after }) => {
        const fields = changedFields(before, after);
        return fields.length ? [{ id: after.id, name: after.name, fields }] : [];
      }),
      stateChanged: subprocessors.kept
        .filter(({ before, after }) => before.state !== after.state)
        .map(({ before, after }) => ({ ...subprocessorRef(after), before: before.state })),
    },
    documents: {
      added: documents.added.map(documentSummary),
      removed: documents.removed.map(documentSummary),
      versionChanged: documents.kept
        .filter(({ before, after }) => before.version !== after.version)
        .map(({ before, after }) => ({
          id: after.id,
          title: after.title,
          before: before.version,
          after: after.version,
        })),
    },
  };
}

/** How many changes a diff lists (0: the two versions say the same). */
export function countChanges(diff: SnapshotDiff): number {
  return [diff.controls, diff.certifications, diff.subprocessors, diff.documents]
    .flatMap((group) => Object.values(group) as unknown[][])
    .reduce((total, list) => total + list.length, 0);
}
