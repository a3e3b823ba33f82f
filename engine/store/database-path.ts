import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Whether `location` is a PostgreSQL URL (`postgres://…` or `postgresql://…`), not a path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/**
 * The database of an organisation directory: `DATABASE_URL` when it is set (a PostgreSQL
 * URL), else the SQLite file `DIR/data/attest.db`, which needs no setup.
 */
export function databasePath(
  organisationDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const url = env.DATABASE_URL?.trim();
  if (!url) return join(organisationDir, 'data', 'attest.db');
  if (!isPostgresUrl(url)) {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
    const value = scheme ? `a ${scheme} URL` : 'something that is not a URL';
    throw new Error(
      `DATABASE_URL is set to ${value}, but the only database server Attest uses is PostgreSQL: set it to postgres://user:password@host:5432/database, or unset it to keep the data in the SQLite file ${join(organisationDir, 'data', 'attest.db')}`,
    );
  }
  return url;
}

/**
 * Whether there is a database at `location` to read from: a PostgreSQL server is taken to
 * hold one (opening it creates the tables); a SQLite file must exist.
 */
export function databaseExists(location: string): boolean {
  return isPostgresUrl(location) || existsSync(location);
}

/** `location` for messages: a PostgreSQL URL without its password, a path as it is. */
export function databaseLabel(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'the PostgreSQL database in the given URL';
  }
}
