import type { ControlHistory, DayState } from '../../engine/evaluate/history.ts';
import { publicTarget } from '../../engine/evaluate/public-view.ts';
import type {
  ChangelogEntry,
  CheckState,
  EvidenceSummary,
  Snapshot,
  SnapshotControl,
} from '../../engine/evaluate/snapshot.ts';
import { subjectAnchor } from '../../engine/render/anchors.ts';
import { checkLabel } from '../../engine/render/labels.ts';
import { formatDate, formatValue, valueRows } from './format.ts';

/** How fresh a claim is, in the words the overview uses beside its status mark. */
export type Freshness =
  | { kind: 'verified'; at: string }
  | { kind: 'attested'; by: string[]; until: string | undefined }
  | { kind: 'inherited'; providers: string[] }
  | { kind: 'none' };

/** The proof behind a control's status, for the line under its claim. */
export function freshnessOf(control: SnapshotControl): Freshness {
  if (control.status === 'verified' && control.verifiedAt)
    return { kind: 'verified', at: control.verifiedAt };
  if (control.status === 'attested') {
    const current = control.evidence.filter(
      (item) => item.kind === 'attestation' && item.state === 'current',
    ) as Array<Extract<EvidenceSummary, { kind: 'attestation' }>>;
    const until = current
      .map((item) => item.expires)
      .filter((expires): expires is string => expires !== undefined)
      .sort()[0];
    return { kind: 'attested', by: [...new Set(current.map((item) => item.by))], until };
  }
  if (control.status === 'inherited') {
    const providers = control.evidence.flatMap((item) =>
      item.kind === 'inherited' ? [item.providerName] : [],
    );
    return { kind: 'inherited', providers: [...new Set(providers)] };
  }
  return { kind: 'none' };
}

/** Why an automated check does not count as proof right now, naming it as `name`. */
const openCheckSentences: Partial<Record<CheckState, (name: string) => string>> = {
  error: (name) => `The check “${name}” could not be completed.`,
  missing: (name) => `The check “${name}” has no result yet.`,
  skipped: (name) => `The check “${name}” was not run.`,
  stale: (name) => `The latest result of the check “${name}” is too old to count.`,
  waived: (name) => `The check “${name}” is waived.`,
};

/**
 * Why a control has its status, in words fit for the public page. The evaluator's own
 * reason names check targets (internal files, hosts); this one names checks by their
 * description or type, as trust.json does.
 */
export function publicReason(control: SnapshotControl): string {
  const checks = control.evidence.filter(
    (item): item is Extract<EvidenceSummary, { kind: 'check' }> => item.kind === 'check',
  );
  if (control.status === 'verified') {
    return checks.length === 1
      ? 'Its automated check passed.'
      : `All ${checks.length} automated checks passed.`;
  }
  if (control.status === 'unverified') {
    const open = checks.find((item) => item.state !== 'pass');
    if (!open) return 'No evidence is declared.';
    const name = open.description ?? checkLabel(open.check);
    const sentence =
      openCheckSentences[open.state]?.(name) ?? `The check “${name}” is ${open.state}.`;
    return open.state === 'waived' && open.waiver
      ? `The check “${name}” is waived until ${formatDate(open.waiver.expires)}: ${open.waiver.reason}.`
      : sentence;
  }
  // The status mark beside this sentence already says "In progress" or "Planned".
  if (isRoadmap(control)) return 'On the roadmap: not yet a claim that it is in place.';
  const reason = control.reason.charAt(0).toUpperCase() + control.reason.slice(1);
  return reason.endsWith('.') ? reason : `${reason}.`;
}

/** Whether a control is a roadmap item rather than a claim of something in place. */
export function isRoadmap(control: SnapshotControl): boolean {
  return control.status === 'in-progress' || control.status === 'planned';
}

/** Categories in page order, each with its controls (roadmap items left to the roadmap). */
export function categoriesWithControls(snapshot: Snapshot) {
  return [...snapshot.categories]
    .sort((a, b) => a.order - b.order)
    .map((category) => ({
      ...category,
      controls: snapshot.controls.filter(
        (control) => control.category === category.id && !isRoadmap(control),
      ),
    }))
    .filter((category) => category.controls.length > 0);
}

/** A check as the public may see it: internal systems keep their addresses and messages. */
export interface CheckView {
  target: string | null;
  expected: Array<[string, string]>;
  observed: Array<[string, string]>;
  message: string | null;
}

/** Observed fields that repeat the target or name internal files and addresses. */
const locationKeys = new Set(['url', 'file', 'target', 'host', 'bucket', 'connection']);

/** The public view of one automated check (same target rules as trust.json). */
export function checkView(item: Extract<EvidenceSummary, { kind: 'check' }>): CheckView {
  const target = publicTarget(item.check, item.target);
  return {
    target,
    ...(configRows(item) ?? {
      expected: valueRows(item.expected),
      observed: valueRows(item.observed, locationKeys),
    }),
    message: target === null ? null : item.message,
  };
}

const configOperators = { equals: 'equals', matches: 'matches', gte: 'at least', lte: 'at most' };

/** A `config` check reads best as "<path> equals <value>" / "<path> is <value>". */
function configRows(
  item: Extract<EvidenceSummary, { kind: 'check' }>,
): Pick<CheckView, 'expected' | 'observed'> | undefined {
  if (item.check !== 'config' || typeof item.expected !== 'object' || item.expected === null)
    return undefined;
  const expected = item.expected as Record<string, unknown>;
  const path = typeof expected.path === 'string' ? expected.path : undefined;
  if (!path) return undefined;
  const rows = Object.entries(configOperators).flatMap(
    ([key, word]): Array<[string, string]> =>
      key in expected ? [[path, `${word} ${formatValue(expected[key])}`]] : [],
  );
  const observed = item.observed as Record<string, unknown> | null | undefined;
  return {
    expected: rows,
    observed:
      observed && typeof observed === 'object' && 'value' in observed
        ? [[path, `is ${formatValue(observed.value)}`]]
        : valueRows(observed, locationKeys),
  };
}

/** Days per state of a history, and a sentence saying so. */
export function historySummary(history: ControlHistory): {
  counts: Record<DayState, number>;
  text: string;
} {
  const counts: Record<DayState, number> = { verified: 0, unverified: 0, failing: 0, none: 0 };
  for (const day of history.days) counts[day.state]++;
  const total = history.days.length;
  const parts = [
    `verified on ${counts.verified} of ${total} days`,
    `failing on ${counts.failing}`,
    `not verified on ${counts.unverified}`,
    `no data on ${counts.none}`,
  ];
  return { counts, text: `${parts.join(', ')}.` };
}

/** Where the trust page shows a changelog subject today; none once it is gone. */
export function subjectHref(snapshot: Snapshot, entry: ChangelogEntry): string | undefined {
  const anchor = subjectAnchor(entry.kind, entry.subject);
  switch (entry.kind) {
    case 'control':
      return snapshot.controls.some((control) => control.id === entry.subject)
        ? `/controls/${entry.subject}/`
        : undefined;
    case 'subprocessor':
      return snapshot.subprocessors.listing === 'public' &&
        snapshot.subprocessors.entries.some(
          (item) => item.id === entry.subject && item.state !== 'past',
        )
        ? `/subprocessors/#${anchor}`
        : undefined;
    case 'certification':
      return snapshot.certifications.some((item) => item.id === entry.subject)
        ? `/#${anchor}`
        : undefined;
    case 'document': {
      const document = snapshot.documents.find((item) => item.id === entry.subject);
      if (!document) return undefined;
      return document.visibility === 'public'
        ? `/documents/${entry.subject}/`
        : `/documents/#${anchor}`;
    }
  }
}
