/**
 * Migration plans for what no machine edit can fix safely (`--fix-dry-run` prints them): which
 * bindings point where and which importers move, from the findings' own locations. One plan per
 * cause (the rule's root cause: one class, one name, one cycle).
 */
import { groupByCause, type Finding } from '../model/findings.js';

export const PLANNED_RULES: readonly string[] = ['alias-divergence', 'duplicate-implementation', 'import-cycle'];

const STEP: Record<string, string> = {
  'alias-divergence': 'point every binding at the canonical definition, then move each importer listed to it',
  'duplicate-implementation': 'keep one implementation (the first listed or the configured canonical), re-export it where the others were, move their importers, delete the copies',
  'import-cycle': 'break the cycle at one edge: move what both modules need into a module of its own, or make the import lazy or type-only',
};

export function migrationPlans(findings: readonly Finding[]): string {
  const relevant = findings.filter((f) => !f.suppressed && PLANNED_RULES.includes(f.ruleId));
  let out = '';
  for (const group of groupByCause(relevant)) {
    const first = group[0]!;
    out += `\nMigration plan (${first.ruleId}, no automatic edit): ${first.causeTitle ?? first.message}\n`;
    out += `  how: ${STEP[first.ruleId]}\n`;
    for (const f of group) {
      out += `  - ${f.file}:${f.line}:${f.column}  ${f.site ?? f.message}\n`;
      for (const r of f.related) out += `      ${r.file}:${r.line}:${r.column}  ${r.message}\n`;
      for (const s of f.chain ?? []) out += `      step ${s.file}:${s.line}:${s.column}  ${s.text}\n`;
    }
  }
  return out;
}
