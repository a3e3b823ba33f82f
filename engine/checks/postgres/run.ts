import { setTimeout as sleep } from 'node:timers/promises';
import { TLSSocket } from 'node:tls';
import pg from 'pg';
import { networkError } from '../net.ts';
import { type CheckContext, CheckError, type CheckModule, verdict } from '../types.ts';

/** Setting names as the schema allows them; checked again here because they go into SQL. */
const settingName = /^[a-z_.]+$/;

/** PostgreSQL boolean spellings (`SHOW` always answers `on`/`off`). */
const booleanWords: Record<string, 'on' | 'off'> = {
  on: 'on',
  true: 'on',
  yes: 'on',
  '1': 'on',
  off: 'off',
  false: 'off',
  no: 'off',
  '0': 'off',
};

/** Whether a `SHOW` value satisfies the expected one: equal, or the same boolean. */
function sameSetting(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  const shown = actual.toLowerCase();
  return (shown === 'on' || shown === 'off') && booleanWords[expected.toLowerCase()] === shown;
}

/** `user@host:port/database`, never the password or the rest of the connection string. */
function describeServer(client: pg.Client): string {
  return `${client.user ?? ''}@${client.host}:${client.port}/${client.database ?? ''}`;
}

/** Removes the password and the raw connection string from text that came from pg. */
function redact(text: string, context: CheckContext, client: pg.Client | undefined): string {
  let safe = text.split(context.target).join('<connection string>');
  const password = typeof client?.password === 'string' ? client.password : '';
  if (password) safe = safe.split(password).join('***');
  return safe;
}

/** Turns a connection or query failure into an `error` that carries no secret. */
function postgresError(
  error: unknown,
  where: string,
  context: CheckContext,
  client: pg.Client | undefined,
): CheckError {
  const code = (error as { code?: string })?.code ?? '';
  const message = redact(error instanceof Error ? error.message : String(error), context, client);
  const observed = { server: where, code: code || undefined, error: message };
  if (context.signal.aborted || /timeout/i.test(message)) {
    return new CheckError(`PostgreSQL at ${where} did not answer before the timeout`, {
      hint: "is the server up and reachable? Raise the check's timeout if it is slow",
      observed,
    });
  }
  if (code === '28P01' || code === '28000') {
    return new CheckError(`PostgreSQL at ${where} rejected the login: ${message}`, {
      hint: 'check the user and password in the variable the target reads',
      observed,
    });
  }
  if (code === '3D000') {
    return new CheckError(`PostgreSQL at ${where}: ${message}`, {
      hint: 'check the database name in the connection string',
      observed,
    });
  }
  if (/^[0-9A-Z]{5}$/.test(code)) {
    return new CheckError(`PostgreSQL at ${where}: ${message} (${code})`, { observed });
  }
  const network = networkError(error, `PostgreSQL at ${where}`);
  return new CheckError(redact(network.message, context, client), {
    ...(network.hint ? { hint: network.hint } : {}),
    retryable: network.retryable,
    observed,
  });
}

/** Ends a live session politely (briefly), and frees the socket regardless. */
async function closeClient(client: pg.Client, connected: boolean): Promise<void> {
  if (connected) await Promise.race([client.end().catch(() => undefined), sleep(200)]);
  client.connection.stream.destroy();
}

/** Reads one setting; `null` when the server does not know it (a typo or a missing extension). */
async function showSetting(client: pg.Client, name: string): Promise<string | null> {
  if (!settingName.test(name)) throw new CheckError(`"${name}" is not a setting name`);
  try {
    const result = await client.query<[string]>({ text: `SHOW ${name}`, rowMode: 'array' });
    return String(result.rows[0]?.[0] ?? '');
  } catch (error) {
    if ((error as { code?: string })?.code === '42704') return null;
    throw error;
  }
}

/**
 * `postgres`: connects with the connection string in the target (`${ENV}`), reads each
 * expected setting with `SHOW` and notes whether the connection itself uses TLS. A login,
 * connection or timeout failure is an `error`; nothing reported contains the password.
 */
export const postgresCheck: CheckModule<'postgres'> = {
  type: 'postgres',
  async run(check, context) {
    const { expect } = check;
    let client: pg.Client;
    try {
      client = new pg.Client({
        connectionString: context.target,
        connectionTimeoutMillis: context.timeoutMs,
        query_timeout: context.timeoutMs,
        application_name: 'attest-check',
      });
    } catch (error) {
      throw postgresError(error, 'the configured server', context, undefined);
    }
    const where = describeServer(client);
    // Errors after connect arrive as events; without a listener they would crash the process.
    client.on('error', () => undefined);
    const abort = () => client.connection.stream.destroy();
    context.signal.addEventListener('abort', abort, { once: true });
    let connected = false;
    try {
      try {
        if (context.signal.aborted) throw context.signal.reason;
        await client.connect();
        connected = true;
      } catch (error) {
        const message = error instanceof Error ? error.message : '';
        if (expect.tls && /does not support SSL/i.test(message)) {
          return {
            status: 'fail',
            observed: { server: where, tls: false },
            expected: expect,
            message: `PostgreSQL at ${where} does not offer TLS`,
            hint: 'enable ssl on the server (ssl = on with a certificate)',
          };
        }
        throw error;
      }
      const tls = client.connection.stream instanceof TLSSocket;
      const settings: Record<string, string | null> = {};
      const problems: string[] = [];
      const hints: string[] = [];
      for (const [name, wanted] of Object.entries(expect.settings ?? {})) {
        const value = await showSetting(client, name);
        settings[name] = value;
        if (value === null) {
          problems.push(`${name} is not a setting this server knows`);
        } else if (!sameSetting(value, wanted)) {
          problems.push(`${name} is ${value}, expected ${wanted}`);
        }
      }
      if (problems.length) {
        hints.push(
          'change the settings (ALTER SYSTEM SET …, or the provider’s parameter group) and reload',
        );
      }
      if (expect.tls && !tls) {
        problems.push('the connection does not use TLS');
        hints.push(
          'require TLS in the connection string (sslmode=verify-full) and enable ssl on the server',
        );
      }
      const observed = { server: where, tls, ...(expect.settings ? { settings } : {}) };
      const count = Object.keys(settings).length;
      return verdict(
        problems,
        observed,
        expect,
        `PostgreSQL at ${where}: ${count} setting${count === 1 ? '' : 's'} as expected${tls ? ', over TLS' : ''}`,
        hints.join('; ') || undefined,
      );
    } catch (error) {
      throw error instanceof CheckError ? error : postgresError(error, where, context, client);
    } finally {
      context.signal.removeEventListener('abort', abort);
      await closeClient(client, connected);
    }
  },
};
