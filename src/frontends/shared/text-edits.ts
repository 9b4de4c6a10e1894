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

/** A text cut into lines, each with its line break (the last one may have none). */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

/**
 * The changed regions between two line lists, as [aStart, aEnd, bStart, bEnd) line ranges, in
 * order, each separated from the next by at least one unchanged line: Myers' O((N+M)·D) diff (a
 * fix changes few lines, so D is small however far apart they are).
 */
export function changedLineRegions(a: readonly string[], b: readonly string[]): [number, number, number, number][] {
  // The common first and last lines first: the diff runs on what lies between.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let post = 0;
  while (post < a.length - pre && post < b.length - pre && a[a.length - 1 - post] === b[b.length - 1 - post]) post++;
  const inner = myers(a.slice(pre, a.length - post), b.slice(pre, b.length - post));
  return inner.map(([as, ae, bs, be]) => [as + pre, ae + pre, bs + pre, be + pre]);
}

/** Beyond this many changed lines, one region (a fix never changes that many). */
const MAX_CHANGES = 2000;

function myers(a: readonly string[], b: readonly string[]): [number, number, number, number][] {
  const n = a.length;
  const m = b.length;
  if (n === 0 && m === 0) return [];
  const max = Math.min(n + m, MAX_CHANGES);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return [[0, n, 0, m]];
  // Walk back: the matched (unchanged) line pairs, last first.
  const same: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = d === 0 ? 0 : k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      same.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  same.reverse();
  const regions: [number, number, number, number][] = [];
  let ai = 0;
  let bi = 0;
  for (const [sa, sb] of [...same, [n, m] as [number, number]]) {
    if (sa > ai || sb > bi) regions.push([ai, sa, bi, sb]);
    ai = sa + 1;
    bi = sb + 1;
  }
  return regions;
}

/**
 * The edits that turn `before` into `after`: one per changed region of lines (a line diff), each
 * trimmed to what differs inside it (common prefix and suffix kept, words not cut). Edits never touch one another,
 * so an editor applying a fix's edits with other fixes' meets only real conflicts.
 */
export function diffEdits(file: string, before: string, after: string, map: LineMap): FixEdit[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  const aStarts = [0];
  for (const l of a) aStarts.push(aStarts[aStarts.length - 1]! + l.length);
  const bStarts = [0];
  for (const l of b) bStarts.push(bStarts[bStarts.length - 1]! + l.length);
  const edits: FixEdit[] = [];
  for (const [as, ae, bs, be] of changedLineRegions(a, b)) {
    let start = aStarts[as]!;
    let endB = aStarts[ae]!;
    let startA = bStarts[bs]!;
    let endA = bStarts[be]!;
    while (start < endB && startA < endA && before.charCodeAt(start) === after.charCodeAt(startA)) {
      start++;
      startA++;
    }
    while (endB > start && endA > startA && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
      endB--;
      endA--;
    }
    if (start === endB && startA === endA) continue;
    // Never cut inside a word: `Session` → `get_session`, not `S` → `get_s`.
    const word = (t: string, i: number): boolean => i >= 0 && i < t.length && /[\w$]/.test(t[i]!);
    while (start > aStarts[as]! && word(before, start - 1) && (word(before, start) || word(after, startA))) {
      start--;
      startA--;
    }
    while (endB < aStarts[ae]! && word(before, endB) && (word(before, endB - 1) || word(after, endA - 1))) {
      endB++;
      endA++;
    }
    edits.push({ file, start: map.position(start), end: map.position(endB), text: after.slice(startA, endA) });
  }
  return edits;
}
