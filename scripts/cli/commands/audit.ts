import { verifyAuditLog } from '../../../engine/audit/audit-log.ts';
import { plural } from '../../../engine/source/plural.ts';
import { databaseExists } from '../../../engine/store/database-path.ts';
import { openStore } from '../../../engine/store/open-store.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { organisationDir } from '../organisation-dir.ts';
import { chosenDatabasePath } from '../stored-results.ts';

/**
 * `attest audit verify`: walks the audit log's hash chain and checks it against its anchor
 * and the heads publications recorded. Exit 1 names the first bad entry, or how many
 * entries were cut from the end; without `ATTEST_SECRET` it warns that the anchor's MAC
 * was not checked.
 */
export async function runAudit({ values, positionals }: ParsedArgs): Promise<number> {
  const [action] = positionals;
  if (action !== 'verify') {
    throw new UsageError(
      action ? `unknown action "${action}"; use "verify"` : 'say what to do: attest audit verify',
    );
  }
  const dir = organisationDir(values.dir);
  const dbPath = chosenDatabasePath(dir, values.db);
  if (!databaseExists(dbPath)) {
    process.stderr.write(`attest: no database at ${dbPath}; nothing has been audited yet\n`);
    return 2;
  }
  const store = await openStore(dbPath);
  try {
    const verdict = await verifyAuditLog(store);
    if (verdict.ok) {
      if (verdict.warning) process.stderr.write(`attest: warning: ${verdict.warning}\n`);
      const anchor = verdict.warning
        ? 'anchor count and head match (MAC not checked)'
        : 'anchor verified';
      process.stdout.write(
        `Audit log intact: ${plural(verdict.count, 'entry', 'entries')}, hash chain verified, ${anchor}.\n`,
      );
      return 0;
    }
    if (verdict.entryId !== undefined) {
      process.stdout.write(
        `Audit log broken at entry #${verdict.entryId}: it ${verdict.problem}.\n` +
          'Entries from there on cannot be trusted; restore the database from a backup to compare.\n',
      );
    } else {
      process.stdout.write(
        `Audit log ${verdict.missing ? 'truncated' : 'broken'}: it ${verdict.problem}.\n` +
          'Restore the database from a backup to see what was removed.\n',
      );
    }
    return 1;
  } finally {
    await store.close();
  }
}
