import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

/** Each published snapshot: its content hash, when, from which commit, and the snapshot itself. */
export const publications = sqliteTable(
  'publications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contentHash: text('content_hash').notNull(),
    publishedAt: text('published_at').notNull(),
    builtAt: text('built_at').notNull(),
    gitCommit: text('git_commit'),
    snapshot: text('snapshot', { mode: 'json' }).notNull(),
  },
  (table) => [index('publications_hash').on(table.contentHash)],
);

/** Someone who asked to hear about changes: `subprocessors` only, or `all` changes. */
export const subscribers = sqliteTable(
  'subscribers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    topic: text('topic', { enum: ['subprocessors', 'all'] }).notNull(),
    createdAt: text('created_at').notNull(),
    /** Set once the address confirmed (double opt-in); only confirmed subscribers get mail. */
    confirmedAt: text('confirmed_at'),
    unsubscribedAt: text('unsubscribed_at'),
    /** Secret for the one-click unsubscribe link. */
    unsubscribeToken: text('unsubscribe_token').notNull(),
  },
  (table) => [uniqueIndex('subscribers_email_topic').on(table.email, table.topic)],
);

/** What was sent to whom and when, one row per message. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    publicationId: integer('publication_id')
      .notNull()
      .references(() => publications.id, { onDelete: 'cascade' }),
    subscriberId: integer('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    subject: text('subject').notNull(),
    transport: text('transport', { enum: ['smtp', 'outbox'] }).notNull(),
    messageId: text('message_id'),
    status: text('status', { enum: ['sent', 'failed'] }).notNull(),
    error: text('error'),
    sentAt: text('sent_at').notNull(),
  },
  (table) => [
    uniqueIndex('notifications_publication_subscriber').on(table.publicationId, table.subscriberId),
  ],
);

export type PublicationRow = typeof publications.$inferSelect;
export type SubscriberRow = typeof subscribers.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
