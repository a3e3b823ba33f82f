import type { CheckResult } from '../checks/result.ts';
import { runChecks } from '../checks/runner.ts';
import { type CheckEvidence, type Control, checkEvidence, checkExposure } from '../schema/index.ts';
import { type VerifyNetwork, verifierPolicy } from './fetch-document.ts';

/** How one re-run check came out, as a buyer reads it. */
export type CheckVerdict = 'holds' | 'contradicted' | 'could-not-check';

/** One piece of public evidence re-run from where the verifier runs. */
export interface RecheckedEvidence {
  check: string;
  target: string;
  expect: Record<string, unknown>;
  verdict: CheckVerdict;
  /** The check's message: what it saw, or why it could not tell. */
  message: string;
  /** The `--resolve`/`--ca` override the check went through, if any. */
  override?: string | undefined;
  durationMs: number;
}

/**
 * A claim's verdict: `holds` (every re-runnable check passed), `contradicted` (one failed),
 * `could-not-check` (none failed, one could not be told), `not-checkable` (attested or
 * inherited only, or only internal evidence: it rests on the vendor's word).
 */
export type ClaimVerdict = CheckVerdict | 'not-checkable';

export interface ClaimReport {
  id: string;
  title: string;
  /** The status the trust center states. */
  status: string;
  verdict: ClaimVerdict;
  evidence: RecheckedEvidence[];
  /** For not-checkable claims: what the claim rests on instead. */
  restsOn?: string | undefined;
}

interface Planned {
  claim: { id: string; title: string; status: string; restsOn: string | undefined };
  /** The re-runnable evidence; each with its schema problem when it cannot be run. */
  items: Array<{ evidence?: CheckEvidence; raw: Record<string, unknown>; problem?: string }>;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** What a claim with no re-runnable evidence rests on, in words. */
function restsOn(evidence: Record<string, unknown>[]): string {
  const kinds = new Set(evidence.map((item) => String(item.kind)));
  const parts = [
    kinds.has('attestation') ? 'attested' : undefined,
    kinds.has('inherited') ? 'inherited from a provider' : undefined,
    kinds.has('check') ? 'checks of internal systems' : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no evidence';
}

function plan(document: Record<string, unknown>): Planned[] {
  const controls = Array.isArray(document.controls) ? document.controls.map(asRecord) : [];
  return controls.map((control) => {
    const evidence = Array.isArray(control.evidence) ? control.evidence.map(asRecord) : [];
    const runnable = evidence.filter(
      (item) =>
        item.kind === 'check' &&
        typeof item.target === 'string' &&
        item.expect !== null &&
        typeof item.expect === 'object',
    );
    const items = runnable.map((raw) => {
      if (checkExposure(String(raw.check)) !== 'public')
        return { raw, problem: `a ${String(raw.check)} check cannot be re-run from outside` };
      const parsed = checkEvidence.safeParse({
        check: raw.check,
        target: raw.target,
        expect: raw.expect,
      });
      if (!parsed.success)
        return {
          raw,
          problem: `the published check is not valid: ${parsed.error.issues[0]?.message}`,
        };
      return { raw, evidence: parsed.data };
    });
    return {
      claim: {
        id: String(control.id),
        title: String(control.title ?? control.id),
        status: String(control.status),
        restsOn: items.length ? undefined : restsOn(evidence),
      },
      items,
    };
  });
}

function verdictOf(result: CheckResult): CheckVerdict {
  if (result.status === 'pass') return 'holds';
  if (result.status === 'fail') return 'contradicted';
  return 'could-not-check';
}

/** A claim's verdict from its checks' (see {@link ClaimVerdict}). */
function claimVerdict(evidence: readonly RecheckedEvidence[]): ClaimVerdict {
  if (!evidence.length) return 'not-checkable';
  if (evidence.some((item) => item.verdict === 'contradicted')) return 'contradicted';
  if (evidence.some((item) => item.verdict === 'could-not-check')) return 'could-not-check';
  return 'holds';
}

/**
 * Re-runs every public check a trust.json publishes, with the engine's own check runner
 * (concurrency, per-host politeness, timeouts, one retry on connection errors), from where
 * the verifier runs, and reports per claim. Checks of internal systems, `${ENV}` targets and
 * active probes are never run (active probes are reported could-not-check).
 */
export async function recheckClaims(
  document: Record<string, unknown>,
  network: VerifyNetwork & { concurrency: number },
): Promise<ClaimReport[]> {
  const planned = plan(document);
  const controls = planned.map(
    ({ claim, items }) =>
      ({
        id: claim.id,
        visibility: 'public',
        waivers: [],
        evidence: items.flatMap((item) => (item.evidence ? [item.evidence] : [])),
      }) as unknown as Control,
  );
  const results = await runChecks(
    { controls, policy: verifierPolicy },
    {
      orgDir: process.cwd(),
      concurrency: network.concurrency,
      timeoutMs: network.timeoutMs,
      deadlineMs: Math.max(network.timeoutMs * 4, 30_000),
      resolve: network.resolve,
      extraCa: [...network.extraCa],
      env: {},
    },
  );
  return planned.map(({ claim, items }) => {
    const ran = results.filter((result) => result.controlId === claim.id);
    let next = 0;
    const evidence = items.map((item): RecheckedEvidence => {
      const base = {
        check: String(item.raw.check),
        target: String(item.raw.target),
        expect: asRecord(item.raw.expect),
      };
      if (!item.evidence)
        return { ...base, verdict: 'could-not-check', message: item.problem ?? '', durationMs: 0 };
      const result = ran[next++] as CheckResult;
      return {
        ...base,
        verdict: verdictOf(result),
        message: result.message,
        override: result.override,
        durationMs: result.durationMs,
      };
    });
    return {
      id: claim.id,
      title: claim.title,
      status: claim.status,
      verdict: claimVerdict(evidence),
      evidence,
      restsOn: claim.restsOn,
    };
  });
}
