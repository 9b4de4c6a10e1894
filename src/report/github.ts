/**
 * GitHub Actions workflow commands (`--format github`): one `::error`/`::warning`/`::notice` line
 * per finding that counts, which GitHub shows as an annotation on the pull request's diff.
 *
 * Escaping follows @actions/core: in the message `%`, CR and LF are percent-encoded; in property
 * values `:` and `,` too. Other control characters (an ESC in a file name) are shown as visible
 * escapes (`\x1b`, see `printable`), so a name cannot colour the log or forge a command. Paths are relative to the repository root, as GitHub expects. GitHub
 * shows a limited number of annotations per step (it documents 10 errors and 10 warnings), so
 * upload SARIF as well when there are many.
 */
import type { Finding } from '../model/findings.js';
import { activeFindings, printable, repoPath, type Reporter } from './types.js';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A message: other control characters shown as visible escapes (see `printable`), then escapeData. */
function message(s: string): string {
  return escapeData(s.split(/(\r\n|\r|\n)/).map((part, i) => (i % 2 === 1 ? part : printable(part))).join(''));
}

/** A property value (file, title): every control character visible or percent-encoded. */
function property(s: string): string {
  return escapeProperty(s.split(/(\r|\n)/).map((part, i) => (i % 2 === 1 ? part : printable(part))).join(''));
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

export const githubReporter: Reporter = (data, options) => {
  const lines: string[] = [];
  const shown = activeFindings(data).filter((f) => !options.quiet || f.severity === 'error');
  for (const f of shown) {
    const props = [
      `file=${property(repoPath(data, f.file))}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `endLine=${f.endLine}`,
      ...(f.endLine === f.line ? [`endColumn=${f.endColumn}`] : []),
      `title=${property(f.ruleId)}`,
    ];
    lines.push(`::${COMMAND[f.severity]} ${props.join(',')}::${message(body(f, options.explain, (p) => repoPath(data, p)))}`);
  }
  for (const e of data.errors) {
    const where = [`file=${property(repoPath(data, e.file))}`, ...(e.line ? [`line=${e.line}`] : []), ...(e.column ? [`col=${e.column}`] : []), `title=${property('ssot-lint: file skipped')}`];
    lines.push(`::warning ${where.join(',')}::${message(e.message)}`);
  }
  return { output: lines.length > 0 ? `${lines.join('\n')}\n` : '' };
};

function body(f: Finding, explain: boolean, at: (file: string) => string): string {
  const parts = [f.message];
  for (const r of f.related) parts.push(`↳ ${at(r.file)}:${r.line}:${r.column} ${r.message}`);
  if (explain && f.chain) for (const s of f.chain) parts.push(`→ ${at(s.file)}:${s.line} ${s.text}`);
  return parts.join('\n');
}
