import { join, relative } from 'node:path';
import type { CheckResult } from '../../engine/checks/result.ts';
import type { ResolvedAddress } from '../../engine/checks/types.ts';
import type { Organisation } from '../../engine/load/model.ts';
import { createMailer, type Mailer } from '../../engine/mail/mailer.ts';
import { countChecks, runAndStoreChecks } from '../../engine/publish/check-run.ts';
import type { Clock } from '../../engine/publish/clock.ts';
import { blockReasons, describeGate } from '../../engine/publish/gate.ts';
import {
  type BlockedPublication,
  type CompletedPublication,
  type PublishEvent,
  publish,
} from '../../engine/publish/publish.ts';
import { plural } from '../../engine/source/plural.ts';
import { latestCheckResults } from '../../engine/store/check-history.ts';
import type { Store } from '../../engine/store/open-store.ts';
import { createStyle } from './format-diagnostics.ts';
import { gitHead } from './git.ts';
import { createProgress } from './progress.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** A path as the user reads it: relative to where they are, when that is shorter. */
const shown = (path: string) => relative(process.cwd(), path) || path;

/** Where a publication's mail goes when SMTP_URL is not set. */
export const outboxOf = (dir: string) => join(dir, 'data', 'outbox');

/** The mailer of publications: SMTP_URL, else `.eml` files in DIR/data/outbox. */
export function createPublicationMailer(dir: string, model: Organisation): Mailer {
  return createMailer({
    smtpUrl: process.env.SMTP_URL,
    outboxDir: outboxOf(dir),
    from: `${model.profile.name} Trust <${model.profile.contacts.security}>`,
  });
}

/** What to judge the claims on, and how the checks run when they do. */
export interface ResultsChoice {
  /** Use the newest stored result of each check instead of running them (`--skip-checks`). */
  skipChecks: boolean;
  resolve: ReadonlyMap<string, ResolvedAddress>;
  /** PEM text of extra CA certificates (`--ca`): such results never verify a public claim. */
  extraCa: readonly string[];
}

/** Runs and stores the checks (with progress on stderr), or reads the newest stored results. */
export async function gatherResults(
  context: { model: Organisation; dir: string; store: Store; clock: Clock; gitCommit?: string },
  choice: ResultsChoice,
): Promise<CheckResult[]> {
  const { model, store, clock } = context;
  if (choice.skipChecks) {
    const stored = await latestCheckResults(store, model, clock.now());
    log(`Using ${plural(stored.length, 'stored check result')} (--skip-checks).`);
    return stored;
  }
  log('Running checks…');
  const progress = createProgress(countChecks(model));
  const run = await runAndStoreChecks({
    ...context,
    options: { resolve: choice.resolve, extraCa: choice.extraCa },
    onResult: progress.onResult,
  });
  progress.finish();
  return run.results;
}

/** Prints what a running publication reports, on stderr. */
export function logPublishEvent(outDir: string): (event: PublishEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'waiting':
        return log(
          `Waiting for another publication to ${shown(outDir)} to finish (pid ${event.pid})…`,
        );
      case 'alert':
        return log(`attest: alert (${event.alert.severity}): ${event.alert.message}`);
      case 'withheld':
        return log(
          [
            `Withheld ${plural(event.controls.length, 'claim')} their evidence contradicts; the rest is published:`,
            ...event.controls.map((control) => `  ${control.id}: ${control.reason}`),
          ].join('\n'),
        );
      case 'rendering':
        return log(event.site ? 'Rendering the trust site…' : 'Publishing…');
    }
  };
}

/** Prints why nothing was published: each blocked claim with its evidence. */
export function printBlocked(publication: BlockedPublication, outDir: string): void {
  const style = createStyle(process.stderr);
  log(style('red', `\n${blockReasons(publication.gate).join('; ')}; nothing was published:\n`));
  log(describeGate(publication.gate));
  log(
    `\n${shown(outDir)} is unchanged. Fix the configuration, add a waiver with a reason and an expiry, or set onFailure: withhold.`,
  );
}

/** Prints what was published, what was withheld and whom the changes were mailed to. */
export function printPublished(
  publication: CompletedPublication,
  context: { outDir: string; dir: string; mailer: Mailer },
): void {
  const { snapshot, files, withheld, notification } = publication;
  const counts = Object.entries(snapshot.rollup.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  process.stdout.write(
    `Published ${plural(files.size, 'file')} to ${shown(context.outDir)} (snapshot ${snapshot.contentHash.slice(0, 12)}, inputs as of ${snapshot.publishedAt}).\n`,
  );
  process.stdout.write(`Public claims: ${counts.join(', ') || 'none'}.\n`);
  if (withheld.length) {
    process.stdout.write(
      `Withheld from every public output (${withheld.length}):\n${withheld.map((control) => `  - ${control.id}: ${control.withheld?.reason}`).join('\n')}\n`,
    );
  }
  if (!notification) return;
  const where =
    context.mailer.transport === 'smtp'
      ? 'over SMTP'
      : `to ${relative(process.cwd(), outboxOf(context.dir))} (SMTP_URL is not set)`;
  const { sent, failed, skipped } = notification.result;
  process.stdout.write(
    `Notified subscribers ${where}: ${sent} sent, ${failed} failed, ${skipped} with nothing for their topic.\n`,
  );
}

/** What {@link publishAndPrint} publishes, and where. */
export interface PublishRequest {
  dir: string;
  model: Organisation;
  store: Store;
  clock: Clock;
  choice: ResultsChoice;
  outDir: string;
  mode: 'build' | 'serve';
  /** Where the static pages' forms post (`ATTEST_API_ORIGIN`, build only). */
  apiOrigin?: string | undefined;
}

/**
 * The step `attest build` and `attest serve` share: gathers the results, publishes with the
 * organisation's mailer and prints the outcome. Returns the publication, or undefined when
 * the gate blocked it (nothing was published).
 */
export async function publishAndPrint(
  request: PublishRequest,
): Promise<CompletedPublication | undefined> {
  const { dir, model, store, clock, outDir } = request;
  const git = await gitHead(dir);
  const results = await gatherResults(
    { model, dir, store, clock, ...(git ? { gitCommit: git.commit } : {}) },
    request.choice,
  );
  const mailer = createPublicationMailer(dir, model);
  try {
    const publication = await publish({
      organisation: { dir, model, git },
      results,
      store,
      mailer,
      clock,
      progress: logPublishEvent(outDir),
      outDir,
      mode: request.mode,
      publicUrl: process.env.ATTEST_PUBLIC_URL,
      apiOrigin: request.apiOrigin,
    });
    if (publication.status === 'blocked') {
      printBlocked(publication, outDir);
      return undefined;
    }
    printPublished(publication, { outDir, dir, mailer });
    return publication;
  } finally {
    mailer.close();
  }
}
