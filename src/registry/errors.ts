/**
 * The one error type of `ssot-lint/registry`. Every failure carries a stable `code` that callers can
 * branch on, the name of the registry or pool, and the key when there is one; the message says what
 * was expected, so a log line alone explains the problem.
 */
import { MAX_TIMEOUT_MS } from './deadline.js';

export { isThenable } from './deadline.js';

export type RegistryErrorCode =
  /** The key function returned something other than a non-empty string, or not the same string twice. */
  | 'invalid-key'
  /** No context (null/undefined), or the key function threw while reading it. */
  | 'invalid-context'
  /** The options given to createRegistry / createConnectionPool are not usable. */
  | 'invalid-options'
  /** `create` threw, rejected, or produced null/undefined. */
  | 'create-failed'
  /** An async `create` did not settle within `createTimeoutMs`: its waiters get this, `onError` is told too. */
  | 'create-timeout'
  /** `get()` met a `create` that returns a promise: use `getAsync()`. */
  | 'async-create-in-get'
  /** The pool holds `maxPerKey` live connections for this key. */
  | 'limit-exceeded'
  /** The entry was released (or the registry cleared) while its `create` was still in flight. */
  | 'disposed'
  /** `dispose` threw or rejected (reported through `onError`; the entry is removed anyway). */
  | 'dispose-failed'
  /** `dispose` did not settle within `disposeTimeoutMs` (reported through `onError`; the entry is removed anyway). */
  | 'dispose-timeout'
  /** A pool's `close` threw or rejected (reported through `onError`). */
  | 'close-failed'
  /** A pool's `close` did not settle within `closeTimeoutMs` (reported through `onError`). */
  | 'close-timeout';

export interface RegistryErrorDetails {
  /** Name of the registry or pool that raised it. */
  registry: string;
  key?: string;
  cause?: unknown;
}

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly code: RegistryErrorCode;
  readonly registry: string;
  readonly key: string | undefined;

  constructor(code: RegistryErrorCode, message: string, details: RegistryErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.registry = details.registry;
    this.key = details.key;
  }
}

/** Who raises an error: `name` goes into `RegistryError.registry`, `label` starts the message. */
export interface Owner {
  name: string;
  label: string;
}

/** `'user-7'`, `null`, `an empty string`, `a number (42)`: how a bad value reads in a message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return value.trim() === '' ? `an empty string (${JSON.stringify(value)})` : `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `a ${typeof value} (${String(value)})`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  return `a value of type ${typeof value}`;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return describeValue(error);
}

/**
 * The key of `context` under `keyFn`, validated: a context must be given, the key function must not
 * throw, must return a non-empty string, and must return the same string when asked twice (a key
 * with `Date.now()` or a random part would give every call a new entry).
 */
export function validatedKey<C>(owner: Owner, keyFn: (context: C) => unknown, context: C, what: string): string {
  if (context === null || context === undefined) {
    throw new RegistryError('invalid-context', `${owner.label}: got ${describeValue(context)} as the ${what}; expected a ${what} to compute the key from`, {
      registry: owner.name,
    });
  }
  const first = callKey(owner, keyFn, context, what);
  if (typeof first !== 'string' || first.trim() === '') {
    throw new RegistryError(
      'invalid-key',
      `${owner.label}: the key function returned ${describeValue(first)} for this ${what}; expected a non-empty string such as the user id`,
      { registry: owner.name },
    );
  }
  const second = callKey(owner, keyFn, context, what);
  if (second !== first) {
    throw new RegistryError(
      'invalid-key',
      `${owner.label}: the key function returned '${first}' and then ${describeValue(second)} for the same ${what}; expected a deterministic key (no time, random or counter parts)`,
      { registry: owner.name, key: first },
    );
  }
  return first;
}

function callKey<C>(owner: Owner, keyFn: (context: C) => unknown, context: C, what: string): unknown {
  try {
    return keyFn(context);
  } catch (error) {
    throw new RegistryError(
      'invalid-context',
      `${owner.label}: the key function threw for this ${what} (${messageOf(error)}); expected a ${what} it can read the key from`,
      { registry: owner.name, cause: error },
    );
  }
}

/** Call an `onError` hook without letting a throwing hook break the registry's bookkeeping. */
export function notify(hook: ((error: RegistryError) => void) | undefined, error: RegistryError): void {
  if (!hook) return;
  try {
    hook(error);
  } catch {
    // The hook is for observation; its own failure must not undo a removal that already happened.
  }
}

export function checkOptions(owner: Owner, problems: (string | false)[]): void {
  const found = problems.filter((p): p is string => p !== false);
  if (found.length > 0) {
    throw new RegistryError('invalid-options', `${owner.label}: invalid options: ${found.join('; ')}`, { registry: owner.name });
  }
}

export function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export function isPositiveNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** A usable timer delay: positive, at most setTimeout's 2^31 − 1 ms (a larger one would fire at once). */
export function isTimeoutMs(value: unknown): boolean {
  return isPositiveNumber(value) && (value as number) <= MAX_TIMEOUT_MS;
}

/** The message part of an invalid timeout option. */
export function timeoutProblem(option: string, value: unknown): string | false {
  return value !== undefined && !isTimeoutMs(value) && `${option} must be a positive number of milliseconds up to ${MAX_TIMEOUT_MS}, got ${String(value)}`;
}
