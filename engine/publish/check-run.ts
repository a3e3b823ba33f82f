import type { CheckResult } from '../checks/result.ts';
import { planChecks, type RunOptions, runChecks } from '../checks/runner.ts';
import type { Shard } from '../checks/shard.ts';
import type { Organisation } from '../load/model.ts';
import type { Repositories } from '../store/store.ts';
import type { Clock } from './clock.ts';

/** A run of the checks, as stored. */
export interface CheckRun {
  results: CheckResult[];
  startedAt: Date;
  finishedAt: Date;
}

/** What {@link runAndStoreChecks} needs besides the runner's own options. */
export interface CheckRunInput {
  model: Organisation;
  /** The organisation directory: `file` and `config` targets are relative to it. */
  dir: string;
  store: Repositories;
  clock: Clock;
  /** The commit the organisation's files are at, recorded with the run. */
  gitCommit?: string | undefined;
  /** The runner's options (concurrency, timeouts, `--control`, `--resolve`, `--ca` …). */
  options?: Omit<RunOptions, 'orgDir' | 'now' | 'onResult'>;
  /** Told when each check finishes, with how many are done out of how many. */
  onResult?: (result: CheckResult, done: number, total: number) => void;
}

/** How many checks a run of `only` (default every control) and `shard` (default all) makes. */
export function countChecks(model: Organisation, only?: readonly string[], shard?: Shard): number {
  return planChecks(model, only, shard).length;
}

/**
 * The one way checks run: runs the organisation's automated checks and stores the run and
 * every result in the check history. `attest check`, `attest build` and the background
 * re-check of `attest serve` all come through here.
 */
export async function runAndStoreChecks(input: CheckRunInput): Promise<CheckRun> {
  const { model, store, clock } = input;
  const startedAt = clock.now();
  const results = await runChecks(model, {
    ...input.options,
    orgDir: input.dir,
    now: startedAt,
    ...(input.onResult ? { onResult: input.onResult } : {}),
  });
  const finishedAt = clock.now();
  await store.checkHistory.saveRun({
    organisation: model.profile.name,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    gitCommit: input.gitCommit,
    results,
  });
  return { results, startedAt, finishedAt };
}
