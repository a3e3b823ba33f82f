/**
 * Limits how many checks talk to one host at once, so a run of many checks against the
 * same service stays polite. Checks without a host (files, commands) are not limited.
 */
export class HostLimiter {
  readonly #active = new Map<string, number>();
  readonly #waiting = new Map<string, Array<() => void>>();

  constructor(private readonly perHost: number) {}

  /** Waits for a slot for `host`; returns the function that frees it. */
  async acquire(host: string | undefined): Promise<() => void> {
    if (host === undefined) return () => {};
    if ((this.#active.get(host) ?? 0) >= this.perHost) {
      await new Promise<void>((resolve) => {
        const queue = this.#waiting.get(host) ?? [];
        queue.push(resolve);
        this.#waiting.set(host, queue);
      });
    }
    this.#active.set(host, (this.#active.get(host) ?? 0) + 1);
    return () => {
      this.#active.set(host, (this.#active.get(host) ?? 1) - 1);
      this.#waiting.get(host)?.shift()?.();
    };
  }
}

/** The host a check talks to, for politeness: the URL's host, `host:port`, or the domain. */
export function hostOf(check: string, target: string): string | undefined {
  if (check === 'file' || check === 'config' || check === 'command') return undefined;
  if (check === 'dns') return target.toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    try {
      return new URL(target).hostname.toLowerCase() || undefined;
    } catch {
      return undefined;
    }
  }
  return target.split(':')[0]?.toLowerCase();
}
