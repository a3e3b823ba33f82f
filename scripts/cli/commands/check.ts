import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type CheckRun,
  countChecks,
  runAndStoreChecks,
} from '../../../engine/publish/check-run.ts';
import { clockFromEnvironment } from '../../../engine/publish/clock.ts';
import { gateCheckRun, lapsedAttestations } from '../../../engine/publish/gate.ts';
import { renderJsonReport } from '../../../engine/render/check-report/json.ts';
import { renderJunitReport } from '../../../engine/render/check-report/junit.ts';
import { renderPrettyReport } from '../../../engine/render/check-report/pretty.ts';
import type { CheckReport } from '../../../engine/render/check-report/report.ts';
import { renderSarifReport } from '../../../engine/render/check-report/sarif.ts';
import { openStore } from '../../../engine/store/open-store.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { createStyle, noStyle } from '../format-diagnostics.ts';
import { gitHead, repositoryPrefix } from '../git.ts';
import { loadValidOrganisation } from '../load-valid-organisation.ts';
import {
  list,
  positiveInteger,
  readCaFiles,
  resolveOption,
  shardOption,
} from '../option-values.ts';
import { displayPrefix, organisationDir } from '../organisation-dir.ts';
import { createProgress } from '../progress.ts';
import { chosenDatabasePath } from '../stored-results.ts';

/** Writes a file atomically: a crash never leaves half a report behind. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

// The AWS SDK warns on every run under Node 20 about its own future support policy; that
// says nothing about the checks, and would clutter reports meant for machines.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** `attest check`: run every automated check, store the results, report, exit 1 on a contradiction. */
export async function runCheck({ values }: ParsedArgs): Promise<number> {
  const dir = organisationDir(values.dir);
  const format = String(values.format);
  const concurrency = positiveInteger('concurrency', values.concurrency);
  const timeoutMs = positiveInteger('timeout', values.timeout);
  const deadlineMs = positiveInteger('deadline', values.deadline);
  const resolveMap = resolveOption(values.resolve);
  const extraCa = await readCaFiles(values.ca);
  const shard = shardOption(values.shard);

  const model = await loadValidOrganisation(dir, 'Fix these before running checks.');
  if (!model) return 1;
  const prefix = displayPrefix(dir);
  const only = list(values.control);
  const unknown = only.filter((id) => !model.controls.some((control) => control.id === id));
  if (unknown.length)
    throw new UsageError(`no control named ${unknown.map((id) => `"${id}"`).join(', ')}`);

  const progress =
    format === 'pretty' ? createProgress(countChecks(model, only, shard)) : undefined;
  const store = await openStore(chosenDatabasePath(dir, values.db));
  let run: CheckRun;
  try {
    run = await runAndStoreChecks({
      model,
      dir,
      store,
      clock: clockFromEnvironment(process.env),
      gitCommit: (await gitHead(dir))?.commit,
      options: {
        concurrency,
        timeoutMs,
        deadlineMs,
        controls: only,
        ...(shard ? { shard } : {}),
        resolve: resolveMap,
        dnsServers: list(values['dns-server']),
        extraCa,
      },
      onResult: progress?.onResult,
    });
  } finally {
    await store.close();
  }
  progress?.finish();
  const { results, startedAt, finishedAt } = run;

  const report: CheckReport = {
    organisation: model.profile.name,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    results,
    titles: Object.fromEntries(model.controls.map((control) => [control.id, control.title])),
    sources: model.controlSources,
    // Code-scanning services resolve SARIF paths against the repository root, wherever the
    // command ran; the other formats speak to the person at the terminal.
    pathPrefix: format === 'sarif' ? ((await repositoryPrefix(dir)) ?? prefix) : prefix,
  };
  const { version } = JSON.parse(
    await readFile(new URL('../../../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  const text =
    format === 'json'
      ? renderJsonReport(report)
      : format === 'junit'
        ? renderJunitReport(report)
        : format === 'sarif'
          ? renderSarifReport(report, version)
          : `${renderPrettyReport(report, typeof values.out === 'string' ? noStyle : createStyle(process.stdout))}\n`;
  if (typeof values.out === 'string') await writeAtomically(resolve(values.out), text);
  else process.stdout.write(text);

  // The one gate of `attest build`, on this run's results as the engineer ran them: a public
  // or gated claim its evidence contradicts — a failing check or an expired attestation —
  // fails the run, and so does an errored check under failOnError.
  const gate = gateCheckRun(model, results, finishedAt, only);
  const lapsed = lapsedAttestations(gate);
  if (lapsed.length)
    process.stderr.write(
      `\nAttestations no longer current (the build refuses these claims too):\n${lapsed.map((control) => `  ${control.id}: ${control.reason}`).join('\n')}\n`,
    );
  return gate.blocked ? 1 : 0;
}
