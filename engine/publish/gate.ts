import type { CheckResult } from '../checks/result.ts';
import { evaluateOrganisation } from '../evaluate/evaluate.ts';
import type { Snapshot, SnapshotControl } from '../evaluate/snapshot.ts';
import type { Organisation } from '../load/model.ts';
import { agree, plural } from '../source/plural.ts';

/** What the gate found in a snapshot, and whether it may be published. */
export interface GateVerdict {
  /**
   * Published (public or gated) claims their evidence contradicts — a failing check or an
   * expired or too-old attestation — that the policy did not withhold.
   */
  contradicted: SnapshotControl[];
  /** Published claims with a check that errored, when `policy.failOnError` is set. */
  errored: SnapshotControl[];
  /** True when nothing may be published (or, for `attest check`, the run fails). */
  blocked: boolean;
}

/**
 * The one gate of `attest check`, `attest build` and `attest serve`. A claim the evidence
 * contradicts blocks unless it is withheld (`onFailure: withhold`, or always under
 * `serve`); with `failOnError: true` a claim whose check errored blocks too. `only`
 * restricts the gate to some controls (`attest check --control`).
 */
export function gateSnapshot(snapshot: Snapshot, only?: ReadonlySet<string>): GateVerdict {
  const considered = snapshot.controls.filter(
    (control) => !control.withheld && (!only || only.has(control.id)),
  );
  const contradicted = considered.filter((control) => control.status === 'failing');
  const errored = snapshot.policy.failOnError
    ? considered.filter((control) =>
        control.evidence.some((item) => item.kind === 'check' && item.state === 'error'),
      )
    : [];
  return { contradicted, errored, blocked: contradicted.length + errored.length > 0 };
}

/** The gate's findings as lines for a terminal: each claim, its reason and the evidence. */
export function describeGate(verdict: GateVerdict): string {
  const describe = (control: SnapshotControl): string => {
    const lines = [
      `✖ ${control.id} — ${control.title} (${control.visibility})`,
      `    claim:  ${control.claim}`,
      `    ${control.reason}`,
    ];
    for (const item of control.evidence) {
      if (item.kind === 'check' && (item.state === 'fail' || item.state === 'error'))
        lines.push(
          `    ${item.check} ${item.target}: ${item.state === 'error' ? `error: ${item.message}` : `observed ${JSON.stringify(item.observed)}, expected ${JSON.stringify(item.expected)}`}`,
        );
      if (item.kind === 'attestation' && item.state !== 'current')
        lines.push(
          `    attestation by ${item.by} (${item.date}${item.expires ? `, expires ${item.expires}` : ''}) is ${item.state}`,
        );
    }
    return lines.join('\n');
  };
  return [...verdict.contradicted, ...verdict.errored.filter((c) => c.status !== 'failing')]
    .map(describe)
    .join('\n\n');
}

/** Why the gate blocked, one clause per kind of finding, for the line that says so. */
export function blockReasons(verdict: GateVerdict): string[] {
  return [
    verdict.contradicted.length
      ? `${plural(verdict.contradicted.length, 'claim')} ${agree(verdict.contradicted.length, 'is', 'are')} contradicted by their evidence (policy onFailure: block)`
      : '',
    verdict.errored.length
      ? `${plural(verdict.errored.length, 'claim')} ${agree(verdict.errored.length, 'has', 'have')} a check that errored (policy failOnError: true)`
      : '',
  ].filter(Boolean);
}

/** Contradicted claims whose attestation is no longer current (expired or too old). */
export function lapsedAttestations(verdict: GateVerdict): SnapshotControl[] {
  return verdict.contradicted.filter((control) =>
    control.evidence.some((item) => item.kind === 'attestation' && item.state !== 'current'),
  );
}

/**
 * The gate over a run of `attest check`, at the moment it finished: the organisation is
 * evaluated with that run's results as the engineer ran them (through `--resolve` and `--ca`
 * too) and gated like a build, so a failing check, an expired attestation or (under
 * `failOnError`) an errored check of a published claim fails the run. `only` restricts it to
 * the controls the run checked (`--control`).
 */
export function gateCheckRun(
  model: Organisation,
  results: readonly CheckResult[],
  finishedAt: Date,
  only: readonly string[] = [],
): GateVerdict {
  const snapshot = evaluateOrganisation(model, results, {
    now: finishedAt,
    publishedAt: finishedAt.toISOString(),
    countOverrides: true,
  });
  return gateSnapshot(snapshot, only.length ? new Set(only) : undefined);
}
