/**
 * createConnectionPool: the pool line, one test per sentence (named after it), then details.
 * Close timeouts run on vitest's fake timers: no real waiting.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConnectionPool, RegistryError, type ConnectionPoolOptions } from '../../src/registry/index.js';

const OPEN = 1;
const CLOSED = 3;

interface Conn {
  id: string;
  userId: string;
  readyState: number;
  close(): unknown;
}

let nextId = 0;
function conn(userId: string, readyState = OPEN, close: () => unknown = () => undefined): Conn {
  return { id: `c${nextId++}`, userId, readyState, close: vi.fn(close) };
}

function userPool(extra: Partial<ConnectionPoolOptions<Conn>> = {}) {
  return createConnectionPool<Conn>({
    key: (c) => c.userId,
    maxPerKey: 20,
    isAlive: (c) => c.readyState === OPEN,
    close: (c) => c.close(),
    closeTimeoutMs: 1_000,
    ...extra,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createConnectionPool', () => {
  it('20 live connections + 1 more → limit-exceeded with the message above, in well under a second', async () => {
    const pool = userPool();
    for (let i = 0; i < 20; i++) await pool.add(conn('user-7'));
    const started = performance.now();
    let caught: unknown;
    try {
      await pool.add(conn('user-7'));
    } catch (error) {
      caught = error;
    }
    const elapsed = performance.now() - started;
    expect(caught).toBeInstanceOf(RegistryError);
    expect((caught as RegistryError).code).toBe('limit-exceeded');
    expect((caught as RegistryError).key).toBe('user-7');
    expect((caught as RegistryError).message).toBe('user-7 exceeded the maximum connections per user (20/20); 0 dead connections could be cleaned up');
    expect(elapsed).toBeLessThan(100);
    expect(pool.count('user-7')).toBe(20);
    expect(pool.status()).toMatchObject({ size: 20, rejected: 1, deadEvicted: 0 });
    // Other users are not affected by user-7's limit.
    await pool.add(conn('user-8'));
    expect(pool.count('user-8')).toBe(1);
  });

  it('20 connections of which 5 dead (some whose close throws, some whose close never settles) + 1 more → the 5 are evicted within closeTimeoutMs and the add succeeds', async () => {
    vi.useFakeTimers();
    const onError = vi.fn();
    const pool = userPool({ onError });
    const dead = [
      conn('user-7', CLOSED, () => {
        throw new Error('already closed');
      }),
      conn('user-7', CLOSED, () => Promise.reject(new Error('EPIPE'))),
      conn('user-7', CLOSED, () => new Promise(() => undefined)), // never settles
      conn('user-7', CLOSED, () => new Promise(() => undefined)), // never settles
      conn('user-7', CLOSED),
    ];
    const live = Array.from({ length: 15 }, () => conn('user-7'));
    for (const c of [...live.slice(0, 7), ...dead, ...live.slice(7)]) await pool.add(c);
    expect(pool.count('user-7')).toBe(20);

    const extra = conn('user-7');
    let settled = false;
    const adding = pool.add(extra).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    // Evicted and added at once; the add waits only for the closes, and at most closeTimeoutMs.
    expect(pool.count('user-7')).toBe(16);
    expect(pool.has(extra)).toBe(true);
    expect(dead.some((c) => pool.has(c))).toBe(false);
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    await adding;
    for (const c of dead) expect(c.close).toHaveBeenCalledTimes(1);
    for (const c of live) expect(c.close).not.toHaveBeenCalled();
    expect(pool.status()).toMatchObject({ size: 16, deadEvicted: 5, closeFailed: 2, closeTimedOut: 2, rejected: 0 });
    expect(onError.mock.calls.map(([e]) => (e as RegistryError).code).sort()).toEqual(['close-failed', 'close-failed', 'close-timeout', 'close-timeout']);
    expect(onError.mock.calls.map(([e]) => (e as RegistryError).message)).toContain(
      'connections pool: close of a connection of user-7 did not settle within 1000 ms; it was removed anyway',
    );
  });

  it('a connection whose userId field is changed after add is still removed by remove(conn)', async () => {
    const pool = userPool();
    const c = conn('user-7');
    const other = conn('user-7');
    await pool.add(c);
    await pool.add(other);
    c.userId = 'user-9'; // e.g. a re-authentication that mutates the socket object
    expect(pool.remove(c)).toBe(true);
    expect(pool.has(c)).toBe(false);
    expect(pool.count('user-7')).toBe(1);
    expect(pool.count('user-9')).toBe(0);
    expect(pool.connections('user-7')).toEqual([other]);
    expect(pool.remove(c)).toBe(false);
    expect(pool.status()).toMatchObject({ size: 1, added: 2, removed: 1 });
  });
});

describe('createConnectionPool details', () => {
  it('one dead connection at the limit makes room for exactly one more', async () => {
    const pool = userPool({ maxPerKey: 2 });
    const a = conn('u', CLOSED);
    await pool.add(a);
    await pool.add(conn('u'));
    await pool.add(conn('u')); // evicts a
    expect(pool.has(a)).toBe(false);
    await expect(pool.add(conn('u'))).rejects.toThrow('u exceeded the maximum connections per user (2/2); 0 dead connections could be cleaned up');
  });

  it('adding the same connection twice counts it once', async () => {
    const pool = userPool({ maxPerKey: 1 });
    const c = conn('u');
    await pool.add(c);
    await pool.add(c);
    expect(pool.count('u')).toBe(1);
  });

  it('invalid connections are refused with invalid-context / invalid-key and nothing is added', async () => {
    const pool = userPool({ name: 'chat sockets' });
    await expect(pool.add(null as unknown as Conn)).rejects.toMatchObject({ code: 'invalid-context', registry: 'chat sockets' });
    await expect(pool.add(conn(''))).rejects.toMatchObject({
      code: 'invalid-key',
      message: 'chat sockets pool: the key function returned an empty string ("") for this connection; expected a non-empty string such as the user id',
    });
    expect(pool.status().size).toBe(0);
  });

  it('keyLabel names what a key is in the limit message', async () => {
    const pool = userPool({ maxPerKey: 1, keyLabel: 'tenant' });
    await pool.add(conn('acme'));
    await expect(pool.add(conn('acme'))).rejects.toThrow('acme exceeded the maximum connections per tenant (1/1); 0 dead connections could be cleaned up');
  });

  it('prune() evicts dead connections below the limit; clear() removes and closes everything', async () => {
    const pool = userPool();
    const dead = conn('u', CLOSED);
    const alive = conn('u');
    await pool.add(dead);
    await pool.add(alive);
    await pool.add(conn('v'));
    expect(await pool.prune()).toBe(1);
    expect(dead.close).toHaveBeenCalledTimes(1);
    expect(pool.connections('u')).toEqual([alive]);
    await pool.clear();
    expect(pool.status()).toMatchObject({ size: 0, keys: [] });
    expect(alive.close).toHaveBeenCalledTimes(1);
  });

  it('bad options are refused with invalid-options naming each problem', () => {
    expect(() => createConnectionPool({ key: (c: Conn) => c.userId, maxPerKey: 0, isAlive: () => true } as ConnectionPoolOptions<Conn>)).toThrow(
      'connections pool: invalid options: maxPerKey must be a positive integer, got 0',
    );
  });
});
