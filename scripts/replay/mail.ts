// Replays the mail and report findings of issue 13 against the real mailer, a real SMTP
// server on 127.0.0.1, a real SQLite file and the real server app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeasuredSla } from '../../engine/evaluate/sla.ts';
import { startSmtpSink } from '../../engine/mail/test-support/smtp-sink.ts';
import { createServerMailer } from '../../engine/server/api/mail.ts';
import { createTestServer } from '../../engine/server/test-support.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { fillSqliteStore } from '../../engine/store/test-support/sqlite-faults.ts';
import type { Finding } from './finding.ts';

const minute = 60_000;
const hour = 60 * minute;

/** A scratch folder for one replay, removed afterwards. */
async function inScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'attest-replay-mail-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Counts unhandled rejections while `work` runs (what used to end `attest serve`). */
async function countingUnhandled<T>(work: () => Promise<T>): Promise<[T, number]> {
  let unhandled = 0;
  const listener = () => {
    unhandled += 1;
  };
  process.on('unhandledRejection', listener);
  try {
    const result = await work();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return [result, unhandled];
  } finally {
    process.off('unhandledRejection', listener);
  }
}

const fullDisk: Finding = {
  id: '4',
  what: 'a full disk (SQLITE_FULL) never ends the mailer; mail is recorded once space returns',
  replay: () =>
    inScratch(async (dir) => {
      const sink = await startSmtpSink();
      const store = await openStore(join(dir, 'attest.db'));
      const clock = { at: new Date('2026-11-23T10:00:00Z') };
      const logged: string[] = [];
      await store.mailQueue.enqueue(
        { to: 'ada@customer.example', subject: 'Your link', text: 'x' },
        clock.at.toISOString(),
      );
      const disk = fillSqliteStore(store);
      const mailer = createServerMailer({
        store,
        smtpUrl: sink.url,
        outboxDir: dir,
        from: 'trust@acme.example',
        log: (line) => logged.push(line),
        now: () => clock.at,
      });
      try {
        const [recorded, unhandled] = await countingUnhandled(async () => {
          await mailer.idle();
          clock.at = new Date(clock.at.getTime() + minute);
          await mailer.idle();
          disk.release();
          clock.at = new Date(clock.at.getTime() + minute);
          await mailer.idle();
          return (await store.mailQueue.list())[0]?.sentAt !== null;
        });
        const sawFull = logged.some((line) => line.includes('SQLITE_FULL'));
        return {
          held: unhandled === 0 && recorded && sawFull && sink.received.length === 1,
          saw: `${unhandled} unhandled rejections; SQLITE_FULL logged: ${sawFull}; delivered ${sink.received.length}× ; recorded as sent after space returned: ${recorded}`,
        };
      } finally {
        mailer.close();
        await store.close();
        await sink.close();
      }
    }),
};

const dayLongOutage: Finding = {
  id: '7',
  what: 'a 24-hour SMTP outage (with a restart in it) loses no mail; it is sent when SMTP returns',
  replay: () =>
    inScratch(async (dir) => {
      const sink = await startSmtpSink({ refusing: true });
      const store = await openStore(join(dir, 'attest.db'));
      const clock = { at: new Date('2026-11-23T10:00:00Z') };
      const start = () =>
        createServerMailer({
          store,
          smtpUrl: sink.url,
          outboxDir: dir,
          from: 'trust@acme.example',
          log: () => {},
          now: () => clock.at,
        });
      let mailer = start();
      let queued = 0;
      try {
        const outageEnd = clock.at.getTime() + 24 * hour;
        // Every 10 simulated minutes the loop runs; a form sends one mail each hour.
        for (let step = 0; clock.at.getTime() < outageEnd + 3 * hour; step++) {
          if (clock.at.getTime() < outageEnd && step % 6 === 0) {
            await mailer.queue({
              to: `reader${queued}@customer.example`,
              subject: `Receipt ${queued}`,
              text: 'x',
            });
            queued += 1;
          }
          if (step === 72) {
            mailer.close();
            mailer = start();
          }
          sink.refusing = clock.at.getTime() < outageEnd;
          await mailer.idle();
          clock.at = new Date(clock.at.getTime() + 10 * minute);
        }
        const sent = new Set(sink.received.map((mail) => mail.parsed.subject)).size;
        const abandoned = (await store.mailQueue.list()).filter(
          (row) => row.abandonedAt !== null,
        ).length;
        const lost = queued - sent;
        return {
          held: lost === 0 && abandoned === 0,
          saw: `24 h outage, restart at hour 12: ${queued} queued / ${sent} sent / ${lost} lost (${abandoned} abandoned), all within 3 h of SMTP returning`,
        };
      } finally {
        mailer.close();
        await store.close();
        await sink.close();
      }
    }),
};

const junkReports: Finding = {
  id: '8',
  what: 'junk reports do not move the public SLA figures; the figure says what it rests on',
  replay: async () => {
    let clock = new Date('2026-11-23T09:00:00Z');
    const server = await createTestServer({
      now: () => clock,
      rateLimits: { formsPerIp: { max: 10_000, windowMs: hour } },
    });
    try {
      for (let n = 0; n < 200; n++)
        await server.postForm('/api/reports', {
          title: `junk ${n}`,
          description: 'junk',
          contact: `bot${n}@spam.example`,
        });
      clock = new Date('2026-11-30T09:00:00Z');
      const sla = (await (await server.app.request('/api/reports/sla')).json()) as MeasuredSla;
      const within = sla.acknowledge.withinTarget ?? 0;
      const missed = sla.acknowledge.missed ?? 0;
      return {
        held: sla.reports === 0 && missed === 0 && sla.unreviewed === 200,
        saw: `after 200 junk reports: within commitment ${within} of ${within + missed} acknowledged reports; ${sla.unreviewed} unreviewed, not counted`,
      };
    } finally {
      await server.close();
    }
  },
};

const injection: Finding = {
  id: '15',
  what: 'a report title cannot add lines or headers to mail from the security address',
  replay: async () => {
    const server = await createTestServer();
    try {
      await server.postForm('/api/reports', {
        title:
          'Bug\r\n\r\nYour account is locked: reset it at https://evil.example\r\nBcc: x@evil.example',
        description: 'x',
        contact: 'victim@customer.example',
      });
      const [mail] = await server.mails();
      const lines = (mail?.text ?? '').split('\n').filter((line) => line.includes('evil.example'));
      const quoted = lines.length === 1 && lines[0]?.startsWith('Title (as submitted): "') === true;
      return {
        held: quoted && !mail?.headers.has('bcc') && !/evil/.test(mail?.subject ?? ''),
        saw: `subject "${mail?.subject}"; attacker text on ${lines.length} line(s): ${lines[0] ?? '—'}`,
      };
    } finally {
      await server.close();
    }
  },
};

export const findings: Finding[] = [fullDisk, dayLongOutage, junkReports, injection];
