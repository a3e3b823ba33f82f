import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FileKind, jsonSchemaFileName } from '../schema/index.ts';
import { schemaFormatVersion } from '../schema/json-schema.ts';

/** What `attest init` asks for: the facts every trust center needs from the start. */
export interface ScaffoldAnswers {
  /** Organisation or product name as customers know it. */
  name: string;
  /** The main website (http or https URL). */
  website: string;
  /** Where security reports and questions go. */
  securityContact: string;
  /** Public address of the trust center, when already known. */
  trustUrl?: string | undefined;
}

/** The directory of this Attest install (the package root). */
const installRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where the organisation's files point their `$schema` at: the JSON Schemas of the Attest
 * install that `npm install --save-dev attest` puts in the repository's node_modules (a
 * relative path works offline, in every editor with a YAML language server, and always
 * matches the installed version), or of this very install when the organisation lives
 * inside it. With `schemaUrl` (e.g. `https://trust.example.com/schema/v1/`), that hosted
 * copy instead. Without either and without Attest in the repository's node_modules (run
 * from the container image), the copy the trust center at `trustUrl` will host, when known.
 * The function returned takes a folder relative to `dir` (`controls`, `policies`).
 */
export function schemaLocation(
  dir: string,
  schemaUrl?: string,
  trustUrl?: string,
): (fromDir: string, kind: FileKind) => string {
  const installed = join(packageRoot(dir), 'node_modules/attest/engine/schema/json');
  const insideInstall = !relative(installRoot, dir).startsWith('..');
  if (!schemaUrl && trustUrl && !insideInstall && !existsSync(installed))
    return schemaLocation(
      dir,
      new URL(`schema/v${schemaFormatVersion}/`, trustUrl.endsWith('/') ? trustUrl : `${trustUrl}/`)
        .href,
    );
  if (schemaUrl) {
    const base = schemaUrl.endsWith('/') ? schemaUrl : `${schemaUrl}/`;
    return (_fromDir, kind) => new URL(jsonSchemaFileName(kind), base).href;
  }
  const schemaDir = insideInstall ? join(installRoot, 'engine/schema/json') : installed;
  return (fromDir, kind) =>
    relative(join(dir, fromDir), join(schemaDir, jsonSchemaFileName(kind)))
      .split(sep)
      .join('/');
}

/** The nearest directory at or above `dir` holding a package.json, else `dir` itself. */
function packageRoot(dir: string): string {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'package.json'))) return current;
    if (dirname(current) === current) return dir;
  }
}

/** A YAML scalar in double quotes, safe for any text. */
function quoted(text: string): string {
  return JSON.stringify(text);
}

/**
 * The files of a new organisation, as path (relative to its directory) → content: the
 * profile, the disclosure policy, the engine policy and two controls, one attested and one
 * planned, so that it validates, builds and serves at once and shows both kinds of claim.
 */
export function scaffoldFiles(
  answers: ScaffoldAnswers,
  today: string,
  schema: (fromDir: string, kind: FileKind) => string,
): Map<string, string> {
  const { name, website, securityContact, trustUrl } = answers;
  const header = (dir: string, kind: FileKind) =>
    `# yaml-language-server: $schema=${schema(dir, kind)}\n`;
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  return new Map([
    [
      'policies/trust-center.yaml',
      `${header('policies', 'trust-center')}name: ${quoted(name)}
legalName: ${quoted(name)}
website: ${website}
${trustUrl ? `url: ${trustUrl}\n` : '# url: https://trust.example.com   # where this trust center is published\n'}intro: |
  This page sets out how ${name} protects its customers' data: what we do, how we prove
  it, and where we are still working. Every statement is tied to evidence.
contacts:
  security: ${securityContact}
categories:
  - id: security-program
    title: Security program
    order: 1
  - id: data-protection
    title: Data protection
    order: 2
updated: ${today}
`,
    ],
    [
      'policies/disclosure.yaml',
      `${header('policies', 'disclosure')}contact:
  email: ${securityContact}
instructions: |
  Email your report to **${securityContact}** with the affected URL, the steps to
  reproduce the issue and what an attacker could achieve.
rules:
  - Test only against accounts you own; never access another customer's data.
  - Give us reasonable time to fix the issue before you disclose it publicly.
securityTxt:
  expiresInDays: 180
  preferredLanguages: [en]
`,
    ],
    [
      'policies/policy.yaml',
      `${header('policies', 'policy')}# How Attest judges the evidence; every value here is the default, written out for review.
maxResultAgeHours: 24
attestationMaxAgeDays: 365
onFailure: block
showUnverified: label
allowCommands: false
allowActiveProbes: false
`,
    ],
    [
      'controls/vulnerability-disclosure.yaml',
      `${header('controls', 'control')}id: vulnerability-disclosure
title: Vulnerability disclosure
category: security-program
version: 1
updated: ${today}
owner: ${securityContact}
visibility: public
status: implemented
claim: Anyone can report a security issue to ${securityContact}, and every report is answered.
evidence:
  # A dated statement by a named person. Replace it with automated checks where you can,
  # e.g. a security-txt check against your published trust center:
  #   - check: security-txt
  #     target: https://trust.example.com/.well-known/security.txt
  - attestation:
      statement: Reports sent to ${securityContact} reach the security team, who answer each one.
      by: ${securityContact}
      date: ${today}
      expires: ${nextYear}
changelog:
  - version: 1
    date: ${today}
    note: First published.
`,
    ],
    [
      'controls/encryption-in-transit.yaml',
      `${header('controls', 'control')}id: encryption-in-transit
title: Encryption in transit
category: data-protection
version: 1
updated: ${today}
owner: ${securityContact}
visibility: public
status: planned
claim: Every connection to ${name} uses TLS 1.2 or newer.
# When it is in place, set status: implemented and prove it with a check, e.g.
# evidence:
#   - check: tls
#     target: ${new URL(website).host}:443
#     expect:
#       minVersion: TLSv1.2
changelog:
  - version: 1
    date: ${today}
    note: First published.
`,
    ],
  ]);
}

/** Raised when `attest init` would overwrite a file (a usage error, exit 2). */
export class ScaffoldConflictError extends Error {
  override name = 'ScaffoldConflictError';
  constructor(readonly existing: string[]) {
    super(
      `refusing to overwrite ${existing.length === 1 ? 'an existing file' : 'existing files'}: ${existing.join(', ')}`,
    );
  }
}

/**
 * Writes a new organisation into `dir`, creating it if needed. Checks every path first and
 * writes nothing when any of them exists. Returns the paths written.
 */
export async function writeScaffold(dir: string, files: Map<string, string>): Promise<string[]> {
  const existing = [...files.keys()].filter((path) => existsSync(join(dir, path)));
  if (existing.length) throw new ScaffoldConflictError(existing);
  for (const [path, text] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text, { flag: 'wx' });
  }
  return [...files.keys()];
}
