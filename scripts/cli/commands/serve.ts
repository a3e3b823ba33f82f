import { createServer } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { nextStatusChange } from '../../../engine/evaluate/next-change.ts';
import type { AccessPolicy } from '../../../engine/load/access-rules.ts';
import type { Organisation } from '../../../engine/load/model.ts';
import { clockFromEnvironment } from '../../../engine/publish/clock.ts';
import { measuredSlaFromStore } from '../../../engine/publish/measured-sla.ts';
import { mirrorLatestPublication } from '../../../engine/publish/mirror.ts';
import { createBackgroundRunner } from '../../../engine/server/api/background-job.ts';
import { serverOptionsFromEnv } from '../../../engine/server/api/server-options.ts';
import { createApp } from '../../../engine/server/app.ts';
import { buildServerBundle } from '../../../engine/server/astro/server-bundle.ts';
import { ssoSettingsFromEnv } from '../../../engine/server/auth/sso-settings.ts';
import { Leadership, processHolderName } from '../../../engine/server/leadership.ts';
import { loadAstroRenderer, SitePages } from '../../../engine/server/site-pages.ts';
import { openStore } from '../../../engine/store/open-store.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { loadValidOrganisation } from '../load-valid-organisation.ts';
import { originFromEnv, readCaFiles, resolveOption } from '../option-values.ts';
import { organisationDir } from '../organisation-dir.ts';
import { publishAndPrint } from '../publication-report.ts';
import { chosenDatabasePath } from '../stored-results.ts';

function parsePort(value: unknown): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a number from 0 to 65535 (got "${value}")`);
  }
  return port;
}

/**
 * Throws a runtime error when `port` on `host` cannot be listened on (another server has
 * it), so `serve` fails before it publishes anything. Port 0 always works.
 */
async function ensurePortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is already in use; pick another with --port. Nothing was published.`
            : `cannot listen on ${host}:${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * How often the server looks at the database: for check runs stored by other processes
 * (`attest check` in CI), for publications made by the replica that runs the schedule, and
 * to renew or take that role.
 */
const resultsPollMs = Number(process.env.ATTEST_RESULTS_POLL_MS) || 2_000;

/**
 * How long the scheduler lease lasts unrenewed: when the replica running the schedule dies,
 * another takes over within this time.
 */
const schedulerLeaseMs = Number(process.env.ATTEST_SCHEDULER_LEASE_MS) || 30_000;

/**
 * `attest serve`: publish from the stored results and serve the trust center, its pages
 * rendered by Astro on request from the current snapshot. The checks then run in the
 * background — at once, and every `policy.recheckIntervalMinutes` — and whenever new results
 * are stored (by that schedule or by another process) the snapshot is re-evaluated and the
 * pages show it on their next request, without a rebuild. It is re-evaluated too at the
 * moment a passing result goes stale or an attestation or waiver lapses. A claim its
 * newest evidence contradicts is withdrawn from every output and raised as an alert; the
 * server never stops serving the rest, and never keeps showing what no longer holds.
 *
 * Several servers may share one database (replicas behind a load balancer, PostgreSQL):
 * the one holding the scheduler lease runs the checks and publishes; the others serve its
 * newest publication, picked up within a poll interval, and take the lease over when it
 * stops renewing it.
 */
export async function runServe({ values }: ParsedArgs): Promise<number> {
  const port = parsePort(values.port);
  const host = String(values.host);
  const siteOrigin = originFromEnv('ATTEST_SITE_ORIGIN');
  const sso = ssoSettingsFromEnv(process.env);
  const dir = organisationDir(values.dir);
  const extraCa = await readCaFiles(values.ca);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  await ensurePortFree(port, host);
  const bundle = await buildServerBundle(log);
  const pages = new SitePages(await loadAstroRenderer(bundle.entry));
  /** policies/access.yaml with its CRM exports, as last loaded. */
  let accessRules: AccessPolicy | undefined;
  /** When re-evaluating the same inputs could next change a claim (a result going stale, …). */
  let nextChange = new Date(8.64e15);
  // Its own output directory: `attest build` owns DIR/dist, and neither replaces the other's.
  const outDir = join(dir, 'data', 'serve-dist');
  const choice = { resolve: resolveOption(values.resolve), extraCa };
  const clock = clockFromEnvironment(process.env);

  log('Publishing from the stored check results…');
  const firstModel = await loadValidOrganisation(dir, 'Nothing was built.');
  if (!firstModel) {
    log('Nothing is served until the organisation publishes.');
    return 1;
  }
  const store = await openStore(chosenDatabasePath(dir, values.db));
  const leadership = new Leadership(
    store.leases,
    'scheduled-checks',
    processHolderName(),
    schedulerLeaseMs,
  );
  /** The publication the pages show. */
  let served: number | undefined;
  /**
   * Loads the organisation as it is on disk now, judges its claims on the stored results
   * (or, with `runChecks`, on a new run of the checks, stored first) and publishes for the
   * server: the pages show the new snapshot from their next request. Returns the exit code
   * of the publication: 1 when the organisation does not validate.
   */
  const publishForServer = async (runChecks: boolean, loaded?: Organisation): Promise<number> => {
    const model = loaded ?? (await loadValidOrganisation(dir, 'Nothing was built.'));
    if (!model) return 1;
    // The auto-approval rules and CRM exports as loaded now: requests use them from here on.
    accessRules = model.access;
    const published = await publishAndPrint({
      dir,
      model,
      store,
      clock,
      choice: { ...choice, skipChecks: !runChecks },
      outDir,
      mode: 'serve',
    });
    if (!published) return 1;
    pages.update(published.site);
    served = published.id;
    nextChange = nextStatusChange(published.snapshot, new Date());
    return 0;
  };
  /** Serves the newest publication another replica made, as it made it. */
  const mirrorLatest = async (model: Organisation) => {
    const mirrored = await mirrorLatestPublication({
      organisation: { dir, model },
      store,
      outDir,
      now: new Date(),
    });
    if (!mirrored) return;
    pages.update(mirrored.site);
    served = mirrored.id;
    log(`Serving publication #${mirrored.id}, made by the replica that runs the schedule.`);
  };

  const start = async () => {
    if ((await leadership.renew()) || (await store.publications.latestId()) === undefined) {
      await publishForServer(false, firstModel);
    } else {
      log('Another server on this database runs the scheduled checks; following it.');
      await mirrorLatest(firstModel);
    }
  };
  await start().catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const listening = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const dynamic = await serverOptionsFromEnv({ dir, store, listening, log, siteOrigin, sso });
  const interval = (await dynamic.getSnapshot())?.policy.recheckIntervalMinutes ?? 60;
  /** Background work logs and alerts its failures and runs again; it never ends the server. */
  const background = createBackgroundRunner({ store, log });
  const latestRun = async () => (await store.checkHistory.listRuns(1))[0]?.id ?? 0;
  let seenRun = await latestRun();
  let busy = false;
  /** Re-evaluates and republishes; with `runChecks`, runs the checks first. */
  const republish = async (runChecks: boolean) => {
    if (busy || !leadership.leading) return;
    busy = true;
    await background(runChecks ? 'check rerun' : 'publication', async () => {
      if (runChecks) log('Re-running the checks…');
      // Runs stored from here on by others are picked up next time; this one's own run is
      // already published, so it is not evaluated a second time.
      const before = await latestRun();
      seenRun = before;
      await publishForServer(runChecks);
      if (runChecks && (await latestRun()) === before + 1) seenRun = before + 1;
    });
    busy = false;
  };
  /** A replica that follows: serves the newest publication once it is not the one shown. */
  const follow = async () => {
    const latest = await store.publications.latestId();
    if (busy || latest === undefined || latest === served) return;
    busy = true;
    await background('publication pickup', async () => {
      const model = await loadValidOrganisation(dir, 'Nothing was built.');
      if (model) await mirrorLatest(model);
    });
    busy = false;
  };
  /** Takes or renews the scheduler lease; a replica that just took it runs the checks. */
  const lead = async () => {
    const was = leadership.leading;
    const leading = await leadership.renew();
    if (leading === was) return;
    if (leading) {
      log('This server now runs the scheduled checks (it holds the scheduler lease).');
      void republish(true);
    } else log('Another server took over the scheduled checks; following it.');
  };
  let slaSeen = '';
  /**
   * Looks at what other processes and requests stored: new check results re-evaluate the
   * snapshot (on the replica that runs the schedule; the others pick up its publication);
   * handled reports change the disclosure page's measured response times.
   */
  let watching = false;
  const watchStore = async () => {
    // One look at a time: a slow database must not stack up overlapping polls.
    if (watching) return;
    watching = true;
    try {
      await watchOnce();
    } finally {
      watching = false;
    }
  };
  const watchOnce = async () => {
    await lead();
    if (!leadership.leading) await follow();
    else if (!busy && (await latestRun()) > seenRun) {
      log('New check results were stored; re-evaluating…');
      void republish(false);
    } else if (!busy && Date.now() >= nextChange.getTime()) {
      log('A result went stale or an attestation or waiver lapsed; re-evaluating…');
      void republish(false);
    }
    if (!pages.data) return;
    const measured = await measuredSlaFromStore(store, await dynamic.getSnapshot(), new Date());
    const key = JSON.stringify({ ...measured, from: '', to: '' });
    // The pages as they are now: a publication may have replaced them during the await.
    const data = pages.data;
    if (key === slaSeen || !data) return;
    slaSeen = key;
    pages.update({ ...data, measuredSla: measured });
  };

  const app = createApp({
    distDir: outDir,
    pages,
    assetsDir: bundle.clientDir,
    server: { ...dynamic, accessRules: () => accessRules },
  });
  return new Promise<number>((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      process.stdout.write(`Trust center at http://${shownHost}:${info.port}\n`);
      void republish(true);
      timers.push(setInterval(() => void republish(true), interval * 60_000));
      timers.push(setInterval(() => void background('results polling', watchStore), resultsPollMs));
      for (const timer of timers) timer.unref();
    });
    const stop = (code: number) => {
      for (const timer of timers) clearInterval(timer);
      server.close();
      void dynamic.mailer.idle().then(async () => {
        // Another replica takes the schedule over at once rather than when the lease runs out.
        await leadership.release().catch(() => {});
        dynamic.mailer.close();
        dynamic.webhooks?.close();
        await dynamic.viewCounter?.close().catch(() => {});
        await store.close();
        resolve(code);
      });
    };
    server.on('error', (error: NodeJS.ErrnoException) => {
      log(
        error.code === 'EADDRINUSE'
          ? `attest: port ${port} on ${host} is already in use; pick another with --port`
          : `attest: ${error.message}`,
      );
      stop(2);
    });
    // The last line of defence: a rejection no job caught is logged, and serving goes on.
    process.on('unhandledRejection', (reason) => {
      log(
        `attest: background work failed unexpectedly: ${(reason as Error)?.stack ?? String(reason)}`,
      );
    });
    process.once('SIGINT', () => stop(0));
    process.once('SIGTERM', () => stop(0));
  });
}
