import { syncAlerts } from '../../store/alerts.ts';
import type { Store } from '../../store/store.ts';

/** Runs one named piece of background work; never rejects. */
export type BackgroundRunner = (job: string, work: () => unknown) => Promise<void>;

/**
 * Guards the server's background work (check reruns, publication, results polling): an
 * error never ends the process. It is logged once per distinct message, raised as the
 * critical alert `background:<job>` (when the store takes writes; a full disk may not),
 * and cleared by the job's next success. The job runs again on its own schedule.
 */
export function createBackgroundRunner(options: {
  store: Store;
  log: (line: string) => void;
  now?: () => Date;
}): BackgroundRunner {
  const now = options.now ?? (() => new Date());
  /** Jobs whose last run failed, with the message logged. */
  const failing = new Map<string, string>();
  return async (job, work) => {
    const key = `background:${job}`;
    try {
      await work();
    } catch (error) {
      const message = `The background ${job} failed: ${(error as Error).message ?? String(error)}; it is retried on its next run.`;
      if (failing.get(job) !== message) options.log(`attest: ${message}`);
      failing.set(job, message);
      try {
        await syncAlerts(options.store, key, [{ key, severity: 'critical', message }], now());
      } catch {
        // The store refuses writes (a full disk): the log line above is what remains.
      }
      return;
    }
    if (!failing.has(job)) return;
    try {
      await syncAlerts(options.store, key, [], now());
      failing.delete(job);
      options.log(`attest: the background ${job} works again.`);
    } catch {
      // Cleared on a later success, once the store takes writes again.
    }
  };
}
