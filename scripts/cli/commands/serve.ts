import { rm } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { loadOrganisationFromDir } from '../../../engine/fs/read-organisation.ts';
import { renderSecurityTxt } from '../../../engine/render/security-txt.ts';
import { createApp } from '../../../engine/server/app.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { buildSite } from '../build-site.ts';
import { createStyle, formatDiagnostics, formatSummary } from '../format-diagnostics.ts';
import { displayPrefix, organisationDir } from '../organisation-dir.ts';

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
  const { model, diagnostics } = await loadOrganisationFromDir(dir);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!model || errors.length > 0) {
    const style = createStyle(process.stderr);
    const shown = diagnostics.map((d) => ({ ...d, file: displayPrefix(dir) + d.file }));
    log(
      `${formatDiagnostics(shown, style)}\n\n${formatSummary(shown, { files: 0, controls: model?.controls.length ?? 0 }, style)}`,
    );
    log('Nothing is served until the organisation validates.');
    return 1;
  }

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
