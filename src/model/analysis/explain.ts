/** Turning resolution chains into finding chains and related locations. */
import type { Span } from '../facts.js';
import type { ChainStep, RelatedLocation } from '../findings.js';
import type { Hop } from '../project-index.js';

export function hopsToChain(hops: readonly Hop[]): ChainStep[] {
  return hops.map((h) => ({ file: h.file, line: h.line, column: h.column, text: h.text }));
}

export function hopsToRelated(hops: readonly Hop[]): RelatedLocation[] {
  return hops.map((h) => ({ file: h.file, line: h.line, column: h.column, message: `via ${h.text}` }));
}

export function loc(file: string, at: Span, message: string): RelatedLocation {
  return { file, line: at.line, column: at.column, message };
}

/**
 * How a message says things in the language of the file it is about: JavaScript and TypeScript
 * (`new X()`, static fields, `map.set(k)`, "throws") or Python (`X()`, class attributes, `d[k] = …`,
 * "raises"). Rules take their language-dependent wording from here, never from `language === …`.
 */
export interface Spelling {
  /** `new X()` (TypeScript), `X()` (Python). */
  construction(callee: string): string;
  /** `a catch block`, `an except block`. */
  catchBlock: string;
  /** What to do instead of a fallback construction in an error handler. */
  rethrow: string;
  /** `throws`, `raises`. */
  throws: string;
  /** How a module-level name is made visible to importers: `exported here`, `bound here`. */
  published: string;
  /** A class-level member: `static field`, `class attribute`. */
  classField: string;
  /**
   * What awaiting a synchronous function's result does at run time, and what to do instead.
   * Python: a TypeError, the result is not awaitable (a crash); JavaScript: nothing, the value comes
   * back as it is one microtask later, so the `await` only misleads the reader.
   */
  awaitSync(name: string): string;
  /** The effect of `await f()` on a synchronous f in short: `raises TypeError`, `has no effect`. */
  awaitSyncEffect: string;
  /** A keyed operation as written: `m.set(k)` / `d[k] = …`, `m.get(k)` / `d[k]`, `m.has(k)` / `k in d`, `m.delete(k)` / `del d[k]`. */
  keyedOp(receiver: string, op: string, key: string): string;
  /** `get`, `lookup`: an operation's name in "… with the same key". */
  keyedOpName(op: string): string;
  /** What goes wrong in an import cycle. */
  cycleEffect: string;
  /** A sync verdict's "no return value": `returns no value`, `returns None`. */
  noValue: string;
  /** `non-promise`, `non-awaitable`. */
  nonAwaitable: string;
}

const TS_OPS: Record<string, string> = { set: 'set', get: 'get', has: 'has', delete: 'delete' };
const PY_OPS: Record<string, string> = { set: 'insert', get: 'lookup', has: 'membership test', delete: 'removal' };

const TS_SPELLING: Spelling = {
  construction: (c) => `new ${c}()`,
  catchBlock: 'a catch block',
  rethrow: 'rethrow or report the error instead',
  throws: 'throws',
  published: 'exported here',
  classField: 'static field',
  awaitSync: (name) => `the \`await\` hands its result back unchanged (one microtask later) and only misleads the reader; drop it, or make ${name}() async if it is meant to be`,
  awaitSyncEffect: 'has no effect',
  keyedOp: (r, op, k) => `${r}.${op}(${k})`,
  keyedOpName: (op) => TS_OPS[op] ?? op,
  cycleEffect: 'depending on which loads first, one of them runs before the exports it imports are initialised',
  noValue: 'returns no value',
  nonAwaitable: 'non-promise',
};

const PY_SPELLING: Spelling = {
  construction: (c) => `${c}()`,
  catchBlock: 'an except block',
  rethrow: 're-raise or report the error instead',
  throws: 'raises',
  published: 'bound here',
  classField: 'class attribute',
  awaitSync: (name) => `its result is not awaitable ("object … can't be used in 'await' expression"), a crash each time the line runs; call ${name}() without await, or make it \`async def\` if it is meant to be`,
  awaitSyncEffect: 'raises TypeError',
  keyedOp: (r, op, k) => (op === 'set' ? `${r}[${k}] = …` : op === 'has' ? `${k} in ${r}` : op === 'delete' ? `del ${r}[${k}]` : `${r}[${k}]`),
  keyedOpName: (op) => PY_OPS[op] ?? op,
  cycleEffect:
    'depending on which is imported first, one of them runs before the names it imports are defined (`from … import` raises ImportError on the partially initialised module, an attribute read AttributeError)',
  noValue: 'returns None',
  nonAwaitable: 'non-awaitable',
};

export function spellingFor(language: string | undefined): Spelling {
  return language === 'python' ? PY_SPELLING : TS_SPELLING;
}
