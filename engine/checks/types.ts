import type { LookupFunction } from 'node:net';
import type { CheckEvidence, CheckType, Policy } from '../schema/index.ts';

/** The verdict of one check. `error` means "could not tell" and is never treated as a pass. */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'skipped';

/** What a check module reports: the verdict with what it saw and what it wanted. */
export interface CheckOutcome {
  status: CheckStatus;
  /** What was observed, as plain JSON (never a secret). */
  observed: unknown;
  /** What the check required, as plain JSON. */
  expected: unknown;
  /** One sentence a person can act on. */
  message: string;
  /** How to fix a failure or error, when there is a useful suggestion. */
  hint?: string;
}

/** Where a `--resolve HOST:IP[:PORT]` sends connections for a host. */
export interface ResolvedAddress {
  address: string;
  port?: number;
}

/** Everything a check module may use besides its own evidence item. */
export interface CheckContext {
  /** The target with `${ENV}` references replaced. Never print it: it may hold a secret. */
  target: string;
  /** Aborted when the check's timeout passes or the run is cancelled. */
  signal: AbortSignal;
  /** The timeout of this check in milliseconds. */
  timeoutMs: number;
  /** Overrides from `--resolve`, keyed by lower-case host name. */
  resolve: ReadonlyMap<string, ResolvedAddress>;
  /** A DNS lookup that honours `resolve`; pass it to net/tls/http as `lookup`. */
  lookup: LookupFunction;
  /** Extra trusted CA certificates (PEM), from `--ca`, for private or staging chains. */
  extraCa: readonly string[];
  /** DNS servers for `dns` checks (`IP` or `IP:PORT`); the system's when empty. */
  dnsServers: readonly string[];
  /** Absolute path of the organisation directory; `file` and `config` targets are relative to it. */
  orgDir: string;
  /** The organisation's engine rules (allowCommands, allowActiveProbes, HSTS default, …). */
  policy: Policy;
  /** The moment the run started; expiry arithmetic uses it. */
  now: Date;
}

/** One check type: how to run an evidence item of that type. */
export interface CheckModule<T extends CheckType = CheckType> {
  type: T;
  run(check: Extract<CheckEvidence, { check: T }>, context: CheckContext): Promise<CheckOutcome>;
}

/**
 * A problem that stops a check from reaching a verdict (unreachable host, bad credentials,
 * unparsable response). The runner turns it into an `error` result with its hint; a
 * connection-level one (`retryable`) is tried once more first.
 */
export class CheckError extends Error {
  override name = 'CheckError';
  readonly hint: string | undefined;
  readonly retryable: boolean;
  readonly observed: unknown;

  constructor(
    message: string,
    options: { hint?: string; retryable?: boolean; observed?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
    this.observed = options.observed;
  }
}

/** Builds an outcome; `pass` when every listed problem is absent. */
export function verdict(
  problems: readonly string[],
  observed: unknown,
  expected: unknown,
  passMessage: string,
  hint?: string,
): CheckOutcome {
  if (problems.length === 0) return { status: 'pass', observed, expected, message: passMessage };
  const outcome: CheckOutcome = {
    status: 'fail',
    observed,
    expected,
    message: problems.join('; '),
  };
  if (hint) outcome.hint = hint;
  return outcome;
}
