import type { Snapshot } from '../evaluate/snapshot.ts';
import { type AlertInput, syncAlerts } from '../store/alerts.ts';
import type { Repositories } from '../store/store.ts';

/** An alert raised for a claim, as the log shows it. */
export interface RaisedAlert {
  severity: string;
  message: string;
}

/**
 * Under `attest serve`: raises an alert (admin area and log) for each claim withdrawn
 * because its evidence contradicts it, and for each claim whose proof went stale; clears
 * the alerts of claims that hold again. Returns the alerts newly raised.
 */
export async function syncClaimAlerts(
  store: Repositories,
  snapshot: Snapshot,
  now: Date,
): Promise<RaisedAlert[]> {
  const current = snapshot.controls.flatMap((control): AlertInput[] => {
    if (control.status === 'failing')
      return [
        {
          key: `claim:${control.id}`,
          severity: 'critical',
          message: `"${control.title}" is withdrawn from the trust center: ${control.reason}`,
        },
      ];
    if (
      control.status === 'unverified' &&
      control.evidence.some((item) => item.kind === 'check' && item.state === 'stale')
    )
      return [
        {
          key: `claim:${control.id}`,
          severity: 'warning',
          message: `"${control.title}" is no longer shown as verified: ${control.reason}`,
        },
      ];
    return [];
  });
  return (await syncAlerts(store, 'claim:', current, now)).map(({ severity, message }) => ({
    severity,
    message,
  }));
}
