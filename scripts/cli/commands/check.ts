import { execFile } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseResolveOptions } from '../../../engine/checks/net.ts';
import { type CheckResult, isContradiction } from '../../../engine/checks/result.ts';
import { planChecks, runChecks } from '../../../engine/checks/runner.ts';
import { loadOrganisationFromDir } from '../../../engine/fs/read-organisation.ts';
import { renderJsonReport } from '../../../engine/render/check-report/json.ts';
import { renderJunitReport } from '../../../engine/render/check-report/junit.ts';
import { renderPrettyReport } from '../../../engine/render/check-report/pretty.ts';
import type { CheckReport } from '../../../engine/render/check-report/report.ts';
import { renderSarifReport } from '../../../engine/render/check-report/sarif.ts';
import { saveCheckRun } from '../../../engine/store/check-history.ts';
import { openStore } from '../../../engine/store/open-store.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { createStyle, formatDiagnostics, formatSummary, noStyle } from '../format-diagnostics.ts';
import { displayPrefix, organisationDir } from '../organisation-dir.ts';

function positiveInteger(name: string, value: unknown): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`--${name} must be a whole number above 0 (got "${value}")`);
  return number;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
}

async function gitCommit(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], { cwd: dir });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Writes a file atomically: a crash never leaves half a report behind. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** Progress on stderr: a live counter on a terminal, one plain line per check elsewhere. */
function createProgress(total: number) {
  const stream = process.stderr;
  const style = createStyle(stream);
  if (stream.isTTY) {
    const counts = { pass: 0, fail: 0, error: 0, skipped: 0 };
    return {
      onResult(result: CheckResult, done: number) {
        counts[result.status]++;
        stream.write(
          `\r\x1b[2K  checking ${done}/${total}  ${style('green', `${counts.pass} pass`)}  ${style('red', `${counts.fail} fail`)}  ${style('yellow', `${counts.error} error`)}  ${counts.skipped} skipped`,
        );
      },
      finish() {
        stream.write('\r\x1b[2K');
      },
    };
  }
  return {
    onResult(result: CheckResult, done: number) {
      stream.write(
        `[${done}/${total}] ${result.status.padEnd(7)} ${result.controlId}: ${result.check} ${result.target}\n`,
      );
    },
    finish() {},
  };
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
  let resolveMap: ReturnType<typeof parseResolveOptions>;
  try {
    resolveMap = parseResolveOptions(list(values.resolve));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const extraCa = await Promise.all(
    list(values.ca).map((file) =>
      readFile(resolve(file), 'utf8').catch(() => {
        throw new UsageError(`--ca ${file}: cannot read that file`);
      }),
    ),
  );

  const { model, diagnostics } = await loadOrganisationFromDir(dir);
  const prefix = displayPrefix(dir);
  if (!model || diagnostics.some((d) => d.severity === 'error')) {
    const style = createStyle(process.stderr);
    const shown = diagnostics.map((d) => ({ ...d, file: prefix + d.file }));
    process.stderr.write(
      `${formatDiagnostics(shown, style)}\n\n${formatSummary(shown, { files: 0, controls: model?.controls.length ?? 0 }, style)}\nFix these before running checks.\n`,
    );
    return 1;
  }
  const only = list(values.control);
  const unknown = only.filter((id) => !model.controls.some((control) => control.id === id));
  if (unknown.length)
    throw new UsageError(`no control named ${unknown.map((id) => `"${id}"`).join(', ')}`);

  const total = planChecks(model, only).length;
  const progress = format === 'pretty' ? createProgress(total) : undefined;
  const startedAt = new Date();
  const results = await runChecks(model, {
    orgDir: dir,
    concurrency,
    timeoutMs,
    deadlineMs,
    controls: only,
    resolve: resolveMap,
    dnsServers: list(values['dns-server']),
    extraCa,
    now: startedAt,
    onResult: progress?.onResult,
  });
  progress?.finish();
  const finishedAt = new Date();

  const store = openStore(
    typeof values.db === 'string' ? resolve(values.db) : join(dir, 'data', 'attest.db'),
  );
  try {
    saveCheckRun(store, {
      organisation: model.profile.name,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      gitCommit: await gitCommit(dir),
      results,
    });
  } finally {
    store.close();
  }

  const report: CheckReport = {
    organisation: model.profile.name,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    results,
    titles: Object.fromEntries(model.controls.map((control) => [control.id, control.title])),
    sources: model.controlSources,
    pathPrefix: prefix,
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

  const contradicted = results.some(
    (result) => result.visibility !== 'internal' && isContradiction(result),
  );
  const errored = results.some((result) => result.status === 'error' && !result.waiver?.active);
  return contradicted || (errored && model.policy.failOnError) ? 1 : 0;
}
