/** Runs work one piece at a time, in the order it was asked for. */
export type Lock = <T>(work: () => T | Promise<T>) => Promise<T>;

/** Creates a lock: each piece of work starts once every earlier one has settled. */
export function createLock(): Lock {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}
