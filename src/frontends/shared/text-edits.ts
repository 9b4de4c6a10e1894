/**
 * Text edits by position: the 1-based line/column of the facts turned into offsets, applied, and
 * turned back into edits. Lines break where the file's frontend breaks them (`\n`; with
 * `ecmaLineBreaks` also a lone `\r`, U+2028 and U+2029, as the TypeScript compiler counts), so
 * positions mean what they meant in the facts.
 */
import type { FixEdit, TextPosition } from '../../model/findings.js';

export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly text: string, ecmaLineBreaks: boolean) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (ecmaLineBreaks && (c === 0x2028 || c === 0x2029 || (c === 13 && text.charCodeAt(i + 1) !== 10))) this.starts.push(i + 1);
    }
  }

  /** The offset of a position, or undefined when the position is not in the text. */
  offset(p: TextPosition): number | undefined {
    const start = this.starts[p.line - 1];
    if (start === undefined || p.column < 1) return undefined;
    const o = start + p.column - 1;
    const next = this.starts[p.line];
    // Up to the line's break (a span may end there), never into the next line.
    return o > (next === undefined ? this.text.length : next - 1) ? undefined : o;
  }

  position(offset: number): TextPosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** An edit as offsets into one text. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

export function toOffsets(map: LineMap, edit: FixEdit): OffsetEdit | undefined {
  const start = map.offset(edit.start);
  const end = map.offset(edit.end);
  return start === undefined || end === undefined || end < start ? undefined : { start, end, text: edit.text };
}

/** Do two edits touch the same text? Two insertions at one point overlap too (their order would be a guess). */
export function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/** Apply edits that do not overlap (checked by the caller) to a text. */
export function applyOffsets(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The smallest one edit that turns `before` into `after` (common prefix and suffix kept). */
export function diffEdit(file: string, before: string, after: string, map: LineMap): FixEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { file, start: map.position(start), end: map.position(endB), text: after.slice(start, endA) };
}
