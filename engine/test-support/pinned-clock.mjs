// Preloaded (`node --import`) into the attest processes that tests start, so that they run
// on the tests' pinned clock rather than the wall clock: `ATTEST_TEST_CLOCK` (ISO) is the
// moment the process starts at, and time then moves on at its normal pace. Only `Date` is
// moved; timers and the TLS stack keep the real clock. Not part of the product: the attest
// CLI has no clock option, and freshness is always judged on the clock it is given.
const pinned = Date.parse(process.env.ATTEST_TEST_CLOCK ?? '');

if (Number.isFinite(pinned)) {
  const RealDate = Date;
  const offset = pinned - RealDate.now();
  const now = () => RealDate.now() + offset;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args) => Reflect.construct(target, args.length === 0 ? [now()] : args),
    apply: () => new RealDate(now()).toString(),
    get: (target, property) => (property === 'now' ? now : Reflect.get(target, property)),
  });
}
