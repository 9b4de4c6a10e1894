/**
 * Waiting for user code (`create`, `dispose`, `close`) with a deadline, so that one call that never
 * settles cannot hang the callers waiting behind it.
 *
 * The timer is what keeps a waiting process alive. A promise somebody awaits must settle within its
 * deadline even when nothing else is alive (an unreferenced timer would let Node exit first: with an
 * ESM top-level `await`, exit code 13, "unsettled top-level await"), so its timer is referenced. A wait
 * nobody awaits (a `dispose` started by an eviction inside a synchronous `get`) must not keep a
 * process alive for its sake, so its timer is unreferenced until somebody joins it (`hold()`).
 */

/** A value `await` would wait for: anything with a `then` method. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** setTimeout's largest delay; a larger one fires at once (with a TimeoutOverflowWarning). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface Deadline<T> {
  /** The work's outcome, or `onTimeout()`'s (its value, or what it throws) if `ms` passed first. */
  readonly promise: Promise<T>;
  /** Somebody awaits `promise`: keep the process alive until it settles. */
  hold(): void;
  /** Whether the deadline passed before the work settled (its late outcome is then ignored here). */
  readonly timedOut: boolean;
}

/** Settle with `work`, or with `onTimeout()` after `ms`; `held`: somebody awaits it already. */
export function withDeadline<T>(work: PromiseLike<T>, ms: number, onTimeout: () => T, held: boolean): Deadline<T> {
  let settled = false;
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<T>((resolve, reject) => {
    const finish = (outcome: () => T): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      try {
        resolve(outcome());
      } catch (error) {
        reject(error);
      }
    };
    timer = setTimeout(() => {
      if (settled) return;
      timedOut = true;
      finish(onTimeout);
    }, ms);
    if (!held) unrefTimer(timer);
    Promise.resolve(work).then(
      (value) => finish(() => value),
      (error: unknown) =>
        finish(() => {
          throw error;
        }),
    );
  });
  return {
    promise,
    hold: () => {
      if (!settled && timer !== undefined) refTimer(timer);
    },
    get timedOut() {
      return timedOut;
    },
  };
}

/** Timers are objects with ref/unref in Node, numbers in browsers (nothing to keep alive there). */
function unrefTimer(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}

function refTimer(timer: unknown): void {
  (timer as { ref?: () => void }).ref?.();
}

/**
 * Run a user cleanup (`dispose`, `close`) that may return a promise: never rejects. A throw or a
 * rejection goes to `failed`; a promise still pending after `ms` calls `timedOut` and the result
 * settles anyway (a late failure is then ignored). A synchronous cleanup settles at once, with no
 * timer. `held`: somebody awaits the result (see withDeadline).
 */
export function boundedCleanup(
  run: () => unknown,
  ms: number,
  failed: (error: unknown) => void,
  timedOut: () => void,
  held: boolean,
): { promise: Promise<void>; hold(): void } {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    failed(error);
    return { promise: Promise.resolve(), hold: () => {} };
  }
  if (!isThenable(result)) return { promise: Promise.resolve(), hold: () => {} };
  const bounded = withDeadline(
    Promise.resolve(result).then(
      () => undefined,
      (error: unknown) => {
        if (!bounded.timedOut) failed(error);
      },
    ),
    ms,
    timedOut,
    held,
  );
  return bounded;
}
