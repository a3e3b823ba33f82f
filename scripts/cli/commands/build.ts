import { join, resolve } from 'node:path';
import { clockFromEnvironment } from '../../../engine/publish/clock.ts';
import { publish } from '../../../engine/publish/publish.ts';
import { openStore } from '../../../engine/store/open-store.ts';
import type { ParsedArgs } from '../args.mjs';
import { gitHead } from '../git.ts';
import { loadValidOrganisation } from '../load-valid-organisation.ts';
import { originFromEnv, readCaFiles, resolveOption } from '../option-values.ts';
import { organisationDir } from '../organisation-dir.ts';
import {
  createPublicationMailer,
  gatherResults,
  logPublishEvent,
  printBlocked,
  printPublished,
} from '../publication-report.ts';
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
  const mailer = createPublicationMailer(dir, model);
  try {
    const git = await gitHead(dir);
    const results = await gatherResults(
      { model, dir, store, clock, ...(git ? { gitCommit: git.commit } : {}) },
      choice,
    );
    const publication = await publish({
      organisation: { dir, model, git },
      results,
      store,
      mailer,
      clock,
      progress: logPublishEvent(outDir),
      outDir,
      mode: 'build',
      publicUrl: process.env.ATTEST_PUBLIC_URL,
      apiOrigin,
    });
    if (publication.status === 'blocked') {
      printBlocked(publication, outDir);
      return 1;
    }
    printPublished(publication, { outDir, dir, mailer });
    return 0;
  } finally {
    mailer.close();
    await store.close();
  }
}
