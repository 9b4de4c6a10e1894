/**
 * Decoded facts share what repeats. JSON.parse makes a new string for every value and a new array
 * for every `[]`, and the span restore makes a new object per span, so a project's facts held the
 * same callee text, import specifier or `{ line, column, endLine, endColumn }` tens of thousands of
 * times. On the 10,000-file bench corpus the decoded facts took 149 MB of heap; with strings, spans
 * and empty arrays shared, 80 MB (on the `effect` sources, real code with larger files: 25 → 21 MB).
 *
 * Facts are read-only after extraction, and what is shared is frozen: a rule that mutated a span or
 * pushed into a fact's array would throw instead of changing another file's facts.
 *
 * One interner per run, dropped (`clear`) when extraction is done: what it saved is held by the facts.
 */
import type { Span } from '../model/facts.js';

/** Keys whose value is a span (packed `[line, column, endLine, endColumn]` on disk and between threads). */
const SPAN_KEYS = new Set(['at', 'nameAt', 'keyAt']);

/** The one empty array decoded facts share. */
const EMPTY: readonly never[] = Object.freeze([]);

/** Spans whose four numbers each fit in 13 bits are shared (keyed by one exact double); larger ones are not. */
const SPAN_BITS = 8192;

export class FactInterner {
  private strings = new Map<string, string>();
  private spans = new Map<number, Span>();

  /** Forget what was seen (the shared values stay with the facts that hold them). */
  clear(): void {
    this.strings = new Map();
    this.spans = new Map();
  }

  string(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  span(line: number, column: number, endLine: number, endColumn: number): Span {
    if (line >= SPAN_BITS || column >= SPAN_BITS || endLine >= SPAN_BITS || endColumn >= SPAN_BITS || line < 0 || column < 0 || endLine < 0 || endColumn < 0) {
      return { line, column, endLine, endColumn };
    }
    const key = ((line * SPAN_BITS + column) * SPAN_BITS + endLine) * SPAN_BITS + endColumn;
    let s = this.spans.get(key);
    if (s === undefined) this.spans.set(key, (s = Object.freeze({ line, column, endLine, endColumn })));
    return s;
  }

  /**
   * In place, under `value`: packed spans become (shared) Span objects, span objects are shared,
   * strings are interned, empty arrays are the one frozen empty array. Works on freshly decoded
   * JSON and on facts a frontend has just built.
   */
  compact(value: unknown): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (typeof v === 'string') value[i] = this.string(v);
        else if (v !== null && typeof v === 'object') {
          if (Array.isArray(v) && v.length === 0) value[i] = EMPTY;
          else this.compact(v);
        }
      }
      return;
    }
    const o = value as Record<string, unknown>;
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'string') {
        o[k] = this.string(v);
        continue;
      }
      if (v === null || typeof v !== 'object') continue;
      if (SPAN_KEYS.has(k)) {
        if (Array.isArray(v)) {
          if (v.length === 4 && typeof v[0] === 'number') {
            o[k] = this.span(v[0], v[1] as number, v[2] as number, v[3] as number);
            continue;
          }
        } else if (isSpan(v)) {
          o[k] = this.span(v.line, v.column, v.endLine, v.endColumn);
          continue;
        }
      }
      if (Array.isArray(v) && v.length === 0) o[k] = EMPTY;
      else this.compact(v);
    }
  }
}

function isSpan(v: object): v is Span {
  const s = v as Span;
  if (typeof s.line !== 'number' || typeof s.column !== 'number' || typeof s.endLine !== 'number' || typeof s.endColumn !== 'number') return false;
  let n = 0;
  for (const _ in v) n++;
  return n === 4;
}
