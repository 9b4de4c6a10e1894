/**
 * `ssot-lint [paths...]`: parse options, run the pipeline once, write each report, exit
 * 0 (nothing at or above --fail-on), 1 (findings), or 2 (usage, config or internal error).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../engine/errors.js';
import { analyze, type AnalysisResult } from '../engine/run.js';
import { severityRank, type Severity } from '../model/findings.js';
import { REPORTERS, type ReportData } from '../report/index.js';
import { createProgress } from './progress.js';
import { TOOL_VERSION } from './version.js';

interface CliOptions {
  format: string;
  output?: string;
  config?: string;
  tsconfig?: string;
  rule?: string[];
  failOn: Severity;
  quiet?: boolean;
  color?: boolean;
  explain?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  progress?: boolean;
  threads?: string;
}

export function toReportData(result: AnalysisResult): ReportData {
  return {
    toolVersion: TOOL_VERSION,
    root: result.root.split(path.sep).join('/'),
    filesScanned: result.filesScanned,
    findings: result.findings,
    errors: result.errors,
    durationMs: result.durationMs,
    rules: result.rules.map((r) => ({ id: r.rule.id, severity: r.severity, summary: r.rule.summary })),
  };
}

/** Write atomically: a report is either complete or absent, never half-written. */
export function writeFileAtomic(file: string, text: string): void {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  if (!fs.existsSync(dir)) throw new UsageError(`--output ${file}: directory ${dir} does not exist`);
  const tmp = `${abs}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, abs);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* nothing left to clean */
    }
    throw new UsageError(`--output ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function useColor(opts: CliOptions): boolean {
  if (opts.color === false || 'NO_COLOR' in process.env) return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return opts.output === undefined && process.stdout.isTTY === true;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ssot-lint')
    .description('Find single-source-of-truth violations: duplicate implementations, divergent imports, bypassed factories, awaited sync factories, shared state.')
    .version(TOOL_VERSION, '-v, --version')
    .argument('[paths...]', 'files or directories to analyse', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(REPORTERS)).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <file>', 'config file (default: ssot.config.json or package.json "ssot", searched upwards)')
    .option('--tsconfig <file>', 'tsconfig.json for baseUrl/paths (default: next to the target)')
    .option('--rule <id...>', 'run only these rules')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding has at least this severity').choices(['error', 'warning', 'info']).default('error'))
    .option('-q, --quiet', 'report errors only')
    .option('--explain', 'print the chain that proves each finding')
    .option('--cache-location <dir>', 'fact cache directory (default: node_modules/.cache/ssot-lint under the project root)')
    .option('--no-cache', 'do not read or write the fact cache')
    .option('--progress', 'show progress on stderr even in CI or off a TTY')
    .option('--no-progress', 'never show progress')
    .option('--threads <n>', "extraction threads, main thread included ('auto': the cores, for large runs)")
    .option('--color', 'force colour')
    .option('--no-color', 'disable colour')
    .showHelpAfterError('(run ssot-lint --help for usage)')
    .action((paths: string[], opts: CliOptions) => {
      const progress = createProgress({ ...(opts.progress !== undefined ? { requested: opts.progress } : {}), quiet: opts.quiet === true });
      const result = analyze({
        targets: paths,
        ...(opts.config ? { configFile: opts.config } : {}),
        ...(opts.tsconfig ? { tsconfig: opts.tsconfig } : {}),
        ...(opts.rule ? { onlyRules: opts.rule } : {}),
        cache: opts.cache === false ? false : (opts.cacheLocation ?? true),
        threads: parseThreads(opts.threads),
        onProgress: (s) => progress.update(s),
      });
      progress.done();
      // ESLint's TIMING=1, for ssot-lint: the phases of this run on stderr (the bench reads it).
      if (process.env.SSOT_TIMING) process.stderr.write(`ssot-lint timing: ${JSON.stringify({ ...result.timings, totalMs: result.durationMs, ...result.extraction })}\n`);
      if (result.cacheWarning && !opts.quiet) process.stderr.write(`ssot-lint: warning: ${result.cacheWarning}\n`);
      const data = toReportData(result);
      const reporter = REPORTERS[opts.format]!;
      const { output } = reporter(data, { color: useColor(opts), quiet: opts.quiet === true, explain: opts.explain === true });
      if (opts.output) writeFileAtomic(opts.output, output);
      else process.stdout.write(output);
      const failing = result.findings.some((f) => !f.suppressed && severityRank(f.severity) >= severityRank(opts.failOn));
      process.exitCode = failing ? 1 : 0;
    });
  return program;
}

function parseThreads(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads ${value}: expected 'auto' or a whole number of at least 1`);
  return n;
}

export function main(argv: string[]): void {
  const program = buildProgram();
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    program.parse(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`ssot-lint: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`ssot-lint: internal error: ${(e as Error).message}\n`);
    if (process.env.SSOT_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = 2;
  }
}
