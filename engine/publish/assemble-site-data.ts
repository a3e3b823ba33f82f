import { buildHistory } from '../evaluate/history.ts';
import { publicSnapshot } from '../evaluate/public-view.ts';
import type { Snapshot } from '../evaluate/snapshot.ts';
import type { Organisation } from '../load/model.ts';
import type { SiteData } from '../render/site-data.ts';
import { checkResultsSince } from '../store/check-history.ts';
import type { Repositories } from '../store/store.ts';
import { measuredSlaFromStore } from './measured-sla.ts';

/** How far back the pages show each control's verification history. */
export const historyDays = 90;

/** Only the entries of `record` whose keys are listed. */
function pick<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
  return Object.fromEntries(keys.flatMap((key) => (record[key] ? [[key, record[key]]] : [])));
}

/** What {@link assembleSiteData} works from. */
export interface SiteDataInput {
  model: Organisation;
  snapshot: Snapshot;
  store: Repositories;
  /** Where the logo is published in DIST (`brand/logo.svg`), when there is one. */
  logoPath?: string | undefined;
  /** The real clock's time: no stored result dated after it is believed. */
  now: Date;
}

/**
 * What the pages render: the public view of the snapshot, the last {@link historyDays} days
 * of verification of each public control (up to the snapshot's time), the disclosure SLA
 * measured over the same window and the published logo.
 */
export async function assembleSiteData({
  model,
  snapshot,
  store,
  logoPath,
  now,
}: SiteDataInput): Promise<SiteData> {
  const { publishedAt } = snapshot;
  const since = new Date(Date.parse(publishedAt) - historyDays * 86_400_000).toISOString();
  const checksPerControl = new Map(
    model.controls.map((control) => [
      control.id,
      control.evidence.filter((item) => 'check' in item).length,
    ]),
  );
  const history = buildHistory(
    await checkResultsSince(store, model, since, now),
    checksPerControl,
    publishedAt,
  );
  const view = publicSnapshot(snapshot);
  return {
    ...(logoPath ? { logo: `/${logoPath}` } : {}),
    measuredSla: await measuredSlaFromStore(store, snapshot, new Date(publishedAt)),
    snapshot: view,
    history: pick(
      history,
      view.controls.map((control) => control.id),
    ),
  };
}
