/** How a rule is declared. Rules import only from `src/api`. */
import type { ProjectIndex } from '../model/project-index.js';
import type { ReportInput, Severity } from '../model/findings.js';

export type OptionType = 'boolean' | 'number' | 'string' | 'string[]';

export interface OptionSpec {
  type: OptionType;
  default: boolean | number | string | string[];
  description: string;
}

export interface RuleMeta {
  /** kebab-case, stable: users put it in configs and suppressions. */
  id: string;
  severity: Severity;
  /** One line, shown by `ssot-lint rules` and as SARIF shortDescription. */
  summary: string;
  /** Which location a multi-location finding is reported (and suppressed) at. */
  primaryLocation: string;
  options: Record<string, OptionSpec>;
}

export type RuleOptions = Record<string, boolean | number | string | string[]>;

export interface Rule<O extends RuleOptions = RuleOptions> extends RuleMeta {
  check(index: ProjectIndex, options: O, report: (finding: ReportInput) => void): void;
}

export function defineRule<O extends RuleOptions>(rule: Rule<O>): Rule<O> {
  return rule;
}
