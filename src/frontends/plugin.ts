/**
 * A language plugin: everything ssot-lint knows about one language, in one object exported by
 * src/frontends/<lang>/index.ts and listed once in src/frontends/index.ts (see
 * docs/adding-a-language.md). The engine reads the plugins; the model and the rules only see their
 * `semantics` (src/model/language.ts) through the ProjectIndex.
 *
 * A plugin object must be cheap to import: a run whose facts all come from the cache never calls
 * `extract`, so a parser that is slow to load is loaded on `extract`'s first call.
 */
import type { PathAliases, Workspace } from '../model/workspace.js';
import type { FileFacts, ParseProblem } from '../model/facts.js';
import type { FixRequest } from '../model/findings.js';
import type { LineMap } from './shared/text-edits.js';
import type { LanguageSemantics } from '../model/language.js';
import type { ModuleResolver } from '../model/project-index.js';

/** What a module resolver may need to know about the run (the engine builds it once per run). */
export interface ResolverContext {
  /** Every discovered file, root-relative POSIX (also those that did not parse: they exist). */
  files: ReadonlySet<string>;
  /** The project root (absolute). */
  root: string;
  /** Root-relative directories the run walked whole ('' = the root): outside them a module may exist unseen. */
  walked: readonly string[];
  /**
   * The configuration's own section for this language, by the plugin's id (`"python": { roots }`),
   * already validated by src/config/config.ts; undefined when the config has none.
   */
  settings: Readonly<Record<string, string[]>> | undefined;
  /** The tsconfig's `baseUrl`/`paths`/`outDir` (src/config/tsconfig.ts). */
  aliases: PathAliases;
  /** Workspace packages and per-project tsconfigs (src/config/workspaces.ts). */
  workspace: Workspace;
}

/**
 * The measured cost of extracting one language, per thread, for choosing the worker count
 * (src/engine/workers.ts, autoThreads; docs/performance.md, "Threads").
 */
export interface LanguageCost {
  /** Steady single-thread extraction (read, parse, walk, facts) per KB of source, ms, once the JIT is warm. */
  msPerKb: number;
  /**
   * CPU of the whole process per CPU of the extracting thread, in a one-thread run: V8's garbage
   * collector and JIT compilers run on helper threads beside it (per-thread CPU from
   * /proc/<pid>/task). A thread that extracts keeps this many cores busy, so `cores / cpuPerThread`
   * threads already fill the machine and more add nothing.
   */
  cpuPerThread: number;
  /** A worker's results cost extra: encoded to JSON in the worker, decoded on the main thread; per unit of extraction. */
  transferOverhead: number;
  /** What a new worker pays before its first useful file: starting, loading the frontend, JIT-compiling it again (ms). */
  warmupMs: number;
}

export interface LanguagePlugin {
  /** The plugin's name (`typescript`, `python`): keys its worker cost and its resolver. */
  readonly id: string;
  /** File name endings this plugin reads (`.ts`, `.py`); the first plugin that claims one wins. */
  readonly extensions: readonly string[];
  /** Globs of this language's test files, added to the defaults (src/engine/run.ts DEFAULT_TEST_FILES). */
  readonly testFileGlobs: readonly string[];
  /** The parser and its version, named without loading it: part of the fact cache's key. */
  readonly parser: { readonly name: string; readonly version: string };
  /** One file's text → its facts (src/model/facts.ts); parse problems go in `parseErrors`. */
  extract(path: string, text: string, hash: string): FileFacts;
  /** Module specifier → project file, built once per run; without one, the first plugin's resolver is used. */
  createResolver?(context: ResolverContext): ModuleResolver;
  /** The semantics of each `FileFacts.language` this plugin produces (TypeScript: `typescript` and `javascript`). */
  readonly semantics: readonly LanguageSemantics[];
  /** The error entry's message for a file that does not parse (default: `does not parse: <message>`). */
  parseErrorMessage?(first: ParseProblem): string;
  /** The measured extraction cost; without one, the plugin's files never count towards worker threads. */
  readonly workerCost?: LanguageCost;
  /**
   * A cache of the parser's compiled code: `use` a directory (the per-user one, trust.ts
   * trustedUserDir, never one of the analysed tree; undefined: none) before the first extract, in
   * each worker too (`directory` is what workers are given); `save` after extracting.
   */
  readonly codeCache?: { use(dir: string | undefined): void; directory(): string | undefined; save(): void };
  /**
   * The language's own section of ssot.config.json, under its id: each key with what it is for.
   * Every setting is a list of directories relative to the project root (checked to stay inside it).
   */
  readonly settings?: Readonly<Record<string, { kind: 'directories'; description: string }>>;
  /**
   * Lines of its facts also break at a lone `\r`, U+2028 and U+2029 (as ECMAScript counts), not
   * only at `\n`: how positions map to text (fixes, code frames).
   */
  readonly ecmaLineBreaks?: boolean;
  /** The fixes this language can make (--fix, and the `fix` of JSON and SARIF findings); none without it. */
  readonly fixer?: LanguageFixer;
}

/** Reads a project file's text as it is now (root-relative path; undefined: it cannot be read). */
export interface SourceReader {
  read(file: string): string | undefined;
}

/**
 * How a language makes the fixes a rule requests (src/fix; docs/fix.md). Each returns the whole
 * file's text after the fix, or undefined when the edit cannot be made with certainty; the caller
 * turns the difference into an edit and reparses the result before writing it.
 */
export interface LanguageFixer {
  /** Take the request's names out of the import at `statement` and import them from its target. */
  moveImport(request: Extract<FixRequest, { kind: 'move-import' }>, text: string, map: LineMap): string | undefined;
  /** `new X(args)` / `X(args)` at `at` → `factory(args)`, importing the factory. */
  callFactory(request: Extract<FixRequest, { kind: 'call-factory' }>, text: string, map: LineMap, reader: SourceReader): string | undefined;
}
