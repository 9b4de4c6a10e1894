/**
 * The command line: options and subcommands here, the work in the *-command.ts modules.
 *   ssot-lint [paths...]            analyse, report, gate (run-command.ts)
 *   ssot-lint baseline [paths...]   write ssot-baseline.json (baseline-command.ts)
 *   ssot-lint init [dir]            write a starting ssot.config.json (init-command.ts)
 *   ssot-lint rules | explain <id>  the rules and their docs (rules-command.ts)
 *   ssot-lint concepts [paths...]   the concept map as text (concepts-command.ts)
 * Exit 0 (nothing fails the gate), 1 (it fails), 2 (usage, config or internal error).
 */
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../util/errors.js';
import type { Severity } from '../model/findings.js';
import { runBaseline, type BaselineCliOptions } from './baseline-command.js';
import { runConcepts, type ConceptsCliOptions } from './concepts-command.js';
import { withProcessIo, type CliIo } from './in-process.js';
import { runInit, type InitCliOptions } from './init-command.js';
import { formatNames } from './outputs.js';
import { runExplain, runRules } from './rules-command.js';
import { parseMaxWarnings, runLint, type LintCliOptions } from './run-command.js';
import { TOOL_VERSION } from '../util/version.js';

export { toReportData } from './run-command.js';
export { writeFileAtomic } from './outputs.js';
export type { CliIo } from './in-process.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Options every analysing command takes. */
function addAnalyzeOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'config file (default: ssot.config.json or package.json "ssot", searched upwards)')
    .option('--tsconfig <file>', 'tsconfig.json for baseUrl/paths (default: next to the target)')
    .option('--rule <id...>', 'run only these rules')
    .option('--cache-location <dir>', 'fact cache directory (default: node_modules/.cache/ssot-lint under the project root)')
    .option('--no-cache', 'do not read or write the fact cache')
    .option('--progress', 'show progress on stderr even in CI or off a TTY')
    .option('--no-progress', 'never show progress')
    .option('--threads <n>', "extraction threads, main thread included ('auto': workers only where the estimated work pays for them)")
    .option('--strict-config', 'a declared concept whose class, canonical or factory names nothing found is an error (exit 2), not a warning');
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ssot-lint')
    // Options after a subcommand are the subcommand's: `concepts -c x.json` must not be taken (and
    // dropped) by the root command, which declares the same options.
    .enablePositionalOptions()
    .description('Find single-source-of-truth violations: duplicate implementations, divergent imports, bypassed factories, awaited sync factories, shared state.')
    .version(TOOL_VERSION, '-v, --version')
    .argument('[paths...]', 'files or directories to analyse', ['.'])
    .addOption(
      new Option('-f, --format <format>', `output format: ${formatNames().join(', ')}; repeat for several reports, optionally as format:file (-f json:r.json -f sarif:r.sarif)`)
        .argParser(collect)
        .default([], 'text'),
    )
    .addOption(new Option('-o, --output <file>', 'write the report to a file instead of stdout; repeat to pair with each --format in order').argParser(collect).default([], 'stdout'));
  addAnalyzeOptions(program)
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding has at least this severity').choices(['error', 'warning', 'info']).default('error'))
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', parseMaxWarnings)
    .option('--baseline <file>', 'report only findings not in this baseline (written by `ssot-lint baseline`); lists entries that no longer occur')
    .option('--update-baseline', 'rewrite the baseline (--baseline <file>, default ssot-baseline.json in the project root) with the current findings')
    .option('--fail-on-stale', 'exit 1 when baseline entries no longer occur, so the baseline only shrinks')
    .option('--changed [ref]', 'report only findings in files changed since ref (default: merge-base with the default branch) plus uncommitted and untracked files; analysis stays whole-project')
    .option('--fix', 'apply the safe fixes (repeated until nothing changes, at most 10 passes), then report what remains')
    .option('--fix-dry-run', 'print the fixes as a unified diff, and the migration plans of what cannot be fixed by machine; change nothing')
    .option('--fix-type <rule...>', 'fix only the findings of these rules')
    .option('-q, --quiet', 'report errors only')
    .option('--explain', 'print the chain that proves each finding')
    .option('--repository-url <url>', 'link files in the html report to the repository at this revision (https://github.com/o/r/blob/<sha>; default: from GitHub Actions or GitLab CI variables)')
    .option('--color', 'force colour')
    .option('--no-color', 'disable colour')
    .showHelpAfterError('(run ssot-lint --help for usage)')
    .action((paths: string[], opts: LintCliOptions & { failOn: Severity }) => runLint(paths, opts));

  addAnalyzeOptions(
    program
      .command('baseline')
      .description('write the baseline: the findings of today, so the gate fails only on new ones')
      .argument('[paths...]', 'files or directories to analyse', ['.'])
      .option('-o, --output <file>', 'baseline file (default: ssot-baseline.json in the project root)'),
  ).action((paths: string[], opts: BaselineCliOptions) => runBaseline(paths, opts));

  addAnalyzeOptions(
    program
      .command('concepts')
      .description('print the concept map: each concept with its implementations, names, import paths, factories and findings, worst first')
      .argument('[paths...]', 'files or directories to analyse', ['.'])
      .option('--color', 'force colour')
      .option('--no-color', 'disable colour'),
  ).action((paths: string[], opts: ConceptsCliOptions) => runConcepts(paths, opts));

  program
    .command('init')
    .description('scan the project and write a starting ssot.config.json with proposed concepts')
    .argument('[dir]', 'project directory', undefined)
    .option('--force', 'overwrite an existing ssot.config.json')
    .option('--tsconfig <file>', 'tsconfig.json for baseUrl/paths (default: next to the project)')
    .action((dir: string | undefined, opts: InitCliOptions) => runInit(dir, opts));

  program
    .command('rules')
    .description('list the rules: id, default severity, summary')
    .option('--json', 'as JSON')
    .action((opts: { json?: boolean }) => runRules(opts));

  program
    .command('explain')
    .description("print a rule's documentation")
    .argument('<rule-id>', 'the rule, as listed by `ssot-lint rules`')
    .action((id: string) => runExplain(id));

  return program;
}

/** The program, with commander throwing instead of exiting and its errors on stderr. */
function controlledProgram(): Command {
  const program = buildProgram();
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  return program;
}

/** The exit code for what parsing or a command threw; the one line that says why goes to stderr. */
function failureCode(e: unknown): number {
  if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
  if (e instanceof UsageError) {
    process.stderr.write(`ssot-lint: ${e.message}\n`);
    return 2;
  }
  process.stderr.write(`ssot-lint: internal error: ${(e as Error).message}\n`);
  if (process.env.SSOT_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
  return 2;
}

/** bin/ssot-lint.js: `argv` is process.argv. */
export function main(argv: string[]): void {
  // The reader went away (`ssot-lint --fix-dry-run | head`): stop quietly, as `cat` does, rather
  // than die on the unhandled EPIPE of a later write.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
  try {
    controlledProgram().parse(argv);
  } catch (e) {
    process.exitCode = failureCode(e);
  }
}

/** In-process entry (tests, embedding): `args` without node and script; resolves to the exit code. */
export function runMain(args: string[], io: CliIo): Promise<number> {
  return withProcessIo(io, async () => {
    try {
      await controlledProgram().parseAsync(args, { from: 'user' });
      return Number(process.exitCode ?? 0);
    } catch (e) {
      return failureCode(e);
    }
  });
}
