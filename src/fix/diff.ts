/** A unified diff of one file (`diff -u` layout, 3 lines of context), for `--fix-dry-run`. */
import { changedLineRegions } from '../frontends/shared/text-edits.js';

export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const lines = (t: string): string[] => (t.endsWith('\n') ? t.slice(0, -1) : t).split('\n');
  const a = lines(before);
  const b = lines(after);
  // The changed regions (the line diff the fixes' edits are made with), unchanged lines between.
  const ops: { kind: ' ' | '-' | '+'; text: string; ai: number; bi: number }[] = [];
  let ai = 0;
  let bi = 0;
  for (const [as, ae, , be] of [...changedLineRegions(a, b), [a.length, a.length, b.length, b.length] as const]) {
    for (; ai < as; ai++, bi++) ops.push({ kind: ' ', text: a[ai]!, ai, bi });
    // Removals before additions, as diff -u prints them.
    for (; ai < ae; ai++) ops.push({ kind: '-', text: a[ai]!, ai, bi });
    for (; bi < be; bi++) ops.push({ kind: '+', text: b[bi]!, ai, bi });
  }
  // Hunks: changes with 3 lines of context, merged when their context touches.
  const CONTEXT = 3;
  const changed = ops.map((o, k) => (o.kind === ' ' ? -1 : k)).filter((k) => k >= 0);
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const from = Math.max(0, k - CONTEXT);
    const to = Math.min(ops.length - 1, k + CONTEXT);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1] + 1) last[1] = to;
    else hunks.push([from, to]);
  }
  let out = `--- a/${file}\n+++ b/${file}\n`;
  for (const [from, to] of hunks) {
    const slice = ops.slice(from, to + 1);
    const aLines = slice.filter((o) => o.kind !== '+').length;
    const bLines = slice.filter((o) => o.kind !== '-').length;
    const aStart = aLines === 0 ? slice[0]!.ai : slice.find((o) => o.kind !== '+')!.ai + 1;
    const bStart = bLines === 0 ? slice[0]!.bi : slice.find((o) => o.kind !== '-')!.bi + 1;
    out += `@@ -${aStart},${aLines} +${bStart},${bLines} @@\n`;
    for (const o of slice) out += `${o.kind}${o.text}\n`;
  }
  return out;
}
