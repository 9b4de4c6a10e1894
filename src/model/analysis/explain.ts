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

/** How a message spells a construction and an error handler in the language of `file`. */
export interface Spelling {
  /** `new X()` (TypeScript), `X()` (Python). */
  construction(callee: string): string;
  /** `a catch block`, `an except block`. */
  catchBlock: string;
  /** What to do instead of a fallback construction in an error handler. */
  rethrow: string;
}

const TS_SPELLING: Spelling = { construction: (c) => `new ${c}()`, catchBlock: 'a catch block', rethrow: 'rethrow or report the error instead' };
const PY_SPELLING: Spelling = { construction: (c) => `${c}()`, catchBlock: 'an except block', rethrow: 're-raise or report the error instead' };

export function spellingFor(language: string | undefined): Spelling {
  return language === 'python' ? PY_SPELLING : TS_SPELLING;
}
