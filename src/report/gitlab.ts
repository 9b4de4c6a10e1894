/**
 * GitLab Code Quality (`--format gitlab`): the JSON array a `codequality` report artifact holds,
 * shown in merge-request widgets and diffs. Only findings that count; paths from the repository root.
 */
import { activeFindings, repoPath, type Reporter } from './types.js';

const SEVERITY = { error: 'major', warning: 'minor', info: 'info' } as const;

export const gitlabReporter: Reporter = (data, options) => {
  const issues = activeFindings(data)
    .filter((f) => !options.quiet || f.severity === 'error')
    .map((f) => ({
      type: 'issue',
      check_name: f.ruleId,
      description: f.message,
      categories: ['Duplication'],
      severity: SEVERITY[f.severity],
      fingerprint: f.fingerprint,
      location: { path: repoPath(data, f.file), lines: { begin: f.line, end: f.endLine } },
    }));
  return { output: `${JSON.stringify(issues, null, 2)}\n` };
};
