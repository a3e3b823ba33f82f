import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../checks/result.ts';
import type { Snapshot } from '../../evaluate/snapshot.ts';
import { InvalidSnapshotError } from '../../evaluate/snapshot-schema.ts';
import { createSnapshotFixture } from '../../evaluate/test-support/snapshot-fixture.ts';
import { syncAlerts } from '../alerts.ts';
import type { Repositories, Store } from '../store.ts';
import { queueEvent } from '../webhooks.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 8, minute)).toISOString();

function result(fields: Partial<CheckResult> = {}): CheckResult {
  return {
    status: 'pass',
    observed: { version: 'TLSv1.3' },
    expected: { minVersion: 'TLSv1.2' },
    message: 'TLSv1.3 negotiated',
    controlId: 'encryption',
    visibility: 'public',
    evidenceIndex: 0,
    evidenceId: undefined,
    check: 'tls',
    target: 'https://app.acme.example',
    description: undefined,
    durationMs: 12,
    at: at(0),
    attempts: 1,
    waiver: undefined,
    definition: 'd1',
    override: undefined,
    ...fields,
  };
}

/** Appends one entry to a toy hash chain: head read and insert in one transaction. */
function appendChained(store: Repositories, action: string) {
  return store.transaction(async (tx) => {
    const prevHash = (await tx.audit.headHash()) ?? '0'.repeat(64);
    const hash = createHash('sha256')
      .update(prevHash + action)
      .digest('hex');
    return tx.audit.insert({
      at: at(0),
      actor: 'ada@acme.example',
      action,
      target: 'x',
      ip: null,
      userAgent: null,
      prevHash,
      hash,
    });
  });
}

async function addUser(store: Repositories, email: string) {
  return store.users.upsertWithSetup({
    email,
    role: 'admin',
    createdAt: at(0),
    setupTokenHash: `setup-${email}`,
    setupExpiresAt: at(60),
  });
}

/**
 * The behaviour every store driver must have, registered as vitest blocks: `open` gives a
 * fresh, empty store for each test. It uses only the repository interfaces, so the same
 * suite runs against SQLite and PostgreSQL.
 */
export function describeStore(driver: string, open: () => Promise<Store>): void {
  describe(`the ${driver} store`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('check history', () => {
      it('stores a run with its results and gives both back', async () => {
        const id = await store.checkHistory.saveRun({
          organisation: 'Acme',
          startedAt: at(0),
          finishedAt: at(1),
          gitCommit: undefined,
          results: [result(), result({ status: 'fail', evidenceIndex: 1, hint: 'upgrade' })],
        });
        expect(await store.checkHistory.listRuns(5)).toMatchObject([
          { id, organisation: 'Acme', passed: 1, failed: 1, gitCommit: null },
        ]);
        expect(await store.checkHistory.resultsOfRun(id)).toMatchObject([
          { controlId: 'encryption', status: 'pass', observed: { version: 'TLSv1.3' } },
          { evidenceIndex: 1, status: 'fail', hint: 'upgrade' },
        ]);
      });

      it('finds the runs of an organisation that started at a moment', async () => {
        const run = (organisation: string, startedAt: string) =>
          store.checkHistory.saveRun({
            organisation,
            startedAt,
            finishedAt: startedAt,
            gitCommit: undefined,
            results: [result()],
          });
        const first = await run('Acme', at(0));
        await run('Other', at(0));
        await run('Acme', at(1));
        const second = await run('Acme', at(0));
        const found = await store.checkHistory.runsStartedAt('Acme', at(0));
        expect(found.map((row) => row.id)).toEqual([first, second]);
        expect(await store.checkHistory.runsStartedAt('Acme', at(2))).toEqual([]);
      });

      it('finds the newest result per check by storage order, within a time window', async () => {
        const run = (results: CheckResult[]) =>
          store.checkHistory.saveRun({
            organisation: 'Acme',
            startedAt: at(0),
            finishedAt: at(0),
            gitCommit: undefined,
            results,
          });
        await run([result({ at: at(5) })]);
        await run([result({ at: at(2), status: 'fail' })]);
        await run([result({ at: at(3), override: '--resolve x:127.0.0.1' })]);
        await run([result({ at: at(50) })]);
        const newest = await store.checkHistory.newestResults(at(10));
        expect(newest.map((row) => [row.status, row.at])).toEqual([['fail', at(2)]]);
        const between = await store.checkHistory.resultsBetween(at(1), at(10));
        expect(between.map((row) => row.at)).toEqual([at(5), at(2)]);
      });
    });

    describe('publications', () => {
      const first = createSnapshotFixture({ contentHash: 'a'.repeat(64) });
      const second = createSnapshotFixture({ contentHash: 'b'.repeat(64), gitCommit: undefined });

      it('stores each new version once and gives the snapshot back unchanged', async () => {
        expect(await store.publications.latest()).toBeUndefined();
        const a = await store.publications.save(first, { builtAt: at(0) });
        expect(await store.publications.save(first, { builtAt: at(1) })).toBe(a);
        const b = await store.publications.save(second, { builtAt: at(2) });
        expect(b).toBeGreaterThan(a);
        expect(await store.publications.count()).toBe(2);
        expect(await store.publications.latestId()).toBe(b);
        expect((await store.publications.get(a))?.snapshot).toEqual(first);
        expect(await store.publications.latest()).toMatchObject({
          id: b,
          builtAt: at(2),
          gitCommit: undefined,
        });
      });

      it('records the audit head a publication was made at', async () => {
        await appendChained(store, 'login');
        const entry = await appendChained(store, 'logout');
        const id = await store.publications.save(first, { builtAt: at(0) });
        expect(await store.publications.auditHeads()).toEqual([
          { publicationId: id, head: entry.hash, count: 2 },
        ]);
      });

      it('keeps the public history: numbered entries, each following the newest, never forking', async () => {
        const entry = (number: number, previous: string | null, head: string) => ({
          number,
          previous,
          head,
          trustJson: `{"n":${number}}\n`,
        });
        expect(await store.publications.chainHead()).toBeUndefined();
        const a = await store.publications.save(first, {
          builtAt: at(0),
          chain: entry(1, null, 'h1'),
        });
        // An unchanged rebuild records nothing new.
        expect(
          await store.publications.save(first, { builtAt: at(1), chain: entry(2, 'h1', 'hx') }),
        ).toBe(a);
        await store.publications.save(second, { builtAt: at(2), chain: entry(2, 'h1', 'h2') });
        // A publication that does not follow the newest head would fork the history.
        const third = createSnapshotFixture({ contentHash: 'c'.repeat(64) });
        await expect(
          store.publications.save(third, { builtAt: at(3), chain: entry(2, 'h1', 'h2b') }),
        ).rejects.toThrow(/would fork/);
        expect(await store.publications.count()).toBe(2);
        expect(await store.publications.chainHead()).toEqual({
          number: 2,
          head: 'h2',
          trustJson: '{"n":2}\n',
        });
        expect((await store.publications.chainEntry(1))?.head).toBe('h1');
        expect(await store.publications.chainEntry(3)).toBeUndefined();
        expect((await store.publications.chainEntries()).map((item) => item.number)).toEqual([
          1, 2,
        ]);
        expect((await store.publications.latest())?.chain).toMatchObject({ number: 2, head: 'h2' });
      });

      it('refuses a stored snapshot that is not a Snapshot, naming the publication', async () => {
        const corrupt = { ...first, formatVersion: 99, controls: 'gone' } as unknown as Snapshot;
        const id = await store.publications.save(corrupt, { builtAt: at(0) });
        await expect(store.publications.get(id)).rejects.toThrow(InvalidSnapshotError);
        await expect(store.publications.latest()).rejects.toThrow(
          new RegExp(`Publication #${id} does not hold a readable snapshot \\(formatVersion`),
        );
      });
    });

    describe('subscribers and notifications', () => {
      it('adds an address once per topic and lists who gets notices', async () => {
        const add = (email: string, confirmedAt: string | null) =>
          store.subscribers.add({
            email,
            topic: 'all',
            createdAt: at(0),
            confirmedAt,
            unsubscribeToken: `token-${email}`,
          });
        const ada = await add('ada@customer.example', at(1));
        expect((await add('ada@customer.example', null)).confirmedAt).toBe(at(1));
        const lin = await add('lin@customer.example', null);
        expect(await store.subscribers.recipients()).toMatchObject([{ id: ada.id }]);
        expect(
          await store.subscribers.confirm(lin.id, 'other@customer.example', at(2), at(2)),
        ).toBe(false);
        expect(await store.subscribers.confirm(lin.id, lin.email, at(2), at(2))).toBe(true);
        await store.subscribers.unsubscribe(ada.id, at(3));
        // A link issued before the unsubscribe does not undo it.
        expect(await store.subscribers.confirm(ada.id, ada.email, at(2), at(4))).toBe(false);
        expect((await store.subscribers.byUnsubscribeToken(`token-${lin.email}`))?.id).toBe(lin.id);
        expect((await store.subscribers.list(10)).map((row) => row.email)).toEqual([
          'lin@customer.example',
          'ada@customer.example',
        ]);
        // The language of the page signed up on is kept for the mails; none stays null.
        const claire = await store.subscribers.add({
          email: 'claire@client.example',
          topic: 'subprocessors',
          createdAt: at(5),
          confirmedAt: null,
          unsubscribeToken: 'token-claire',
          language: 'fr',
        });
        expect(claire.language).toBe('fr');
        expect(lin.language).toBeNull();

        const publicationId = await store.publications.save(createSnapshotFixture(), {
          builtAt: at(0),
        });
        const sent = {
          publicationId,
          subscriberId: lin.id,
          email: lin.email,
          subject: 'Changes',
          transport: 'outbox' as const,
          messageId: null,
          status: 'failed' as const,
          error: 'refused',
          sentAt: at(5),
        };
        await store.notifications.record(sent);
        await store.notifications.record({
          ...sent,
          status: 'sent',
          error: null,
          messageId: '<m>',
        });
        expect(await store.notifications.statusesFor(publicationId)).toEqual(
          new Map([[lin.id, 'sent']]),
        );
        expect(await store.notifications.list()).toHaveLength(1);
      });
    });

    describe('access requests', () => {
      it('decides a pending request once, grants, counts downloads and revokes', async () => {
        const request = await store.accessRequests.create({
          name: 'Ada',
          email: 'ada@customer.example',
          company: 'Customer',
          reason: '',
          documents: ['soc2', 'pentest'],
          ndaVersion: '1',
          ndaSha256: 'f'.repeat(64),
          ndaAcceptedAt: at(0),
          ip: null,
          userAgent: null,
          createdAt: at(0),
        });
        expect(request).toMatchObject({ status: 'pending', documents: ['soc2', 'pentest'] });
        const decision = { status: 'approved' as const, by: 'admin@acme.example', at: at(1) };
        expect(await store.accessRequests.decide(request.id, decision)).toMatchObject({
          status: 'approved',
          decidedBy: 'admin@acme.example',
        });
        expect(
          await store.accessRequests.decide(request.id, { ...decision, status: 'rejected' }),
        ).toBeUndefined();
        const grant = await store.accessRequests.grant({
          requestId: request.id,
          documentId: 'soc2',
          expiresAt: at(59),
          createdAt: at(1),
        });
        await store.accessRequests.recordDownload({
          grantId: grant.id,
          documentId: 'soc2',
          at: at(2),
          ip: '192.0.2.1',
          userAgent: null,
          watermark: 'provided to Ada',
        });
        expect(await store.accessRequests.grantForDownload(grant.id, 'soc2')).toMatchObject({
          status: 'approved',
          email: 'ada@customer.example',
          name: 'Ada',
          company: 'Customer',
          grant: { id: grant.id, revokedAt: null },
        });
        expect(await store.accessRequests.grantForDownload(grant.id, 'pentest')).toBeUndefined();
        expect(await store.accessRequests.grantsOf([request.id])).toMatchObject([
          { id: grant.id, downloads: 1 },
        ]);
        expect(await store.accessRequests.grantsOf([])).toEqual([]);
        expect(await store.accessRequests.revokeGrants(request.id, at(3))).toBe(1);
        expect(await store.accessRequests.revokeGrants(request.id, at(4))).toBe(0);
        expect(await store.accessRequests.downloads()).toHaveLength(1);
        expect(await store.accessRequests.downloadsSince(at(0), 10)).toEqual([
          {
            at: at(2),
            documentId: 'soc2',
            grantId: grant.id,
            requestId: request.id,
            name: 'Ada',
            email: 'ada@customer.example',
            company: 'Customer',
            watermark: 'provided to Ada',
          },
        ]);
        expect(await store.accessRequests.downloadsSince(at(3), 10)).toEqual([]);
        expect((await store.accessRequests.list(10)).map((row) => row.id)).toEqual([request.id]);
        expect((await store.accessRequests.byId(request.id))?.status).toBe('approved');
        expect(await store.accessRequests.byId(9_999)).toBeUndefined();
      });
    });

    describe('view counts', () => {
      it('adds counts as increments per day, path and kind, as replicas flushing at once would', async () => {
        await store.viewCounts.add([
          { day: '2026-11-20', path: '/', kind: 'page', count: 2 },
          { day: '2026-11-20', path: '/', kind: 'page', count: 1 },
          { day: '2026-11-20', path: '/documents/dpa.pdf', kind: 'file', count: 1 },
          { day: '2026-11-19', path: '/old', kind: 'page', count: 4 },
          { day: '2026-11-20', path: '/ignored', kind: 'page', count: 0 },
        ]);
        await Promise.all([
          store.viewCounts.add([{ day: '2026-11-20', path: '/', kind: 'page', count: 5 }]),
          store.viewCounts.add([{ day: '2026-11-20', path: '/', kind: 'page', count: 7 }]),
          store.viewCounts.add([]),
        ]);
        expect(await store.viewCounts.since('2026-11-20')).toEqual([
          { day: '2026-11-20', path: '/', kind: 'page', count: 15 },
          { day: '2026-11-20', path: '/documents/dpa.pdf', kind: 'file', count: 1 },
        ]);
        expect(await store.viewCounts.since('2026-11-01')).toHaveLength(3);
      });
    });

    describe('vulnerability reports', () => {
      it('moves a report through triage and measures only reviewed, non-spam reports', async () => {
        const report = (trackingId: string, receivedAt: string) =>
          store.vulnerabilityReports.create({
            trackingId,
            title: 'XSS',
            description: 'd',
            steps: '',
            severity: 'high',
            contact: 'eve@example.org',
            status: 'received',
            receivedAt,
          });
        const real = await report('VR-AAAAAAAA', at(0));
        const junk = await report('VR-BBBBBBBB', at(1));
        await report('VR-CCCCCCCC', at(2));
        expect(
          await store.vulnerabilityReports.setStatus(real.id, {
            status: 'acknowledged',
            acknowledgedAt: at(10),
            triagedAt: null,
            resolvedAt: null,
          }),
        ).toMatchObject({ status: 'acknowledged', acknowledgedAt: at(10) });
        expect((await store.vulnerabilityReports.markSpam(junk.id, at(11)))?.spamAt).toBe(at(11));
        expect(await store.vulnerabilityReports.markSpam(junk.id, at(12))).toBeUndefined();
        expect(await store.vulnerabilityReports.timings(at(0))).toEqual([
          { receivedAt: at(0), acknowledgedAt: at(10), triagedAt: null },
        ]);
        expect(await store.vulnerabilityReports.countUnreviewed(at(0), at(30))).toBe(1);
        expect((await store.vulnerabilityReports.get(real.id))?.trackingId).toBe('VR-AAAAAAAA');
        expect((await store.vulnerabilityReports.list(2)).map((row) => row.trackingId)).toEqual([
          'VR-CCCCCCCC',
          'VR-BBBBBBBB',
        ]);
      });
    });

    describe('users and sessions', () => {
      it('keeps one user per address, claims each TOTP step once, and ends sessions', async () => {
        const ada = await addUser(store, 'ada@acme.example');
        const again = await store.users.upsertWithSetup({
          email: 'ada@acme.example',
          role: 'viewer',
          createdAt: at(5),
          setupTokenHash: 'newer',
          setupExpiresAt: at(65),
        });
        expect(again).toMatchObject({ id: ada.id, role: 'viewer', createdAt: at(0) });
        expect((await store.users.bySetupTokenHash('newer'))?.id).toBe(ada.id);
        expect(await store.users.claimTotpStep(ada.id, 10)).toBe(true);
        expect(await store.users.claimTotpStep(ada.id, 10)).toBe(false);
        await store.users.updateCredentials(ada.id, {
          passwordHash: 'scrypt$x',
          setupTokenHash: null,
        });
        await store.users.setBackupCodes(ada.id, ['c1']);
        expect(await store.users.byEmail('ada@acme.example')).toMatchObject({
          passwordHash: 'scrypt$x',
          backupCodes: ['c1'],
          authVersion: 1,
          totpLastStep: 10,
        });

        const session = await store.sessions.create({
          tokenHash: 'h1',
          userId: ada.id,
          csrfToken: 'csrf',
          verifiedAt: null,
          createdAt: at(0),
          lastSeenAt: at(0),
          ip: null,
          userAgent: null,
        });
        await store.sessions.touch(session.id, at(20));
        await store.sessions.markVerified(session.id, at(21));
        expect(await store.sessions.byTokenHash('h1')).toMatchObject({
          session: { lastSeenAt: at(20), verifiedAt: at(21) },
          user: { email: 'ada@acme.example' },
        });
        await store.sessions.deleteExpired(at(10), at(0));
        expect(await store.sessions.ofUser(ada.id)).toHaveLength(1);
        await store.sessions.deleteExpired(at(30), at(0));
        expect(await store.sessions.ofUser(ada.id)).toEqual([]);
        expect((await store.users.disable(ada.id, at(40)))?.disabledAt).toBe(at(40));
        expect(await store.users.disable(9_999, at(40))).toBeUndefined();
        expect((await store.users.list()).map((user) => user.email)).toEqual(['ada@acme.example']);
      });

      it('creates single sign-on users without credentials, once per address, and sets roles', async () => {
        const bob = await store.users.insertExternal({
          email: 'bob@acme.example',
          role: 'sales',
          createdAt: at(1),
        });
        expect(bob).toMatchObject({ role: 'sales', passwordHash: null, setupTokenHash: null });
        const again = await store.users.insertExternal({
          email: 'bob@acme.example',
          role: 'admin',
          createdAt: at(2),
        });
        expect(again).toMatchObject({ id: bob.id, role: 'sales', createdAt: at(1) });
        await store.users.setRole(bob.id, 'viewer');
        expect((await store.users.byEmail('bob@acme.example'))?.role).toBe('viewer');
      });
    });

    describe('API tokens', () => {
      it('finds a token by its hash, revokes it once, and lists the newest first', async () => {
        const fields = {
          name: 'CRM sync',
          prefix: 'attest_AbCd',
          scopes: ['requests:read', 'requests:write'],
          createdBy: 'ada@acme.example',
          createdAt: at(0),
          expiresAt: at(50),
        };
        const first = await store.apiTokens.create({ ...fields, tokenHash: 't1' });
        const second = await store.apiTokens.create({ ...fields, name: 'CI', tokenHash: 't2' });
        await expect(store.apiTokens.create({ ...fields, tokenHash: 't1' })).rejects.toThrow();
        expect(await store.apiTokens.byTokenHash('t1')).toEqual({
          ...fields,
          id: first.id,
          tokenHash: 't1',
          revokedAt: null,
          revokedBy: null,
          lastUsedAt: null,
        });
        expect(await store.apiTokens.byTokenHash('nope')).toBeUndefined();
        await store.apiTokens.touch(first.id, at(3));
        expect((await store.apiTokens.byTokenHash('t1'))?.lastUsedAt).toBe(at(3));
        expect(await store.apiTokens.revoke(first.id, 'ada@acme.example', at(4))).toMatchObject({
          revokedAt: at(4),
          revokedBy: 'ada@acme.example',
        });
        expect(await store.apiTokens.revoke(first.id, 'bob@acme.example', at(5))).toBeUndefined();
        expect(await store.apiTokens.revoke(9_999, 'bob@acme.example', at(5))).toBeUndefined();
        expect((await store.apiTokens.list()).map((row) => row.id)).toEqual([second.id, first.id]);
      });
    });

    describe('mail queue', () => {
      it('claims due mail for one sender at a time, and again once the lease runs out', async () => {
        const ids: number[] = [];
        for (const subject of ['a', 'b', 'c', 'd', 'e'])
          ids.push(await store.mailQueue.enqueue({ to: 'x@y.example', subject, text: '' }, at(0)));
        // Two senders claiming at the same moment never get the same message.
        const [one, two] = await Promise.all([
          store.mailQueue.claimDue(at(1), 3, at(10)),
          store.mailQueue.claimDue(at(1), 3, at(10)),
        ]);
        const claimed = [...one, ...two].map((row) => row.id);
        expect(claimed.sort((a, b) => a - b)).toEqual(ids);
        expect(new Set(claimed).size).toBe(ids.length);
        expect(await store.mailQueue.claimDue(at(2), 10, at(20))).toEqual([]);
        // The sender of the first one recorded it; the others' sender died before it could.
        await store.mailQueue.markSent(ids[0] as number, { sentAt: at(3), attempts: 1 });
        const again = await store.mailQueue.claimDue(at(10), 10, at(20));
        expect(again.map((row) => row.id)).toEqual(ids.slice(1));
      });

      it('hands out due mail, backs off failures, and resends abandoned mail', async () => {
        const id = await store.mailQueue.enqueue(
          { to: 'ada@customer.example', subject: 'Link', text: 'x', headers: { 'X-A': '1' } },
          at(0),
        );
        expect(await store.mailQueue.due(at(0), 10)).toMatchObject([
          { id, headers: { 'X-A': '1' }, attempts: 0 },
        ]);
        await store.mailQueue.markFailed(id, {
          attempts: 1,
          lastAttemptAt: at(1),
          nextAttemptAt: at(2),
          error: 'refused',
          abandonedAt: null,
        });
        expect(await store.mailQueue.due(at(1), 10)).toEqual([]);
        expect(await store.mailQueue.nextAttemptAt()).toBe(at(2));
        expect(await store.mailQueue.delayed(at(0))).toEqual({ count: 1, oldest: at(0) });
        expect(await store.mailQueue.delayed(at(-1))).toEqual({ count: 0, oldest: undefined });
        expect(await store.mailQueue.resend(id, at(3))).toBe(false);
        await store.mailQueue.markFailed(id, {
          attempts: 2,
          lastAttemptAt: at(4),
          nextAttemptAt: at(5),
          error: 'refused',
          abandonedAt: at(4),
        });
        expect(await store.mailQueue.countAbandoned()).toBe(1);
        expect(await store.mailQueue.nextAttemptAt()).toBeUndefined();
        expect(await store.mailQueue.resend(id, at(6))).toBe(true);
        await store.mailQueue.markSent(id, { sentAt: at(7), attempts: 1 });
        expect(await store.mailQueue.unsent(10)).toEqual([]);
        expect(await store.mailQueue.list()).toMatchObject([
          { id, sentAt: at(7), error: null, abandonedAt: null, createdAt: at(6) },
        ]);
      });
    });

    describe('webhooks', () => {
      const endpoint = (events: string[], kind: 'webhook' | 'slack' = 'webhook') =>
        store.webhooks.createEndpoint({
          kind,
          url: `https://hooks.example/${events.join('+')}`,
          description: '',
          events,
          secret: kind === 'slack' ? '' : 'whsec_c2VjcmV0',
          createdAt: at(0),
          createdBy: 'ops@acme.example',
        });

      it("queues an event for each enabled endpoint of its type, in the caller's transaction", async () => {
        const requests = await endpoint(['access_request.created']);
        const both = await endpoint(['access_request.created', 'claim.status_changed']);
        const off = await endpoint(['access_request.created']);
        const slack = await endpoint(['access_request.created', 'claim.status_changed'], 'slack');
        expect(await store.webhooks.setDisabled(off.id, at(1))).toBe(true);
        const created = { type: 'access_request.created' as const, data: { id: 1 } };
        expect(await store.transaction((tx) => queueEvent(tx, created, at(2)))).toBe(3);
        // Slack hears of a public claim that starts failing, not of every status change.
        const recovered = {
          type: 'claim.status_changed' as const,
          data: { before: 'failing', after: 'verified', control: { visibility: 'public' } },
        };
        expect(await queueEvent(store, recovered, at(2))).toBe(1);
        const failing = {
          ...recovered,
          data: { ...recovered.data, before: 'verified', after: 'failing' },
        };
        expect(await queueEvent(store, failing, at(2))).toBe(2);
        // Rolled back with the change that caused it.
        await expect(
          store.transaction(async (tx) => {
            await queueEvent(tx, created, at(3));
            throw new Error('the change failed');
          }),
        ).rejects.toThrow('the change failed');
        const counts = await Promise.all(
          [requests, both, off, slack].map(
            async (row) => (await store.webhooks.deliveriesOf(row.id, 10)).length,
          ),
        );
        expect(counts).toEqual([1, 3, 0, 2]);
        const [delivery] = await store.webhooks.deliveriesOf(requests.id, 1);
        expect(delivery?.messageId).toMatch(/^msg_/);
        expect(JSON.parse(delivery?.body ?? '')).toEqual({
          type: 'access_request.created',
          timestamp: at(2),
          data: { id: 1 },
        });
      });

      it('claims each due delivery for one sender, records attempts, backs off and replays', async () => {
        const row = await endpoint(['document.downloaded']);
        const ids: number[] = [];
        for (const n of [1, 2, 3, 4])
          ids.push(
            await store.webhooks.enqueue(
              row.id,
              { messageId: `msg_${n}`, eventType: 'document.downloaded', body: '{}' },
              at(0),
            ),
          );
        const [one, two] = await Promise.all([
          store.webhooks.claimDue(at(1), 2, at(10)),
          store.webhooks.claimDue(at(1), 2, at(10)),
        ]);
        const claimed = [...one, ...two].map((entry) => entry.id);
        expect(claimed.sort((a, b) => a - b)).toEqual(ids);
        expect(await store.webhooks.claimDue(at(2), 10, at(20))).toEqual([]);
        const first = ids[0] as number;
        await store.webhooks.recordAttempt(first, {
          at: at(3),
          durationMs: 12,
          statusCode: 500,
          responseExcerpt: 'broken',
          error: 'the receiver answered 500',
          attempts: 1,
          deliveredAt: null,
          nextAttemptAt: at(5),
          abandonedAt: null,
        });
        await store.webhooks.recordAttempt(first, {
          at: at(5),
          durationMs: 8,
          statusCode: 200,
          responseExcerpt: 'ok',
          error: null,
          attempts: 2,
          deliveredAt: at(5),
          nextAttemptAt: at(5),
          abandonedAt: null,
        });
        expect(await store.webhooks.getDelivery(first)).toMatchObject({
          attempts: 2,
          deliveredAt: at(5),
          lastStatus: 200,
          lastError: null,
        });
        expect((await store.webhooks.attemptsOf([first])).map((entry) => entry.statusCode)).toEqual(
          [500, 200],
        );
        // The others' sender died: they are due again once the lease ran out; the delivered one is not.
        expect(
          (await store.webhooks.claimDue(at(10), 10, at(20))).map((entry) => entry.id),
        ).toEqual(ids.slice(1));
        expect(await store.webhooks.nextAttemptAt()).toBe(at(20));
        const second = ids[1] as number;
        await store.webhooks.recordAttempt(second, {
          at: at(11),
          durationMs: 10_000,
          statusCode: null,
          responseExcerpt: null,
          error: 'no complete answer within 10 s',
          attempts: 10,
          deliveredAt: null,
          nextAttemptAt: at(11),
          abandonedAt: at(11),
        });
        expect(await store.webhooks.countAbandoned()).toBe(1);
        expect(await store.webhooks.replay(second, at(21))).toBe(true);
        expect(await store.webhooks.countAbandoned()).toBe(0);
        expect(await store.webhooks.replay(first, at(21))).toBe(true);
        expect(await store.webhooks.replay(99_999, at(21))).toBe(false);
        expect(
          (await store.webhooks.claimDue(at(21), 10, at(30))).map((entry) => entry.id),
        ).toEqual(ids);
        expect((await store.webhooks.getEndpoint(row.id))?.events).toEqual(['document.downloaded']);
      });
    });

    describe('alerts', () => {
      it('raises, updates and clears the alerts under a prefix', async () => {
        const warn = { key: 'claim:a', severity: 'warning' as const, message: 'stale' };
        expect(await syncAlerts(store, 'claim:', [warn], new Date(at(0)))).toEqual([warn]);
        expect(await syncAlerts(store, 'claim:', [warn], new Date(at(1)))).toEqual([]);
        await syncAlerts(store, 'claim:', [{ ...warn, severity: 'critical' }], new Date(at(2)));
        await syncAlerts(store, 'mail:', [], new Date(at(3)));
        expect(await store.alerts.open()).toMatchObject([
          { key: 'claim:a', severity: 'critical', raisedAt: at(0), updatedAt: at(2) },
        ]);
        await syncAlerts(store, 'claim:', [], new Date(at(4)));
        expect(await store.alerts.open()).toEqual([]);
      });
    });

    describe('leases', () => {
      it('gives a lease to one holder until it runs out or is released', async () => {
        expect(await store.leases.acquire('scheduler', 'a', at(0), at(2))).toBe(true);
        expect(await store.leases.acquire('scheduler', 'b', at(1), at(3))).toBe(false);
        expect(await store.leases.holder('scheduler', at(1))).toBe('a');
        // The holder renews; the other still waits.
        expect(await store.leases.acquire('scheduler', 'a', at(1), at(4))).toBe(true);
        expect(await store.leases.acquire('scheduler', 'b', at(3), at(5))).toBe(false);
        // Once it ran out, the other takes it, and the first one's renewal fails.
        expect(await store.leases.holder('scheduler', at(4))).toBeUndefined();
        expect(await store.leases.acquire('scheduler', 'b', at(4), at(6))).toBe(true);
        expect(await store.leases.acquire('scheduler', 'a', at(5), at(7))).toBe(false);
        // Released by someone else: nothing happens; by its holder: free at once.
        await store.leases.release('scheduler', 'a');
        expect(await store.leases.holder('scheduler', at(5))).toBe('b');
        await store.leases.release('scheduler', 'b');
        expect(await store.leases.acquire('scheduler', 'a', at(5), at(7))).toBe(true);
        expect(await store.leases.acquire('other', 'b', at(5), at(7))).toBe(true);
      });

      it('gives a free lease to exactly one of many holders asking at once', async () => {
        const won = await Promise.all(
          Array.from({ length: 12 }, (_, index) =>
            store.leases.acquire('race', `h${index}`, at(0), at(1)),
          ),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('rate counters', () => {
      const rule = { max: 5, windowMs: 60_000 };
      const t0 = Date.UTC(2026, 10, 23, 8, 0);

      it('allows a key its allowance, refuses the rest without counting them, and rolls over', async () => {
        const verdicts = [];
        for (let index = 0; index < 8; index++)
          verdicts.push(await store.rateCounters.hit('ip:1', t0 + index, rule));
        expect(verdicts.filter((verdict) => verdict.ok)).toHaveLength(5);
        expect(verdicts[5]).toEqual({ ok: false, retryAfterSeconds: 72 });
        // Another key has its own allowance.
        expect(await store.rateCounters.hit('ip:2', t0, rule)).toEqual({ ok: true });
        // Halfway through the next window the previous one weighs half: 2 more, not 5.
        const later = [];
        for (let index = 0; index < 4; index++)
          later.push((await store.rateCounters.hit('ip:1', t0 + 90_000, rule)).ok);
        expect(later).toEqual([true, true, false, false]);
        // Two windows later nothing is remembered.
        expect(await store.rateCounters.hit('ip:1', t0 + 180_000, rule)).toEqual({ ok: true });
        await store.rateCounters.reset('ip:2');
        for (let index = 0; index < 5; index++)
          expect((await store.rateCounters.hit('ip:2', t0 + 1, rule)).ok).toBe(true);
      });

      it('counts attempts made at once on one key exactly', async () => {
        const verdicts = await Promise.all(
          Array.from({ length: 40 }, () =>
            store.rateCounters.hit('burst', t0, { ...rule, max: 17 }),
          ),
        );
        expect(verdicts.filter((verdict) => verdict.ok)).toHaveLength(17);
      });

      it('sweeps the counters whose windows no longer count', async () => {
        await store.rateCounters.hit('old', t0, rule);
        await store.rateCounters.hit('new', t0 + 100_000, rule);
        expect(await store.rateCounters.sweep(t0 + 120_000)).toBe(1);
        expect(
          (await store.rateCounters.hit('new', t0 + 100_001, { max: 1, windowMs: 60_000 })).ok,
        ).toBe(false);
      });
    });

    describe('the audit log rows', () => {
      it('chains entries appended concurrently, and pages through them in order', async () => {
        await Promise.all(
          Array.from({ length: 25 }, (_, index) => appendChained(store, `action ${index}`)),
        );
        const rows = [...(await store.audit.page(0, 10)), ...(await store.audit.page(10, 100))];
        expect(rows).toHaveLength(25);
        let prev = '0'.repeat(64);
        for (const row of rows) {
          expect(row.prevHash).toBe(prev);
          prev = row.hash;
        }
        expect(await store.audit.headHash()).toBe(prev);
        expect(await store.audit.count()).toBe(25);
        expect((await store.audit.recent(1))[0]?.hash).toBe(prev);
        expect(await store.audit.anchor()).toBeUndefined();
        await store.audit.saveAnchor({ count: 25, headHash: prev, mac: '', updatedAt: at(0) });
        await store.audit.saveAnchor({ count: 25, headHash: prev, mac: 'm', updatedAt: at(1) });
        expect(await store.audit.anchor()).toMatchObject({ id: 1, mac: 'm', count: 25 });
      });
    });

    describe('transactions', () => {
      it('commits what the function did once it resolves', async () => {
        const id = await store.transaction(
          async (tx) => (await addUser(tx, 'ada@acme.example')).id,
        );
        expect((await store.users.byEmail('ada@acme.example'))?.id).toBe(id);
      });

      it('rolls everything back when the function throws, and passes the error on', async () => {
        const failure = new Error('stop');
        await expect(
          store.transaction(async (tx) => {
            await addUser(tx, 'ada@acme.example');
            await tx.mailQueue.enqueue({ to: 'a@b.example', subject: 's', text: 't' }, at(0));
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await store.users.list()).toEqual([]);
        expect(await store.mailQueue.list()).toEqual([]);
      });

      it('rolls back only an inner transaction that throws', async () => {
        await store.transaction(async (tx) => {
          await addUser(tx, 'outer@acme.example');
          await tx
            .transaction(async (inner) => {
              await addUser(inner, 'inner@acme.example');
              throw new Error('inner fails');
            })
            .catch(() => undefined);
        });
        expect((await store.users.list()).map((user) => user.email)).toEqual([
          'outer@acme.example',
        ]);
      });

      it('keeps calls made while a transaction is open out of it, and out of its uncommitted writes', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const open = store.transaction(async (tx) => {
          await addUser(tx, 'rolled-back@acme.example');
          await gate;
          throw new Error('roll back');
        });
        const outside = addUser(store, 'outside@acme.example');
        const seen = store.users.list();
        await new Promise((resolve) => setTimeout(resolve, 20));
        release();
        await expect(open).rejects.toThrow('roll back');
        await outside;
        expect((await seen).map((user) => user.email)).not.toContain('rolled-back@acme.example');
        expect((await store.users.list()).map((user) => user.email)).toEqual([
          'outside@acme.example',
        ]);
      });

      it('runs transactions started together one after the other, each seeing the last', async () => {
        const ids = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            store.transaction(async (tx) => {
              const count = await tx.mailQueue.list();
              await new Promise((resolve) => setTimeout(resolve, 1));
              return tx.mailQueue.enqueue(
                { to: `n${count.length}@b.example`, subject: String(index), text: '' },
                at(0),
              );
            }),
          ),
        );
        expect(new Set(ids).size).toBe(10);
        expect((await store.mailQueue.list()).map((mail) => mail.to)).toEqual(
          Array.from({ length: 10 }, (_, index) => `n${index}@b.example`),
        );
      });
    });
  });
}
