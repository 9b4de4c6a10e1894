/**
 * `ssot-lint [paths...]`: analyse once, then filter (baseline, --changed), render every requested
 * report, write them, and decide the exit code:
 *   0  nothing that fails the gate,
 *   1  a finding at or above --fail-on, more warnings than --max-warnings, or (--fail-on-stale)
 *      baseline entries that no longer occur,
 *   2  usage, config or internal error (thrown as UsageError / Error and handled in main.ts).
 * Suppressed findings (inline, file, baseline) never count, in any report or in the exit code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { applyBaseline, BASELINE_FILE, readBaseline, serializeBaseline, updatedBaseline, type BaselineOutcome, type BaselineScope } from '../engine/baseline.js';
import { changedFiles, gitTopLevel } from '../engine/changed.js';
import { countFindings } from '../engine/concept-rollup.js';
import { UsageError } from '../util/errors.js';
import { analyze, type AnalysisResult, type AnalyzeOptions } from '../engine/run.js';
import { severityRank, type Finding, type Severity } from '../model/findings.js';
import { REPORTERS, type ReportData } from '../report/index.js';
import type { ChangedScope, RepositoryLinks } from '../report/types.js';
import { readCodeFrames } from './code-frames.js';
import { checkOutputDirs, planOutputs, writeOutputs, type OutputWrite } from './outputs.js';
import { repositoryLinks } from './repository-links.js';
import { ruleInfo } from './rule-docs.js';
import { createProgress } from './progress.js';
import { TOOL_VERSION } from '../util/version.js';
import { typeScriptLoad } from '../frontends/typescript/load.js';
import { changesDiff, dropUnparsableFixes, runFixes } from '../fix/apply.js';
import { migrationPlans } from '../fix/plan.js';
import { diskReader, resolveFixes } from '../fix/resolve.js';
import { RULE_IDS } from '../engine/run.js';
import type { OutputPlan } from './outputs.js';

/** Options shared by every command that analyses (the run, `baseline`, `init`). */
export interface AnalyzeCliOptions {
  config?: string;
  tsconfig?: string;
  rule?: string[];
  /** --no-cache (false); --cache-location <dir>. */
  cache?: boolean;
  cacheLocation?: string;
  /** --progress (true) / --no-progress (false). */
  progress?: boolean;
  threads?: string;
  quiet?: boolean;
  /** --strict-config: a declared concept that names nothing found is an error (exit 2), not a warning. */
  strictConfig?: boolean;
}

export interface LintCliOptions extends AnalyzeCliOptions {
  format: string[];
  output: string[];
  failOn: Severity;
  quiet?: boolean;
  color?: boolean;
  explain?: boolean;
  baseline?: string;
  updateBaseline?: boolean;
  failOnStale?: boolean;
  changed?: string | true;
  maxWarnings?: number;
  repositoryUrl?: string;
  /** --fix, --fix-dry-run, --fix-type <rule...> (src/fix). */
  fix?: boolean;
  fixDryRun?: boolean;
  fixType?: string[];
}

export function analyzeOptions(paths: string[], opts: AnalyzeCliOptions): AnalyzeOptions {
  return {
    targets: paths,
    ...(opts.config ? { configFile: opts.config } : {}),
    ...(opts.tsconfig ? { tsconfig: opts.tsconfig } : {}),
    ...(opts.rule ? { onlyRules: opts.rule } : {}),
    cache: opts.cache === false ? false : (opts.cacheLocation ?? true),
    threads: parseThreads(opts.threads),
  };
}

function parseThreads(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads ${value}: expected 'auto' or a whole number of at least 1`);
  return n;
}

/** One analysis as the CLI runs it: fact cache, threads, the progress line, a cache warning. */
export function runAnalysis(paths: string[], opts: AnalyzeCliOptions, extra: Pick<AnalyzeOptions, 'concepts' | 'reuseResults' | 'keepIndex' | 'overlay'> = {}): AnalysisResult {
  const progress = createProgress({ ...(opts.progress !== undefined ? { requested: opts.progress } : {}), quiet: opts.quiet === true });
  const result = analyze({ ...analyzeOptions(paths, opts), ...extra, onProgress: (s) => progress.update(s) });
  progress.done();
  if (result.cacheWarning && !opts.quiet) process.stderr.write(`ssot-lint: warning: ${result.cacheWarning}\n`);
  const problems = result.conceptWarnings ?? [];
  const where = result.configFile ? path.relative(process.cwd(), result.configFile) || result.configFile : 'config';
  if (problems.length > 0 && opts.strictConfig) {
    throw new UsageError(`${where}: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; --strict-config makes this an error`);
  }
  if (!opts.quiet) for (const p of problems) process.stderr.write(`ssot-lint: warning: ${where}: ${p}\n`);
  // ESLint's TIMING=1, for ssot-lint: the phases of this run on stderr (the bench reads it).
  if (process.env.SSOT_TIMING) process.stderr.write(`ssot-lint timing: ${JSON.stringify({ ...result.timings, totalMs: result.durationMs, ...result.extraction, typescript: typeScriptLoad() })}\n`);
  return result;
}

export interface ReportExtras {
  baseline?: BaselineOutcome;
  changed?: ChangedScope;
  concepts?: boolean;
  /** Read the lines around findings (reports that show code). */
  codeFrames?: boolean;
  repository?: RepositoryLinks;
}

/** Everything a reporter needs, computed here so that reporters never reach into the engine. */
export function toReportData(result: AnalysisResult, extras: ReportExtras = {}): ReportData {
  const root = posix(result.root);
  const repo = repositoryRoot(result.root);
  const prefix = repo ? posix(path.relative(repo, result.root)) : '';
  return {
    toolVersion: TOOL_VERSION,
    root,
    pathPrefix: prefix === '' || prefix.startsWith('..') ? '' : `${prefix}/`,
    repoRoot: repo && !prefix.startsWith('..') ? posix(repo) : root,
    filesScanned: result.filesScanned,
    findings: result.findings,
    errors: result.errors,
    durationMs: result.durationMs,
    ...(result.unresolvedImports ? { unresolvedImports: result.unresolvedImports } : {}),
    rules: result.rules.map((r) => ruleInfo(r.rule, r.severity)),
    ...(extras.concepts && result.concepts ? { concepts: countFindings(result.concepts, result.findings) } : {}),
    ...(extras.baseline
      ? {
          baseline: {
            file: extras.baseline.file,
            entries: extras.baseline.entries,
            matched: extras.baseline.matched,
            moved: extras.baseline.moved,
            stale: extras.baseline.stale.map((e) => ({ ruleId: e.ruleId, file: e.file, ...(e.symbol !== undefined ? { symbol: e.symbol } : {}), fingerprint: e.fingerprint, message: e.message })),
          },
        }
      : {}),
    ...(extras.changed ? { changed: extras.changed } : {}),
    ...(extras.codeFrames ? { codeFrames: readCodeFrames(result.root, result.findings) } : {}),
    ...(extras.repository ? { repository: extras.repository } : {}),
  };
}

function posix(p: string): string {
  return p.split(path.sep).join('/');
}

/** GITHUB_WORKSPACE when the project is inside it (Actions resolves paths from there), else git's top level. */
function repositoryRoot(root: string): string | undefined {
  const ws = process.env.GITHUB_WORKSPACE;
  if (ws && !path.relative(path.resolve(ws), root).startsWith('..')) return path.resolve(ws);
  const top = gitTopLevel(root);
  if (!top) return undefined;
  // git reports the real path; keep the user's spelling of the root when it is a symlink.
  try {
    return path.resolve(root, path.relative(fs.realpathSync(root), top));
  } catch {
    return top;
  }
}

/** What the baseline can judge in this run (see BaselineScope). */
export function baselineScope(result: AnalysisResult, paths: string[]): BaselineScope {
  const targets = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  const wholeProject = targets.some((t) => t === result.root || !path.relative(t, result.root).startsWith('..'));
  const analysed = new Set([...result.analysedFiles, ...result.errors.map((e) => e.file)]);
  const ran = new Set(result.rules.map((r) => r.rule.id));
  return {
    wholeProject,
    ruleRan: (id) => ran.has(id),
    fileAnalysed: (f) => analysed.has(f),
    fileGone: (f) => !analysed.has(f) && !fs.existsSync(path.join(result.root, f)),
  };
}

export function defaultBaselineFile(result: AnalysisResult): string {
  return path.relative(process.cwd(), path.join(result.root, BASELINE_FILE)) || BASELINE_FILE;
}

function useColor(opts: LintCliOptions, toStdout: boolean): boolean {
  if (!toStdout || opts.color === false || 'NO_COLOR' in process.env) return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return opts.color === true || process.stdout.isTTY === true;
}

export function parseMaxWarnings(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--max-warnings ${value}: expected a whole number ≥ 0`);
  return Number(value);
}

export function runLint(paths: string[], opts: LintCliOptions): void {
  // Validate the outputs before the (possibly long) analysis.
  const plans = planOutputs(opts.format, opts.output);
  checkOutputDirs(plans);

  // The concept roll-up for the reports that show it; code and links for the one that shows those.
  const json = plans.some((p) => p.format === 'json' || p.format === 'html');
  const html = plans.some((p) => p.format === 'html');
  const repository = html ? repositoryLinks(opts.repositoryUrl) : undefined;
  const fixing = opts.fix === true || opts.fixDryRun === true;
  if (fixing) checkFixOptions(opts, plans);
  // Each pass of the fixes analyses again; its warnings and progress were said by the first.
  let pass = 0;
  const fixRun = fixing
    ? runFixMode(paths, opts, (overlay) => runAnalysis(paths, pass++ === 0 ? opts : { ...opts, quiet: true }, { concepts: json, reuseResults: true, keepIndex: true, ...(overlay ? { overlay } : {}) }))
    : undefined;
  const result = fixRun ?? runAnalysis(paths, opts, { concepts: json, reuseResults: true, keepIndex: false });
  // JSON and SARIF carry each finding's fix as edits: computed from the files now (ts-morph only if a TypeScript import is to move).
  if (plans.some((p) => p.format === 'json' || p.format === 'sarif') && result.findings.some((f) => f.fixRequest || f.fix)) {
    const reader = diskReader(result.root);
    resolveFixes(result.findings, reader);
    // Editors apply these without us: a fix that would break its file is not offered.
    dropUnparsableFixes(result.findings, reader);
  }

  let baseline: BaselineOutcome | undefined;
  let baselineWrite: (OutputWrite & { entries: number }) | undefined;
  if (opts.baseline !== undefined || opts.updateBaseline) {
    const file = opts.baseline ?? defaultBaselineFile(result);
    const scope = baselineScope(result, paths);
    let entries = opts.updateBaseline && !fs.existsSync(file) ? [] : readBaseline(file);
    if (opts.updateBaseline) {
      entries = updatedBaseline(result.findings, entries, scope);
      // Written with the reports, all or nothing.
      baselineWrite = { file, text: serializeBaseline(entries), label: '--baseline', entries: entries.length };
    }
    baseline = applyBaseline(result.findings, entries, scope, file);
  }

  let changed: ChangedScope | undefined;
  if (opts.changed !== undefined) {
    const ch = changedFiles(result.root, opts.changed === true ? undefined : opts.changed);
    const kept = result.findings.filter((f) => ch.files.has(f.file));
    changed = { ref: ch.ref, ...(ch.base ? { base: ch.base } : {}), files: ch.files.size, omitted: result.findings.length - kept.length };
    result.findings = kept;
  }

  const data = toReportData(result, { ...(baseline ? { baseline } : {}), ...(changed ? { changed } : {}), concepts: json, codeFrames: html, ...(repository ? { repository } : {}) });
  const rendered = plans.map((p) => ({
    plan: p,
    output: REPORTERS[p.format]!(data, { color: p.format === 'text' && useColor(opts, p.file === undefined), quiet: opts.quiet === true, explain: opts.explain === true }).output,
  }));
  writeOutputs([
    ...(baselineWrite ? [baselineWrite] : []),
    ...rendered.flatMap(({ plan, output }) => (plan.file !== undefined ? [{ file: plan.file, text: output, ...(plan.label ? { label: plan.label } : {}) }] : [])),
  ]);
  if (baselineWrite) process.stderr.write(`ssot-lint: wrote ${baselineWrite.entries} baseline entr${baselineWrite.entries === 1 ? 'y' : 'ies'} to ${baselineWrite.file}\n`);
  for (const { plan, output } of rendered) if (plan.file === undefined) process.stdout.write(output);

  process.exitCode = gateFails(result.findings, opts, baseline) ? 1 : 0;
}

/** The gate: is there anything that must fail the build? Says why on stderr for the non-obvious cases. */
export function gateFails(findings: readonly Finding[], opts: Pick<LintCliOptions, 'failOn' | 'maxWarnings' | 'failOnStale'>, baseline?: BaselineOutcome): boolean {
  const active = findings.filter((f) => !f.suppressed);
  let fails = active.some((f) => severityRank(f.severity) >= severityRank(opts.failOn));
  const warnings = active.filter((f) => f.severity === 'warning').length;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    process.stderr.write(`ssot-lint: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${opts.maxWarnings}\n`);
    fails = true;
  }
  if (opts.failOnStale && baseline && baseline.stale.length > 0) {
    process.stderr.write(`ssot-lint: ${baseline.stale.length} baseline entr${baseline.stale.length === 1 ? 'y no longer occurs' : 'ies no longer occur'} (--fail-on-stale); update it with --update-baseline\n`);
    fails = true;
  }
  return fails;
}

function checkFixOptions(opts: LintCliOptions, plans: readonly OutputPlan[]): void {
  if (opts.fix && opts.fixDryRun) throw new UsageError('--fix and --fix-dry-run: choose one');
  for (const id of opts.fixType ?? []) if (!RULE_IDS.has(id)) throw new UsageError(`--fix-type ${id}: no such rule; run \`ssot-lint rules\` for the list`);
  // The dry run's diff goes to stdout: a machine-readable report there would be mixed into it.
  const onStdout = plans.find((p) => p.file === undefined && p.format !== 'text');
  if (opts.fixDryRun && onStdout) throw new UsageError(`--fix-dry-run prints a diff on stdout: write the ${onStdout.format} report to a file (-f ${onStdout.format}:<file>)`);
}

/** --fix / --fix-dry-run: fix to a fixed point (or show the first pass), then the last analysis is reported as usual. */
function runFixMode(paths: string[], opts: LintCliOptions, analyse: (overlay?: ReadonlyMap<string, string>) => AnalysisResult): AnalysisResult {
  const targets = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  // What the report will show is what gets fixed: with --changed only findings in changed files
  // (the change set read once, before anything is written), with --baseline only new findings.
  let changedSet: Set<string> | undefined;
  const baselined = opts.baseline !== undefined && fs.existsSync(opts.baseline) ? new Set(readBaseline(opts.baseline).map((e) => e.fingerprint)) : undefined;
  const only = (f: Finding, root: string): boolean => {
    if (opts.changed !== undefined) {
      changedSet ??= changedFiles(root, opts.changed === true ? undefined : opts.changed).files;
      if (!changedSet.has(f.file)) return false;
    }
    return !baselined?.has(f.fingerprint);
  };
  const run = runFixes(analyse, {
    targets,
    only,
    ...(opts.fixType ? { rules: opts.fixType } : {}),
    dryRun: opts.fixDryRun === true,
    warn: (line) => process.stderr.write(`ssot-lint: warning: ${line}\n`),
    write: (writes) => writeOutputs(writes),
  });
  const files = run.changes.size;
  if (opts.fixDryRun) {
    process.stdout.write(changesDiff(run.changes));
    process.stdout.write(migrationPlans(run.result.findings));
    if (!opts.quiet) process.stderr.write(`ssot-lint: --fix-dry-run: ${run.fixesApplied} fix${run.fixesApplied === 1 ? '' : 'es'} in ${files} file${files === 1 ? '' : 's'} (nothing written)\n`);
  } else if (!opts.quiet) {
    process.stderr.write(`ssot-lint: fixed ${run.fixesApplied} finding${run.fixesApplied === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${run.passes} pass${run.passes === 1 ? '' : 'es'})\n`);
  }
  return run.result;
}
