/**
 * Inline suppressions: `// ssot-ignore-next-line <rule>[, <rule>] -- <reason>`, a trailing
 * `// ssot-ignore-line …`, and `/* ssot-ignore-file <rule> -- <reason> *\/` (anywhere in the file;
 * by convention at the top). The frontends extract the comments (`FileFacts.suppressions`); this
 * module decides which findings they silence and reports the ones that silence nothing as
 * `unused-suppression`, so suppressions cannot outlive the code they were written for.
 *
 * A finding is matched at its primary location: its own `file` and `line` (each rule's
 * `primaryLocation` says which place that is for multi-location findings). Suppressed findings are
 * kept, marked `suppressed`, and reported as such; they never count towards the exit code.
 */
import { defineRule } from '../api/index.js';
import type { FileFacts, SuppressionFact } from '../model/facts.js';
import { fingerprintOf, type Finding, type Severity } from '../model/findings.js';

/**
 * An engine rule: it needs the other rules' findings, so the engine reports it after they ran.
 * It sits in the rule list so that config severities, `--rule`, `ssot-lint rules` and
 * `ssot-lint explain` treat it like any other rule.
 */
export const unusedSuppression = defineRule({
  id: 'unused-suppression',
  severity: 'warning',
  summary: 'an ssot-ignore comment that suppresses nothing',
  primaryLocation: 'the suppression comment',
  options: {},
  check() {
    /* reported by applyInlineSuppressions once every other rule has run */
  },
});

export interface SuppressionOptions {
  /** `requireSuppressionReason`: a suppression without `-- reason` does not apply. */
  requireReason: boolean;
  /** Ids of the rules that ran: a suppression naming a rule that did not run cannot be judged. */
  activeRuleIds: ReadonlySet<string>;
  /** Every rule id there is (to call out typos). */
  knownRuleIds: ReadonlySet<string>;
  /** No `--rule` filter: every enabled rule ran, so a blanket suppression can be judged too. */
  allRulesRan: boolean;
  /** Severity of `unused-suppression`; undefined when that rule is off or not selected. */
  unusedSeverity: Severity | undefined;
}

const DIRECTIVE = { 'next-line': 'ssot-ignore-next-line', line: 'ssot-ignore-line', file: 'ssot-ignore-file' } as const;

/**
 * Mark the findings that inline suppressions silence (`suppressed: { kind: 'inline' | 'file' }`)
 * and return the `unused-suppression` findings. Findings already suppressed are left alone.
 */
export function applyInlineSuppressions(
  findings: Finding[],
  fileFacts: (file: string) => FileFacts | undefined,
  files: Iterable<FileFacts>,
  options: SuppressionOptions,
): Finding[] {
  // Per suppression, the rule ids (or '*' for a blanket one) that silenced at least one finding.
  const used = new Map<SuppressionFact, Set<string>>();
  const valid = (s: SuppressionFact): boolean => !options.requireReason || s.reason !== undefined;
  const ordered = new Map<string, SuppressionFact[]>();
  const suppressionsOf = (file: string): SuppressionFact[] => {
    let list = ordered.get(file);
    if (!list) {
      // Line-specific suppressions first: a file-wide one is only "used" for what nothing else covers.
      const all = fileFacts(file)?.suppressions ?? [];
      list = [...all.filter((s) => s.kind !== 'file'), ...all.filter((s) => s.kind === 'file')];
      ordered.set(file, list);
    }
    return list;
  };

  for (const f of findings) {
    if (f.suppressed || f.ruleId === unusedSuppression.id) continue;
    for (const s of suppressionsOf(f.file)) {
      if (!valid(s)) continue;
      const names = s.rules.length === 0 || s.rules.includes(f.ruleId);
      if (!names || (s.kind !== 'file' && s.line !== f.line)) continue;
      f.suppressed = { kind: s.kind === 'file' ? 'file' : 'inline', ...(s.reason ? { justification: s.reason } : {}) };
      const set = used.get(s) ?? new Set<string>();
      set.add(s.rules.length === 0 ? '*' : f.ruleId);
      used.set(s, set);
      break;
    }
  }

  if (options.unusedSeverity === undefined) return [];
  const out: Finding[] = [];
  const seen = new Map<string, number>();
  for (const file of files) {
    for (const s of file.suppressions) {
      const message = unusedMessage(s, used.get(s), options);
      if (!message) continue;
      const key = `${s.kind}\0${s.rules.join(',')}`;
      const n = seen.get(`${file.path}\0${key}`) ?? 0;
      seen.set(`${file.path}\0${key}`, n + 1);
      const k = n > 0 ? `${key}\0${n}` : key;
      out.push({
        ruleId: unusedSuppression.id,
        severity: options.unusedSeverity,
        message,
        file: file.path,
        line: s.at.line,
        column: s.at.column,
        endLine: s.at.endLine,
        endColumn: s.at.endColumn,
        related: [],
        fingerprint: fingerprintOf(unusedSuppression.id, file.path, undefined, k),
        moveFingerprint: fingerprintOf(unusedSuppression.id, '', undefined, k),
        cause: `${unusedSuppression.id}:${fingerprintOf(unusedSuppression.id, file.path, undefined, k)}`,
      });
    }
  }
  return out;
}

function unusedMessage(s: SuppressionFact, used: Set<string> | undefined, options: SuppressionOptions): string | undefined {
  const directive = DIRECTIVE[s.kind];
  const where = s.kind === 'file' ? 'in this file' : s.kind === 'next-line' ? `on line ${s.line}` : 'on this line';
  if (options.requireReason && s.reason === undefined) {
    return `${directive} has no reason, and requireSuppressionReason is on: it suppresses nothing until it says why (\`-- reason\`).`;
  }
  if (s.rules.length === 0) {
    if (!options.allRulesRan || used?.has('*')) return undefined;
    return `${directive} suppresses nothing: no finding ${where}; remove it.`;
  }
  const unknown = s.rules.filter((r) => !options.knownRuleIds.has(r));
  if (unknown.length > 0) {
    return `${directive} names ${unknown.map((r) => `'${r}'`).join(', ')}, which ${unknown.length === 1 ? 'is not a rule' : 'are not rules'}: it suppresses nothing for ${unknown.length === 1 ? 'it' : 'them'}; run \`ssot-lint rules\` for the ids.`;
  }
  const idle = s.rules.filter((r) => options.activeRuleIds.has(r) && !used?.has(r));
  if (idle.length === 0) return undefined;
  return `${directive} ${idle.join(', ')} suppresses nothing: no ${idle.join(' or ')} finding ${where}; remove ${idle.length === s.rules.length ? 'it' : `${idle.length === 1 ? 'that id' : 'those ids'}`}.`;
}
