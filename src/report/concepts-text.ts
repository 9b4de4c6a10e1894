/**
 * `ssot-lint concepts`: the concept map in the terminal, one block per concept, worst first — the
 * same graph the html report draws (concept-map.ts). Each line is a node; `└─` names the node it
 * points to and how; `●` counts the findings on it.
 */
import { Chalk } from 'chalk';
import { conceptMaps, cycleRings, type MapNode } from './concept-map.js';
import { activeFindings, printable as p, type ReportData } from './types.js';

const KIND: Record<MapNode['kind'], string> = {
  canonical: 'canonical',
  implementation: 'duplicate',
  name: 'name',
  path: 'import path',
  factory: 'factory',
  registry: 'registry',
};

export function conceptsText(data: ReportData, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const active = activeFindings(data);
  const maps = conceptMaps(data, active);
  const out: string[] = [];
  const width = Math.max(...Object.values(KIND).map((k) => k.length));
  for (const m of maps) {
    const rules = Object.entries(m.byRule)
      .map(([r, n]) => `${r} ${n}`)
      .join(', ');
    const head = m.total === 0 ? c.green('no findings') : c.red(`${m.total} finding${m.total === 1 ? '' : 's'}`);
    out.push(`${c.bold(p(m.name))}  ${head}${rules ? c.dim(` (${rules})`) : ''}${m.suppressed ? c.dim(`, ${m.suppressed} suppressed`) : ''}  ${c.dim(`[${m.sources.join(', ')}]`)}`);
    m.nodes.forEach((n, i) => {
      const marks = n.findings.length > 0 ? `  ${severityMark(c, n.findings.map((fi) => active[fi]!.severity))} ${n.findings.length}` : '';
      out.push(`  ${c.dim(KIND[n.kind].padEnd(width))}  ${p(n.label)}  ${c.cyan(`${p(n.file)}:${n.line}`)}  ${c.dim(p(n.detail))}${marks}`);
      for (const e of m.edges.filter((x) => x.from === i)) {
        out.push(`  ${' '.repeat(width)}    ${c.dim('└─')} ${p(e.label)} ${c.dim('→')} ${p(m.nodes[e.to]!.label)}${e.findings.length > 0 ? `  ${severityMark(c, e.findings.map((fi) => active[fi]!.severity))} ${e.findings.length}` : ''}`);
      }
    });
    if (m.elsewhere.length > 0) out.push(`  ${c.dim('elsewhere'.padEnd(width))}  ${m.elsewhere.length} finding${m.elsewhere.length === 1 ? '' : 's'} about it in other files: ${[...new Set(m.elsewhere.map((fi) => p(active[fi]!.file)))].slice(0, 5).join(', ')}`);
    out.push('');
  }
  const rings = cycleRings(active);
  for (const r of rings) {
    out.push(`${c.bold('import cycle')}  ${r.modules.length} modules`);
    r.modules.forEach((m, i) => out.push(`  ${c.cyan(`${p(m)}:${r.edges[i]!.line}`)}  ${c.dim('→')} ${p(r.modules[(i + 1) % r.modules.length]!)}`));
    out.push('');
  }
  if (maps.length === 0) out.push('No concepts recognised: no duplicate implementations, managed classes or configured concepts.');
  else out.push(`${maps.length} concept${maps.length === 1 ? '' : 's'}, ${maps.filter((m) => m.total > 0).length} with findings${rings.length ? `; ${rings.length} import cycle${rings.length === 1 ? '' : 's'}` : ''}. The html report draws them: ssot-lint -f html:ssot-report.html`);
  return `${out.join('\n')}\n`;
}

function severityMark(c: InstanceType<typeof Chalk>, severities: string[]): string {
  return severities.includes('error') ? c.red('●') : severities.includes('warning') ? c.yellow('●') : c.blue('●');
}
