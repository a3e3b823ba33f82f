import { join } from 'node:path';
import type { CheckResult } from '../checks/result.ts';
import { evaluateOrganisation } from '../evaluate/evaluate.ts';
import { sealSnapshot } from '../evaluate/seal.ts';
import type { Snapshot, SnapshotControl } from '../evaluate/snapshot.ts';
import type { Organisation } from '../load/model.ts';
import type { Mailer } from '../mail/mailer.ts';
import { renderDocumentPdfs } from '../render/documents/render-documents.ts';
import { renderOutputs } from '../render/outputs.ts';
import { readPdfFonts } from '../render/pdf/fonts-fs.ts';
import type { SiteData } from '../render/site-data.ts';
import { renderStaticHostHeaders } from '../render/static-host-headers.ts';
import type { Publication as StoredPublication } from '../store/publications.ts';
import type { Repositories } from '../store/store.ts';
import { assembleSiteData } from './assemble-site-data.ts';
import { withOutputLock } from './atomic-dist.ts';
import { buildChangelog } from './changelog.ts';
import type { Clock } from './clock.ts';
import { diffSnapshots } from './diff.ts';
import { type GateVerdict, gateSnapshot } from './gate.ts';
import { inputTime } from './input-time.ts';
import { readLogo } from './logo.ts';
import { type NotificationPlan, planNotifications } from './notification-plan.ts';
import { type NotifyResult, notifySubscribers } from './notify.ts';
import { type ChainedOutputs, chainOutputs } from './publication-chain.ts';
import { queuePublicationEvents } from './publication-events.ts';
import { readSigningKeys, type SigningKeys } from './signing-key.ts';
import { buildSite } from './site-build.ts';
import { type RaisedAlert, syncClaimAlerts } from './withdrawals.ts';
import { writePublication } from './write-publication.ts';

/** The organisation being published: its directory, its validated model, its git commit. */
export interface PublishedOrganisation {
  dir: string;
  model: Organisation;
  /** The commit the files are at, when the directory is a git repository. */
  git?: { commit: string; committedAt: string } | undefined;
}

/** What a publication reports while it runs. */
export type PublishEvent =
  /** Another process is publishing to the same DIST; this one waits its turn. */
  | { type: 'waiting'; pid: number }
  /** Under `serve`: an alert raised for a claim withdrawn or no longer verified. */
  | { type: 'alert'; alert: RaisedAlert }
  /** Under `serve`: the claims withdrawn from this publication. */
  | { type: 'withheld'; controls: SnapshotControl[] }
  /** The outputs are being rendered (with the static site, or without it under `serve`). */
  | { type: 'rendering'; site: boolean };

/** Everything {@link publish} works from. */
export interface PublishInput {
  organisation: PublishedOrganisation;
  /** The check results the claims are judged on (a fresh run, or the newest stored). */
  results: readonly CheckResult[];
  store: Repositories;
  /** Sends subscribers the publication's changes. */
  mailer: Mailer;
  clock: Clock;
  progress?: (event: PublishEvent) => void;
  /** DIST: where the public files go. */
  outDir: string;
  /**
   * `build` renders the static site and refuses to publish what the gate blocks. `serve`
   * publishes for a running server, which renders pages on request: a claim the evidence
   * contradicts is withdrawn from every output and raised as an alert instead of stopping
   * the publication, so the server never keeps showing what its newest evidence contradicts.
   */
  mode: 'build' | 'serve';
  /** Origin of every mailed link (ATTEST_PUBLIC_URL); else the trust center's own address. */
  publicUrl?: string | undefined;
  /**
   * Under `build`: the API origin the static pages' forms post to (`ATTEST_API_ORIGIN`,
   * already validated); the pages' CSP allows exactly it as `form-action`, and mailed
   * unsubscribe links point at it.
   */
  apiOrigin?: string | undefined;
  /** The signing keys (default: read from ATTEST_SIGNING_KEY and ATTEST_SIGNING_KEYS_RETIRED). */
  signingKeys?: SigningKeys | undefined;
}

/** A publication the gate refused: nothing was written. */
export interface BlockedPublication {
  status: 'blocked';
  snapshot: Snapshot;
  gate: GateVerdict;
}

/** A publication in place: DIST switched, the record stored, subscribers told. */
export interface CompletedPublication {
  status: 'published';
  /** Id of the stored publication. */
  id: number;
  snapshot: Snapshot;
  /** What the pages show. */
  site: SiteData;
  /** Every public file written to DIST (path → content). */
  files: ReadonlyMap<string, string | Uint8Array>;
  /** Claims withheld from every public output, each with its reason. */
  withheld: SnapshotControl[];
  /** The changes mailed to subscribers and how the sending went, when there were any. */
  notification?: NotificationPlan & { result: NotifyResult };
}

export type Publication = BlockedPublication | CompletedPublication;

/**
 * Evaluates the organisation once, against its previous publication for the changelog, and
 * gates the snapshot: the evidence decides what is published.
 */
async function evaluatePublication(input: PublishInput, publishedAt: string, now: Date) {
  const { model, git } = input.organisation;
  const draft = evaluateOrganisation(model, input.results, {
    now,
    publishedAt,
    withholdFailing: input.mode === 'serve',
    ...(git ? { gitCommit: git.commit } : {}),
  });
  const previous = await input.store.publications.latest();
  const changelog = buildChangelog({
    controls: draft.controls,
    previous: previous?.snapshot.changelog ?? [],
    diff: diffSnapshots(previous?.snapshot, draft),
    publishedAt,
  });
  const snapshot = sealSnapshot({ ...draft, changelog });
  return {
    snapshot,
    previous,
    gate: gateSnapshot(snapshot),
    diff: diffSnapshots(previous?.snapshot, snapshot),
  };
}

/**
 * The static site of `attest build`, its forms posting to `apiOrigin` when given, with the
 * headers files for static hosts (`_headers`, the nginx snippet) that carry the same
 * security headers as `attest serve`.
 */
async function buildStaticSite(
  site: SiteData,
  apiOrigin: string | undefined,
): Promise<Map<string, string | Uint8Array>> {
  return new Map<string, string | Uint8Array>([
    ...(await buildSite(apiOrigin ? { ...site, apiOrigin } : site)),
    ...renderStaticHostHeaders({ formOrigin: apiOrigin }),
  ]);
}

/** What one publication shows and writes, rendered from its snapshot. */
export interface RenderedPublication {
  site: SiteData;
  /** Its place in the public history, and the new entry to record (if any). */
  chain: ChainedOutputs;
  /** Every public file of DIST (path → content). */
  files: Map<string, string | Uint8Array>;
  pdfs: { gated: ReadonlyMap<string, Uint8Array> };
}

/**
 * Renders a snapshot's outputs: the pages' data, the public files (with the static site
 * when `staticSite` is given) and the PDFs, public and gated.
 */
export async function renderPublication(input: {
  organisation: PublishedOrganisation;
  snapshot: Snapshot;
  store: Repositories;
  now: Date;
  staticSite?: { apiOrigin: string | undefined } | undefined;
  /** The newest stored publication (the one a mirror serves, or the one this follows). */
  latest: StoredPublication | undefined;
  /** The keys that sign it and that the published key set lists. */
  keys: SigningKeys;
}): Promise<RenderedPublication> {
  const { organisation, snapshot, store, now, staticSite } = input;
  const outputs = renderOutputs(snapshot);
  const chain = await chainOutputs({
    store,
    snapshot,
    rendered: outputs,
    latest: input.latest,
    keys: input.keys,
  });
  const logo = await readLogo(organisation.dir, organisation.model.profile.branding.logo);
  const site: SiteData = {
    ...(await assembleSiteData({
      model: organisation.model,
      snapshot,
      store,
      logoPath: logo?.path,
      now,
    })),
    publication: { number: chain.number, head: chain.head, keyId: chain.keyId },
  };
  const files = new Map<string, string | Uint8Array>([
    ...(staticSite ? await buildStaticSite(site, staticSite.apiOrigin) : []),
    ...outputs,
    ...chain.files,
    ...(logo ? [[logo.path, logo.bytes] as const] : []),
  ]);
  const pdfs = await renderDocumentPdfs(snapshot, await readPdfFonts());
  for (const [path, bytes] of pdfs.public) files.set(path, bytes);
  return { site, chain, files, pdfs };
}

/**
 * The publication pipeline of `attest build` and `attest serve`. Holding DIST's lock so
 * concurrent publications take turns: evaluate (once) → gate → render the outputs (the
 * static site too under `build`) → stage and verify the new tree → record the publication and
 * switch DIST in one step → mail subscribers the new changelog entries. Under `build` a
 * blocked gate returns the blocked claims and writes nothing. A failure throws, with DIST and
 * the publication record left as they were.
 */
export async function publish(input: PublishInput): Promise<Publication> {
  const { organisation, clock, outDir, store } = input;
  const progress = input.progress ?? (() => {});
  const publishedAt = await inputTime(
    organisation.dir,
    input.results,
    organisation.git?.committedAt,
    clock,
  );
  // Freshness and expiry are judged on the real clock; the output time only fixes the
  // timestamps written into the outputs.
  const now = clock.now();
  return withOutputLock(
    outDir,
    async (): Promise<Publication> => {
      const { snapshot, previous, gate, diff } = await evaluatePublication(input, publishedAt, now);
      if (gate.blocked && input.mode === 'build') return { status: 'blocked', snapshot, gate };
      const withheld = snapshot.controls.filter((control) => control.withheld);
      if (input.mode === 'serve') {
        for (const alert of await syncClaimAlerts(store, snapshot, now))
          progress({ type: 'alert', alert });
        if (withheld.length) progress({ type: 'withheld', controls: withheld });
      }

      progress({ type: 'rendering', site: input.mode === 'build' });
      const rendered = await renderPublication({
        organisation,
        snapshot,
        store,
        now,
        staticSite: input.mode === 'build' ? { apiOrigin: input.apiOrigin } : undefined,
        latest: previous,
        keys: input.signingKeys ?? readSigningKeys(),
      });
      const { site, files, pdfs, chain } = rendered;

      const id = await writePublication(
        { snapshot, files, gated: pdfs.gated },
        {
          outDir,
          gatedDir: join(organisation.dir, 'data', 'gated-documents'),
          store,
          builtAt: clock.now(),
          chain: chain.record,
          recorded: (tx, id) =>
            queuePublicationEvents(tx, { id, snapshot, previous, diff, at: clock.now() }),
        },
      );
      const published: CompletedPublication = {
        status: 'published',
        id,
        snapshot,
        site,
        files,
        withheld,
      };
      // The unsubscribe endpoint is the API's: on the API origin when the site is static.
      const plan = planNotifications(previous, snapshot, input.apiOrigin ?? input.publicUrl);
      if (!plan) return published;
      const result = await notifySubscribers({
        store,
        mailer: input.mailer,
        publicationId: id,
        snapshot,
        entries: plan.entries,
        unsubscribeBase: plan.unsubscribeBase,
      });
      return { ...published, notification: { ...plan, result } };
    },
    { onWait: (holder) => progress({ type: 'waiting', pid: holder.pid }) },
  );
}
