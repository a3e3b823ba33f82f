import { join } from 'node:path';

/** The SQLite database of an organisation directory: `DIR/data/attest.db`. */
export function databasePath(organisationDir: string): string {
  return join(organisationDir, 'data', 'attest.db');
}
