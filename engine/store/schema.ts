import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One `attest check` run: when, for which organisation, and its totals. */
export const checkRuns = sqliteTable('check_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  organisation: text('organisation').notNull(),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at').notNull(),
  gitCommit: text('git_commit'),
  passed: integer('passed').notNull(),
  failed: integer('failed').notNull(),
  errored: integer('errored').notNull(),
  skipped: integer('skipped').notNull(),
  waived: integer('waived').notNull(),
});

/** One check's result within a run; observed and expected are stored as JSON text. */
export const checkResults = sqliteTable(
  'check_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => checkRuns.id, { onDelete: 'cascade' }),
    controlId: text('control_id').notNull(),
    evidenceIndex: integer('evidence_index').notNull(),
    evidenceId: text('evidence_id'),
    checkType: text('check_type').notNull(),
    target: text('target').notNull(),
    status: text('status', { enum: ['pass', 'fail', 'error', 'skipped'] }).notNull(),
    observed: text('observed', { mode: 'json' }),
    expected: text('expected', { mode: 'json' }),
    message: text('message').notNull(),
    hint: text('hint'),
    durationMs: integer('duration_ms').notNull(),
    at: text('at').notNull(),
    attempts: integer('attempts').notNull(),
    waiverReason: text('waiver_reason'),
    waiverExpires: text('waiver_expires'),
    waiverActive: integer('waiver_active', { mode: 'boolean' }),
  },
  (table) => [
    index('check_results_control_at').on(table.controlId, table.at),
    index('check_results_run').on(table.runId),
  ],
);

export type CheckRunRow = typeof checkRuns.$inferSelect;
export type CheckResultRow = typeof checkResults.$inferSelect;
