import { stat } from 'node:fs/promises';
import { appendAudit } from '../../../engine/audit/audit-log.ts';
import { NotAnOrganisationError } from '../../../engine/fs/read-organisation.ts';
import { createUser, type Role, roles } from '../../../engine/server/auth/users.ts';
import { openStore } from '../../../engine/store/open-store.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { organisationDir } from '../organisation-dir.ts';
import { chosenDatabasePath } from '../stored-results.ts';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `attest admin create --email E [--role R]`: creates an admin-area user (or renews the
 * setup link of an existing one) and prints a one-time password-setup URL.
 */
export async function runAdmin({ values, positionals }: ParsedArgs): Promise<number> {
  const [action] = positionals;
  if (action !== 'create') {
    throw new UsageError(
      action ? `unknown action "${action}"; use "create"` : 'say what to do: attest admin create',
    );
  }
  const email = typeof values.email === 'string' ? values.email.trim() : '';
  if (!emailPattern.test(email)) {
    throw new UsageError('--email must be an email address, e.g. --email ada@example.com');
  }
  const role = String(values.role ?? 'admin') as Role;
  if (!roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
  const dir = organisationDir(values.dir);
  // Like every other command, never create the organisation directory: a mistyped --dir
  // would otherwise get a database of its own and a user nobody can find.
  if (!(await stat(dir).catch(() => undefined))?.isDirectory())
    throw new NotAnOrganisationError(`${dir} is not a directory`);
  const dbPath = chosenDatabasePath(dir, values.db);
  const store = await openStore(dbPath);
  try {
    const { user, setupToken } = await createUser(store, { email, role });
    await appendAudit(store, {
      actor: 'cli',
      action: 'user.create',
      target: `user:${user.id} ${user.email} (${user.role})`,
    });
    // The same origin the server puts in mailed links: ATTEST_PUBLIC_URL, else the
    // published organisation's URL, else `attest serve`'s default address.
    const base = (
      process.env.ATTEST_PUBLIC_URL ??
      (await store.publications.latest())?.snapshot.organisation.url ??
      'http://127.0.0.1:4321'
    ).replace(/\/+$/, '');
    process.stdout.write(
      `Created ${user.role} ${user.email}. Open this link within 72 hours to set a password (it works once):\n` +
        `${base}/admin/setup/${setupToken}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
