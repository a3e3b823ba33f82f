import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { NotAnOrganisationError } from '../../../engine/fs/read-organisation.ts';
import { clockFromEnvironment } from '../../../engine/publish/clock.ts';
import { importCheckReports, type ReportFile } from '../../../engine/publish/import-results.ts';
import { plural } from '../../../engine/source/plural.ts';
import { openStore } from '../../../engine/store/open-store.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { organisationDir } from '../organisation-dir.ts';
import { chosenDatabasePath } from '../stored-results.ts';

/**
 * `attest results import FILE...`: stores JSON check reports (e.g. one per CI shard) in the
 * check history, one run per file; exit 2 naming each bad file, storing nothing.
 */
export async function runResults({ values, positionals }: ParsedArgs): Promise<number> {
  const [action, ...paths] = positionals;
  if (action !== 'import')
    throw new UsageError(
      action
        ? `unknown action "${action}"; use "import"`
        : 'say what to do: attest results import FILE...',
    );
  if (!paths.length)
    throw new UsageError(
      'name the JSON reports to import, e.g. attest results import shard-1.json shard-2.json',
    );
  const files: ReportFile[] = await Promise.all(
    paths.map(async (path) => ({
      name: path,
      text: await readFile(resolve(path), 'utf8').catch(() => {
        throw new UsageError(`${path}: cannot read that file`);
      }),
    })),
  );
  const dir = organisationDir(values.dir);
  // Like every other command, never create the organisation directory: a mistyped --dir
  // would otherwise get a database of its own that no build reads.
  if (typeof values.db !== 'string' && !(await stat(dir).catch(() => undefined))?.isDirectory())
    throw new NotAnOrganisationError(`${dir} is not a directory`);
  const store = await openStore(chosenDatabasePath(dir, values.db));
  let outcome: Awaited<ReturnType<typeof importCheckReports>>;
  try {
    outcome = await importCheckReports(store, files, clockFromEnvironment(process.env).now());
  } finally {
    await store.close();
  }
  if ('problems' in outcome) {
    const lines = outcome.problems.flatMap(({ file, problems }) => [
      `${file}:`,
      ...problems.map((problem) => `  ${problem}`),
    ]);
    process.stderr.write(
      `attest: nothing imported; these files are not JSON check reports Attest can store:\n${lines.join('\n')}\nWrite reports with \`attest check --format json --out FILE\`.\n`,
    );
    return 2;
  }
  const { summary } = outcome;
  for (const { file, runId } of summary.skipped)
    process.stdout.write(`${file}: already imported (run ${runId}), skipped\n`);
  process.stdout.write(
    `Imported ${plural(summary.results, 'result')} in ${plural(summary.runs, 'run')} from ${plural(summary.files, 'file')}; ${plural(summary.skipped.length, 'file')} skipped as already imported.\n`,
  );
  return 0;
}
