import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditLog } from '../../../engine/audit/audit-log.ts';
import { openStore } from '../../../engine/store/open-store.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { organisationDir } from '../organisation-dir.ts';

/** `attest audit verify`: walks the audit log's hash chain; exit 1 names the first bad entry. */
export async function runAudit({ values, positionals }: ParsedArgs): Promise<number> {
  const [action] = positionals;
  if (action !== 'verify') {
    throw new UsageError(
      action ? `unknown action "${action}"; use "verify"` : 'say what to do: attest audit verify',
    );
  }
  const dir = organisationDir(values.dir);
  const dbPath = typeof values.db === 'string' ? values.db : join(dir, 'data', 'attest.db');
  if (!existsSync(dbPath)) {
    process.stderr.write(`attest: no database at ${dbPath}; nothing has been audited yet\n`);
    return 2;
  }
  const store = openStore(dbPath);
  try {
    const verdict = verifyAuditLog(store);
    if (verdict.ok) {
      process.stdout.write(`Audit log intact: ${verdict.count} entries, hash chain verified.\n`);
      return 0;
    }
    process.stdout.write(
      `Audit log broken at entry #${verdict.entryId}: it ${verdict.problem}.\n` +
        'Entries from there on cannot be trusted; restore the database from a backup to compare.\n',
    );
    return 1;
  } finally {
    store.close();
  }
}
