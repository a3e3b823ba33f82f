import { join, resolve } from 'node:path';
import { clockFromEnvironment } from '../../../engine/publish/clock.ts';
import { openStore } from '../../../engine/store/open-store.ts';
import type { ParsedArgs } from '../args.mjs';
import { loadValidOrganisation } from '../load-valid-organisation.ts';
import { originFromEnv, readCaFiles, resolveOption } from '../option-values.ts';
import { organisationDir } from '../organisation-dir.ts';
import { publishAndPrint } from '../publication-report.ts';
import { chosenDatabasePath } from '../stored-results.ts';

/**
 * `attest build`: validate, run the checks (or reuse the stored results with
 * --skip-checks) and publish the trust center to DIST, its forms posting to
 * `ATTEST_API_ORIGIN` when set (a bad value is a usage error, exit 2). Exit 0 published, 1
 * invalid files or a contradicted claim (DIST untouched); a failure throws, with DIST left
 * as it was.
 */
export async function runBuild({ values }: ParsedArgs): Promise<number> {
  const apiOrigin = originFromEnv('ATTEST_API_ORIGIN');
  const dir = organisationDir(values.dir);
  const outDir = resolve(typeof values.out === 'string' ? values.out : join(dir, 'dist'));
  const choice = {
    skipChecks: values['skip-checks'] === true,
    resolve: resolveOption(values.resolve),
    extraCa: await readCaFiles(values.ca),
  };
  const model = await loadValidOrganisation(dir, 'Nothing was built.');
  if (!model) return 1;

  const clock = clockFromEnvironment(process.env);
  const store = await openStore(chosenDatabasePath(dir, values.db));
  try {
    const published = await publishAndPrint({
      dir,
      model,
      store,
      clock,
      choice,
      outDir,
      mode: 'build',
      apiOrigin,
    });
    return published ? 0 : 1;
  } finally {
    await store.close();
  }
}
