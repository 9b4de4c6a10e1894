/** Small helpers for the registry tests: controllable promises and a deep sharing check. */

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** A promise the test settles by hand: "slow" without real time passing. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Every object reachable from `root` through own enumerable properties and Map/Set contents. */
export function reachableObjects(root: unknown): Set<object> {
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Map) for (const [k, v] of value) (walk(k), walk(v));
    if (value instanceof Set) for (const v of value) walk(v);
    for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key]);
  };
  walk(root);
  return seen;
}

/** The objects two roots both reach: the state two users would share. */
export function sharedObjects(a: unknown, b: unknown): object[] {
  const fromB = reachableObjects(b);
  return [...reachableObjects(a)].filter((o) => fromB.has(o));
}

/** Let every pending promise callback run (no timers involved). */
export async function flushMicrotasks(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
