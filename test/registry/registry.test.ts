/**
 * createRegistry: one test per behaviour line of the issue (named after it), then the details the
 * API promises (async create in get, release during create, deterministic keys, bad options).
 */
import { describe, expect, it, vi } from 'vitest';
import { createRegistry, RegistryError, type RegistryErrorCode } from '../../src/registry/index.js';
import { deferred, flushMicrotasks, sharedObjects } from './support.js';

interface Ctx {
  userId: string;
  sessionId?: string;
}

/** A per-user manager with state of its own, as the seeds' WebSocketManager should have been. */
class Manager {
  readonly rooms = new Set<string>();
  readonly settings = { compress: true, tags: [] as string[] };
  readonly sockets = new Map<string, { id: string }>();
  closed = false;
  constructor(readonly ctx: Ctx) {}
  close(): void {
    this.closed = true;
  }
}

function managerRegistry(extra: Partial<Parameters<typeof createRegistry<Ctx, Manager>>[0]> = {}) {
  const create = vi.fn((ctx: Ctx) => new Manager(ctx));
  const dispose = vi.fn((m: Manager) => m.close());
  const registry = createRegistry<Ctx, Manager>({ name: 'WebSocketManager', key: (ctx) => ctx.userId, create, dispose, ...extra });
  return { registry, create, dispose };
}

function codeOf(fn: () => unknown): RegistryErrorCode | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return (error as RegistryError).code;
  }
}

describe('createRegistry', () => {
  it('three contexts for demo-user-001 → one instance; status().size === 1', () => {
    const { registry, create } = managerRegistry();
    const a = registry.get({ userId: 'demo-user-001' });
    const b = registry.get({ userId: 'demo-user-001', sessionId: 's-2' });
    const c = registry.get({ userId: 'demo-user-001', sessionId: 's-3' });
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(create).toHaveBeenCalledTimes(1);
    expect(registry.status().size).toBe(1);
    expect(registry.status().keys).toEqual(['demo-user-001']);
  });

  it('100 distinct users → size grows by exactly 100; releasing them all → size === 0 and dispose called 100 times', async () => {
    const { registry, dispose } = managerRegistry();
    registry.get({ userId: 'already-here' });
    const before = registry.status().size;
    const users = Array.from({ length: 100 }, (_, i) => ({ userId: `user-${i}` }));
    const instances = users.map((u) => registry.get(u));
    expect(new Set(instances).size).toBe(100);
    expect(registry.status().size - before).toBe(100);
    for (const u of users) expect(await registry.release(u)).toBe(true);
    expect(registry.status().size).toBe(before);
    expect(dispose).toHaveBeenCalledTimes(100);
    expect(instances.every((m) => m.closed)).toBe(true);
    await registry.release({ userId: 'already-here' });
    expect(registry.status()).toMatchObject({ size: 0, created: 101, disposed: 101 });
    expect(await registry.release({ userId: 'user-0' })).toBe(false);
  });

  it("isolation: two users' managers share no mutable object (deep check of own enumerable state)", () => {
    const { registry } = managerRegistry();
    const a = registry.get({ userId: 'alice' });
    const b = registry.get({ userId: 'bob' });
    a.rooms.add('general');
    a.settings.tags.push('x');
    expect(sharedObjects(a, b)).toEqual([]);
    expect(b.rooms.size).toBe(0);
    expect(b.settings.tags).toEqual([]);
    // The check can fail: a manager that points at a module-level object is caught.
    const common = { rooms: [] as string[] };
    const leaky = createRegistry<Ctx, { ctx: Ctx; common: typeof common }>({ name: 'Leaky', key: (c) => c.userId, create: (ctx) => ({ ctx, common }) });
    expect(sharedObjects(leaky.get({ userId: 'alice' }), leaky.get({ userId: 'bob' }))).toEqual([common, common.rooms]);
  });

  it('1,000 concurrent getAsync for one key with a slow async create → create called once, all get the same instance; when create rejects, every waiter gets the error and the next call retries (no poisoned entry); failed counts it', async () => {
    // Success: one creation shared by 1,000 callers.
    const gate = deferred<void>();
    const create = vi.fn(async (ctx: Ctx) => {
      await gate.promise;
      return new Manager(ctx);
    });
    const registry = createRegistry<Ctx, Manager>({ name: 'WebSocketManager', key: (c) => c.userId, create });
    const waiting = Array.from({ length: 1000 }, () => registry.getAsync({ userId: 'u-1' }));
    await flushMicrotasks();
    expect(registry.status().pending).toBe(1);
    gate.resolve();
    const got = await Promise.all(waiting);
    expect(create).toHaveBeenCalledTimes(1);
    expect(new Set(got).size).toBe(1);
    expect(registry.status()).toMatchObject({ size: 1, pending: 0, created: 1, failed: 0 });

    // Failure: every waiter gets the error, nothing is stored, the next call creates again.
    const failGate = deferred<Manager>();
    const flaky = vi.fn((ctx: Ctx): Promise<Manager> => (flaky.mock.calls.length === 1 ? failGate.promise : Promise.resolve(new Manager(ctx))));
    const r2 = createRegistry<Ctx, Manager>({ name: 'WebSocketManager', key: (c) => c.userId, create: flaky });
    const waiters = Array.from({ length: 1000 }, () => r2.getAsync({ userId: 'u-2' }));
    failGate.reject(new Error('database unavailable'));
    const outcomes = await Promise.allSettled(waiters);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    const errors = outcomes.map((o) => (o as PromiseRejectedResult).reason as RegistryError);
    expect(new Set(errors).size).toBe(1);
    expect(errors[0]).toBeInstanceOf(RegistryError);
    expect(errors[0]!.code).toBe('create-failed');
    expect(errors[0]!.message).toBe("WebSocketManager registry: create for key 'u-2' failed: database unavailable");
    expect((errors[0]!.cause as Error).message).toBe('database unavailable');
    expect(r2.status()).toMatchObject({ size: 0, pending: 0, failed: 1 });
    expect(r2.peek({ userId: 'u-2' })).toBeUndefined();
    const retried = await r2.getAsync({ userId: 'u-2' });
    expect(retried).toBeInstanceOf(Manager);
    expect(flaky).toHaveBeenCalledTimes(2);
    expect(r2.status()).toMatchObject({ size: 1, created: 1, failed: 1 });
  });

  it("null, undefined, {}, { userId: '' }, { userId: null } → RegistryError with the right code, no entry created", () => {
    const { registry, create } = managerRegistry();
    const bad: [unknown, RegistryErrorCode, string][] = [
      [null, 'invalid-context', 'WebSocketManager registry: got null as the context; expected a context to compute the key from'],
      [undefined, 'invalid-context', 'WebSocketManager registry: got undefined as the context; expected a context to compute the key from'],
      [{}, 'invalid-key', 'WebSocketManager registry: the key function returned undefined for this context; expected a non-empty string such as the user id'],
      [{ userId: '' }, 'invalid-key', 'WebSocketManager registry: the key function returned an empty string ("") for this context; expected a non-empty string such as the user id'],
      [{ userId: null }, 'invalid-key', 'WebSocketManager registry: the key function returned null for this context; expected a non-empty string such as the user id'],
    ];
    for (const [ctx, code, message] of bad) {
      let caught: unknown;
      try {
        registry.get(ctx as Ctx);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RegistryError);
      expect({ code: (caught as RegistryError).code, message: (caught as RegistryError).message, registry: (caught as RegistryError).registry }).toEqual({
        code,
        message,
        registry: 'WebSocketManager',
      });
      // Every entry point validates the same way.
      expect(codeOf(() => registry.peek(ctx as Ctx))).toBe(code);
      expect(codeOf(() => registry.keyOf(ctx as Ctx))).toBe(code);
    }
    expect(create).not.toHaveBeenCalled();
    expect(registry.status()).toMatchObject({ size: 0, created: 0, failed: 0 });
  });

  it('maxEntries and idleTtlMs evict (injected clock, no real sleeping) and call dispose; a throwing dispose is recorded and the entry is still removed', async () => {
    let now = 1_000;
    const onError = vi.fn();
    const { registry, dispose } = managerRegistry({ maxEntries: 2, idleTtlMs: 60_000, now: () => now, onError });

    // LRU: a, b; touch a; c evicts b (least recently used), not a.
    const a = registry.get({ userId: 'a' });
    const b = registry.get({ userId: 'b' });
    now += 10;
    expect(registry.get({ userId: 'a' })).toBe(a);
    registry.get({ userId: 'c' });
    expect(registry.status()).toMatchObject({ size: 2, keys: ['a', 'c'], evicted: 1 });
    expect(dispose).toHaveBeenCalledWith(b, 'b');
    expect(b.closed).toBe(true);
    expect(registry.peek({ userId: 'b' })).toBeUndefined();

    // Idle TTL: only entries idle longer than 60 s go; checked on the next call.
    now += 30_000;
    registry.get({ userId: 'c' }); // c used at +30 s, a last used at +10 ms
    now += 30_001;
    expect(registry.status()).toMatchObject({ size: 1, keys: ['c'], evicted: 2 });
    expect(a.closed).toBe(true);
    now += 60_001;
    expect(await registry.sweep()).toBe(1);
    expect(registry.status()).toMatchObject({ size: 0, evicted: 3, disposed: 3 });
    expect(dispose).toHaveBeenCalledTimes(3);

    // A throwing dispose (sync) and a rejecting one (async): recorded, reported, entry gone anyway.
    const throwing = createRegistry<Ctx, Manager>({
      name: 'WebSocketManager',
      key: (c) => c.userId,
      create: (c) => new Manager(c),
      dispose: (_m, key) => (key === 'sync-fail' ? raise(new Error('socket already closed')) : Promise.reject(new Error('flush timed out'))),
      maxEntries: 1,
      onError,
    });
    throwing.get({ userId: 'sync-fail' });
    throwing.get({ userId: 'async-fail' }); // evicts sync-fail
    expect(await throwing.release({ userId: 'async-fail' })).toBe(true);
    expect(throwing.status()).toMatchObject({ size: 0, disposed: 2, evicted: 1, disposeFailed: 2 });
    expect(throwing.peek({ userId: 'sync-fail' })).toBeUndefined();
    expect(throwing.peek({ userId: 'async-fail' })).toBeUndefined();
    expect(onError.mock.calls.map(([e]) => [(e as RegistryError).code, (e as RegistryError).key, (e as RegistryError).message])).toEqual([
      ['dispose-failed', 'sync-fail', "WebSocketManager registry: dispose for key 'sync-fail' failed: socket already closed; the entry was removed anyway"],
      ['dispose-failed', 'async-fail', "WebSocketManager registry: dispose for key 'async-fail' failed: flush timed out; the entry was removed anyway"],
    ]);
    // The registry still works for those keys afterwards.
    expect(throwing.get({ userId: 'sync-fail' })).toBeInstanceOf(Manager);
  });
});

describe('createRegistry details', () => {
  it('get() on an async create throws async-create-in-get, and getAsync() then shares that creation', async () => {
    const create = vi.fn(async (ctx: Ctx) => new Manager(ctx));
    const registry = createRegistry<Ctx, Manager>({ name: 'WebSocketManager', key: (c) => c.userId, create });
    let caught: unknown;
    try {
      registry.get({ userId: 'u' });
    } catch (error) {
      caught = error;
    }
    expect((caught as RegistryError).code).toBe('async-create-in-get');
    expect((caught as RegistryError).message).toBe(
      "WebSocketManager registry: get() for key 'u' cannot return an instance because create returned a promise; expected getAsync() for an async create",
    );
    expect(codeOf(() => registry.get({ userId: 'u' }))).toBe('async-create-in-get'); // still in flight
    const m = await registry.getAsync({ userId: 'u' });
    expect(create).toHaveBeenCalledTimes(1);
    expect(registry.get({ userId: 'u' })).toBe(m); // stored now: get() hands it out synchronously
  });

  it('release() during an in-flight create disposes the late instance and rejects its waiters with disposed', async () => {
    const gate = deferred<Manager>();
    const disposing = deferred<void>();
    const dispose = vi.fn(() => disposing.promise);
    const registry = createRegistry<Ctx, Manager>({ name: 'WebSocketManager', key: (c) => c.userId, create: () => gate.promise, dispose });
    const waiter = registry.getAsync({ userId: 'u' });
    const released = registry.release({ userId: 'u' });
    const late = new Manager({ userId: 'u' });
    let releaseDone = false;
    void released.then(() => (releaseDone = true));
    gate.resolve(late);
    await flushMicrotasks();
    expect(dispose).toHaveBeenCalledWith(late, 'u');
    expect(releaseDone).toBe(false); // release() waits for the late instance's dispose
    disposing.resolve();
    await expect(waiter).rejects.toMatchObject({ code: 'disposed', key: 'u' });
    expect(await released).toBe(true);
    expect(registry.status()).toMatchObject({ size: 0, pending: 0 });
  });

  it('clear() disposes every entry and waits for async disposes; the registry stays usable', async () => {
    const gate = deferred<void>();
    const disposed: string[] = [];
    const registry = createRegistry<Ctx, Manager>({
      name: 'WebSocketManager',
      key: (c) => c.userId,
      create: (c) => new Manager(c),
      dispose: async (_m, key) => {
        await gate.promise;
        disposed.push(key);
      },
    });
    registry.get({ userId: 'a' });
    registry.get({ userId: 'b' });
    let cleared = false;
    const clearing = registry.clear().then(() => (cleared = true));
    await flushMicrotasks();
    expect(cleared).toBe(false);
    expect(registry.status().size).toBe(0);
    gate.resolve();
    await clearing;
    expect(disposed.sort()).toEqual(['a', 'b']);
    expect(registry.get({ userId: 'a' })).toBeInstanceOf(Manager);
  });

  it('a key function that is not deterministic (Date.now) is refused with invalid-key', () => {
    let tick = 0;
    const registry = createRegistry<Ctx, Manager>({ name: 'WebSocketManager', key: (c) => `${c.userId}:${tick++}`, create: (c) => new Manager(c) });
    let caught: unknown;
    try {
      registry.get({ userId: 'u' });
    } catch (error) {
      caught = error;
    }
    expect((caught as RegistryError).code).toBe('invalid-key');
    expect((caught as RegistryError).message).toBe(
      "WebSocketManager registry: the key function returned 'u:0' and then 'u:1' for the same context; expected a deterministic key (no time, random or counter parts)",
    );
    expect(registry.status().size).toBe(0);
  });

  it('a key function that throws is invalid-context; a create that throws or returns nothing is create-failed', () => {
    const registry = createRegistry<{ user: { id: string } }, Manager>({
      name: 'WebSocketManager',
      key: (c) => c.user.id,
      create: (c) => (c.user.id === 'boom' ? raise(new Error('no socket')) : c.user.id === 'none' ? (undefined as unknown as Manager) : new Manager({ userId: c.user.id })),
    });
    expect(codeOf(() => registry.get({} as { user: { id: string } }))).toBe('invalid-context');
    expect(codeOf(() => registry.get({ user: { id: 'boom' } }))).toBe('create-failed');
    expect(codeOf(() => registry.get({ user: { id: 'none' } }))).toBe('create-failed');
    expect(registry.status()).toMatchObject({ size: 0, failed: 2 });
  });

  it('a create that asks the registry for its own key fails instead of recursing', () => {
    const registry = createRegistry<Ctx, Manager>({
      name: 'WebSocketManager',
      key: (c) => c.userId,
      create: (c): Manager => registry.get(c),
    });
    expect(codeOf(() => registry.get({ userId: 'u' }))).toBe('create-failed');
    expect(registry.status()).toMatchObject({ size: 0, failed: 1 });
  });

  it('bad options are refused with invalid-options naming each problem', () => {
    let caught: unknown;
    try {
      createRegistry({ name: 'WebSocketManager', key: 'userId', create: () => ({}), maxEntries: 0 } as never);
    } catch (error) {
      caught = error;
    }
    expect((caught as RegistryError).code).toBe('invalid-options');
    expect((caught as RegistryError).message).toBe(
      'WebSocketManager registry: invalid options: key must be a function (context) => string; maxEntries must be a positive integer, got 0',
    );
  });
});

function raise(error: Error): never {
  throw error;
}
