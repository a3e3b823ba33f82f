import type {
  ChangelogEntry,
  SnapshotCertification,
  SnapshotControl,
} from '../evaluate/snapshot.ts';
import { certificationStatusLabels, inSentence } from '../render/labels.ts';
import type { ControlRef, SnapshotDiff, SubprocessorRef } from './diff.ts';

/** What a publication's changelog is built from. */
export interface ChangelogInput {
  /** The controls of the snapshot being published (their own `changelog` entries). */
  controls: readonly SnapshotControl[];
  /** The changelog of the previous publication; empty for the first one. */
  previous: readonly ChangelogEntry[];
  /** The diff from the previous publication to this one. */
  diff: SnapshotDiff;
  /** When this publication's inputs last changed: the date of every diff-derived entry. */
  publishedAt: string;
}

const controlEntryId = /^control\/[^/]+\/v\d+$/;

/** A certification status as a changelog sentence reads it: `lapsed`, `held by our providers`. */
function certificationWords(status: SnapshotCertification['effectiveStatus']): string {
  return inSentence(certificationStatusLabels[status]);
}

const kindOrder: Record<ChangelogEntry['kind'], number> = {
  subprocessor: 0,
  certification: 1,
  control: 2,
  document: 3,
};

/** A control's claim may be announced only when it is public and not withheld. */
function announced(control: ControlRef): boolean {
  return control.visibility === 'public' && !control.withheld;
}

function controlEntries(controls: readonly SnapshotControl[]): ChangelogEntry[] {
  return controls
    .filter((control) => control.visibility === 'public' || control.visibility === 'gated')
    .flatMap((control) =>
      control.changelog.map((entry) => ({
        id: `control/${control.id}/v${entry.version}`,
        date: entry.date,
        kind: 'control' as const,
        subject: control.id,
        title: `${control.title} (version ${entry.version})`,
        text: entry.note,
      })),
    );
}

function subprocessorEntry(
  entry: SubprocessorRef & { purpose?: string },
  before: SubprocessorRef['state'] | undefined,
): Pick<ChangelogEntry, 'title' | 'text'> & { event: string } {
  const { name, state, effective } = entry;
  const purpose = entry.purpose ? ` Purpose: ${entry.purpose}` : '';
  if (state === 'upcoming')
    return {
      event: 'upcoming',
      title: `Subprocessor announced: ${name}`,
      text: `${name} starts processing customer data on ${effective}${entry.announced ? ` (announced ${entry.announced})` : ''}.${purpose}`,
    };
  if (state === 'leaving')
    return {
      event: 'leaving',
      title: `Subprocessor leaving: ${name}`,
      text: `${name} stops processing customer data on ${effective}.`,
    };
  if (state === 'past')
    return {
      event: 'removed',
      title: `Subprocessor removed: ${name}`,
      text: `${name} no longer processes customer data.`,
    };
  if (before === 'leaving')
    return {
      event: 'current',
      title: `Subprocessor stays: ${name}`,
      text: `The announced removal of ${name} was withdrawn.`,
    };
  return before === undefined
    ? {
        event: 'added',
        title: `New subprocessor: ${name}`,
        text: `${name} now processes customer data.${purpose}`,
      }
    : {
        event: 'current',
        title: `New subprocessor: ${name}`,
        text: `${name} processes customer data from ${effective ?? 'now on'}.`,
      };
}

/** A diff-derived entry before it is dated; `event` names the change in the entry's id. */
type DiffEntry = Omit<ChangelogEntry, 'date' | 'id'> & { event: string };

/** Entries for what changed in this publication (dated later with its `publishedAt`). */
function diffEntries(diff: SnapshotDiff, controls: readonly SnapshotControl[]): DiffEntry[] {
  const entries: DiffEntry[] = [];
  const subprocessor = (ref: SubprocessorRef, before?: SubprocessorRef['state']) => {
    const { event, title, text } = subprocessorEntry(ref, before);
    entries.push({ kind: 'subprocessor', subject: ref.id, event, title, text });
  };
  if (!diff.from) {
    // The first publication is the baseline: only changes still pending are news.
    for (const ref of diff.subprocessors.added)
      if (ref.state === 'upcoming' || ref.state === 'leaving') subprocessor(ref);
    return entries;
  }
  for (const ref of diff.subprocessors.added) if (ref.state !== 'past') subprocessor(ref);
  for (const ref of diff.subprocessors.stateChanged) subprocessor(ref, ref.before);
  for (const ref of diff.subprocessors.removed)
    if (ref.state !== 'past')
      entries.push({
        kind: 'subprocessor',
        subject: ref.id,
        event: 'removed',
        title: `Subprocessor removed: ${ref.name}`,
        text: `${ref.name} no longer processes customer data.`,
      });

  const { certifications } = diff;
  for (const cert of certifications.added)
    entries.push({
      kind: 'certification',
      subject: cert.id,
      event: 'added',
      title: `Certification added: ${cert.name}`,
      text: `${cert.name}: ${certificationWords(cert.status)}.`,
    });
  for (const cert of certifications.removed)
    entries.push({
      kind: 'certification',
      subject: cert.id,
      event: 'removed',
      title: `Certification removed: ${cert.name}`,
      text: `${cert.name} is no longer listed.`,
    });
  for (const cert of certifications.statusChanged)
    entries.push({
      kind: 'certification',
      subject: cert.id,
      event: `status-${cert.after}`,
      title: `${cert.name}: ${certificationWords(cert.after)}`,
      text: `${cert.name} changed from ${certificationWords(cert.before)} to ${certificationWords(cert.after)}.`,
    });

  for (const control of diff.controls.added.filter(announced))
    entries.push({
      kind: 'control',
      subject: control.id,
      event: 'added',
      title: `New control: ${control.title}`,
      text: control.claim,
    });
  for (const control of diff.controls.removed.filter(announced))
    entries.push({
      kind: 'control',
      subject: control.id,
      event: 'removed',
      title: `Control withdrawn: ${control.title}`,
      text: `No longer claimed: ${control.claim}`,
    });
  // A reword is explained when the version was bumped and the control's changelog has an
  // entry for the new version; an unchanged version's old entry says nothing about it.
  const history = new Map(controls.map((control) => [control.id, control.changelog]));
  const bumped = new Set(diff.controls.versionBumped.map((control) => control.id));
  for (const control of diff.controls.reworded.filter(announced)) {
    const noted =
      bumped.has(control.id) &&
      history.get(control.id)?.some((entry) => entry.version === control.version);
    if (!noted)
      entries.push({
        kind: 'control',
        subject: control.id,
        event: `reworded-v${control.version}`,
        title: `${control.title}: claim reworded`,
        text: control.after,
      });
  }

  for (const document of diff.documents.added)
    entries.push({
      kind: 'document',
      subject: document.id,
      event: 'added',
      title: `New document: ${document.title}`,
      text: `${document.title}, version ${document.version}.`,
    });
  for (const document of diff.documents.versionChanged)
    entries.push({
      kind: 'document',
      subject: document.id,
      event: `version-${document.after}`,
      title: `${document.title} updated to version ${document.after}`,
      text: `${document.title} changed from version ${document.before} to ${document.after}.`,
    });
  return entries;
}

/** The identity an entry merges on; entries from before ids existed fall back to their fields. */
export function changelogEntryKey(entry: ChangelogEntry): string {
  return entry.id ?? `${entry.kind}/${entry.subject}/${entry.date}/${entry.title}`;
}

/** A control's own entry is re-derived from the control each time, so it is never carried over. */
function isControlOwn(entry: ChangelogEntry): boolean {
  return entry.id === undefined ? entry.kind === 'control' : controlEntryId.test(entry.id);
}

function compareEntries(a: ChangelogEntry, b: ChangelogEntry): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  if (a.kind !== b.kind) return kindOrder[a.kind] - kindOrder[b.kind];
  if (a.subject !== b.subject) return a.subject < b.subject ? -1 : 1;
  const [left, right] = [changelogEntryKey(a), changelogEntryKey(b)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The public changelog of a publication, newest first: the controls' own `changelog`
 * entries (always re-derived, so an edited note or a removed control is reflected), the
 * entries carried over from the previous publication, and one entry per newsworthy change in
 * `diff` (subprocessors added, announced, leaving or removed; certifications added, removed
 * or changing status; public controls added or withdrawn; a reworded claim its changelog
 * does not already explain; documents added or re-versioned), dated `publishedAt`. Entries
 * merge on a stable id, so building twice from the same inputs gives the same changelog.
 * Pure.
 */
export function buildChangelog(input: ChangelogInput): ChangelogEntry[] {
  const merged = new Map<string, ChangelogEntry>();
  const add = (entry: ChangelogEntry) => merged.set(changelogEntryKey(entry), entry);
  for (const entry of input.previous) if (!isControlOwn(entry)) add(entry);
  for (const entry of controlEntries(input.controls)) add(entry);
  for (const { event, kind, subject, title, text } of diffEntries(input.diff, input.controls))
    add({
      id: `${kind}/${subject}/${event}/${input.publishedAt}`,
      date: input.publishedAt,
      kind,
      subject,
      title,
      text,
    });
  return [...merged.values()].sort(compareEntries);
}
