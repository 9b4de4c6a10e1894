/**
 * Terminal output: findings grouped by file, related places indented, one summary line. Findings of
 * one cause (several sites of one root cause: the awaits of one synchronous function) are printed
 * once, under the file of their first site: the cause's explanation, its sites one per line, the
 * related places once. A cause with one site prints as a plain finding.
 */
import { Chalk } from 'chalk';
import { groupByCause, type Finding, type RelatedLocation } from '../model/findings.js';
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
  // A group of several sites is printed where its first site is; its other sites are not printed again.
  const groupOf = new Map<Finding, Finding[]>();
  for (const g of groupByCause(shown)) if (g.length > 1) for (const f of g) groupOf.set(f, g);
  for (const [file, all] of byFile) {
    const list = all.filter((f) => (groupOf.get(f)?.[0] ?? f) === f);
    if (list.length === 0) continue;
    lines.push(c.underline(p(file)));
    for (const f of list) {
      const pos = `${f.line}:${f.column}`.padEnd(7);
      const group = groupOf.get(f);
      if (group) {
        lines.push(`  ${c.dim(pos)} ${sevText(f.severity)}  ${p(f.causeTitle ?? f.message)} — ${group.length} sites:  ${c.dim(f.ruleId)}`);
        const { shared, own } = splitRelated(group);
        for (const s of group) {
          lines.push(`            ${c.cyan(`${p(s.file)}:${s.line}:${s.column}`)}  ${p(s.site ?? s.message)}`);
          for (const r of own.get(s) ?? []) lines.push(`              ${c.dim('↳')} ${c.cyan(`${p(r.file)}:${r.line}:${r.column}`)} ${c.dim(p(r.message))}`);
          if (options.explain && s.chain) for (const step of s.chain) lines.push(`              ${c.dim('→')} ${c.cyan(`${p(step.file)}:${step.line}`)} ${p(step.text)}`);
        }
        for (const r of shared) lines.push(`            ${c.dim('↳')} ${c.cyan(`${p(r.file)}:${r.line}:${r.column}`)} ${c.dim(p(r.message))}`);
        continue;
      }
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
  const causes = groupByCause(active).length;
  const secs = (data.durationMs / 1000).toFixed(2);
  const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
  if (infos) parts.push(`${infos} info`);
  if (suppressed) parts.push(`${suppressed} suppressed`);
  const head = active.length === 0 ? c.green('✔ no SSOT violations') : c.bold(c.red(`✖ ${active.length} finding${active.length === 1 ? '' : 's'}`));
  const tail = `${data.filesScanned} file${data.filesScanned === 1 ? '' : 's'} scanned in ${secs}s`;
  lines.push(active.length === 0 ? `${head} · ${parts.slice(2).concat(tail).join(' · ')}`.replace(' ·  ·', ' ·') : `${head} (${parts.join(', ')})${causes < active.length ? ` from ${causes} cause${causes === 1 ? '' : 's'}` : ''} in ${files} file${files === 1 ? '' : 's'} · ${tail}`);
  // As ESLint says it: a rule attached a fix (or a request for one the fixer may still refuse).
  const fixable = active.filter((f) => f.fix !== undefined || f.fixRequest !== undefined).length;
  if (fixable > 0) lines.push(`${fixable} finding${fixable === 1 ? ' is' : 's are'} potentially fixable with --fix (--fix-dry-run shows the edits)`);
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

/**
 * A group's related places, each printed once: those every site has (the callee's definition, the
 * class) once for the group; the others under the first site that has them (an import hop).
 */
function splitRelated(group: readonly Finding[]): { shared: RelatedLocation[]; own: Map<Finding, RelatedLocation[]> } {
  const key = (r: RelatedLocation): string => `${r.file}\0${r.line}\0${r.column}\0${r.message}`;
  const count = new Map<string, number>();
  for (const f of group) for (const k of new Set(f.related.map(key))) count.set(k, (count.get(k) ?? 0) + 1);
  const shared: RelatedLocation[] = [];
  const own = new Map<Finding, RelatedLocation[]>();
  const seen = new Set<string>();
  for (const f of group) {
    for (const r of f.related) {
      const k = key(r);
      if (seen.has(k)) continue;
      seen.add(k);
      if (count.get(k) === group.length) shared.push(r);
      else own.set(f, [...(own.get(f) ?? []), r]);
    }
  }
  return { shared, own };
}
