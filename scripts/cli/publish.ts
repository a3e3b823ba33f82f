import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { CheckResult } from '../../engine/checks/result.ts';
import { runChecks } from '../../engine/checks/runner.ts';
import type { ResolvedAddress } from '../../engine/checks/types.ts';
import { evaluateOrganisation } from '../../engine/evaluate/evaluate.ts';
import { buildHistory } from '../../engine/evaluate/history.ts';
import { publicSnapshot } from '../../engine/evaluate/public-view.ts';
import type { Snapshot } from '../../engine/evaluate/snapshot.ts';
import type { Organisation } from '../../engine/load/model.ts';
import {
  discardStaged,
  pruneVersions,
  restoreDist,
  type StagedDist,
  stageDist,
  switchDist,
  withOutputLock,
} from '../../engine/publish/atomic-dist.ts';
import { buildChangelog, changelogEntryKey } from '../../engine/publish/changelog.ts';
import { diffSnapshots } from '../../engine/publish/diff.ts';
import { describeGate, gateSnapshot } from '../../engine/publish/gate.ts';
import { createMailer } from '../../engine/publish/mailer.ts';
import { notifySubscribers } from '../../engine/publish/notify.ts';
import { renderDocumentPdfs } from '../../engine/render/documents/render-documents.ts';
import { renderOutputs } from '../../engine/render/outputs.ts';
import { readPdfFonts } from '../../engine/render/pdf/fonts-fs.ts';
import { measuredSlaFromStore } from '../../engine/server/reports/reports.ts';
import { type AlertInput, syncAlerts } from '../../engine/store/alerts.ts';
import { checkResultsSince, latestCheckResults } from '../../engine/store/check-history.ts';
import { databasePath } from '../../engine/store/database-path.ts';
import { openStore, type Store } from '../../engine/store/open-store.ts';
import type { SiteData } from '../../site/lib/site-data.ts';
import type { ParsedArgs } from './args.mjs';
import { buildSite } from './build-site.ts';
import { createStyle } from './format-diagnostics.ts';
import { gitHead } from './git.ts';
import { loadValidOrganisation } from './load-valid-organisation.ts';
import { readCaFiles, resolveOption } from './option-values.ts';
import { organisationDir } from './organisation-dir.ts';
import { createProgress } from './progress.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Only the entries of `record` whose keys are listed. */
function pick<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
  return Object.fromEntries(keys.flatMap((key) => (record[key] ? [[key, record[key]]] : [])));
}

/** Modification time of the newest organisation file (ISO). */
async function newestFileChange(dir: string): Promise<string | undefined> {
  let newest = 0;
  for (const folder of ['controls', 'policies']) {
    const entries = await readdir(join(dir, folder), {
      recursive: true,
      withFileTypes: true,
    }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      newest = Math.max(
        newest,
        (await stat(join(entry.parentPath ?? entry.path, entry.name))).mtimeMs,
      );
    }
  }
  return newest ? new Date(Math.floor(newest / 1000) * 1000).toISOString() : undefined;
}

/**
 * When the snapshot's inputs last changed: SOURCE_DATE_EPOCH when set (reproducible
 * builds), else the newest of check result, file change and commit — never the build's clock.
 */
export async function inputTime(
  dir: string,
  results: readonly CheckResult[],
  committedAt: string | undefined,
): Promise<string> {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  const candidates = [
    ...results.map((result) => result.at),
    committedAt,
    await newestFileChange(dir),
  ].filter((time): time is string => Boolean(time));
  return candidates.sort().at(-1) ?? new Date(0).toISOString();
}

/**
 * The organisation's logo when `branding.logo` is a file under policies/ (SVG or PNG), to
 * publish as `brand/logo.<ext>`. A URL, a missing file or another type is reported and left out.
 */
async function readLogo(
  dir: string,
  logo: string | undefined,
): Promise<{ path: string; bytes: Uint8Array } | undefined> {
  if (!logo) return undefined;
  if (/^[a-z]+:/i.test(logo)) {
    log(
      `Logo ${logo} is not shown: the trust page loads nothing from other hosts. Add the file under policies/ instead.`,
    );
    return undefined;
  }
  const ext = extname(logo).toLowerCase();
  const policies = resolve(dir, 'policies');
  const path = resolve(policies, logo);
  if (!['.svg', '.png'].includes(ext) || !path.startsWith(policies + sep)) {
    log(`Logo ${logo} is not shown: use an .svg or .png file inside policies/.`);
    return undefined;
  }
  const bytes = await readFile(path).catch(() => undefined);
  if (!bytes) {
    log(`Logo ${logo} is not shown: policies/${logo} does not exist.`);
    return undefined;
  }
  return { path: `brand/logo${ext}`, bytes };
}

/** Checks now, or the newest stored result of each check with --skip-checks. */
async function gatherResults(
  model: Organisation,
  dir: string,
  store: Store,
  options: PublishOptions,
): Promise<CheckResult[]> {
  if (options.skipChecks) {
    const stored = await latestCheckResults(store, model, new Date());
    log(`Using ${stored.length} stored check results (--skip-checks).`);
    return stored;
  }
  log('Running checks…');
  const startedAt = new Date();
  const progress = createProgress(
    model.controls.reduce(
      (total, control) => total + control.evidence.filter((item) => 'check' in item).length,
      0,
    ),
  );
  const results = await runChecks(model, {
    orgDir: dir,
    resolve: options.resolve,
    extraCa: options.extraCa ?? [],
    onResult: progress.onResult,
  });
  progress.finish();
  await store.checkHistory.saveRun({
    organisation: model.profile.name,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    gitCommit: (await gitHead(dir))?.commit,
    results,
  });
  return results;
}

/**
 * Under `attest serve`: raises an alert (admin area and log) for each claim withdrawn
 * because its evidence contradicts it, and for each claim whose proof went stale; clears
 * the alerts of claims that hold again.
 */
async function reportWithdrawals(store: Store, snapshot: Snapshot, now: Date): Promise<void> {
  const current = snapshot.controls.flatMap((control): AlertInput[] => {
    if (control.status === 'failing')
      return [
        {
          key: `claim:${control.id}`,
          severity: 'critical',
          message: `"${control.title}" is withdrawn from the trust center: ${control.reason}`,
        },
      ];
    if (
      control.status === 'unverified' &&
      control.evidence.some((item) => item.kind === 'check' && item.state === 'stale')
    )
      return [
        {
          key: `claim:${control.id}`,
          severity: 'warning',
          message: `"${control.title}" is no longer shown as verified: ${control.reason}`,
        },
      ];
    return [];
  });
  for (const alert of await syncAlerts(store, 'claim:', current, now))
    log(`attest: alert (${alert.severity}): ${alert.message}`);
  const withheld = snapshot.controls.filter((control) => control.withheld);
  if (withheld.length)
    log(
      [
        `Withheld ${withheld.length} claim(s) their evidence contradicts; the rest is published:`,
        ...withheld.map((control) => `  ${control.id}: ${control.reason}`),
      ].join('\n'),
    );
}

/**
 * Writes gated PDFs (`documents/<id>.pdf` keys) as `<id>.pdf` in `folder`, each
 * atomically, and removes PDFs of documents that are no longer gated.
 */
async function writeGatedDocuments(
  folder: string,
  pdfs: ReadonlyMap<string, Uint8Array>,
): Promise<void> {
  await mkdir(folder, { recursive: true });
  const names = new Set<string>();
  for (const [path, bytes] of pdfs) {
    const name = path.slice('documents/'.length);
    names.add(name);
    await writeFile(join(folder, `${name}.partial`), bytes);
    await rename(join(folder, `${name}.partial`), join(folder, name));
  }
  for (const name of await readdir(folder))
    if (name.endsWith('.pdf') && !names.has(name)) await rm(join(folder, name), { force: true });
}

/** What to publish, and where. */
export interface PublishOptions {
  dir: string;
  outDir: string;
  dbPath: string;
  /** Use the newest stored results instead of running the checks. */
  skipChecks: boolean;
  resolve: ReadonlyMap<string, ResolvedAddress>;
  /**
   * PEM text of CA certificates the checks also trust (`--ca`). Results gathered with it are
   * stored as an override and never verify a public claim.
   */
  extraCa?: readonly string[];
  /**
   * Render the static site into DIST (default). `attest serve` renders pages on request
   * instead and publishes only the other outputs.
   */
  renderSite?: boolean;
  /**
   * Publishing for a running server (`attest serve`): a claim the evidence contradicts is
   * withdrawn from every output and raised as an alert instead of stopping the
   * publication, so the server never keeps showing what its newest evidence contradicts.
   */
  serving?: boolean;
  /** Called with what the pages show, and the full snapshot, once the publication is in place. */
  onPublished?: (site: SiteData, snapshot: Snapshot) => void;
}

/**
 * Validate → check (or reuse stored results) → then, holding DIST's lock so concurrent
 * builds take turns: evaluate → gate → render → stage and verify the new tree → record the
 * publication and switch DIST in one step → notify subscribers. Returns the exit code: 0
 * published, 1 invalid files or a contradicted claim (DIST untouched). A failure throws,
 * with DIST and the publication record left as they were.
 */
export async function publishOrganisation(options: PublishOptions): Promise<number> {
  const { dir, outDir } = options;
  const model = await loadValidOrganisation(dir, 'Nothing was built.');
  if (!model) return 1;

  const store = await openStore(options.dbPath);
  try {
    const results = await gatherResults(model, dir, store, options);
    const head = await gitHead(dir);
    const publishedAt = await inputTime(dir, results, head?.committedAt);
    // Freshness and expiry are judged on the real clock; SOURCE_DATE_EPOCH only fixes the
    // timestamps written into the output.
    const now = new Date();
    const evaluation = {
      now,
      publishedAt,
      withholdFailing: options.serving === true,
      ...(head ? { gitCommit: head.commit } : {}),
    };
    return await withOutputLock(
      outDir,
      () => publishLocked({ model, dir, outDir, store, options, results, evaluation, publishedAt }),
      {
        onWait: (holder) =>
          log(
            `Waiting for another publication to ${relative(process.cwd(), outDir) || outDir} to finish (pid ${holder.pid})…`,
          ),
      },
    );
  } finally {
    await store.close();
  }
}

/** What {@link publishLocked} works from. */
interface LockedPublication {
  model: Organisation;
  dir: string;
  outDir: string;
  store: Store;
  options: PublishOptions;
  results: CheckResult[];
  evaluation: Parameters<typeof evaluateOrganisation>[2];
  publishedAt: string;
}

/**
 * Records the publication and switches DIST to the staged version as one step: the record
 * is written in a transaction that commits only once DIST points at the new version; when
 * either fails, the other is undone, and the error says that nothing was published.
 */
async function recordAndSwitch(
  store: Store,
  snapshot: Snapshot,
  staged: StagedDist,
): Promise<number> {
  let previous: string | undefined;
  let switched = false;
  try {
    return await store.transaction(async (tx) => {
      const id = await tx.publications.save(snapshot, { builtAt: new Date().toISOString() });
      previous = await switchDist(staged);
      switched = true;
      return id;
    });
  } catch (error) {
    if (switched) await restoreDist(staged.outDir, previous);
    await discardStaged(staged);
    throw new Error(
      `publishing failed${switched ? ' after DIST was switched; DIST was switched back to the previous version' : '; DIST is unchanged'} and no publication was recorded: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The part of a publication that only one process at a time may do for one DIST: compare
 * with the latest publication, render, stage and verify the tree, record and switch, notify.
 */
async function publishLocked(input: LockedPublication): Promise<number> {
  const { model, dir, outDir, store, options, results, evaluation, publishedAt } = input;
  const { now } = evaluation;
  const draft = evaluateOrganisation(model, results, evaluation);
  const previous = await store.publications.latest();
  const changelog = buildChangelog({
    controls: draft.controls,
    previous: previous?.snapshot.changelog ?? [],
    diff: diffSnapshots(previous?.snapshot, draft),
    publishedAt,
  });
  const snapshot = evaluateOrganisation(model, results, { ...evaluation, changelog });

  const style = createStyle(process.stderr);
  const gate = gateSnapshot(snapshot);
  if (gate.blocked && !options.serving) {
    const why = [
      gate.contradicted.length
        ? `${gate.contradicted.length} claim(s) are contradicted by their evidence (policy onFailure: block)`
        : '',
      gate.errored.length
        ? `${gate.errored.length} claim(s) have a check that errored (policy failOnError: true)`
        : '',
    ].filter(Boolean);
    log(style('red', `\n${why.join('; ')}; nothing was published:\n`));
    log(describeGate(gate));
    log(
      `\n${relative(process.cwd(), outDir) || outDir} is unchanged. Fix the configuration, add a waiver with a reason and an expiry, or set onFailure: withhold.`,
    );
    return 1;
  }
  if (options.serving) await reportWithdrawals(store, snapshot, now);

  log(options.renderSite === false ? 'Publishing…' : 'Rendering the trust site…');
  const since = new Date(Date.parse(publishedAt) - 90 * 86_400_000).toISOString();
  const checksPerControl = new Map(
    model.controls.map((control) => [
      control.id,
      control.evidence.filter((item) => 'check' in item).length,
    ]),
  );
  const history = buildHistory(
    await checkResultsSince(store, model, since, now),
    checksPerControl,
    publishedAt,
  );
  const view = publicSnapshot(snapshot);
  const logo = await readLogo(dir, model.profile.branding.logo);
  const site: SiteData = {
    ...(logo ? { logo: `/${logo.path}` } : {}),
    measuredSla: await measuredSlaFromStore(store, snapshot, new Date(publishedAt)),
    snapshot: view,
    history: pick(
      history,
      view.controls.map((control) => control.id),
    ),
  };
  const files = new Map<string, string | Uint8Array>([
    ...(options.renderSite === false ? [] : await buildSite(site)),
    ...renderOutputs(snapshot),
    ...(logo ? [[logo.path, logo.bytes] as const] : []),
  ]);
  const pdfs = await renderDocumentPdfs(snapshot, await readPdfFonts());
  for (const [path, bytes] of pdfs.public) files.set(path, bytes);
  const staged = await stageDist(outDir, files, snapshot.contentHash.slice(0, 12));
  try {
    await writeGatedDocuments(join(dir, 'data', 'gated-documents'), pdfs.gated);
  } catch (error) {
    await discardStaged(staged);
    throw new Error(
      `could not write the gated documents, so nothing was published and DIST is unchanged: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const publicationId = await recordAndSwitch(store, snapshot, staged);
  await pruneVersions(outDir);
  options.onPublished?.(site, snapshot);

  const withheld = snapshot.controls.filter((control) => control.withheld);
  const counts = Object.entries(snapshot.rollup.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  process.stdout.write(
    `Published ${files.size} files to ${relative(process.cwd(), outDir) || outDir} (snapshot ${snapshot.contentHash.slice(0, 12)}, inputs as of ${publishedAt}).\n`,
  );
  process.stdout.write(`Public claims: ${counts.join(', ') || 'none'}.\n`);
  if (withheld.length) {
    process.stdout.write(
      `Withheld from every public output (${withheld.length}):\n${withheld.map((control) => `  - ${control.id}: ${control.withheld?.reason}`).join('\n')}\n`,
    );
  }

  const known = new Set((previous?.snapshot.changelog ?? []).map(changelogEntryKey));
  const fresh = snapshot.changelog.filter((entry) => !known.has(changelogEntryKey(entry)));
  if (previous && fresh.length > 0) {
    // The origin of every mailed link, as `attest serve` uses it: ATTEST_PUBLIC_URL first.
    const base =
      process.env.ATTEST_PUBLIC_URL ?? snapshot.organisation.url ?? snapshot.organisation.website;
    const mailer = createMailer({
      smtpUrl: process.env.SMTP_URL,
      outboxDir: join(dir, 'data', 'outbox'),
      from: `${snapshot.organisation.name} Trust <${snapshot.organisation.contacts.security}>`,
    });
    try {
      const sent = await notifySubscribers({
        store,
        mailer,
        publicationId,
        snapshot,
        entries: fresh,
        unsubscribeBase: new URL('/api/unsubscribe', base).href,
      });
      const where =
        mailer.transport === 'smtp'
          ? 'over SMTP'
          : `to ${relative(process.cwd(), join(dir, 'data', 'outbox'))} (SMTP_URL is not set)`;
      process.stdout.write(
        `Notified subscribers ${where}: ${sent.sent} sent, ${sent.failed} failed, ${sent.skipped} with nothing for their topic.\n`,
      );
    } finally {
      mailer.close();
    }
  }
  return 0;
}

/** `attest build`: publish the organisation's trust center to DIST. */
export async function runBuild({ values }: ParsedArgs): Promise<number> {
  const dir = organisationDir(values.dir);
  return publishOrganisation({
    dir,
    outDir: resolve(typeof values.out === 'string' ? values.out : join(dir, 'dist')),
    dbPath: typeof values.db === 'string' ? resolve(values.db) : databasePath(dir),
    skipChecks: values['skip-checks'] === true,
    resolve: resolveOption(values.resolve),
    extraCa: await readCaFiles(values.ca),
  });
}
