import { statSync } from 'node:fs';
import { evaluateOrganisation } from '../../../engine/evaluate/evaluate.ts';
import type { Snapshot } from '../../../engine/evaluate/snapshot.ts';
import {
  NotAnOrganisationError,
  readOrganisationFiles,
} from '../../../engine/fs/read-organisation.ts';
import { loadOrganisation, type SourceFile } from '../../../engine/load/load-organisation.ts';
import { countChanges, diffSnapshots } from '../../../engine/publish/diff.ts';
import type { Diagnostic } from '../../../engine/source/diagnostic.ts';
import { latestCheckResults } from '../../../engine/store/check-history.ts';
import { databaseExists, databaseLabel } from '../../../engine/store/database-path.ts';
import { openStore, type Store } from '../../../engine/store/open-store.ts';
import type { Publication } from '../../../engine/store/publications.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { createStyle, formatDiagnostics, formatSummary } from '../format-diagnostics.ts';
import { formatDiff } from '../format-diff.ts';
import { isInGitRepository, readOrganisationAtRevision, resolveRevision } from '../git-revision.ts';
import { displayPrefix, organisationDir } from '../organisation-dir.ts';
import { chosenDatabasePath } from '../stored-results.ts';

/** One side of the comparison: a name for people and the snapshot. */
interface Version {
  label: string;
  snapshot: Snapshot;
}

interface Context {
  dir: string;
  dbPath: string;
  /** Undefined when the database file does not exist: no publications, no stored results. */
  store: Store | undefined;
  inGit: boolean;
  /** One moment for both sides, so only the files and the results make a difference. */
  now: Date;
}

/** A version, or `invalid`: its organisation does not load (the problems are printed; exit 1). */
type Loaded = Version | 'invalid';

function publicationVersion(publication: Publication): Version {
  const time = publication.publishedAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  return {
    label: `publication #${publication.id} (${time}, ${publication.contentHash.slice(0, 12)})`,
    snapshot: publication.snapshot,
  };
}

/** Loads and evaluates organisation files with the newest stored check results. */
async function evaluateFiles(
  context: Context,
  files: SourceFile[],
  readProblems: Diagnostic[],
  where: { label: string; prefix: string; publishedAt: string; gitCommit?: string },
): Promise<Loaded> {
  const { model, diagnostics } = loadOrganisation(files);
  const problems = [...readProblems, ...diagnostics];
  if (!model || problems.some((d) => d.severity === 'error')) {
    const style = createStyle(process.stderr);
    const shown = problems.map((d) => ({ ...d, file: where.prefix + d.file }));
    const summary = formatSummary(
      shown,
      { files: files.length, controls: model?.controls.length ?? 0 },
      style,
    );
    process.stderr.write(
      `${formatDiagnostics(shown, style)}\n\n${summary}\nThe organisation in ${where.label} does not load, so it cannot be compared.\n`,
    );
    return 'invalid';
  }
  const results = context.store ? await latestCheckResults(context.store, model, context.now) : [];
  const { gitCommit, publishedAt } = where;
  return {
    label: where.label,
    snapshot: evaluateOrganisation(model, results, {
      now: context.now,
      publishedAt,
      ...(gitCommit ? { gitCommit } : {}),
    }),
  };
}

async function workingTree(context: Context): Promise<Loaded> {
  const { files, diagnostics } = await readOrganisationFiles(context.dir);
  return evaluateFiles(context, files, diagnostics, {
    label: 'the working tree',
    prefix: displayPrefix(context.dir),
    publishedAt: context.now.toISOString(),
  });
}

/** The organisation at a git revision; undefined when `rev` names no commit. */
async function gitVersion(context: Context, rev: string): Promise<Loaded | undefined> {
  const revision = context.inGit ? await resolveRevision(context.dir, rev) : undefined;
  if (!revision) return undefined;
  const label = `${rev} (${revision.commit.slice(0, 12)})`;
  const files = await readOrganisationAtRevision(context.dir, revision.commit);
  if (files.length === 0)
    throw new UsageError(
      `${label} has no organisation files (controls/, policies/) in ${context.dir}`,
    );
  return evaluateFiles(context, files, [], {
    label,
    prefix: `${rev}:${displayPrefix(context.dir)}`,
    publishedAt: revision.committedAt,
    gitCommit: revision.commit,
  });
}

/** `#12`, `pub:12` or a bare publication id; otherwise a git revision of the organisation's repository. */
async function resolveVersion(context: Context, rev: string): Promise<Loaded> {
  const explicit = /^(?:#|pub:)(\d+)$/.exec(rev);
  const id = explicit?.[1] ?? (/^\d+$/.test(rev) ? rev : undefined);
  const publication =
    id && context.store ? await context.store.publications.get(Number(id)) : undefined;
  if (publication) return publicationVersion(publication);
  if (explicit)
    throw new UsageError(
      `there is no publication ${rev} in ${context.dbPath}${context.store ? '' : ' (the file does not exist)'}`,
    );
  const version = await gitVersion(context, rev);
  if (version) return version;
  throw new UsageError(
    context.inGit
      ? `"${rev}" is neither a publication id in ${context.dbPath} nor a git revision`
      : `"${rev}" is not a publication id in ${context.dbPath}, and ${context.dir} is not in a git repository`,
  );
}

/** The default `--from`: the latest publication, else the last commit. */
async function defaultFrom(context: Context): Promise<Loaded> {
  const latest = context.store && (await context.store.publications.latest());
  if (latest) return publicationVersion(latest);
  const head = await gitVersion(context, 'HEAD');
  if (head) return head;
  throw new UsageError(
    `nothing to compare with: no publication in ${context.dbPath} and no git commit in ${context.dir}; pass --from`,
  );
}

/**
 * `attest diff`: what changed between two versions of the organisation's trust
 * center — publications, git revisions or the working tree — grouped by controls,
 * certifications, subprocessors and documents. Exit 0; an unknown version exits 2.
 */
export async function runDiff({ values }: ParsedArgs): Promise<number> {
  const dir = organisationDir(values.dir);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw new NotAnOrganisationError(`${dir} is not a directory`);
  const dbPath = chosenDatabasePath(dir, values.db);
  const store = databaseExists(dbPath) ? await openStore(dbPath) : undefined;
  try {
    const context: Context = {
      dir,
      dbPath: databaseLabel(dbPath),
      store,
      inGit: await isInGitRepository(dir),
      now: new Date(),
    };
    const from =
      typeof values.from === 'string'
        ? await resolveVersion(context, values.from)
        : await defaultFrom(context);
    const to =
      typeof values.to === 'string'
        ? await resolveVersion(context, values.to)
        : await workingTree(context);
    if (from === 'invalid' || to === 'invalid') return 1;
    const diff = diffSnapshots(from.snapshot, to.snapshot);
    if (values.format === 'json') {
      const { from: fromSide, to: toSide, ...changes } = diff;
      const output = {
        from: { label: from.label, ...fromSide },
        to: { label: to.label, ...toSide },
        changes: countChanges(diff),
        ...changes,
      };
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    } else {
      const labels = { from: from.label, to: to.label };
      process.stdout.write(`${formatDiff(diff, labels, createStyle(process.stdout))}\n`);
    }
    return 0;
  } finally {
    await store?.close();
  }
}
