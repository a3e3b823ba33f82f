import { type AppliedWaiver, type CheckResult, maxClockSkewMs } from '../checks/result.ts';
import type { CheckEvidence, Control, Policy } from '../schema/index.ts';
import type { CheckState, ClaimStatus, EvidenceSummary } from './snapshot.ts';

/** What one control evaluates to, before the gate decides whether it is published. */
export interface ControlVerdict {
  status: ClaimStatus;
  reason: string;
  verifiedAt: string | undefined;
  evidence: EvidenceSummary[];
}

export interface ControlContext {
  policy: Policy;
  now: Date;
  /** Latest result per evidence index of this control. */
  results: ReadonlyMap<number, CheckResult>;
  /** Subprocessor id → name. */
  providers: ReadonlyMap<string, string>;
  /** Whether results gathered through an override (`--resolve`, …) count; see EvaluateOptions. */
  countOverrides?: boolean;
}

const hourMs = 3_600_000;

/** `2026-11-20 14:02 UTC`: how a time appears in reasons. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function where(target: string): string {
  if (!URL.canParse(target) || target.includes('${')) return target;
  const url = new URL(target);
  return url.host || target;
}

/** The control's waiver for an evidence id as it stands today (not as it stood at check time). */
function currentWaiver(
  control: Control,
  id: string | undefined,
  context: ControlContext,
): AppliedWaiver | undefined {
  const waiver =
    id === undefined ? undefined : control.waivers.find((entry) => entry.evidence === id);
  const today = context.now.toISOString().slice(0, 10);
  return (
    waiver && { reason: waiver.reason, expires: waiver.expires, active: waiver.expires >= today }
  );
}

/**
 * Why a result cannot speak for its check at all, if it cannot: it checked another address
 * than the public target, or it is dated after now (a wrong clock).
 */
function unusable(result: CheckResult, context: ControlContext): string | undefined {
  if (result.override && !context.countOverrides)
    return `was only checked through ${result.override}, which does not prove the public target`;
  if (Date.parse(result.at) > context.now.getTime() + maxClockSkewMs)
    return `has a result dated ${formatTime(result.at)}, later than now (a wrong clock)`;
  return undefined;
}

function checkState(
  result: CheckResult | undefined,
  waiver: AppliedWaiver | undefined,
  context: ControlContext,
): { state: CheckState; waiver: AppliedWaiver | undefined } {
  if (!result) return { state: 'missing', waiver };
  if ((result.status === 'fail' || result.status === 'error') && waiver?.active)
    return { state: 'waived', waiver };
  const ageHours = (context.now.getTime() - Date.parse(result.at)) / hourMs;
  if (result.status === 'pass' && ageHours > context.policy.maxResultAgeHours)
    return { state: 'stale', waiver };
  return { state: result.status, waiver };
}

function attestationState(
  date: string,
  expires: string | undefined,
  context: ControlContext,
): 'current' | 'expired' | 'too-old' {
  const today = context.now.toISOString().slice(0, 10);
  if (expires !== undefined && expires < today) return 'expired';
  const ageDays = (context.now.getTime() - Date.parse(`${date}T00:00:00Z`)) / (24 * hourMs);
  return ageDays > context.policy.attestationMaxAgeDays ? 'too-old' : 'current';
}

/** A check's expectation as declared, with the policy value it falls back on filled in. */
function declaredExpectation(item: CheckEvidence, policy: Policy): Record<string, unknown> {
  const expect: Record<string, unknown> = { ...item.expect };
  if (item.check === 'hsts' && expect.minMaxAge === undefined)
    expect.minMaxAge = policy.hstsMinMaxAge;
  return expect;
}

/** Summarises each evidence item with the state it is in now. */
function summarise(control: Control, context: ControlContext): EvidenceSummary[] {
  return control.evidence.map((item, index): EvidenceSummary => {
    if ('check' in item) {
      const stored = context.results.get(index);
      const refused = stored && unusable(stored, context);
      const result = refused ? undefined : stored;
      const { state, waiver } = checkState(
        result,
        currentWaiver(control, item.id, context),
        context,
      );
      return {
        kind: 'check',
        id: item.id,
        check: item.check,
        target: item.target,
        description: item.description,
        expect: declaredExpectation(item, context.policy),
        state,
        at: result?.at,
        observed: result?.observed ?? null,
        expected: result?.expected ?? null,
        message: refused ?? result?.message ?? 'no result yet',
        waiver,
      };
    }
    if ('attestation' in item) {
      const { statement, by, date, expires, document } = item.attestation;
      return {
        kind: 'attestation',
        id: item.id,
        statement,
        by,
        date,
        expires,
        document,
        state: attestationState(date, expires, context),
      };
    }
    const { provider, statement, certification } = item.inherited;
    return {
      kind: 'inherited',
      id: item.id,
      provider,
      providerName: context.providers.get(provider) ?? provider,
      statement,
      certification,
    };
  });
}

const unverifiedWords: Partial<
  Record<CheckState, (item: EvidenceSummary & { kind: 'check' }, policy: Policy) => string>
> = {
  error: (item) => `errored (${item.message})`,
  missing: (item) => (item.message === 'no result yet' ? 'has no result yet' : item.message),
  skipped: (item) => `was skipped (${item.message})`,
  stale: (item, policy) =>
    `last passed ${item.at ? formatTime(item.at) : 'long ago'}, more than ${policy.maxResultAgeHours} h ago`,
  waived: (item) => `is waived until ${item.waiver?.expires}: ${item.waiver?.reason}`,
};

/**
 * The status of one control from its evidence (ARCHITECTURE.md, "Claim statuses"). A claim
 * is `verified` only when every check passed within the result max age and every
 * attestation is current; one failure, or one expired attestation, makes it `failing`;
 * anything that cannot be told makes it `unverified`.
 */
export function evaluateControl(control: Control, context: ControlContext): ControlVerdict {
  const evidence = summarise(control, context);
  if (control.status !== 'implemented') {
    const status = control.status as 'in-progress' | 'planned' | 'not-applicable';
    const reason = {
      'in-progress': 'in progress; not yet a claim',
      planned: 'planned; not yet a claim',
      'not-applicable': 'does not apply',
    }[status];
    return { status, reason, verifiedAt: undefined, evidence };
  }
  const checks = evidence.filter((item) => item.kind === 'check');
  const attestations = evidence.filter((item) => item.kind === 'attestation');
  const inherited = evidence.filter((item) => item.kind === 'inherited');

  const failed = checks.find((item) => item.state === 'fail');
  if (failed) {
    return {
      status: 'failing',
      reason: `failing: ${failed.check} on ${where(failed.target)}: ${failed.message}`,
      verifiedAt: undefined,
      evidence,
    };
  }
  const lapsed = attestations.find((item) => item.state !== 'current');
  if (lapsed) {
    const why =
      lapsed.state === 'expired'
        ? `expired on ${lapsed.expires}`
        : `is older than ${context.policy.attestationMaxAgeDays} days (made ${lapsed.date})`;
    return {
      status: 'failing',
      reason: `failing: the attestation by ${lapsed.by} ${why}`,
      verifiedAt: undefined,
      evidence,
    };
  }
  if (checks.length > 0) {
    const open = checks.find((item) => item.state !== 'pass');
    if (open) {
      const words = unverifiedWords[open.state]?.(open, context.policy) ?? open.state;
      return {
        status: 'unverified',
        reason: `not verified: ${open.check} on ${where(open.target)} ${words}`,
        verifiedAt: undefined,
        evidence,
      };
    }
    const verifiedAt = checks.map((item) => item.at ?? '').sort()[0];
    const how = checks.map((item) => `${item.check} on ${where(item.target)}: ${item.message}`);
    const shown = how.length > 3 ? [...how.slice(0, 3), `and ${how.length - 3} more`] : how;
    return {
      status: 'verified',
      reason: `verified ${formatTime(verifiedAt ?? '')} by ${shown.join('; ')}`,
      verifiedAt,
      evidence,
    };
  }
  if (attestations.length > 0) {
    const [first] = attestations;
    const until = first?.expires ? `, valid until ${first.expires}` : '';
    return {
      status: 'attested',
      reason: `attested by ${first?.by} on ${first?.date}${until}`,
      verifiedAt: undefined,
      evidence,
    };
  }
  if (inherited.length > 0) {
    const names = [...new Set(inherited.map((item) => item.providerName))];
    return {
      status: 'inherited',
      reason: `inherited from ${names.join(', ')}`,
      verifiedAt: undefined,
      evidence,
    };
  }
  return {
    status: 'unverified',
    reason: 'not verified: no evidence is declared',
    verifiedAt: undefined,
    evidence,
  };
}
