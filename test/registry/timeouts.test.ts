/**
 * No wait without an end: a `create`, `dispose` or `close` that never settles is given up after its
 * timeout, reported through `onError`, and what waited for it settles. In-process, on fake timers
 * (no real waiting) except where the timers' ref state is the subject; hang-process.test.ts runs the
 * same hangs in a process that has nothing else alive.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConnectionPool, createRegistry, RegistryError, type RegistryErrorCode } from '../../src/registry/index.js';
import { DEFAULT_CREATE_TIMEOUT_MS, DEFAULT_DISPOSE_TIMEOUT_MS } from '../../src/registry/registry.js';
import { deferred, flushMicrotasks } from './support.js';

interface Ctx {
  userId: string;
}

class Manager {
  constructor(readonly ctx: Ctx) {}
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function codeOfRejection(promise: Promise<unknown>): Promise<RegistryErrorCode | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return (error as RegistryError).code;
  }
}

describe('createTimeoutMs', () => {
  it('a create that never settles: every waiter rejects with create-timeout at the deadline, onError is told once, the key is free for the next call', async () => {
    vi.useFakeTimers();
    const errors: RegistryError[] = [];
    const first = deferred<Manager>();
    const create = vi.fn((ctx: Ctx) => (create.mock.calls.length === 1 ? first.promise : Promise.resolve(new Manager(ctx))));
    const dispose = vi.fn();
    const registry = createRegistry<Ctx, Manager>({ name: 'WebSocketManager', key: (c) => c.userId, create, dispose, createTimeoutMs: 1_000, onError: (e) => errors.push(e) });
    const waiters = [registry.getAsync({ userId: 'u' }), registry.getAsync({ userId: 'u' })].map(codeOfRejection);
    await vi.advanceTimersByTimeAsync(999);
    expect(registry.status().pending).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await Promise.all(waiters)).toEqual(['create-timeout', 'create-timeout']);
    expect(errors.map((e) => [e.code, e.key])).toEqual([['create-timeout', 'u']]);
    expect(errors[0]!.message).toBe(
      "WebSocketManager registry: create for key 'u' did not settle within 1000 ms; expected create to resolve or reject (the key is free again, and an instance that still arrives will be disposed)",
    );
    expect(registry.status()).toMatchObject({ size: 0, pending: 0, createTimedOut: 1, failed: 0 });

    // The slot is free: the next call creates again and is stored.
    const fresh = await registry.getAsync({ userId: 'u' });
    expect(create).toHaveBeenCalledTimes(2);

    // The abandoned create resolves late: its instance is disposed, and does not replace the newer entry.
    const late = new Manager({ userId: 'u' });
    first.resolve(late);
    await flushMicrotasks();
    expect(dispose).toHaveBeenCalledWith(late, 'u');
    expect(registry.peek({ userId: 'u' })).toBe(fresh);
    expect(registry.status()).toMatchObject({ size: 1, created: 1, disposed: 1 });
  });

  it('an abandoned create that rejects late is ignored (no unhandled rejection, nothing disposed)', async () => {
    vi.useFakeTimers();
    const first = deferred<Manager>();
    const dispose = vi.fn();
    const registry = createRegistry<Ctx, Manager>({ name: 'M', key: (c) => c.userId, create: () => first.promise, dispose, createTimeoutMs: 50 });
    const waiter = codeOfRejection(registry.getAsync({ userId: 'u' }));
    await vi.advanceTimersByTimeAsync(50);
    expect(await waiter).toBe('create-timeout');
    first.reject(new Error('too late'));
    await flushMicrotasks();
    expect(dispose).not.toHaveBeenCalled();
    expect(registry.status()).toMatchObject({ failed: 0, createTimedOut: 1 });
  });

  it('release() during a create that never settles resolves by the deadline; the late instance is disposed', async () => {
    vi.useFakeTimers();
    const first = deferred<Manager>();
    const dispose = vi.fn();
    const registry = createRegistry<Ctx, Manager>({ name: 'M', key: (c) => c.userId, create: () => first.promise, dispose, createTimeoutMs: 200 });
    const waiter = codeOfRejection(registry.getAsync({ userId: 'u' }));
    let released: boolean | undefined;
    void registry.release({ userId: 'u' }).then((r) => (released = r));
    await vi.advanceTimersByTimeAsync(199);
    expect(released).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(released).toBe(true);
    expect(await waiter).toBe('create-timeout');
    const late = new Manager({ userId: 'u' });
    first.resolve(late);
    await flushMicrotasks();
    expect(dispose).toHaveBeenCalledWith(late, 'u');
  });

  it('a create that settles in time is unaffected, and its timer is cleared', async () => {
    vi.useFakeTimers();
    const registry = createRegistry<Ctx, Manager>({ name: 'M', key: (c) => c.userId, create: async (ctx) => new Manager(ctx), createTimeoutMs: 100 });
    const m = await registry.getAsync({ userId: 'u' });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(registry.peek({ userId: 'u' })).toBe(m);
  });

  it(`defaults to ${DEFAULT_CREATE_TIMEOUT_MS} ms`, async () => {
    vi.useFakeTimers();
    const registry = createRegistry<Ctx, Manager>({ name: 'M', key: (c) => c.userId, create: () => never<Manager>() });
    const waiter = codeOfRejection(registry.getAsync({ userId: 'u' }));
    await vi.advanceTimersByTimeAsync(DEFAULT_CREATE_TIMEOUT_MS - 1);
    expect(registry.status().pending).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await waiter).toBe('create-timeout');
  });
});

describe('disposeTimeoutMs', () => {
  function hangingRegistry(extra: { idleTtlMs?: number; now?: () => number } = {}) {
    const errors: RegistryError[] = [];
    const dispose = vi.fn(() => never<void>());
    const registry = createRegistry<Ctx, Manager>({
      name: 'M',
      key: (c) => c.userId,
      create: (ctx) => new Manager(ctx),
      dispose,
      disposeTimeoutMs: 300,
      onError: (e) => errors.push(e),
      ...extra,
    });
    return { registry, errors, dispose };
  }

  it('release(), clear() and sweep() with a dispose that never settles resolve at the deadline and report dispose-timeout', async () => {
    vi.useFakeTimers();
    let now = 0;
    const { registry, errors } = hangingRegistry({ idleTtlMs: 10, now: () => now });
    registry.get({ userId: 'a' });
    registry.get({ userId: 'b' });

    let released: boolean | undefined;
    void registry.release({ userId: 'a' }).then((r) => (released = r));
    await vi.advanceTimersByTimeAsync(299);
    expect(released).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(released).toBe(true);

    let cleared = false;
    void registry.clear().then(() => (cleared = true));
    await vi.advanceTimersByTimeAsync(300);
    expect(cleared).toBe(true);

    registry.get({ userId: 'c' });
    now = 100;
    let swept: number | undefined;
    void registry.sweep().then((n) => (swept = n));
    await vi.advanceTimersByTimeAsync(300);
    expect(swept).toBe(1);

    expect(errors.map((e) => [e.code, e.key])).toEqual([
      ['dispose-timeout', 'a'],
      ['dispose-timeout', 'b'],
      ['dispose-timeout', 'c'],
    ]);
    expect(errors[0]!.message).toBe("M registry: dispose for key 'a' did not settle within 300 ms; the entry was removed anyway");
    expect(registry.status()).toMatchObject({ size: 0, disposed: 3, disposeTimedOut: 3, disposeFailed: 0 });
  });

  it('a dispose that rejects after its deadline is not reported a second time', async () => {
    vi.useFakeTimers();
    const gate = deferred<void>();
    const errors: RegistryErrorCode[] = [];
    const registry = createRegistry<Ctx, Manager>({
      name: 'M',
      key: (c) => c.userId,
      create: (ctx) => new Manager(ctx),
      dispose: () => gate.promise,
      disposeTimeoutMs: 10,
      onError: (e) => errors.push(e.code),
    });
    registry.get({ userId: 'u' });
    const released = registry.release({ userId: 'u' });
    await vi.advanceTimersByTimeAsync(10);
    expect(await released).toBe(true);
    gate.reject(new Error('late'));
    await flushMicrotasks();
    expect(errors).toEqual(['dispose-timeout']);
  });

  it(`defaults to ${DEFAULT_DISPOSE_TIMEOUT_MS} ms`, async () => {
    vi.useFakeTimers();
    const registry = createRegistry<Ctx, Manager>({ name: 'M', key: (c) => c.userId, create: (ctx) => new Manager(ctx), dispose: () => never<void>() });
    registry.get({ userId: 'u' });
    let released = false;
    void registry.release({ userId: 'u' }).then(() => (released = true));
    await vi.advanceTimersByTimeAsync(DEFAULT_DISPOSE_TIMEOUT_MS - 1);
    expect(released).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(released).toBe(true);
  });
});

describe('timeout timers keep the process alive only for a wait somebody awaits', () => {
  /** The real Node timers the registry starts from now on. */
  function captureTimers(): NodeJS.Timeout[] {
    const timers: NodeJS.Timeout[] = [];
    const real = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      const t = real(fn, ms);
      timers.push(t);
      return t;
    }) as typeof setTimeout);
    return timers;
  }

  it('getAsync: referenced; a create started by get(): unreferenced until a getAsync joins it', async () => {
    const timers = captureTimers();
    const registry = createRegistry<Ctx, Manager>({ name: 'M', key: (c) => c.userId, create: () => never<Manager>(), createTimeoutMs: 60_000 });
    void registry.getAsync({ userId: 'awaited' }).catch(() => undefined);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.hasRef()).toBe(true);

    expect(() => registry.get({ userId: 'fire-and-forget' })).toThrow(RegistryError);
    expect(timers).toHaveLength(2);
    expect(timers[1]!.hasRef()).toBe(false);
    const joined = registry.getAsync({ userId: 'fire-and-forget' }).catch(() => undefined);
    expect(timers[1]!.hasRef()).toBe(true);

    void registry.clear();
    for (const t of timers) clearTimeout(t);
    void joined;
  });

  it('an eviction inside get(): unreferenced dispose timer; sweep()/clear() joining it: referenced', async () => {
    const timers = captureTimers();
    const registry = createRegistry<Ctx, Manager>({
      name: 'M',
      key: (c) => c.userId,
      create: (ctx) => new Manager(ctx),
      dispose: () => never<void>(),
      maxEntries: 1,
      disposeTimeoutMs: 60_000,
    });
    registry.get({ userId: 'a' });
    registry.get({ userId: 'b' }); // evicts a
    expect(timers).toHaveLength(1);
    expect(timers[0]!.hasRef()).toBe(false);
    void registry.clear();
    expect(timers[0]!.hasRef()).toBe(true);
    for (const t of timers) clearTimeout(t);
  });

  it("the pool's close timer is referenced: add(), prune() and clear() are awaited", async () => {
    const timers = captureTimers();
    const pool = createConnectionPool<{ userId: string; open: boolean }>({
      key: (c) => c.userId,
      maxPerKey: 1,
      isAlive: (c) => c.open,
      close: () => never<void>(),
      closeTimeoutMs: 60_000,
    });
    await pool.add({ userId: 'u', open: false });
    void pool.add({ userId: 'u', open: true });
    expect(timers).toHaveLength(1);
    expect(timers[0]!.hasRef()).toBe(true);
    for (const t of timers) clearTimeout(t);
  });
});

describe('timeout options', () => {
  it('must be positive numbers of milliseconds up to 2^31 − 1', () => {
    const base = { name: 'M', key: (c: Ctx) => c.userId, create: (c: Ctx) => new Manager(c) };
    expect(() => createRegistry<Ctx, Manager>({ ...base, createTimeoutMs: 0 })).toThrow(
      'M registry: invalid options: createTimeoutMs must be a positive number of milliseconds up to 2147483647, got 0',
    );
    expect(() => createRegistry<Ctx, Manager>({ ...base, disposeTimeoutMs: 2 ** 31 })).toThrow('disposeTimeoutMs must be a positive number of milliseconds up to 2147483647, got 2147483648');
    expect(() => createRegistry<Ctx, Manager>({ ...base, createTimeoutMs: Number.NaN })).toThrow('createTimeoutMs must be');
    expect(() => createConnectionPool({ key: (c: Ctx) => c.userId, maxPerKey: 1, isAlive: () => true, closeTimeoutMs: Infinity })).toThrow(
      'connections pool: invalid options: closeTimeoutMs must be a positive number of milliseconds up to 2147483647, got Infinity',
    );
  });
});
