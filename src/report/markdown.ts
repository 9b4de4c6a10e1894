/**
 * Markdown (`--format markdown`) for `$GITHUB_STEP_SUMMARY`, merge-request notes and chat: the
 * verdict, counts per rule, and the first findings as a table, one row per cause (the sites of one
 * root cause share a row: its first site, how many more, the shared explanation).
 */
import { groupByCause, type Finding } from '../model/findings.js';
import { activeFindings, countByRule, printable, type Reporter } from './types.js';

/** Rows (causes) listed in the table; the rest are counted. */
export const MARKDOWN_MAX_ROWS = 50;

/** Safe inside a table cell: no pipes, no line breaks, no HTML, no control characters. */
export function cell(s: string): string {
  return printable(
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '\\|')
      .replace(/\r?\n|\r/g, ' '),
  );
}

/** A code span, safe in a table cell too: GitHub splits cells at `|` even inside code spans unless escaped. */
function code(s: string): string {
  return `\`${printable(s.replace(/`/g, "'").replace(/\r?\n|\r/g, ' ')).replace(/\|/g, '\\|')}\``;
}

const ICON = { error: '🔴 error', warning: '🟡 warning', info: '🔵 info' } as const;

export const markdownReporter: Reporter = (data, options) => {
  const active = activeFindings(data).filter((f) => !options.quiet || f.severity === 'error');
  const suppressed = data.findings.length - activeFindings(data).length;
  const count = (s: Finding['severity']): number => active.filter((f) => f.severity === s).length;
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const out: string[] = [];
  const verdict =
    active.length === 0
      ? '✅ no SSOT violations'
      : `❌ ${plural(active.length, 'finding')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}${count('info') ? `, ${count('info')} info` : ''})`;
  out.push(`## ssot-lint: ${verdict}`, '');
  const facts = [`${plural(data.filesScanned, 'file')} scanned`];
  if (suppressed) facts.push(`${suppressed} suppressed`);
  if (data.baseline) facts.push(`baseline ${code(data.baseline.file)}: ${data.baseline.matched} known`);
  const stale = data.baseline?.stale.length ?? 0;
  if (stale) facts.push(`${stale} stale baseline ${stale === 1 ? 'entry' : 'entries'}`);
  if (data.changed) facts.push(`changed files only (${plural(data.changed.files, 'file')} since ${code(data.changed.ref)})`);
  if (data.errors.length) facts.push(`${plural(data.errors.length, 'file')} could not be analysed`);
  out.push(facts.join(' · '), '');

  if (active.length > 0) {
    out.push('| Rule | Findings |', '|---|---:|');
    for (const [rule, n] of countByRule(active)) out.push(`| ${code(rule)} | ${n} |`);
    out.push('');
    out.push('| Severity | Location | Rule | Message |', '|---|---|---|---|');
    const groups = groupByCause(active);
    for (const g of groups.slice(0, MARKDOWN_MAX_ROWS)) {
      const f = g[0]!;
      const where = `${code(`${f.file}:${f.line}:${f.column}`)}${g.length > 1 ? ` and ${g.length - 1} more site${g.length === 2 ? '' : 's'}` : ''}`;
      const text = g.length > 1 ? `${f.causeTitle ?? f.message} — ${g.length} sites` : f.message;
      out.push(`| ${ICON[f.severity]} | ${where} | ${code(f.ruleId)} | ${cell(text)} |`);
    }
    if (groups.length > MARKDOWN_MAX_ROWS) {
      const rest = groups.slice(MARKDOWN_MAX_ROWS);
      const sites = rest.reduce((n, g) => n + g.length, 0);
      out.push('', `_…and ${rest.length} more${sites > rest.length ? ` (${plural(sites, 'finding')})` : ''}: see the full report (\`--format json\` or \`sarif\`)._`);
    }
    out.push('');
  }
  return { output: `${out.join('\n')}\n` };
};
