/**
 * createConnectionPool: per-key connection limits whose cleanup works.
 *
 * The seeds' "20/20 after cleanup" failure had two causes: cleanup computed the key differently from
 * the insert, and one hung `close()` stalled the whole cleanup. Here the key is computed once, by
 * the one key function, and remembered per connection (removal is by identity, so a connection
 * whose fields changed after `add` is still found); dead connections are evicted before a limit is
 * declared, and every `close` is bounded by `closeTimeoutMs`.
 */
import {
  RegistryError,
  checkOptions,
  isPositiveInteger,
  messageOf,
  notify,
  timeoutProblem,
  validatedKey,
  type Owner,
} from './errors.js';
import { boundedCleanup } from './deadline.js';

export interface ConnectionPoolOptions<Conn> {
  /** Names the pool in error messages and `status()`. Default `'connections'`. */
  name?: string;
  /** The ONE key function, used once per connection at `add`. */
  key: (conn: Conn) => string;
  /** Live connections allowed per key. */
  maxPerKey: number;
  /** Whether a connection still works; dead ones are evicted when a key reaches its limit. A throw counts as dead. */
  isAlive: (conn: Conn) => boolean;
  /** Closes an evicted connection. May throw or never settle: it is bounded by `closeTimeoutMs`. */
  close?: (conn: Conn) => unknown;
  /** Give up waiting for one `close` after this many milliseconds. Default 1000. */
  closeTimeoutMs?: number;
  /** What a key stands for, in messages: "maximum connections per user". Default `'user'`. */
  keyLabel?: string;
  /** Told about closes that failed or timed out (they are off the caller's path). */
  onError?: (error: RegistryError) => void;
}

export interface PoolStatus {
  name: string;
  /** Connections held now. */
  size: number;
  /** Keys with at least one connection. */
  keys: string[];
  added: number;
  /** Removed by `remove()`. */
  removed: number;
  /** Evicted because `isAlive` said they were dead. */
  deadEvicted: number;
  /** `add` calls refused with `limit-exceeded`. */
  rejected: number;
  closeFailed: number;
  closeTimedOut: number;
}

export interface ConnectionPool<Conn> {
  readonly name: string;
  /** The key of a connection, validated, computed by the pool's one key function. */
  keyOf(conn: Conn): string;
  /**
   * Add a connection. At the key's limit, first evicts that key's dead connections (and waits, at
   * most `closeTimeoutMs`, for their `close`), then adds; or throws `limit-exceeded`. Adding a
   * connection that is already in the pool does nothing.
   */
  add(conn: Conn): Promise<void>;
  /** Remove by identity (the key recorded at `add`); true when it was in the pool. Does not close it. */
  remove(conn: Conn): boolean;
  /** Whether this very connection is in the pool. */
  has(conn: Conn): boolean;
  count(key: string): number;
  /** The connections of one key, oldest first (a copy). */
  connections(key: string): Conn[];
  /** Evict dead connections (of one key, or all) now and close them; resolves with how many. */
  prune(key?: string): Promise<number>;
  status(): PoolStatus;
  /** Remove and close every connection (shutdown, tests). */
  clear(): Promise<void>;
}

/** A connection that left the pool, with the key it was added under (never recomputed). */
interface Evicted<Conn> {
  key: string;
  conn: Conn;
}

class KeyedConnectionPool<Conn> implements ConnectionPool<Conn> {
  readonly name: string;
  private readonly owner: Owner;
  private readonly perLabel: string;
  private readonly closeTimeoutMs: number;
  /** Connections by key, in insertion order. */
  private readonly byKey = new Map<string, Set<Conn>>();
  /** The key each connection was added under: removal never recomputes it. */
  private readonly keyByConn = new Map<Conn, string>();
  private readonly counts = { added: 0, removed: 0, deadEvicted: 0, rejected: 0, closeFailed: 0, closeTimedOut: 0 };

  constructor(private readonly options: ConnectionPoolOptions<Conn>) {
    this.name = options.name ?? 'connections';
    this.owner = { name: this.name, label: `${this.name} pool` };
    this.perLabel = options.keyLabel ?? 'user';
    this.closeTimeoutMs = options.closeTimeoutMs ?? 1_000;
  }

  keyOf(conn: Conn): string {
    return validatedKey(this.owner, this.options.key, conn, 'connection');
  }

  async add(conn: Conn): Promise<void> {
    const key = this.keyOf(conn);
    if (this.keyByConn.has(conn)) return;
    let dead: Evicted<Conn>[] = [];
    if (this.count(key) >= this.options.maxPerKey) {
      dead = this.evictDead(key);
      const live = this.count(key);
      if (live >= this.options.maxPerKey) {
        this.counts.rejected++;
        throw new RegistryError(
          'limit-exceeded',
          `${key} exceeded the maximum connections per ${this.perLabel} (${live}/${this.options.maxPerKey}); ${dead.length} dead connection${dead.length === 1 ? '' : 's'} could be cleaned up`,
          { registry: this.name, key },
        );
      }
    }
    this.attach(key, conn);
    await this.closeAll(dead);
  }

  remove(conn: Conn): boolean {
    if (!this.detach(conn)) return false;
    this.counts.removed++;
    return true;
  }

  has(conn: Conn): boolean {
    return this.keyByConn.has(conn);
  }

  count(key: string): number {
    return this.members(key)?.size ?? 0;
  }

  connections(key: string): Conn[] {
    return [...(this.members(key) ?? [])];
  }

  async prune(key?: string): Promise<number> {
    const keys = key === undefined ? [...this.byKey.keys()] : [key];
    const dead = keys.flatMap((k) => this.evictDead(k));
    await this.closeAll(dead);
    return dead.length;
  }

  status(): PoolStatus {
    return { name: this.name, size: this.keyByConn.size, keys: [...this.byKey.keys()], ...this.counts };
  }

  async clear(): Promise<void> {
    const all = [...this.keyByConn].map(([conn, key]): Evicted<Conn> => ({ key, conn }));
    for (const { conn } of all) this.detach(conn);
    await this.closeAll(all);
  }

  // --- the only places that touch `byKey`: the key is the one recorded at add ---

  private members(key: string): Set<Conn> | undefined {
    return this.byKey.get(key);
  }

  private attach(key: string, conn: Conn): void {
    const set = this.byKey.get(key) ?? new Set<Conn>();
    set.add(conn);
    this.byKey.set(key, set);
    this.keyByConn.set(conn, key);
    this.counts.added++;
  }

  private detach(conn: Conn): boolean {
    const key = this.keyByConn.get(conn);
    if (key === undefined) return false;
    this.keyByConn.delete(conn);
    this.dropMember(key, conn);
    return true;
  }

  private dropMember(key: string, conn: Conn): void {
    const set = this.byKey.get(key);
    if (set === undefined) return;
    set.delete(conn);
    if (set.size === 0) this.byKey.delete(key);
  }

  private evictDead(key: string): Evicted<Conn>[] {
    const dead = this.connections(key).filter((c) => !this.alive(c));
    for (const c of dead) this.detach(c);
    this.counts.deadEvicted += dead.length;
    return dead.map((conn) => ({ key, conn }));
  }

  private alive(conn: Conn): boolean {
    try {
      return this.options.isAlive(conn) === true;
    } catch {
      return false; // a connection that cannot even say whether it is alive is not usable
    }
  }

  // --- closing, bounded ---

  private closeAll(evicted: Evicted<Conn>[]): Promise<void> {
    if (evicted.length === 0 || this.options.close === undefined) return Promise.resolve();
    return Promise.all(evicted.map(({ key, conn }) => this.closeBounded(key, conn))).then(() => undefined);
  }

  /**
   * Close one connection; resolves when it closed, failed, or `closeTimeoutMs` passed. Never rejects.
   * Every close is awaited by its caller (`add`, `prune`, `clear` resolve after it), so the timer is
   * referenced: an unreferenced one let a script whose only pending work was `await pool.add(conn)`
   * exit with code 13 (unsettled top-level await) instead of settling after `closeTimeoutMs`.
   */
  private closeBounded(key: string, conn: Conn): Promise<void> {
    const closeFn = this.options.close!;
    const failed = (error: unknown): void => {
      this.counts.closeFailed++;
      notify(
        this.options.onError,
        new RegistryError('close-failed', `${this.owner.label}: close of a connection of ${key} failed: ${messageOf(error)}; it was removed anyway`, {
          registry: this.name,
          key,
          cause: error,
        }),
      );
    };
    return boundedCleanup(
      () => closeFn(conn),
      this.closeTimeoutMs,
      failed,
      () => {
        this.counts.closeTimedOut++;
        notify(
          this.options.onError,
          new RegistryError('close-timeout', `${this.owner.label}: close of a connection of ${key} did not settle within ${this.closeTimeoutMs} ms; it was removed anyway`, {
            registry: this.name,
            key,
          }),
        );
      },
      true,
    ).promise;
  }
}

/**
 * Per-key connection limits with cleanup that finds what it should. See docs/registry.md.
 *
 * ```ts
 * const pool = createConnectionPool<Socket>({
 *   key: (conn) => conn.userId,
 *   maxPerKey: 20,
 *   isAlive: (conn) => conn.readyState === 1,
 *   close: (conn) => conn.close(),
 *   closeTimeoutMs: 1_000,
 * });
 * ```
 */
export function createConnectionPool<Conn>(options: ConnectionPoolOptions<Conn>): ConnectionPool<Conn> {
  const o = (options ?? {}) as Partial<ConnectionPoolOptions<Conn>>;
  const name = typeof o.name === 'string' && o.name.trim() !== '' ? o.name : 'connections';
  checkOptions({ name, label: `${name} pool` }, [
    o.name !== undefined && (typeof o.name !== 'string' || o.name.trim() === '') && 'name must be a non-empty string',
    typeof o.key !== 'function' && 'key must be a function (connection) => string',
    !isPositiveInteger(o.maxPerKey) && `maxPerKey must be a positive integer, got ${String(o.maxPerKey)}`,
    typeof o.isAlive !== 'function' && 'isAlive must be a function (connection) => boolean',
    o.close !== undefined && typeof o.close !== 'function' && 'close must be a function (connection) => void',
    timeoutProblem('closeTimeoutMs', o.closeTimeoutMs),
    o.keyLabel !== undefined && (typeof o.keyLabel !== 'string' || o.keyLabel.trim() === '') && 'keyLabel must be a non-empty string',
    o.onError !== undefined && typeof o.onError !== 'function' && 'onError must be a function (error) => void',
  ]);
  return new KeyedConnectionPool(options);
}
