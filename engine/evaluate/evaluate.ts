import type { CheckResult } from '../checks/result.ts';
import type { Organisation } from '../load/model.ts';
import type { Subprocessor } from '../schema/index.ts';
import { evaluateControl } from './evaluate-control.ts';
import { buildRollup } from './rollup.ts';
import { sealSnapshot } from './seal.ts';
import {
  type ChangelogEntry,
  type Snapshot,
  type SnapshotCertification,
  type SnapshotControl,
  type SnapshotSubprocessor,
  snapshotFormatVersion,
} from './snapshot.ts';

export interface EvaluateOptions {
  /** The moment of evaluation: result age, attestation age and expiries are measured from it. */
  now: Date;
  /** When the inputs last changed; becomes the snapshot's `publishedAt`. */
  publishedAt: string;
  gitCommit?: string;
  /** The public changelog; by default the controls' own changelog entries. */
  changelog?: ChangelogEntry[];
  /**
   * Let results gathered through `--resolve`, `--dns-server` or `--ca` count, as they do in
   * the engineer's own `attest check` report. Never for anything published.
   */
  countOverrides?: boolean;
  /**
   * Withhold failing claims whatever `policy.onFailure` says: a running server never
   * refuses to serve, it withdraws what its newest evidence contradicts.
   */
  withholdFailing?: boolean;
}

/**
 * The newest result of every evidence item, keyed `controlId#index`: the last one in the
 * order given (the order runs were stored in), never chosen by its own timestamp, which a
 * wrong clock could have set.
 */
function latestResults(results: readonly CheckResult[]): Map<string, CheckResult> {
  const latest = new Map<string, CheckResult>();
  for (const result of results) latest.set(`${result.controlId}#${result.evidenceIndex}`, result);
  return latest;
}

function subprocessorState(
  entry: Subprocessor,
  today: string,
): SnapshotSubprocessor['state'] | undefined {
  if (entry.change === undefined || entry.announced === undefined || entry.effective === undefined)
    return 'current';
  if (entry.announced > today) return undefined;
  if (entry.change === 'added') return entry.effective > today ? 'upcoming' : 'current';
  return entry.effective > today ? 'leaving' : 'past';
}

/** Changelog entries from the controls' own histories, newest first. */
export function controlChangelog(controls: readonly SnapshotControl[]): ChangelogEntry[] {
  return controls
    .flatMap((control) =>
      control.changelog.map((entry) => ({
        date: entry.date,
        kind: 'control' as const,
        subject: control.id,
        title: `${control.title} (version ${entry.version})`,
        text: entry.note,
      })),
    )
    .sort((a, b) => b.date.localeCompare(a.date) || a.subject.localeCompare(b.subject));
}

/**
 * Evaluates an organisation against its check results into a sealed Snapshot: each
 * public or gated control with its status, reason and evidence; certifications re-checked
 * against their dates; subprocessors with their state; roll-ups. Internal controls are left
 * out. With `onFailure: withhold` failing claims are withheld; with `showUnverified:
 * withhold` so are unverified ones. Pure: the same inputs give the same snapshot.
 */
export function evaluateOrganisation(
  model: Organisation,
  results: readonly CheckResult[],
  options: EvaluateOptions,
): Snapshot {
  const { policy } = model;
  const today = options.now.toISOString().slice(0, 10);
  const latest = latestResults(results);
  const providers = new Map(
    model.subprocessors.subprocessors.map((entry) => [entry.id, entry.name]),
  );
  const categoryOrder = new Map(
    model.profile.categories.map((category, index) => [category.id, category.order ?? index]),
  );

  const controls: SnapshotControl[] = model.controls
    .filter(
      (control): control is typeof control & { visibility: 'public' | 'gated' } =>
        control.visibility !== 'internal',
    )
    .map((control) => {
      const ownResults = new Map<number, CheckResult>();
      control.evidence.forEach((_, index) => {
        const result = latest.get(`${control.id}#${index}`);
        if (result) ownResults.set(index, result);
      });
      const verdict = evaluateControl(control, {
        policy,
        now: options.now,
        results: ownResults,
        providers,
        countOverrides: options.countOverrides ?? false,
      });
      const withheld =
        verdict.status === 'failing' && (policy.onFailure === 'withhold' || options.withholdFailing)
          ? { reason: verdict.reason }
          : verdict.status === 'unverified' && policy.showUnverified === 'withhold'
            ? { reason: verdict.reason }
            : undefined;
      return {
        id: control.id,
        title: control.title,
        category: control.category,
        version: control.version,
        updated: control.updated,
        owner: control.owner,
        visibility: control.visibility,
        declared: control.status,
        ...verdict,
        claim: control.claim,
        details: control.details,
        // Left out when not declared, so snapshots without translations keep their hash.
        ...(control.translations ? { translations: control.translations } : {}),
        frameworks: control.frameworks as Record<string, string[]>,
        // Left out when not declared, so snapshots of organisations without topics keep their hash.
        ...(control.topics?.length ? { topics: control.topics } : {}),
        answers: control.answers.map(({ question, answer, comment }) => ({
          question,
          answer,
          comment,
        })),
        changelog: [...control.changelog].sort((a, b) => b.version - a.version),
        withheld,
      };
    })
    .sort(
      (a, b) =>
        (categoryOrder.get(a.category) ?? 0) - (categoryOrder.get(b.category) ?? 0) ||
        a.id.localeCompare(b.id),
    );

  const certifications: SnapshotCertification[] = model.certifications.map((certification) => ({
    ...certification,
    effectiveStatus:
      certification.status === 'certified' && certification.validUntil < today
        ? 'lapsed'
        : certification.status,
    providerNames:
      certification.status === 'inherited'
        ? certification.providers.map((id) => providers.get(id) ?? id)
        : [],
  }));

  const entries = model.subprocessors.subprocessors.flatMap((entry): SnapshotSubprocessor[] => {
    const state = subprocessorState(entry, today);
    return state ? [{ ...entry, state }] : [];
  });

  const controlIds = new Set(controls.map((control) => control.id));
  return sealSnapshot({
    formatVersion: snapshotFormatVersion,
    publishedAt: options.publishedAt,
    gitCommit: options.gitCommit,
    organisation: model.profile,
    categories: [...model.profile.categories]
      .map((category, index) => ({
        id: category.id,
        title: category.title,
        description: category.description,
        order: category.order ?? index,
        ...(category.translations ? { translations: category.translations } : {}),
      }))
      .sort((a, b) => a.order - b.order),
    controls,
    certifications,
    subprocessors: {
      noticeDays: model.subprocessors.noticeDays,
      listing: model.subprocessors.listing,
      requestContact: model.subprocessors.requestContact,
      entries,
    },
    disclosure: model.disclosure,
    processing: model.processing,
    faq: model.faq
      .filter((entry) => entry.controls.every((id) => controlIds.has(id)))
      .map(({ question, answer, short, controls: ids, translations }) => ({
        question,
        answer,
        short,
        controls: ids,
        ...(translations ? { translations } : {}),
      })),
    documents: model.documents.map((document) => ({ ...document.meta, body: document.body })),
    policy,
    rollup: buildRollup(controls),
    changelog: options.changelog ?? controlChangelog(controls),
  });
}
