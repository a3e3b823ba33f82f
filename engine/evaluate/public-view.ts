import { checkExposure } from '../schema/index.ts';
import { formatTime } from './evaluate-control.ts';
import { buildRollup } from './rollup.ts';
import type { EvidenceSummary, Snapshot, SnapshotControl } from './snapshot.ts';

/**
 * `scheme://` then, up to the host, any user information (`user:password@`, also as
 * masked in check messages), the host and port, the path, and the query and fragment.
 */
const urlParts =
  /([a-z][a-z0-9+.-]*:\/\/)(?:[^\s@/?#"'<>]*@)?([^\s/?#"'<>]*)([^\s?#"'<>]*)(?:[?#][^\s"'<>]*)?/gi;

/**
 * `text` with every URL in it reduced to what may be published: scheme, host, port and
 * path. User names, passwords, query strings and fragments are where credentials and
 * tokens travel (`https://ops:…@host/`, `?token=…`), so they are dropped.
 */
export function withoutUrlSecrets(text: string): string {
  return text.replace(urlParts, (_url, scheme: string, host: string, path: string) =>
    [scheme, host, path].join(''),
  );
}

/** `value` with {@link withoutUrlSecrets} applied to every string in it, however deep. */
function withoutUrlSecretsIn(value: unknown): unknown {
  if (typeof value === 'string') return withoutUrlSecrets(value);
  if (Array.isArray(value)) return value.map(withoutUrlSecretsIn);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withoutUrlSecretsIn(item)]),
    );
  }
  return value;
}

/**
 * The target of a check as the public may see it: none when its spec calls the target
 * internal (databases, buckets, files, commands) or for `${ENV}` targets; of a URL, only
 * scheme, host, port and path (no credentials, query or fragment).
 */
export function publicTarget(check: string, target: string): string | null {
  if (checkExposure(check) === 'internal' || target.includes('${')) return null;
  return withoutUrlSecrets(target);
}

const internalTarget = 'an internal system';

/**
 * A check whose target is internal keeps its verdict and time; what it looked at and saw is
 * not published. Of any other check, URLs in what it saw and said lose their credentials,
 * query and fragment as its target does.
 */
function publicEvidence(item: EvidenceSummary): EvidenceSummary {
  if (item.kind !== 'check') return item;
  const target = publicTarget(item.check, item.target);
  if (target !== null) {
    const published = {
      ...item,
      target,
      observed: withoutUrlSecretsIn(item.observed),
      expected: withoutUrlSecretsIn(item.expected),
      message: withoutUrlSecrets(item.message),
    };
    const same = JSON.stringify(published) === JSON.stringify(item);
    return same ? item : published;
  }
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
