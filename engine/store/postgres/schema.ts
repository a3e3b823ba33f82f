import {
  bigint,
  boolean,
  index,
  integer,
  json,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// The PostgreSQL twin of ../schema.ts: the same tables, columns, constraints and indexes, so
// both drivers infer the same row types. Ids are identity columns; JSON is `json` (kept as
// written, unlike `jsonb`, which reorders keys); times stay ISO-8601 text as in SQLite. The
// audit log's append-only triggers are in migrations/0001_audit_log_append_only.sql.

/** One `attest check` run: when, for which organisation, and its totals. */
export const checkRuns = pgTable('check_runs', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
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
export const checkResults = pgTable(
  'check_results',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    runId: integer('run_id')
      .notNull()
      .references(() => checkRuns.id, { onDelete: 'cascade' }),
    controlId: text('control_id').notNull(),
    evidenceIndex: integer('evidence_index').notNull(),
    evidenceId: text('evidence_id'),
    checkType: text('check_type').notNull(),
    target: text('target').notNull(),
    status: text('status', { enum: ['pass', 'fail', 'error', 'skipped'] }).notNull(),
    observed: json('observed'),
    expected: json('expected'),
    message: text('message').notNull(),
    hint: text('hint'),
    durationMs: integer('duration_ms').notNull(),
    at: text('at').notNull(),
    attempts: integer('attempts').notNull(),
    waiverReason: text('waiver_reason'),
    waiverExpires: text('waiver_expires'),
    waiverActive: boolean('waiver_active'),
    /** The check definition hash the result was run against (null: stored before it was kept). */
    definition: text('definition'),
    /** A `--resolve`/`--dns-server`/`--ca` override the run used; null for the real target. */
    override: text('override'),
  },
  (table) => [
    index('check_results_control_at').on(table.controlId, table.at),
    index('check_results_item').on(table.controlId, table.evidenceIndex, table.definition),
    index('check_results_run').on(table.runId),
  ],
);

export type CheckRunRow = typeof checkRuns.$inferSelect;
export type CheckResultRow = typeof checkResults.$inferSelect;

/** Each published snapshot: its content hash, when, from which commit, and the snapshot itself. */
export const publications = pgTable(
  'publications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    contentHash: text('content_hash').notNull(),
    publishedAt: text('published_at').notNull(),
    builtAt: text('built_at').notNull(),
    gitCommit: text('git_commit'),
    snapshot: json('snapshot').notNull(),
    /** The audit log's newest hash when this publication was recorded (anchors the chain). */
    auditHead: text('audit_head'),
    /** How many audit entries there were then. */
    auditCount: integer('audit_count'),
    /** Position in the public history (trust.json `publication.number`); null before it existed. */
    chainNumber: integer('chain_number'),
    /** The chain head of this publication's trust.json (`publication.head`). */
    chainHead: text('chain_head'),
    /** The exact trust.json published, signed: served at `/publications/<n>.json`. */
    trustJson: text('trust_json'),
  },
  (table) => [
    index('publications_hash').on(table.contentHash),
    uniqueIndex('publications_chain_number').on(table.chainNumber),
  ],
);

/** Someone who asked to hear about changes: `subprocessors` only, or `all` changes. */
export const subscribers = pgTable(
  'subscribers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    topic: text('topic', { enum: ['subprocessors', 'all'] }).notNull(),
    createdAt: text('created_at').notNull(),
    /** Set once the address confirmed (double opt-in); only confirmed subscribers get mail. */
    confirmedAt: text('confirmed_at'),
    unsubscribedAt: text('unsubscribed_at'),
    /** Secret for the one-click unsubscribe link. */
    unsubscribeToken: text('unsubscribe_token').notNull(),
    /**
     * The language of the page the address signed up on (`en`, `fr`, …): its mails are
     * written in it. Null for sign-ups from before languages, which get the default one.
     */
    language: text('language'),
  },
  (table) => [uniqueIndex('subscribers_email_topic').on(table.email, table.topic)],
);

/** What was sent to whom and when, one row per message. */
export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
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

/** A person who may sign in to the admin area, with one role. */
export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'sales', 'viewer'] }).notNull(),
    /** `scrypt$N$r$p$salt$hash`; null until the user used the one-time setup link. */
    passwordHash: text('password_hash'),
    /** SHA-256 of the one-time setup token, cleared once a password is set. */
    setupTokenHash: text('setup_token_hash'),
    setupExpiresAt: text('setup_expires_at'),
    /** Base32 TOTP secret once the second factor is confirmed. */
    totpSecret: text('totp_secret'),
    /** SHA-256 hashes of the unused backup codes (JSON array). */
    backupCodes: json('backup_codes').$type<string[]>(),
    /** The last TOTP time step accepted, so a code works once within its window. */
    totpLastStep: integer('totp_last_step'),
    /**
     * Bumped whenever the second factor or the password changes; enrolment and other
     * account tokens carry it, so older ones stop working.
     */
    authVersion: integer('auth_version').notNull().default(0),
    disabledAt: text('disabled_at'),
    createdAt: text('created_at').notNull(),
  },
  (table) => [uniqueIndex('users_email').on(table.email)],
);

/** A signed-in admin-area session; only the SHA-256 of the cookie value is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tokenHash: text('token_hash').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Token for the session's forms (synchroniser token). */
    csrfToken: text('csrf_token').notNull(),
    /** Set once the second factor was given (or when the user has none). */
    verifiedAt: text('verified_at'),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (table) => [uniqueIndex('sessions_token').on(table.tokenHash)],
);

/** A prospect's request for gated documents, with the NDA clickwrap record. */
export const accessRequests = pgTable(
  'access_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    company: text('company').notNull(),
    reason: text('reason').notNull(),
    /** Document ids asked for (JSON array). */
    documents: json('documents').notNull().$type<string[]>(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
    /** `auto (rule <id>)` when a rule (ATTEST_ALLOWED_DOMAINS or policies/access.yaml) approved it, else the deciding user's email. */
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    ndaVersion: text('nda_version').notNull(),
    ndaSha256: text('nda_sha256').notNull(),
    ndaAcceptedAt: text('nda_accepted_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: text('created_at').notNull(),
    /** The language of the page the request came from; the requester's mails are in it. */
    language: text('language'),
  },
  (table) => [index('access_requests_status').on(table.status, table.createdAt)],
);

/** One signed link: one request, one document, until `expiresAt` unless revoked. */
export const accessGrants = pgTable(
  'access_grants',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer('request_id')
      .notNull()
      .references(() => accessRequests.id, { onDelete: 'cascade' }),
    documentId: text('document_id').notNull(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
    createdAt: text('created_at').notNull(),
  },
  (table) => [index('access_grants_request').on(table.requestId)],
);

/** Every download of a gated document through a signed link. */
export const downloads = pgTable('downloads', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  grantId: integer('grant_id')
    .notNull()
    .references(() => accessGrants.id, { onDelete: 'cascade' }),
  documentId: text('document_id').notNull(),
  at: text('at').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  watermark: text('watermark'),
});

/** A vulnerability report and its triage timeline. */
export const vulnerabilityReports = pgTable(
  'vulnerability_reports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Public tracking id sent to the reporter, e.g. `VR-7Q2M9K`. */
    trackingId: text('tracking_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    steps: text('steps').notNull(),
    severity: text('severity', {
      enum: ['low', 'medium', 'high', 'critical', 'unknown'],
    }).notNull(),
    contact: text('contact').notNull(),
    status: text('status', {
      enum: ['received', 'acknowledged', 'triaged', 'fixed', 'not-applicable'],
    }).notNull(),
    receivedAt: text('received_at').notNull(),
    acknowledgedAt: text('acknowledged_at'),
    triagedAt: text('triaged_at'),
    resolvedAt: text('resolved_at'),
    /** Set when an admin marks the report as spam; spam never counts in the SLA figures. */
    spamAt: text('spam_at'),
  },
  (table) => [
    uniqueIndex('vulnerability_reports_tracking').on(table.trackingId),
    index('vulnerability_reports_received').on(table.receivedAt),
  ],
);

/** Append-only, hash-chained record of privileged actions and gated downloads. */
export const auditLog = pgTable('audit_log', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  /** Hash of the previous entry (64 zeros for the first). */
  prevHash: text('prev_hash').notNull(),
  /** SHA-256 over this entry's fields and `prevHash`. */
  hash: text('hash').notNull(),
});

/**
 * The head of the audit chain, outside the chain: entry count and newest hash, with a MAC
 * keyed by `ATTEST_SECRET`, so deleting the newest entries (truncation) is detected.
 * One row, id 1.
 */
export const auditAnchor = pgTable('audit_anchor', {
  id: integer('id').primaryKey(),
  count: integer('count').notNull(),
  headHash: text('head_hash').notNull(),
  mac: text('mac').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type AccessRequestRow = typeof accessRequests.$inferSelect;
export type AccessGrantRow = typeof accessGrants.$inferSelect;
export type VulnerabilityReportRow = typeof vulnerabilityReports.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;

/**
 * Transactional mail waiting to be sent (confirmations, receipts, access links). Queued in
 * the request, sent in the background, so a crash or a slow SMTP server loses nothing.
 */
export const mailQueue = pgTable(
  'mail_queue',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    headers: json('headers').$type<Record<string, string>>(),
    createdAt: text('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** When the next attempt may run (backs off after a failure). */
    nextAttemptAt: text('next_attempt_at').notNull(),
    sentAt: text('sent_at'),
    error: text('error'),
    lastAttemptAt: text('last_attempt_at'),
    /** Set when retrying stops (after days of failures); an admin can resend. */
    abandonedAt: text('abandoned_at'),
  },
  (table) => [index('mail_queue_pending').on(table.sentAt, table.nextAttemptAt)],
);

export type MailQueueRow = typeof mailQueue.$inferSelect;

/**
 * Something an operator must know about what the server publishes: a claim withdrawn
 * because its newest evidence contradicts it or it went stale, a publication refused, a
 * background job that failed. An alert stays open until its condition clears.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** What the alert is about, e.g. `claim:encryption-at-rest`; one open alert per key. */
    key: text('key').notNull(),
    severity: text('severity', { enum: ['warning', 'critical'] }).notNull(),
    message: text('message').notNull(),
    raisedAt: text('raised_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    clearedAt: text('cleared_at'),
  },
  (table) => [index('alerts_open').on(table.clearedAt, table.key)],
);

export type AlertRow = typeof alerts.$inferSelect;

export type DownloadRow = typeof downloads.$inferSelect;
export type AuditAnchorRow = typeof auditAnchor.$inferSelect;

/** Named leases (see ../schema.ts). */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: text('expires_at').notNull(),
});

export type LeaseRow = typeof leases.$inferSelect;

/** Shared rate-limit counters (see ../schema.ts); times are ms since the epoch. */
export const rateCounters = pgTable(
  'rate_counters',
  {
    key: text('key').primaryKey(),
    windowStart: bigint('window_start', { mode: 'number' }).notNull(),
    current: integer('current').notNull(),
    previous: integer('previous').notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('rate_counters_expiry').on(table.expiresAt)],
);

export type RateCounterRow = typeof rateCounters.$inferSelect;

/** Anonymous page views and file downloads per UTC day (see ../schema.ts). */
export const viewCounts = pgTable(
  'view_counts',
  {
    day: text('day').notNull(),
    path: text('path').notNull(),
    kind: text('kind', { enum: ['page', 'file'] }).notNull(),
    count: integer('count').notNull(),
  },
  (table) => [uniqueIndex('view_counts_day_path_kind').on(table.day, table.path, table.kind)],
);

export type ViewCountRow = typeof viewCounts.$inferSelect;

/**
 * A token an integrator's system sends as `Authorization: Bearer …` to `/api/v1`: only the
 * SHA-256 of the token is stored; it works for its scopes until it expires or is revoked.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** What the admin called it, e.g. `CRM sync`. */
    name: text('name').notNull(),
    /** SHA-256 (hex) of the whole token. */
    tokenHash: text('token_hash').notNull(),
    /** The token's first characters (`attest_` and a few more), to recognise it in lists. */
    prefix: text('prefix').notNull(),
    /** The scopes it grants (JSON array), e.g. `["requests:read"]`. */
    scopes: json('scopes').notNull().$type<string[]>(),
    /** Email of the admin who created it. */
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
    revokedBy: text('revoked_by'),
    lastUsedAt: text('last_used_at'),
  },
  (table) => [uniqueIndex('api_tokens_hash').on(table.tokenHash)],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/**
 * Where events are delivered: a receiver an admin registered (`webhook`, signed with its
 * own `whsec_` secret, shown once) or the Slack incoming webhook of the configuration
 * (`slack`, one row kept in step with `ATTEST_SLACK_WEBHOOK_URL`; its URL is read from the
 * environment when sending, never stored).
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: ['webhook', 'slack'] }).notNull(),
    url: text('url').notNull(),
    description: text('description').notNull(),
    /** Event types delivered to it (JSON array). */
    events: json('events').notNull().$type<string[]>(),
    /** `whsec_` and the base64 key (empty for Slack). */
    secret: text('secret').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    /** Set while the endpoint gets no new deliveries. */
    disabledAt: text('disabled_at'),
  },
  (table) => [index('webhook_endpoints_kind').on(table.kind)],
);

/**
 * One event for one endpoint: the exact body that is signed and sent, queued in the
 * transaction of the change it reports, sent in the background and retried with back-off.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The Standard Webhooks `webhook-id` (`msg_…`): the same on every attempt and replay. */
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The JSON body, byte for byte as signed and sent. */
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** When the next attempt may run (a claim's lease moves it on). */
    nextAttemptAt: text('next_attempt_at').notNull(),
    deliveredAt: text('delivered_at'),
    /** Set when retrying stopped; an admin can replay. */
    abandonedAt: text('abandoned_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
  },
  (table) => [
    index('webhook_deliveries_pending').on(table.deliveredAt, table.nextAttemptAt),
    index('webhook_deliveries_endpoint').on(table.endpointId, table.id),
  ],
);

/** Each attempt to deliver: the receiver's status code and an excerpt of its answer, or the error. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    /** The first bytes of the response body. */
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
  },
  (table) => [index('webhook_attempts_delivery').on(table.deliveryId)],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;
