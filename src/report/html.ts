/**
 * `--format html`: one self-contained page (inline CSS and script, no network: a Content Security
 * Policy forbids any fetch) to read offline or attach as a CI artifact. The summary, the concept map
 * (one collapsed card per concept, worst first, drawn as SVG when opened), the import cycles as
 * rings, and the findings grouped by cause with code frames, chains, related places and links to the
 * repository; filters by rule, severity, path and text.
 *
 * The data is embedded once, as JSON in `<script type="application/json">` with `<`, `>`, `&`,
 * U+2028 and U+2029 escaped (no `</script>` or `<!--` can end or change it), file paths interned in
 * one table. The page builds itself from it with textContent and attributes only (html/client.ts):
 * nothing from the analysed code is ever parsed as markup.
 */
import { groupByCause, type Finding } from '../model/findings.js';
import { conceptMaps, cycleRings } from './concept-map.js';
import { CLIENT_SCRIPT } from './html/client.js';
import { STYLE } from './html/style.js';
import { ruleHelpUri } from './links.js';
import { activeFindings, type Reporter, type ReportData } from './types.js';

/** JSON that is safe as the text of a <script> element (and as JavaScript: U+2028/2029). */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for HTML content or a double-quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** The page's data: see client.ts for how each field is read. */
export function htmlPayload(data: ReportData, options: { quiet?: boolean } = {}): object {
  // --quiet: errors only, as in the text and markdown reports.
  const active = activeFindings(data).filter((f) => !options.quiet || f.severity === 'error');
  const files: string[] = [];
  const fileId = new Map<string, number>();
  const fid = (f: string): number => {
    let i = fileId.get(f);
    if (i === undefined) {
      i = files.push(f) - 1;
      fileId.set(f, i);
    }
    return i;
  };
  const ruleIds = [...new Set([...data.rules.map((r) => r.id), ...active.map((f) => f.ruleId)])].sort();
  const info = new Map(data.rules.map((r) => [r.id, r]));
  const rules = ruleIds.map((id) => {
    const r = info.get(id);
    return { id, severity: r?.severity ?? 'warning', summary: r?.summary ?? '', helpUri: r?.helpUri ?? ruleHelpUri(id) };
  });
  const ruleIdx = new Map(ruleIds.map((id, i) => [id, i]));

  // Causes, worst first (errors, then the most sites), the findings' own order inside each.
  const groups = groupByCause(active.map((f, i) => ({ ...f, i })))
    .map((g) => ({ g, sev: g.reduce((s, f) => Math.min(s, SEVERITY_ORDER[f.severity]), 2) }))
    .sort((a, b) => a.sev - b.sev || b.g.length - a.g.length);
  const groupOf = new Int32Array(active.length);
  const groupList = groups.map(({ g }, gi) => {
    for (const f of g) groupOf[f.i] = gi;
    const first = g[0]!;
    // A cause of one site is titled by its finding's message (not repeated here).
    return { ...(g.length > 1 ? { title: first.causeTitle ?? first.message } : {}), r: ruleIdx.get(first.ruleId)!, s: worstSeverity(g), items: g.map((f) => f.i) };
  });
  const findings = active.map((f, i) => ({
    r: ruleIdx.get(f.ruleId)!,
    s: f.severity,
    m: f.message,
    f: fid(f.file),
    l: f.line,
    c: f.column,
    g: groupOf[i]!,
    ...(f.symbol !== undefined ? { y: f.symbol } : {}),
    ...(f.site !== undefined ? { t: f.site } : {}),
    ...(f.related.length > 0 ? { rel: f.related.map((r) => [fid(r.file), r.line, r.column, r.message]) } : {}),
    ...(f.chain && f.chain.length > 0 ? { ch: f.chain.map((s) => [fid(s.file), s.line, s.column, s.text]) } : {}),
  }));
  const concepts = conceptMaps(data, active).map((m) => ({ ...m, nodes: m.nodes.map(({ file, line, ...n }) => ({ ...n, f: fid(file), l: line })) }));
  const cycles = cycleRings(active).map((r) => ({ finding: r.finding, modules: r.modules.map(fid), edges: r.edges.map((e) => [e.line, e.text]) }));
  const frames: Record<number, [number, string[]][]> = {};
  for (const [file, list] of Object.entries(data.codeFrames ?? {})) frames[fid(file)] = list.map((fr) => [fr.start, fr.lines]);

  const suppressedBy = { inline: 0, file: 0, baseline: 0 };
  for (const f of data.findings) if (f.suppressed) suppressedBy[f.suppressed.kind]++;
  const byRule = new Map<number, number>();
  for (const f of findings) byRule.set(f.r, (byRule.get(f.r) ?? 0) + 1);
  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const f of active) bySeverity[f.severity]++;
  return {
    tool: data.toolVersion,
    root: data.root,
    prefix: data.pathPrefix ?? '',
    repo: data.repository ?? null,
    summary: {
      filesScanned: data.filesScanned,
      findings: active.length,
      causes: groupList.length,
      bySeverity,
      suppressed: data.findings.filter((f) => f.suppressed).length,
      suppressedBy,
      byRule: [...byRule].sort((a, b) => b[1] - a[1] || a[0] - b[0]),
      fileErrors: new Set(data.errors.map((e) => e.file)).size,
      unresolved: data.unresolvedImports?.missing ?? 0,
      durationMs: data.durationMs,
      baseline: data.baseline ? { file: data.baseline.file, matched: data.baseline.matched, moved: data.baseline.moved, stale: data.baseline.stale.length } : null,
      changed: data.changed ?? null,
    },
    rules,
    files,
    findings,
    groups: groupList,
    concepts,
    cycles,
    frames,
    errors: data.errors.map((e) => ({ f: fid(e.file), kind: e.kind, m: e.message, ...(e.line !== undefined ? { l: e.line } : {}) })),
  };
}

function worstSeverity(list: readonly Finding[]): Finding['severity'] {
  return list.some((f) => f.severity === 'error') ? 'error' : list.some((f) => f.severity === 'warning') ? 'warning' : 'info';
}

/** No request may leave the page: nothing but inline style and script, images only as data: URLs. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export const htmlReporter: Reporter = (data, options) => {
  const payload = htmlPayload(data, options);
  const title = `ssot-lint report · ${data.root.slice(data.root.lastIndexOf('/') + 1) || data.root}`;
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ssot-lint ${escapeHtml(data.toolVersion)}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>ssot-lint report</h1>
<div id="meta" class="muted"></div>
<noscript><p>This report draws itself with JavaScript; the same data is in <code>ssot-lint -f json</code>, and <code>ssot-lint concepts</code> prints the concept map.</p></noscript>
</header>
<main>
<section id="summary"><h2>Summary</h2></section>
<div class="filters" role="search">
<select id="f-rule" aria-label="rule"><option value="">all rules</option></select>
<select id="f-sev" aria-label="severity"><option value="">all severities</option><option value="error">error</option><option value="warning">warning</option><option value="info">info</option></select>
<input id="f-path" type="search" placeholder="path contains…" aria-label="path">
<input id="f-text" type="search" placeholder="text…" aria-label="text">
<button id="f-expand" type="button">open/close the first concepts</button>
</div>
<section id="concepts"><h2>Concept map</h2><p id="concept-count" class="muted"></p><div id="concept-list"></div><button id="concept-more" type="button" class="pager hidden">more concepts</button></section>
<section id="cycles"><h2>Import cycles</h2><div id="cycle-list"></div><button id="cycle-more" type="button" class="pager hidden">more cycles</button></section>
<section id="findings"><h2>Findings by cause</h2><p id="finding-count" class="muted"></p><div id="finding-list"></div><button id="finding-more" type="button" class="pager hidden">more findings</button></section>
</main>
<script type="application/json" id="ssot-data">${scriptSafeJson(payload)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
  return { output: page };
};
