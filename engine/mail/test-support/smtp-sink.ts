import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the local SMTP server accepted, parsed, with the envelope it came in. */
export interface ReceivedMail {
  from: string;
  to: string[];
  parsed: ParsedMail;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>` for `createMailer({ smtpUrl })`. */
  url: string;
  received: ReceivedMail[];
  /** While true, every message is refused with 421 (an outage); set it false to recover. */
  refusing: boolean;
  close(): Promise<void>;
}

/**
 * Starts an SMTP server on 127.0.0.1 (a free port) that accepts any sender without
 * authentication, refuses the `rejectRecipients` with 550, refuses everything with 421 while
 * `refusing` is set, and parses each message.
 */
export async function startSmtpSink(
  options: { rejectRecipients?: readonly string[]; refusing?: boolean } = {},
): Promise<SmtpSink> {
  const rejected = new Set(options.rejectRecipients?.map((address) => address.toLowerCase()));
  const received: ReceivedMail[] = [];
  const state = { refusing: options.refusing ?? false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A client left connected (a test that failed before closing its mailer) must not hang close().
    closeTimeout: 500,
    onMailFrom(_address, _session, callback) {
      if (!state.refusing) return callback();
      const error = Object.assign(new Error('Service not available, try again later'), {
        responseCode: 421,
      });
      callback(error);
    },
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) {
        const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
          received.push({ from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), parsed });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A sender killed mid-session (the replicas test kills one with SIGKILL) resets its
  // connection; smtp-server reports that as a server 'error', which a mail server logs and
  // survives, so the sink does too instead of crashing the test process.
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get refusing() {
      return state.refusing;
    },
    set refusing(value: boolean) {
      state.refusing = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
