import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';
import { withDistLock } from '../../engine/publish/dist-lock.ts';
import { createApp } from '../../engine/server/app.ts';
import { pinnedClockEnv } from '../../engine/test-support/clock.ts';

/** A published trust site served on 127.0.0.1 for one test file. */
export interface PublishedSite {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string;
  /** The DIST `attest build` wrote. */
  distDir: string;
  /** The organisation's copy the site was built from. */
  organisationDir: string;
  /** Stops the server and removes every file the site was built in. */
  close(): Promise<void>;
}

export interface PublishOptions {
  /** Changes the copied organisation before it is built (e.g. to put payloads in it). */
  prepare?: (organisationDir: string) => Promise<void> | void;
}

const bin = join(repoRoot, 'scripts/attest.mjs');

/**
 * Builds are CPU-bound. A test file runs one fewer than there are cores at a time (one on
 * two cores), leaving a core for the browser and the other test file; the rest queue.
 */
const buildSlots = Math.max(1, availableParallelism() - 1);
let buildsRunning = 0;
const waitingBuilds: (() => void)[] = [];

async function inBuildSlot<T>(build: () => Promise<T>): Promise<T> {
  // A finishing build hands its slot straight to the next waiting one.
  if (buildsRunning < buildSlots) buildsRunning++;
  else await new Promise<void>((start) => waitingBuilds.push(start));
  try {
    return await build();
  } finally {
    const next = waitingBuilds.shift();
    if (next) next();
    else buildsRunning--;
  }
}

/**
 * Copies one of the repository's organisations (`.` or `examples/<name>`) into a temporary
 * directory, publishes it with the real CLI (`attest build --skip-checks`) and serves its
 * DIST in-process with the production app on an ephemeral port.
 */
export async function publishSite(
  organisation: string,
  options: PublishOptions = {},
): Promise<PublishedSite> {
  // An organisation as the repository has it builds to the same bytes every time (the build
  // test proves it), so within one test run each is built once and shared between files.
  if (!options.prepare && process.env.ATTEST_E2E_CACHE) return cachedSite(organisation);
  const scratch = await mkdtemp(join(tmpdir(), 'attest-e2e-'));
  try {
    const built = await buildIn(scratch, organisation, options);
    const { origin, close } = await serveDist(built.distDir);
    return {
      origin,
      ...built,
      close: async () => {
        await close();
        await rm(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** Copies the organisation into `scratch` and builds it there. */
async function buildIn(scratch: string, organisation: string, options: PublishOptions) {
  const organisationDir = copyOrganisation(organisation, join(scratch, 'organisation'));
  await options.prepare?.(organisationDir);
  const distDir = join(scratch, 'dist');
  await inBuildSlot(() => buildWithCli(organisationDir, distDir, join(scratch, 'attest.db')));
  return { organisationDir, distDir };
}

/**
 * The organisation's site from this run's cache (`ATTEST_E2E_CACHE`, made and removed by
 * site/e2e/global-setup.ts), built into it first when no test file has yet. Closing stops
 * only the server.
 */
async function cachedSite(organisation: string): Promise<PublishedSite> {
  const root = process.env.ATTEST_E2E_CACHE as string;
  const target = join(root, organisation.replace(/\W/g, '-') || 'bundled');
  await buildOnce(root, target, organisation);
  const distDir = join(target, 'dist');
  const { origin, close } = await serveDist(distDir);
  return { origin, distDir, organisationDir: join(target, 'organisation'), close };
}

/**
 * Builds `organisation` into `target` unless it is there. Test files run in processes of
 * their own, and several ask for the same organisation at the start of a run: the
 * publication lock (`<target>.lock`, see engine/publish/dist-lock.ts) lets one build while
 * the others wait for it, instead of each making its own copy on the same two cores. A lock
 * whose builder died is taken over; a build that fails releases it, and the next file tries
 * again.
 */
async function buildOnce(root: string, target: string, organisation: string): Promise<void> {
  if (existsSync(join(target, 'dist'))) return;
  await withDistLock(`${target}.lock`, async () => {
    if (existsSync(join(target, 'dist'))) return;
    const scratch = await mkdtemp(join(root, 'building-'));
    try {
      await buildIn(scratch, organisation, {});
      await rename(scratch, target);
    } catch (error) {
      await rm(scratch, { recursive: true, force: true });
      throw error;
    }
  });
}

async function buildWithCli(dir: string, out: string, db: string): Promise<void> {
  const args = [bin, 'build', '--dir', dir, '--out', out, '--db', db, '--skip-checks'];
  try {
    await promisify(execFile)(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...pinnedClockEnv() },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    throw new Error(
      `attest build --dir ${dir} failed (exit ${failed.code}):\n${failed.stdout ?? ''}${failed.stderr ?? ''}`,
      { cause: error },
    );
  }
}

async function serveDist(distDir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const app = createApp({ distDir });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      resolve({
        origin: `http://127.0.0.1:${(info as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
