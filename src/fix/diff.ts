/** A unified diff of one file (`diff -u` layout, 3 lines of context), for `--fix-dry-run`. */

export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const lines = (t: string): string[] => (t.endsWith('\n') ? t.slice(0, -1) : t).split('\n');
  const a = lines(before);
  const b = lines(after);
  // The changed region between the common first and last lines, then an LCS inside it.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let post = 0;
  while (post < a.length - pre && post < b.length - pre && a[a.length - 1 - post] === b[b.length - 1 - post]) post++;
  const ma = a.slice(pre, a.length - post);
  const mb = b.slice(pre, b.length - post);
  const ops: { kind: ' ' | '-' | '+'; text: string; ai: number; bi: number }[] = [];
  for (let i = 0; i < pre; i++) ops.push({ kind: ' ', text: a[i]!, ai: i, bi: i });
  const lcs: number[][] = Array.from({ length: ma.length + 1 }, () => new Array<number>(mb.length + 1).fill(0));
  for (let i = ma.length - 1; i >= 0; i--) for (let j = mb.length - 1; j >= 0; j--) lcs[i]![j] = ma[i] === mb[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  let i = 0;
  let j = 0;
  while (i < ma.length || j < mb.length) {
    if (i < ma.length && j < mb.length && ma[i] === mb[j]) {
      ops.push({ kind: ' ', text: ma[i]!, ai: pre + i, bi: pre + j });
      i++;
      j++;
    } else if (i < ma.length && (j === mb.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Removals before additions, as diff -u prints them.
      ops.push({ kind: '-', text: ma[i]!, ai: pre + i, bi: pre + j });
      i++;
    } else {
      ops.push({ kind: '+', text: mb[j]!, ai: pre + i, bi: pre + j });
      j++;
    }
  }
  for (let k = 0; k < post; k++) ops.push({ kind: ' ', text: a[a.length - post + k]!, ai: a.length - post + k, bi: b.length - post + k });
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
