/** Terminal output: findings grouped by file, related places indented, one summary line. */
import { Chalk } from 'chalk';
import type { Finding } from '../model/findings.js';
import { printable as p, type Reporter } from './types.js';

export const textReporter: Reporter = (data, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const shown = data.findings.filter((f) => !f.suppressed && (!options.quiet || f.severity === 'error'));
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of shown) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const sevText = (s: Finding['severity']): string =>
    s === 'error' ? c.red('error  ') : s === 'warning' ? c.yellow('warning') : c.blue('info   ');
  for (const [file, list] of byFile) {
    lines.push(c.underline(p(file)));
    for (const f of list) {
      const pos = `${f.line}:${f.column}`.padEnd(7);
      lines.push(`  ${c.dim(pos)} ${sevText(f.severity)}  ${p(f.message)}  ${c.dim(f.ruleId)}`);
      for (const r of f.related) lines.push(`            ${c.dim('↳')} ${c.cyan(`${p(r.file)}:${r.line}:${r.column}`)} ${c.dim(p(r.message))}`);
      if (options.explain && f.chain) {
        lines.push(`            ${c.dim('chain:')}`);
        for (const s of f.chain) lines.push(`              ${c.dim('→')} ${c.cyan(`${p(s.file)}:${s.line}`)} ${p(s.text)}`);
      }
    }
    lines.push('');
  }
  for (const e of data.errors) {
    const where = e.line ? `${p(e.file)}:${e.line}:${e.column ?? 1}` : p(e.file);
    lines.push(`${c.magenta('skipped')} ${where}: ${p(e.message)}`);
  }
  if (data.errors.length > 0) lines.push('');
  const active = data.findings.filter((f) => !f.suppressed);
  const errors = active.filter((f) => f.severity === 'error').length;
  const warnings = active.filter((f) => f.severity === 'warning').length;
  const infos = active.length - errors - warnings;
  const suppressed = data.findings.length - active.length;
  const files = new Set(active.map((f) => f.file)).size;
  const secs = (data.durationMs / 1000).toFixed(2);
  const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
  if (infos) parts.push(`${infos} info`);
  if (suppressed) parts.push(`${suppressed} suppressed`);
  const head = active.length === 0 ? c.green('✔ no SSOT violations') : c.bold(c.red(`✖ ${active.length} finding${active.length === 1 ? '' : 's'}`));
  const tail = `${data.filesScanned} file${data.filesScanned === 1 ? '' : 's'} scanned in ${secs}s`;
  lines.push(active.length === 0 ? `${head} · ${parts.slice(2).concat(tail).join(' · ')}`.replace(' ·  ·', ' ·') : `${head} (${parts.join(', ')}) in ${files} file${files === 1 ? '' : 's'} · ${tail}`);
  if (data.errors.length > 0) lines.push(`${data.errors.length} file${data.errors.length === 1 ? '' : 's'} could not be analysed (listed above)`);
  const missing = data.unresolvedImports?.missing ?? 0;
  // The analysis is partial: say so, whatever the findings.
  if (missing > 0) lines.push(c.yellow(`${missing} import${missing === 1 ? '' : 's'} of project modules could not be resolved (see --format json summary.unresolvedImports)`));
  if (data.baseline) {
    const b = data.baseline;
    lines.push(`baseline ${p(b.file)}: ${b.matched} known finding${b.matched === 1 ? '' : 's'} suppressed${b.moved ? ` (${b.moved} followed a file move)` : ''}`);
    if (b.stale.length > 0) {
      lines.push(c.yellow(`${b.stale.length} baseline entr${b.stale.length === 1 ? 'y no longer occurs' : 'ies no longer occur'}: run \`ssot-lint baseline\` (or --update-baseline) to shrink it`));
      for (const e of b.stale.slice(0, 10)) lines.push(`  ${c.dim('-')} ${p(e.file)} ${c.dim(e.ruleId)}${e.symbol ? ` ${p(e.symbol)}` : ''}`);
      if (b.stale.length > 10) lines.push(`  ${c.dim(`…and ${b.stale.length - 10} more`)}`);
    }
  }
  if (data.changed) {
    const ch = data.changed;
    lines.push(`changed files only: ${ch.files} file${ch.files === 1 ? '' : 's'} changed since ${p(ch.ref)}${ch.base ? ` (${ch.base.slice(0, 12)})` : ''}; ${ch.omitted} finding${ch.omitted === 1 ? '' : 's'} in unchanged files not shown`);
  }
  return { output: `${lines.join('\n')}\n` };
};
