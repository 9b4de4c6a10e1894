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

/**
 * JSON.parse already makes strings of up to 10 characters unique (V8 internalizes them); looking
 * them up again costs time and saves nothing (measured: the same heap on the 10,000-file corpus).
 */
const SHORT = 10;

export class FactInterner {
  private strings = new Map<string, string>();
  /** Spans: open addressing over their four numbers (a Map keyed by a packed number was 3× slower). */
  private slots: (Span | undefined)[] = new Array<Span | undefined>(1 << 12);
  private keys = new Int32Array(4 << 12);
  private spanCount = 0;

  /** Forget what was seen (the shared values stay with the facts that hold them). */
  clear(): void {
    this.strings = new Map();
    this.slots = new Array<Span | undefined>(1 << 12);
    this.keys = new Int32Array(4 << 12);
    this.spanCount = 0;
  }

  string(s: string): string {
    if (s.length <= SHORT) return s;
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  span(line: number, column: number, endLine: number, endColumn: number): Span {
    if ((line | 0) !== line || (column | 0) !== column || (endLine | 0) !== endLine || (endColumn | 0) !== endColumn) {
      return { line, column, endLine, endColumn };
    }
    const i = this.slot(line, column, endLine, endColumn);
    const known = this.slots[i];
    if (known !== undefined) return known;
    const s: Span = Object.freeze({ line, column, endLine, endColumn });
    this.put(i, s);
    if (++this.spanCount * 2 > this.slots.length) this.grow();
    return s;
  }

  /** The slot holding this span, or the empty slot where it goes. */
  private slot(line: number, column: number, endLine: number, endColumn: number): number {
    const mask = this.slots.length - 1;
    const keys = this.keys;
    let i = (Math.imul(line, 0x9e3779b1) ^ Math.imul(column, 0x85ebca6b) ^ Math.imul(endLine, 0xc2b2ae35) ^ Math.imul(endColumn, 0x27d4eb2f)) & mask;
    for (;;) {
      if (this.slots[i] === undefined) return i;
      const k = i * 4;
      if (keys[k] === line && keys[k + 1] === column && keys[k + 2] === endLine && keys[k + 3] === endColumn) return i;
      i = (i + 1) & mask;
    }
  }

  private put(i: number, s: Span): void {
    this.slots[i] = s;
    const k = i * 4;
    this.keys[k] = s.line;
    this.keys[k + 1] = s.column;
    this.keys[k + 2] = s.endLine;
    this.keys[k + 3] = s.endColumn;
  }

  /** Twice the slots, the same span objects (spans already handed out stay the shared ones). */
  private grow(): void {
    const old = this.slots;
    this.slots = new Array<Span | undefined>(old.length * 2);
    this.keys = new Int32Array(old.length * 8);
    for (const s of old) if (s !== undefined) this.put(this.slot(s.line, s.column, s.endLine, s.endColumn), s);
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

/** A span as a frontend builds it (a Span is exactly these four numbers, as encodeEntry assumes too). */
function isSpan(v: object): v is Span {
  const s = v as Span;
  return typeof s.line === 'number' && typeof s.column === 'number' && typeof s.endLine === 'number' && typeof s.endColumn === 'number';
}
