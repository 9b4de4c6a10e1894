/**
 * Decoded facts share their spans. The span restore made a new `{ line, column, endLine, endColumn }`
 * for every packed span, ~58 per file on the bench corpus: on the 10,000-file corpus the decoded
 * cache took 149 MB of heap, 119 MB with spans shared (measured on the segments alone). Spans are
 * frozen: a rule that mutated one would throw instead of moving another fact's location.
 *
 * Interning the facts' strings as well (callee texts, enclosing names) saved another ~30 MB per
 * 10,000 files, but a walk over every object and a Map lookup per string cost ~2.4 s of a 14 s
 * one-file-changed run at 50,000 files, so it is not done.
 *
 * One interner per run, dropped (`clear`) when extraction is done: what it saved is held by the facts.
 */
import type { Span } from '../model/facts.js';

export class FactInterner {
  /** Spans: open addressing over their four numbers (a Map keyed by a packed number was 3× slower). */
  private slots: (Span | undefined)[] = new Array<Span | undefined>(1 << 12);
  private keys = new Int32Array(4 << 12);
  private spanCount = 0;

  /** Forget what was seen (the shared values stay with the facts that hold them). */
  clear(): void {
    this.slots = new Array<Span | undefined>(1 << 12);
    this.keys = new Int32Array(4 << 12);
    this.spanCount = 0;
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
}
