/**
 * The time a publication is made at. `now` judges freshness and expiry and is always the real
 * clock; `outputTime`, when set (SOURCE_DATE_EPOCH), fixes the timestamps written into the
 * outputs so that the same inputs build the same bytes.
 */
export interface Clock {
  now(): Date;
  outputTime?: Date;
}

/** The real clock, with SOURCE_DATE_EPOCH (whole seconds) from `env` as the output time. */
export function clockFromEnvironment(env: Readonly<Record<string, string | undefined>>): Clock {
  const epoch = env.SOURCE_DATE_EPOCH;
  return {
    now: () => new Date(),
    ...(epoch && /^\d+$/.test(epoch) ? { outputTime: new Date(Number(epoch) * 1000) } : {}),
  };
}
