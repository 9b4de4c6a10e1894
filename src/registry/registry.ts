/**
 * createRegistry: one instance per key, created on first use, disposed on release or eviction.
 *
 * The guarantees the seeds' teams needed and hand-rolled `getXManager()` + `Map` code did not give:
 * one key function for every operation, validated and deterministic keys, one instance per key even
 * under concurrent async creation, no poisoned entries after a failed create, bounded memory (LRU and
 * idle expiry) with dispose always called and a failing dispose never leaving an entry behind, and
 * no wait without an end: a `create` or `dispose` that never settles is given up after a timeout.
 */
import {
  RegistryError,
  checkOptions,
  isPositiveInteger,
  isPositiveNumber,
  isThenable,
  messageOf,
  notify,
  timeoutProblem,
  validatedKey,
  type Owner,
} from './errors.js';
import { boundedCleanup, withDeadline } from './deadline.js';

/**
 * How long waiters wait for an async `create` by default. It is on a request's path (`getAsync`), so
 * it should fail before a typical 30 s gateway or client timeout, yet leave a slow connect with a
 * retry or two room to finish.
 */
export const DEFAULT_CREATE_TIMEOUT_MS = 10_000;
/**
 * How long `release`, `clear` and `sweep` wait for one `dispose` by default: a graceful close of a
 * manager's sockets or a flush is well under it; longer means it hangs.
 */
export const DEFAULT_DISPOSE_TIMEOUT_MS = 5_000;

export interface RegistryOptions<C, T> {
  /** Names the registry in every error message and in `status()`: usually the class it holds. */
  name: string;
  /** The ONE key function. Must return a non-empty string, the same one for the same context. */
  key: (context: C) => string;
  /** Makes the instance for a key. May be async; then use `getAsync()`. */
  create: (context: C, key: string) => T | PromiseLike<T>;
  /** Called once for every instance that leaves the registry. May be async, may throw. */
  dispose?: (instance: T, key: string) => unknown;
  /** Keep at most this many entries; beyond it the least recently used one is evicted (and disposed). */
  maxEntries?: number;
  /** Evict entries not used for longer than this many milliseconds (checked on every call and by `sweep()`). */
  idleTtlMs?: number;
  /** Milliseconds clock for idle expiry; inject one in tests. Default `() => Date.now()`. */
  now?: () => number;
  /**
   * Give up an async `create` after this many milliseconds (default 10,000): its waiters reject with
   * `create-timeout`, the key is free for the next call, and an instance that still arrives is disposed.
   */
  createTimeoutMs?: number;
  /** Stop waiting for one `dispose` after this many milliseconds (default 5,000); reported as `dispose-timeout`. */
  disposeTimeoutMs?: number;
  /** Told about failures that happen off the caller's path: a `dispose` that threw, rejected or timed out, a `create` that timed out. */
  onError?: (error: RegistryError) => void;
}

export interface RegistryStatus {
  name: string;
  /** Entries held now. */
  size: number;
  /** Their keys, least recently used first. */
  keys: string[];
  /** Async creates in flight. */
  pending: number;
  /** Instances created and stored, ever. */
  created: number;
  /** Instances disposed (release, eviction, clear, or released while being created), ever. */
  disposed: number;
  /** Of those, how many left through `maxEntries` or `idleTtlMs` eviction. */
  evicted: number;
  /** Creates that threw, rejected or produced nothing. */
  failed: number;
  /** Disposes that threw or rejected (the entry was removed anyway). */
  disposeFailed: number;
  /** Async creates given up after `createTimeoutMs` (not counted in `failed`). */
  createTimedOut: number;
  /** Disposes not settled within `disposeTimeoutMs` (the entry was removed anyway; not counted in `disposeFailed`). */
  disposeTimedOut: number;
}

export interface Registry<C, T> {
  readonly name: string;
  /** The key for a context, validated, exactly as every other method computes it. */
  keyOf(context: C): string;
  /** The instance for this context's key, created on first use. Synchronous `create` only. */
  get(context: C): T;
  /** Like `get`, for sync or async `create`; concurrent calls for one key share one creation. */
  getAsync(context: C): Promise<T>;
  /** The existing instance, or undefined; never creates, does not count as a use. */
  peek(context: C): T | undefined;
  /** Dispose and forget this context's instance; true when there was one (or one being created). */
  release(context: C): Promise<boolean>;
  /** Evict idle entries now (for a timer); resolves with how many, after their dispose settled. */
  sweep(): Promise<number>;
  status(): RegistryStatus;
  /** Dispose everything and wait for it (tests, shutdown). The registry stays usable. */
  clear(): Promise<void>;
}

interface Entry<T> {
  instance: T;
  lastUsed: number;
}

interface InFlight<T> {
  promise: Promise<T>;
  /** Released while in flight: the instance is disposed on arrival and waiters get `disposed`. */
  cancelled: boolean;
  /** Somebody awaits `promise` (a `getAsync`, a `release`, `clear`): its timeout timer keeps the process alive. */
  held: boolean;
  /** Mark it awaited (see `held`). */
  hold(): void;
}

class KeyedRegistry<C, T> implements Registry<C, T> {
  readonly name: string;
  private readonly label: string;
  private readonly owner: Owner;
  /** Entries in recency order: the first is the least recently used. */
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, InFlight<T>>();
  /** Keys whose synchronous create is running: a create that asks for its own key would recurse. */
  private readonly creating = new Set<string>();
  /** Async disposes not yet settled, so `clear()` and `sweep()` can wait for them; each with its `hold`. */
  private readonly disposals = new Map<Promise<void>, () => void>();
  private readonly now: () => number;
  private readonly createTimeoutMs: number;
  private readonly disposeTimeoutMs: number;
  private readonly counts = { created: 0, disposed: 0, evicted: 0, failed: 0, disposeFailed: 0, createTimedOut: 0, disposeTimedOut: 0 };

  constructor(private readonly options: RegistryOptions<C, T>) {
    this.name = options.name;
    this.label = `${options.name} registry`;
    this.owner = { name: options.name, label: this.label };
    // Read at call time, so fake timers (vi.setSystemTime) also drive registries on the default clock.
    this.now = options.now ?? (() => Date.now());
    this.createTimeoutMs = options.createTimeoutMs ?? DEFAULT_CREATE_TIMEOUT_MS;
    this.disposeTimeoutMs = options.disposeTimeoutMs ?? DEFAULT_DISPOSE_TIMEOUT_MS;
  }

  keyOf(context: C): string {
    return validatedKey(this.owner, this.options.key, context, 'context');
  }

  get(context: C): T {
    const key = this.keyOf(context);
    this.expireIdle();
    const existing = this.use(key);
    if (existing !== undefined) return existing.instance;
    if (this.pendingFor(key)) throw this.asyncInGet(key, 'an async create for this key is still in flight');
    const made = this.runCreate(context, key);
    if (isThenable(made)) {
      // Keep the creation, so a following getAsync() shares it instead of creating a second instance.
      // Nobody awaits it yet: its timeout must not keep the process alive.
      this.track(key, made, false);
      throw this.asyncInGet(key, 'create returned a promise');
    }
    return this.store(key, made);
  }

  async getAsync(context: C): Promise<T> {
    const key = this.keyOf(context);
    this.expireIdle();
    const existing = this.use(key);
    if (existing !== undefined) return existing.instance;
    const pending = this.pendingFor(key);
    if (pending) {
      pending.hold();
      return pending.promise;
    }
    const made = this.runCreate(context, key);
    if (isThenable(made)) return this.track(key, made, true).promise;
    return this.store(key, made);
  }

  peek(context: C): T | undefined {
    const key = this.keyOf(context);
    this.expireIdle();
    return this.lookup(key)?.instance;
  }

  async release(context: C): Promise<boolean> {
    const key = this.keyOf(context);
    const pending = this.cancel(key);
    const entry = this.lookup(key);
    if (entry === undefined) {
      if (pending) {
        pending.hold();
        await settled(pending.promise);
      }
      return pending !== undefined;
    }
    this.forget(key);
    await this.dispose(key, entry.instance, true);
    return true;
  }

  async sweep(): Promise<number> {
    const disposing = this.expireIdle();
    await this.awaitDisposals(disposing);
    return disposing.length;
  }

  status(): RegistryStatus {
    this.expireIdle();
    return { name: this.name, size: this.entries.size, keys: [...this.entries.keys()], pending: this.inFlight.size, ...this.counts };
  }

  async clear(): Promise<void> {
    const pending = [...this.inFlight.keys()].map((key) => {
      const slot = this.cancel(key)!;
      slot.hold();
      return slot.promise;
    });
    const disposing: Promise<void>[] = [];
    for (const [key, entry] of [...this.entries]) {
      this.forget(key);
      disposing.push(this.dispose(key, entry.instance, true));
    }
    // Disposals started elsewhere (eviction in a sync get) are part of "everything" too: awaited from now on.
    await Promise.all([...pending.map(settled), ...disposing, this.awaitDisposals([...this.disposals.keys()])]);
    // And those started meanwhile (an instance that arrived for a cancelled creation).
    await this.awaitDisposals([...this.disposals.keys()]);
  }

  // --- the only places that touch `entries`: every operation uses the key from keyOf() ---

  private lookup(key: string): Entry<T> | undefined {
    return this.entries.get(key);
  }

  /** A hit: refresh its idle time and move it to the most recently used end. */
  private use(key: string): Entry<T> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.lastUsed = this.now();
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private store(key: string, instance: T): T {
    this.entries.set(key, { instance, lastUsed: this.now() });
    this.counts.created++;
    const max = this.options.maxEntries;
    if (max !== undefined) {
      for (const [oldest, entry] of this.entries) {
        if (this.entries.size <= max) break;
        this.evict(oldest, entry);
      }
    }
    return instance;
  }

  private forget(key: string): void {
    this.entries.delete(key);
  }

  /** Eviction happens inside other calls (get, store, status): nobody awaits its dispose until `sweep`/`clear` join it. */
  private evict(key: string, entry: Entry<T>): Promise<void> {
    this.forget(key);
    this.counts.evicted++;
    return this.dispose(key, entry.instance, false);
  }

  /** Evict entries idle longer than `idleTtlMs`; returns their dispose promises. */
  private expireIdle(): Promise<void>[] {
    const ttl = this.options.idleTtlMs;
    if (ttl === undefined || this.entries.size === 0) return [];
    const now = this.now();
    const disposing: Promise<void>[] = [];
    // Recency order: the first entry that is fresh enough ends the scan.
    for (const [key, entry] of this.entries) {
      if (now - entry.lastUsed <= ttl) break;
      disposing.push(this.evict(key, entry));
    }
    return disposing;
  }

  // --- creation (`inFlight` is only touched here, always with the key from keyOf()) ---

  private runCreate(context: C, key: string): T | PromiseLike<T> {
    if (this.creating.has(key)) {
      this.counts.failed++;
      throw new RegistryError('create-failed', `${this.label}: create for key '${key}' asked the registry for the same key; expected create to build the instance without looking itself up`, {
        registry: this.name,
        key,
      });
    }
    this.creating.add(key);
    let made: T | PromiseLike<T>;
    try {
      made = this.options.create(context, key);
    } catch (error) {
      throw this.createFailed(key, error);
    } finally {
      this.creating.delete(key);
    }
    if (!isThenable(made)) this.checkInstance(key, made);
    return made;
  }

  /**
   * Share one async creation between its waiters, bounded by `createTimeoutMs`. `held`: a caller
   * awaits it already (getAsync); a creation started by get() is held once somebody joins it.
   */
  private track(key: string, creation: PromiseLike<T>, held: boolean): InFlight<T> {
    const slot = { cancelled: false, held } as InFlight<T>;
    const arrival = Promise.resolve(creation);
    const bounded = withDeadline(arrival, this.createTimeoutMs, () => this.createTimedOut(key, slot), held);
    slot.hold = () => {
      slot.held = true;
      bounded.hold();
    };
    // An instance that arrives after the timeout belongs to nobody: dispose it, never store it (a newer
    // creation may own the key by now). A late failure has nobody left to tell.
    arrival.then(
      (instance) => {
        if (bounded.timedOut && instance !== null && instance !== undefined) void this.dispose(key, instance, false);
      },
      () => undefined,
    );
    slot.promise = bounded.promise.then(
      (instance) => {
        if (this.inFlight.get(key) === slot) this.inFlight.delete(key);
        this.checkInstance(key, instance);
        if (slot.cancelled) {
          const released = new RegistryError('disposed', `${this.label}: the entry for key '${key}' was released while it was being created; expected to ask again after the release`, {
            registry: this.name,
            key,
          });
          // Waiters (and the release() that awaits this creation) settle once the late instance is disposed.
          return this.dispose(key, instance, slot.held).then(() => Promise.reject(released));
        }
        return this.store(key, instance);
      },
      (error: unknown) => {
        if (this.inFlight.get(key) === slot) this.inFlight.delete(key);
        if (bounded.timedOut) throw error;
        throw this.createFailed(key, error);
      },
    );
    // get() starts creations nobody awaits; their failure is counted, not an unhandled rejection.
    slot.promise.catch(() => undefined);
    this.inFlight.set(key, slot);
    return slot;
  }

  /** The deadline passed: free the key for the next call, tell onError, and fail the waiters. */
  private createTimedOut(key: string, slot: InFlight<T>): never {
    if (this.inFlight.get(key) === slot) this.inFlight.delete(key);
    this.counts.createTimedOut++;
    const error = new RegistryError(
      'create-timeout',
      `${this.label}: create for key '${key}' did not settle within ${this.createTimeoutMs} ms; expected create to resolve or reject (the key is free again, and an instance that still arrives will be disposed)`,
      { registry: this.name, key },
    );
    notify(this.options.onError, error);
    throw error;
  }

  private pendingFor(key: string): InFlight<T> | undefined {
    return this.inFlight.get(key);
  }

  private cancel(key: string): InFlight<T> | undefined {
    const slot = this.inFlight.get(key);
    if (slot === undefined) return undefined;
    slot.cancelled = true;
    this.inFlight.delete(key);
    return slot;
  }

  /** create must produce an instance; null/undefined would make peek() and get() disagree. */
  private checkInstance(key: string, instance: unknown): void {
    if (instance === null || instance === undefined) {
      this.counts.failed++;
      throw new RegistryError('create-failed', `${this.label}: create for key '${key}' produced ${String(instance)}; expected an instance`, {
        registry: this.name,
        key,
      });
    }
  }

  private createFailed(key: string, error: unknown): RegistryError {
    if (error instanceof RegistryError && error.registry === this.name && error.code === 'create-failed') return error;
    this.counts.failed++;
    return new RegistryError('create-failed', `${this.label}: create for key '${key}' failed: ${messageOf(error)}`, { registry: this.name, key, cause: error });
  }

  private asyncInGet(key: string, why: string): RegistryError {
    return new RegistryError('async-create-in-get', `${this.label}: get() for key '${key}' cannot return an instance because ${why}; expected getAsync() for an async create`, {
      registry: this.name,
      key,
    });
  }

  // --- disposal ---

  /**
   * Dispose one instance that already left `entries`; never rejects, failures are recorded, and it
   * settles within `disposeTimeoutMs`. `held`: the caller awaits it (release, clear), so its timer
   * keeps the process alive; an eviction's is held only once `sweep` or `clear` joins it.
   */
  private dispose(key: string, instance: T, held: boolean): Promise<void> {
    this.counts.disposed++;
    const disposeFn = this.options.dispose;
    if (disposeFn === undefined) return Promise.resolve();
    const bounded = boundedCleanup(
      () => disposeFn(instance, key),
      this.disposeTimeoutMs,
      (error) => this.disposeFailed(key, error),
      () => this.disposeTimedOut(key),
      held,
    );
    const done = bounded.promise;
    this.disposals.set(done, bounded.hold);
    void done.then(() => this.disposals.delete(done));
    return done;
  }

  /** Wait for these disposals, keeping the process alive for them (somebody awaits them now). */
  private awaitDisposals(disposing: Promise<void>[]): Promise<unknown> {
    for (const done of disposing) this.disposals.get(done)?.();
    return Promise.all(disposing);
  }

  private disposeTimedOut(key: string): void {
    this.counts.disposeTimedOut++;
    notify(
      this.options.onError,
      new RegistryError('dispose-timeout', `${this.label}: dispose for key '${key}' did not settle within ${this.disposeTimeoutMs} ms; the entry was removed anyway`, {
        registry: this.name,
        key,
      }),
    );
  }

  private disposeFailed(key: string, error: unknown): void {
    this.counts.disposeFailed++;
    notify(
      this.options.onError,
      new RegistryError('dispose-failed', `${this.label}: dispose for key '${key}' failed: ${messageOf(error)}; the entry was removed anyway`, {
        registry: this.name,
        key,
        cause: error,
      }),
    );
  }
}

function settled(promise: Promise<unknown>): Promise<void> {
  return promise.then(
    () => undefined,
    () => undefined,
  );
}

/**
 * A registry of one instance per key. See docs/registry.md.
 *
 * ```ts
 * const managers = createRegistry<UserContext, WebSocketManager>({
 *   name: 'WebSocketManager',
 *   key: (ctx) => ctx.userId,
 *   create: (ctx) => new WebSocketManager(ctx),
 *   dispose: (manager) => manager.close(),
 * });
 * ```
 */
export function createRegistry<C, T>(options: RegistryOptions<C, T>): Registry<C, T> {
  const o = (options ?? {}) as Partial<RegistryOptions<C, T>>;
  const named = typeof o.name === 'string' && o.name.trim() !== '';
  const owner: Owner = named ? { name: o.name!, label: `${o.name!} registry` } : { name: 'createRegistry', label: 'createRegistry' };
  checkOptions(owner, [
    (typeof o.name !== 'string' || o.name.trim() === '') && 'name must be a non-empty string (the class the registry holds)',
    typeof o.key !== 'function' && 'key must be a function (context) => string',
    typeof o.create !== 'function' && 'create must be a function (context, key) => instance',
    o.dispose !== undefined && typeof o.dispose !== 'function' && 'dispose must be a function (instance, key) => void',
    o.maxEntries !== undefined && !isPositiveInteger(o.maxEntries) && `maxEntries must be a positive integer, got ${String(o.maxEntries)}`,
    o.idleTtlMs !== undefined && !isPositiveNumber(o.idleTtlMs) && `idleTtlMs must be a positive number of milliseconds, got ${String(o.idleTtlMs)}`,
    o.now !== undefined && typeof o.now !== 'function' && 'now must be a function () => milliseconds',
    timeoutProblem('createTimeoutMs', o.createTimeoutMs),
    timeoutProblem('disposeTimeoutMs', o.disposeTimeoutMs),
    o.onError !== undefined && typeof o.onError !== 'function' && 'onError must be a function (error) => void',
  ]);
  return new KeyedRegistry(options);
}
