import { getTableName, is, Table } from 'drizzle-orm';
import { type PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { type SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqlite from '../schema.ts';
import * as postgres from './schema.ts';

type Config = ReturnType<typeof pgTableConfig> | ReturnType<typeof sqliteTableConfig>;

/** What both dialects must agree on: columns, keys, indexes, foreign keys. */
function shape(config: Config) {
  return {
    columns: config.columns.map((column) => ({
      name: column.name,
      notNull: column.notNull,
      primary: column.primary,
      default: column.default,
      enumValues: column.enumValues,
    })),
    indexes: config.indexes
      .map((index) => ({
        name: index.config.name,
        unique: index.config.unique,
        columns: index.config.columns.map((column) => (column as { name: string }).name),
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    foreignKeys: config.foreignKeys.map((key) => {
      const reference = key.reference();
      return {
        columns: reference.columns.map((column) => column.name),
        table: getTableName(reference.foreignTable),
        foreignColumns: reference.foreignColumns.map((column) => column.name),
        onDelete: key.onDelete,
      };
    }),
  };
}

function tables<T>(schema: Record<string, unknown>): Map<string, T> {
  return new Map(
    Object.values(schema)
      .filter((value) => is(value, Table))
      .map((table) => [getTableName(table as Table), table as T]),
  );
}

describe('the PostgreSQL table schema', () => {
  it('has the same tables, columns, keys and indexes as the SQLite one', () => {
    const pg = tables<PgTable>(postgres);
    const lite = tables<SQLiteTable>(sqlite);
    expect([...pg.keys()].sort()).toEqual([...lite.keys()].sort());
    for (const [name, table] of lite) {
      const twin = pg.get(name);
      if (!twin) throw new Error(`no PostgreSQL table ${name}`);
      expect(shape(pgTableConfig(twin)), name).toEqual(shape(sqliteTableConfig(table)));
    }
  });
});
