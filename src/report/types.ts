/** What reporters receive: the final, filtered, sorted results. No engine, no index. */
import type { FileError } from '../model/file-error.js';
import type { Finding, Severity } from '../model/findings.js';

export interface ReportRuleInfo {
  id: string;
  severity: Severity;
  summary: string;
  /** Where a multi-location finding is reported (and suppressed). */
  primaryLocation?: string;
  /** The rule's documentation ("What it finds"), for SARIF fullDescription. */
  description?: string;
  /** Link to the rule's doc. */
  helpUri?: string;
}

/** A place in the project: root-relative POSIX file, 1-based line. */
export interface DeclarationRef {
  /** `file#Name`. */
  id: string;
  name: string;
  file: string;
  line: number;
}

/** One concept the run recognised (configured or inferred), for dashboards: "one concept, one owner". */
export interface ConceptRollup {
  name: string;
  /** How it was recognised. */
  sources: ('config' | 'duplicates' | 'registry' | 'factory')[];
  canonical?: DeclarationRef;
  /** Every class implementing it, canonical first, with value imports of each. */
  implementations: (DeclarationRef & { imports: number })[];
  /** Module paths the implementations are imported through, with value-import counts. */
  importPaths: { symbol: string; via: string; uses: number }[];
  factories: { name: string; file: string; line: number; kind: string }[];
  registry?: { name: string; file: string; line: number };
  /**
   * Public names bound to an implementation where a name has several meanings in the project
   * (`nameIndex`): aliases (`X = Y`), renames (`export { Y as X }`), instances exported under a name,
   * and declarations under a name another module binds differently. `target` is the implementation's id.
   */
  names?: { name: string; file: string; line: number; how: 'declaration' | 'alias' | 'rename' | 'instance'; target: string; importers: number }[];
  /** Findings about it that count (not suppressed), per rule, how many were suppressed, and their fingerprints. */
  findings: { total: number; byRule: Record<string, number>; suppressed: number; fingerprints?: string[] };
}

/**
 * A concept without its finding counts: plain data, so a run served from the result cache can count
 * its findings without the index. `places` are the `file:line` of its declarations (classes,
 * factories, registry) that findings are matched against.
 */
export type ConceptSkeleton = Omit<ConceptRollup, 'findings'> & { places: string[] };

/** How much of the import graph the linker could not follow, by reason (src/engine/unresolved.ts counts it). */
export interface UnresolvedImports {
  /** Import statements (static, re-export, require, side-effect and dynamic) in the analysed files. */
  imports: number;
  /** Of those, imports of project modules: resolved to an analysed file, or `missing`. */
  project: number;
  /** Not resolved, and not the project's: an installed or missing external package. */
  external: number;
  /** Not resolved, though the specifier names the project (relative, a tsconfig `paths` alias, a workspace package, a project Python package). */
  missing: number;
  /** Names imported from a resolved project module that neither defines nor re-exports them (as `broken-import` reads it). */
  'missing-name': number;
  /** Dynamic imports (`import('x')`, `importlib.import_module('x')`) that did not resolve. */
  dynamic: number;
}

export interface BaselineReport {
  /** The baseline file, as given on the command line. */
  file: string;
  entries: number;
  /** Findings it suppressed. */
  matched: number;
  /** Of those, matched after a file move. */
  moved: number;
  /** Entries that no longer occur: the baseline can shrink. */
  stale: { ruleId: string; file: string; symbol?: string; fingerprint: string; message: string }[];
}

export interface ChangedScope {
  /** The ref compared against (`--changed <ref>`, or the default branch found). */
  ref: string;
  /** The merge-base commit. */
  base?: string;
  /** Files changed since then (in the project). */
  files: number;
  /** Findings left out because their primary location is in an unchanged file. */
  omitted: number;
}

export interface ReportData {
  toolVersion: string;
  /** Absolute project root, POSIX separators. */
  root: string;
  /**
   * The project root relative to the repository root (git top level, or GITHUB_WORKSPACE), POSIX,
   * '' or ending in '/'. SARIF and GitHub annotations prefix it: those consumers resolve paths from
   * the repository root.
   */
  pathPrefix?: string;
  /** Absolute repository root (POSIX) that `pathPrefix` is relative to. */
  repoRoot?: string;
  filesScanned: number;
  findings: Finding[];
  errors: FileError[];
  durationMs: number;
  rules: ReportRuleInfo[];
  concepts?: ConceptRollup[];
  baseline?: BaselineReport;
  changed?: ChangedScope;
  /** Imports the linker could not follow, by reason. */
  unresolvedImports?: UnresolvedImports;
  /**
   * Source lines around findings, for reports that show code (html): `file` → frames, each the
   * 1-based line of its first text line and the lines themselves. Bounded (see run-command.ts).
   */
  codeFrames?: Record<string, CodeFrame[]>;
  /** Links to files in the repository at this revision (`--repository-url`, CI variables). */
  repository?: RepositoryLinks;
}

export interface CodeFrame {
  start: number;
  lines: string[];
}

export interface RepositoryLinks {
  /** Base URL of the repository's files at this revision, ending in '/': `https://github.com/o/r/blob/<sha>/`. */
  fileBase: string;
  /** How a line is addressed after the file's URL: `#L` (GitHub, GitLab, Gitea). */
  lineAnchor: string;
}

export interface ReportOptions {
  color: boolean;
  /** `--quiet`: errors only. */
  quiet: boolean;
  /** `--explain`: print the proof chain under each finding. */
  explain: boolean;
}

export interface ReportOutput {
  output: string;
}

export type Reporter = (data: ReportData, options: ReportOptions) => ReportOutput;

/** Findings that count: not suppressed (inline, file or baseline). */
export function activeFindings(data: ReportData): Finding[] {
  return data.findings.filter((f) => !f.suppressed);
}

/** Active findings per rule id, sorted by id. */
export function countByRule(findings: readonly Finding[]): [string, number][] {
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  return [...byRule.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `src/a.ts` as the repository sees it (`packages/x/src/a.ts`). */
export function repoPath(data: ReportData, file: string): string {
  return `${data.pathPrefix ?? ''}${file}`;
}

/**
 * Control characters (C0, DEL, C1) and the bidirectional overrides of "Trojan Source" shown as
 * visible escapes (`\n`, `\x1b`, `\u202e`), so a file name or message cannot move the cursor,
 * colour the terminal, forge lines or reorder text in a terminal or a log.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
