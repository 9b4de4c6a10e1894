/** The JSON report: a contract for dashboards, described by docs/report.schema.json. */
import { groupByCause } from '../model/findings.js';
import type { Reporter } from './types.js';
import { activeFindings } from './types.js';

export const REPORT_SCHEMA_VERSION = 1;

export const jsonReporter: Reporter = (data) => {
  const active = activeFindings(data);
  const suppressedBy = { inline: 0, file: 0, baseline: 0 };
  for (const f of data.findings) if (f.suppressed) suppressedBy[f.suppressed.kind]++;
  const byRule: Record<string, number> = {};
  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const f of active) {
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    bySeverity[f.severity]++;
  }
  const report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'ssot-lint', version: data.toolVersion },
    root: data.root,
    summary: {
      filesScanned: data.filesScanned,
      filesWithErrors: new Set(data.errors.map((e) => e.file)).size,
      findings: active.length,
      causes: groupByCause(active).length,
      suppressed: data.findings.length - active.length,
      suppressedBy,
      byRule: Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : 1))),
      bySeverity,
      durationMs: data.durationMs,
      ...(data.unresolvedImports ? { unresolvedImports: data.unresolvedImports } : {}),
    },
    // A fix request not made into edits (no file to read) is internal: never part of the contract.
    findings: data.findings.map(({ fixRequest: _internal, ...f }) => f),
    errors: data.errors,
    ...(data.concepts ? { concepts: data.concepts } : {}),
    ...(data.baseline ? { baseline: data.baseline } : {}),
    ...(data.changed ? { changed: data.changed } : {}),
  };
  return { output: `${JSON.stringify(report, null, 2)}\n` };
};
