import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseExists, databaseLabel, databasePath, isPostgresUrl } from './database-path.ts';

describe('the database an organisation directory uses', () => {
  it('is the SQLite file DIR/data/attest.db when DATABASE_URL is not set', () => {
    expect(databasePath('/srv/acme', {})).toBe(join('/srv/acme', 'data', 'attest.db'));
    expect(databasePath('/srv/acme', { DATABASE_URL: ' ' })).toBe(
      join('/srv/acme', 'data', 'attest.db'),
    );
  });

  it('is the PostgreSQL database DATABASE_URL names', () => {
    for (const url of ['postgres://a:b@db:5432/attest', 'postgresql://db/attest']) {
      expect(databasePath('/srv/acme', { DATABASE_URL: url })).toBe(url);
      expect(isPostgresUrl(url)).toBe(true);
      expect(databaseExists(url)).toBe(true);
    }
    expect(isPostgresUrl('/srv/acme/data/attest.db')).toBe(false);
    expect(databaseExists('/no/such/dir/attest.db')).toBe(false);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, saying what to do, without the value', () => {
    expect(() =>
      databasePath('/srv/acme', { DATABASE_URL: 'mysql://root:s3cret@db/attest' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[Error: DATABASE_URL is set to a mysql: URL, but the only database server Attest uses is PostgreSQL: set it to postgres://user:password@host:5432/database, or unset it to keep the data in the SQLite file /srv/acme/data/attest.db]`,
    );
  });

  it('names a PostgreSQL database in messages without its password', () => {
    expect(databaseLabel('postgres://attest:s3cret@db:5432/attest')).toBe(
      'postgres://attest:***@db:5432/attest',
    );
    expect(databaseLabel('/srv/acme/data/attest.db')).toBe('/srv/acme/data/attest.db');
  });
});
