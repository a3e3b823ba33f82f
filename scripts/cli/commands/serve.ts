import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { loadOrganisationFromDir } from '../../../engine/fs/read-organisation.ts';
import { serverOptionsFromEnv } from '../../../engine/server/api/server-options.ts';
import { createApp } from '../../../engine/server/app.ts';
import { openStore } from '../../../engine/store/open-store.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { resolveOption } from '../option-values.ts';
import { organisationDir } from '../organisation-dir.ts';
import { publishOrganisation } from '../publish.ts';

function parsePort(value: unknown): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a number from 0 to 65535 (got "${value}")`);
  }
  return port;
}

/**
 * `attest serve`: publish from the stored results, serve DIST, then run the checks in the
 * background and publish again — at once, and every `policy.recheckIntervalMinutes`.
 */
export async function runServe({ values }: ParsedArgs): Promise<number> {
  const port = parsePort(values.port);
  const host = String(values.host);
  const dir = organisationDir(values.dir);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const options = {
    dir,
    outDir: join(dir, 'dist'),
    dbPath: join(dir, 'data', 'attest.db'),
    resolve: resolveOption(values.resolve),
  };

  log('Publishing from the stored check results…');
  const first = await publishOrganisation({ ...options, skipChecks: true });
  if (first !== 0) {
    log('Nothing is served until the organisation publishes.');
    return first;
  }
  const interval = (await loadOrganisationFromDir(dir)).model?.policy.recheckIntervalMinutes ?? 60;
  let running = false;
  const recheck = async () => {
    if (running) return;
    running = true;
    try {
      log('Re-running the checks…');
      await publishOrganisation({ ...options, skipChecks: false });
    } catch (error) {
      log(`attest: the background check run failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };

  const store = openStore(options.dbPath);
  const listening = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const dynamic = serverOptionsFromEnv({ dir, store, listening, log });
  const app = createApp({ distDir: options.outDir, server: dynamic });
  return new Promise<number>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      process.stdout.write(`Trust center at http://${shownHost}:${info.port}\n`);
      void recheck();
      timer = setInterval(() => void recheck(), interval * 60_000);
      timer.unref();
    });
    const stop = (code: number) => {
      clearInterval(timer);
      server.close();
      void dynamic.mailer.idle().then(() => {
        dynamic.mailer.close();
        store.close();
        resolve(code);
      });
    };
    server.on('error', (error: NodeJS.ErrnoException) => {
      log(
        error.code === 'EADDRINUSE'
          ? `attest: port ${port} on ${host} is already in use; pick another with --port`
          : `attest: ${error.message}`,
      );
      stop(2);
    });
    process.once('SIGINT', () => stop(0));
    process.once('SIGTERM', () => stop(0));
  });
}
