import type { CheckEvidence, Control, Policy } from '../schema/index.ts';
import { checkDefinition } from './definition.ts';
import { substituteEnv } from './env.ts';
import { createLookup } from './net.ts';
import { HostLimiter, hostOf } from './politeness.ts';
import { checkModules } from './registry.ts';
import type { AppliedWaiver, CheckResult } from './result.ts';
import { isInShard, type Shard } from './shard.ts';
import { type CheckContext, CheckError, type CheckOutcome, type ResolvedAddress } from './types.ts';

/** How a run is carried out. Every field has a default suited to CI. */
export interface RunOptions {
  /** Absolute organisation directory (file and config targets are relative to it). */
  orgDir: string;
  /** Checks in flight at once (default 16). */
  concurrency?: number;
  /** Checks in flight against one host at once (default 4). */
  perHost?: number;
  /** Default per-check timeout in ms (default 10 000); a check's own `timeout` wins. */
  timeoutMs?: number;
  /** The whole run's deadline in ms (default 5 minutes). */
  deadlineMs?: number;
  /** Only these control ids (default all). */
  controls?: readonly string[];
  /** Only the checks of this shard (default all): see {@link shardOf}. */
  shard?: Shard;
  resolve?: ReadonlyMap<string, ResolvedAddress>;
  dnsServers?: readonly string[];
  extraCa?: readonly string[];
  /** Where `${ENV}` values come from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  now?: Date;
  /** Told when each check finishes, for progress display. */
  onResult?: (result: CheckResult, done: number, total: number) => void;
}

interface Job {
  control: Control;
  index: number;
  evidence: CheckEvidence;
}

/** What the runner needs of an organisation: its controls and its policy. */
export interface CheckedOrganisation {
  controls: readonly Control[];
  policy: Policy;
}

/**
 * Every check evidence item of the selected controls (and of `shard`, when given), in
 * declaration order.
 */
export function planChecks(
  model: CheckedOrganisation,
  only?: readonly string[],
  shard?: Shard,
): Job[] {
  return model.controls
    .filter((control) => !only?.length || only.includes(control.id))
    .flatMap((control) =>
      control.evidence.flatMap((evidence, index) =>
        'check' in evidence &&
        isInShard(
          {
            controlId: control.id,
            evidence: evidence.id ?? index,
            definition: checkDefinition(evidence, model.policy),
          },
          shard,
        )
          ? [{ control, index, evidence }]
          : [],
      ),
    );
}

function waiverFor(job: Job, today: string): AppliedWaiver | undefined {
  const id = job.evidence.id;
  const waiver =
    id === undefined
      ? undefined
      : job.control.waivers.find((candidate) => candidate.evidence === id);
  return (
    waiver && { reason: waiver.reason, expires: waiver.expires, active: waiver.expires >= today }
  );
}

/**
 * What, if anything, made this check look somewhere other than its public target: a
 * `--resolve` of its host, `--dns-server` for DNS checks, or `--ca` for a chain's trust.
 */
function overrideOf(
  job: Job,
  target: string | undefined,
  options: RunOptions,
  resolve: ReadonlyMap<string, ResolvedAddress>,
): string | undefined {
  const host = target === undefined ? undefined : hostOf(job.evidence.check, target);
  const resolved = host === undefined ? undefined : resolve.get(host);
  if (resolved)
    return `--resolve ${host}:${resolved.address}${resolved.port ? `:${resolved.port}` : ''}`;
  if (job.evidence.check === 'dns' && options.dnsServers?.length)
    return `--dns-server ${options.dnsServers.join(',')}`;
  const overTls = job.evidence.check === 'tls' || /^https:/i.test(target ?? '');
  if (host !== undefined && overTls && options.extraCa?.length) return '--ca';
  return undefined;
}

function errorOutcome(error: unknown): CheckOutcome {
  const checkError = error instanceof CheckError ? error : undefined;
  const outcome: CheckOutcome = {
    status: 'error',
    observed: checkError?.observed ?? null,
    expected: null,
    message: error instanceof Error ? error.message : String(error),
  };
  if (checkError?.hint) outcome.hint = checkError.hint;
  return outcome;
}

/** Runs a module, but never longer than the timeout even if the module ignores its signal. */
async function runWithTimeout(job: Job, context: CheckContext): Promise<CheckOutcome> {
  const module = checkModules[job.evidence.check] as {
    run(check: CheckEvidence, context: CheckContext): Promise<CheckOutcome>;
  };
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CheckError(`no verdict within ${context.timeoutMs} ms`, {
            hint: "raise the check's timeout: if the service is slow",
          }),
        ),
      context.timeoutMs + 250,
    );
  });
  try {
    return await Promise.race([module.run(job.evidence, context), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every check of an organisation with bounded concurrency, per-host politeness,
 * per-check timeouts, one retry on connection errors and a whole-run deadline. Fails
 * closed: anything that cannot reach a verdict is `error`, never `pass`.
 */
export async function runChecks(
  model: CheckedOrganisation,
  options: RunOptions,
): Promise<CheckResult[]> {
  const jobs = planChecks(model, options.controls, options.shard);
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const env = options.env ?? process.env;
  const resolve = options.resolve ?? new Map<string, ResolvedAddress>();
  const lookup = createLookup(resolve);
  const deadline = AbortSignal.timeout(options.deadlineMs ?? 300_000);
  const limiter = new HostLimiter(options.perHost ?? 4);
  const results: CheckResult[] = new Array(jobs.length);
  let done = 0;

  /** Runs one check: env first, then the module, retrying once on a connection error. */
  const attempt = async (
    job: Job,
    substituted: ReturnType<typeof substituteEnv>,
    timeoutMs: number,
  ): Promise<{ outcome: CheckOutcome; attempts: number }> => {
    if (substituted.value === undefined) {
      const outcome: CheckOutcome = {
        status: 'error',
        observed: { missing: substituted.missing },
        expected: null,
        message: `environment variable ${substituted.missing.join(', ')} is not set`,
        hint: 'set it in the environment of `attest check`; secrets never go in YAML',
      };
      return { outcome, attempts: 0 };
    }
    if (deadline.aborted) {
      const message = 'the run deadline passed before this check could start';
      return { outcome: { status: 'error', observed: null, expected: null, message }, attempts: 0 };
    }
    const release = await limiter.acquire(hostOf(job.evidence.check, substituted.value));
    try {
      for (let attempts = 1; ; attempts++) {
        const context: CheckContext = {
          target: substituted.value,
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), deadline]),
          timeoutMs,
          resolve,
          lookup,
          extraCa: options.extraCa ?? [],
          dnsServers: options.dnsServers ?? [],
          orgDir: options.orgDir,
          policy: model.policy,
          now,
        };
        try {
          return { outcome: await runWithTimeout(job, context), attempts };
        } catch (error) {
          const retry =
            error instanceof CheckError && error.retryable && attempts === 1 && !deadline.aborted;
          if (!retry) return { outcome: errorOutcome(error), attempts };
        }
      }
    } finally {
      release();
    }
  };

  const runJob = async (job: Job): Promise<CheckResult> => {
    const started = Date.now();
    const at = new Date(started).toISOString();
    const timeoutMs = job.evidence.timeout ?? options.timeoutMs ?? 10_000;
    const substituted = substituteEnv(job.evidence.target, env);
    const { outcome: raw, attempts } = await attempt(job, substituted, timeoutMs);
    const waiver = waiverFor(job, today);
    const outcome =
      waiver && !waiver.active && (raw.status === 'fail' || raw.status === 'error')
        ? {
            ...raw,
            message: `${raw.message} (waiver expired on ${waiver.expires}; the failure counts)`,
          }
        : raw;
    return {
      ...outcome,
      controlId: job.control.id,
      visibility: job.control.visibility,
      evidenceIndex: job.index,
      evidenceId: job.evidence.id,
      check: job.evidence.check,
      target: job.evidence.target,
      description: job.evidence.description,
      durationMs: Date.now() - started,
      at,
      attempts,
      waiver,
      definition: checkDefinition(job.evidence, model.policy),
      override: overrideOf(job, substituted.value, options, resolve),
    };
  };

  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const position = next++;
      const job = jobs[position] as Job;
      const result = await runJob(job);
      results[position] = result;
      options.onResult?.(result, ++done, jobs.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 16, jobs.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
