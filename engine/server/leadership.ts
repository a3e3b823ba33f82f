import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Leases } from '../store/leases.ts';

/** A name for this process that no other process on the database shares. */
export function processHolderName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * This process's claim on one lease of the shared database: of all the servers on the
 * database, the one holding it runs the work (the scheduled checks and the publications
 * they make); the others follow. `renew` is called often (every few seconds) and keeps or
 * takes the lease for `leaseMs`; a holder that stops renewing — killed, hung, cut off from
 * the database — loses it when that runs out, and another server takes over.
 */
export class Leadership {
  #leading = false;

  constructor(
    private readonly leases: Leases,
    private readonly name: string,
    readonly holder: string,
    private readonly leaseMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Whether this process held the lease at its last renewal. */
  get leading(): boolean {
    return this.#leading;
  }

  /**
   * Takes or renews the lease; returns whether this process holds it now. A database error
   * counts as not holding it: a server that cannot reach the database must not act alone.
   */
  async renew(): Promise<boolean> {
    const now = this.now();
    try {
      this.#leading = await this.leases.acquire(
        this.name,
        this.holder,
        now.toISOString(),
        new Date(now.getTime() + this.leaseMs).toISOString(),
      );
    } catch (error) {
      this.#leading = false;
      throw error;
    }
    return this.#leading;
  }

  /** Gives the lease up (on shutdown), so another server takes over at once. */
  async release(): Promise<void> {
    if (!this.#leading) return;
    this.#leading = false;
    await this.leases.release(this.name, this.holder);
  }
}
