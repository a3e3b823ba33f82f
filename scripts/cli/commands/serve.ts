import { rm } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { renderSecurityTxt } from '../../../engine/render/security-txt.ts';
import { createApp } from '../../../engine/server/app.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { buildSite } from '../build-site.ts';
import { loadValidOrganisation } from '../load-valid-organisation.ts';
import { organisationDir } from '../organisation-dir.ts';

function parsePort(value: unknown): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port must be a number from 0 to 65535 (got "${value}")`);
  return port;
}

/** `attest serve`: validate, build the site, and serve it until interrupted. */
export async function runServe({ values }: ParsedArgs): Promise<number> {
  const port = parsePort(values.port);
  const host = String(values.host);
  const dir = organisationDir(values.dir);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  log('Validating the organisation…');
  const model = await loadValidOrganisation(
    dir,
    'Nothing is served until the organisation validates.',
  );
  if (!model) return 1;

  log('Building the trust site…');
  const siteDir = await buildSite(dir);
  const policyUrl = model.profile.url ? new URL('/', model.profile.url).href : undefined;
  const app = createApp({
    siteDir,
    securityTxt:
      model.disclosure && renderSecurityTxt(model.disclosure, policyUrl ? { policyUrl } : {}),
  });

  return new Promise<number>((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      process.stdout.write(
        `${model.profile.name} trust center at http://${shownHost}:${info.port}\n`,
      );
    });
    const stop = async (code: number) => {
      server.close();
      await rm(siteDir, { recursive: true, force: true });
      resolve(code);
    };
    server.on('error', (error: NodeJS.ErrnoException) => {
      log(
        error.code === 'EADDRINUSE'
          ? `attest: port ${port} on ${host} is already in use; pick another with --port`
          : `attest: ${error.message}`,
      );
      void stop(2);
    });
    process.once('SIGINT', () => void stop(0));
    process.once('SIGTERM', () => void stop(0));
  });
}
