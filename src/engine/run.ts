/**
 * The pipeline: discover → extract (per file) → link (ProjectIndex) → rules → filter → result.
 * Reporters turn the result into text; nothing here prints.
 */
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { RULES } from '../../rules/index.js';
import type { Rule, RuleOptions } from '../api/rule.js';
import { findConfig, loadConfigFile, validateConfig, type Config, type LoadedConfig } from '../config/config.js';
import { findTsconfig, loadPathAliases } from '../config/tsconfig.js';
import { loadWorkspace, workspaceKey, workspacePackageFile, workspaceRootAbove } from '../config/workspaces.js';
import type { Workspace } from '../model/workspace.js';
import { discover, type DiscoveredFile } from '../discover/discover.js';
import { ProjectIndex, type ModuleResolver } from '../model/project-index.js';
import { LANGUAGES, semanticsOf, withLanguages, type LanguagePlugin } from '../frontends/index.js';
import type { ResolverContext } from '../frontends/plugin.js';
import { causeOf, compareFindings, fingerprintOf, type Finding, type Severity } from '../model/findings.js';
import type { FileFacts } from '../model/facts.js';
import { UsageError } from '../util/errors.js';
import { conceptWarnings } from '../model/analysis/concept-check.js';
import { cacheDir, openFactCache } from '../cache/open.js';
import { ResultCache, resultKey, type CachedResult, type FileStamp } from '../cache/result-cache.js';
import type { FactCache } from '../cache/fact-cache.js';
import { cacheSecret, trustedUserDir } from '../util/trust.js';
import { conceptSkeletons } from './concept-rollup.js';
import { extractAll, type ExtractResult, type ExtractStats } from './extract-all.js';
import { collectGarbage } from './heap.js';
import { applyInlineSuppressions, unusedSuppression } from './suppressions.js';
import { countUnresolvedImports } from './unresolved.js';
import type { FileError } from '../model/file-error.js';
import type { PathAliases } from '../model/workspace.js';
import type { ConceptSkeleton, UnresolvedImports } from '../report/types.js';

/** Test files by name in any language; each language plugin adds its own (`testFileGlobs`). */
const COMMON_TEST_FILES = ['**/*.test.*', '**/*.spec.*', '**/test/**', '**/tests/**', '**/e2e/**'];

/** The test files when the config does not say (`testFiles`): the common names and each language's. */
export function defaultTestFiles(languages: readonly LanguagePlugin[] = LANGUAGES): string[] {
  return [...COMMON_TEST_FILES, ...languages.flatMap((l) => l.testFileGlobs)];
}

export const DEFAULT_TEST_FILES = defaultTestFiles();

export interface AnalyzeOptions {
  targets: string[];
  cwd?: string;
  /** `--config`: explicit config file. */
  configFile?: string;
  /** Already-loaded config (programmatic use); skips the search. */
  config?: Config;
  tsconfig?: string;
  /** `--rule`: run only these. */
  onlyRules?: string[];
  /**
   * Fact cache: true = `<root>/node_modules/.cache/ssot-lint` (an npm package's root) or
   * `<root>/.ssot-cache` (any other root), a path = that directory, false/absent = none. Its entries are authenticated under the per-user secret (src/util/trust.ts); without one
   * there is no fact or result cache. TypeScript's code cache, with any cache on, is in the per-user
   * directory only.
   */
  cache?: boolean | string;
  /** Extraction threads, main thread included ('auto': workers only where the estimated work pays for them, see workers.ts). */
  threads?: number | 'auto';
  /** Extraction progress (files parsed / total, from cache), at most every ~100 ms. */
  onProgress?: (stats: ExtractStats) => void;
  /** Compute the concept roll-up's data (`concepts`); the JSON report needs it. */
  concepts?: boolean;
  /**
   * Return the linked `index` (default true). Without it the facts, the index and the analyses
   * (most of a large run's heap) are garbage as soon as the findings are made, and what comes after
   * (writing the result cache, rendering reports) reuses their memory instead of adding to it.
   */
  keepIndex?: boolean;
  /**
   * With a cache: reuse the last run's findings when no file and no setting changed (the CLI does;
   * default off, so that a programmatic caller always gets the `index`).
   */
  reuseResults?: boolean;
  /**
   * Languages besides the built-in ones (src/frontends/index.ts): a plugin object each (see
   * docs/adding-a-language.md). With any, extraction stays on the main thread and no cache is used.
   */
  /**
   * Texts to analyse instead of the files on disk, by root-relative path (--fix-dry-run's later
   * passes). A run with an overlay reads and writes no cache.
   */
  overlay?: ReadonlyMap<string, string>;
  languages?: readonly LanguagePlugin[];
}

export interface ActiveRule {
  rule: Rule;
  severity: Severity;
  options: RuleOptions;
}

export interface AnalysisResult {
  root: string;
  configFile?: string;
  filesScanned: number;
  findings: Finding[];
  errors: FileError[];
  durationMs: number;
  rules: ActiveRule[];
  /** The linked project; absent when the findings came from the result cache (nothing changed). */
  index?: ProjectIndex;
  /** Files whose facts were analysed (parsed, or from a cache). */
  analysedFiles: string[];
  /** The concept roll-up's data, when `concepts` was asked for. */
  concepts?: ConceptSkeleton[];
  /** Imports the linker could not follow, by reason (absent only from a result cached by an older build). */
  unresolvedImports?: UnresolvedImports;
  /**
   * Files parsed vs taken from the cache, workers used. `results`: the last run's findings were
   * reused, because no file changed (`unchanged`: a stat per file, the fact cache not even opened)
   * or the changed files have the facts they had (`same-facts`).
   */
  extraction: ExtractStats & { results?: 'unchanged' | 'same-facts'; caches?: 'off: no per-user secret' };
  /** Where the time went (linking is lazy, so it is counted with the rules that trigger it). */
  timings: { discoverMs: number; extractMs: number; linkAndRulesMs: number; ruleMs?: Record<string, number> };
  /** Why the fact cache could not be written, if it could not (the run itself is fine). */
  cacheWarning?: string;
  /** Declared concepts that name nothing the analysis found (see concept-check.ts). */
  conceptWarnings?: string[];
}

/** The rules the engine itself reports (after the others ran), listed after the rule table. */
export const ENGINE_RULES: readonly Rule[] = [unusedSuppression as Rule];
export const ALL_RULES: readonly Rule[] = [...RULES, ...ENGINE_RULES];
export const RULE_IDS = new Set(ALL_RULES.map((r) => r.id));

/**
 * One run, step by step: targets → config → discover → facts (cache, workers) → results cache →
 * index → rules → suppressions. Each step is a function below, in that order.
 */
export function analyze(options: AnalyzeOptions): AnalysisResult {
  const started = performance.now();
  const { cwd, targets } = resolveTargets(options);
  const languages = withLanguages(options.languages);
  const loaded = loadRunConfig(options, cwd, targets, languages);
  const config = loaded.config;
  const root = projectRoot(cwd, targets, loaded);
  const { files, skipped, discoverMs } = discoverFiles(root, targets, config, languages);
  const active = activeRules(config, options.onlyRules);
  const caches = openCaches(options, cwd, root, languages);
  const settings = projectSettings(options, cwd, loaded, targets, root);

  const run: RunSoFar = { started, root, loaded, active, skipped, discoverMs, needConcepts: options.concepts === true };
  const extractStarted = performance.now();
  const results = openResultCache(options, caches, run, targets, settings);
  // Nothing changed since the last run (a stat per file): its findings stand.
  const unchanged = results?.lookupByStat(files, run.needConcepts);
  if (unchanged) return servedResult(run, unchanged, 'unchanged', { total: files.length, parsed: 0, cached: files.length, workers: 0, parsedInWorkers: 0 }, extractStarted);

  const { extracted, cache, cacheWarning } = extractFacts(files, options, caches, root, languages);
  const extractMs = performance.now() - extractStarted;
  // Files changed, facts did not (a comment, a touch): the last run's findings stand.
  const same = results && cache ? sameFactsResult(results, run.needConcepts, extracted.stamps, cache, extracted.facts) : undefined;
  if (same) return servedResult(run, same, 'same-facts', extracted.stats, extractStarted, results!.write(extracted.stamps, same) ?? cacheWarning);
  // From here the index owns the facts: the cache's copy of its entries is not read again.
  cache?.close();

  // Reading the cache and extracting left garbage behind; linking and rules are about to double the live heap.
  collectGarbage();
  let index: ProjectIndex | undefined = linkIndex(extracted, config, root, targets, settings, languages);
  const conceptProblems = conceptWarnings(index);
  const rulesStarted = performance.now();
  const { findings, ruleMs } = runRules(index, active);
  const { unusedSuppressions, analysedFiles, concepts, unresolvedImports } = readIndex(index, findings, run.needConcepts, {
    requireReason: config.requireSuppressionReason === true,
    activeRuleIds: new Set(active.map((a) => a.rule.id)),
    knownRuleIds: RULE_IDS,
    allRulesRan: !options.onlyRules || options.onlyRules.length === 0,
    unusedSeverity: active.find((a) => a.rule.id === unusedSuppression.id)?.severity,
  });
  findings.push(...unusedSuppressions);
  findings.sort(compareFindings);
  const errors = [...extracted.errors].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const linkAndRulesMs = Math.round(performance.now() - rulesStarted);
  // Nothing in this frame holds the facts or the index past this point (see keepIndex).
  const kept = options.keepIndex === false ? undefined : index;
  index = undefined;
  if (!kept) {
    // Emptied in place: a temporary of the interpreter may still point at this array.
    extracted.facts.length = 0;
    collectGarbage();
  }
  const resultsWarning = results?.write(extracted.stamps, { filesScanned: files.length, findings, errors, analysedFiles, ...(concepts ? { concepts } : {}), unresolvedImports, ...(conceptProblems.length ? { conceptWarnings: conceptProblems } : {}) });
  const warning = cacheWarning ?? resultsWarning;
  return {
    root,
    ...(loaded.file ? { configFile: loaded.file } : {}),
    filesScanned: files.length,
    findings,
    errors: withSkipped(errors, skipped),
    durationMs: Math.round(performance.now() - started),
    rules: active,
    ...(kept ? { index: kept } : {}),
    analysedFiles,
    ...(concepts ? { concepts } : {}),
    unresolvedImports,
    ...(conceptProblems.length ? { conceptWarnings: conceptProblems } : {}),
    extraction: { ...extracted.stats, ...caches.off },
    timings: { discoverMs: Math.round(discoverMs), extractMs: Math.round(extractMs), linkAndRulesMs, ruleMs },
    ...(warning ? { cacheWarning: warning } : {}),
  };
}

/** What a result served from the result cache needs from the steps before it. */
interface RunSoFar {
  started: number;
  root: string;
  loaded: LoadedConfig;
  active: ActiveRule[];
  skipped: FileError[];
  discoverMs: number;
  needConcepts: boolean;
}

/** Targets: absolute paths (default: the working directory); each must exist. */
function resolveTargets(options: AnalyzeOptions): { cwd: string; targets: string[] } {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const targets = (options.targets.length > 0 ? options.targets : ['.']).map((t) => path.resolve(cwd, t));
  for (const t of targets) if (!fs.existsSync(t)) throw new UsageError(`path not found: ${path.relative(cwd, t) || t}`);
  return { cwd, targets };
}

/** Config: given, named by `--config`, or found above the first target; its rule ids checked. */
function loadRunConfig(options: AnalyzeOptions, cwd: string, targets: string[], languages: readonly LanguagePlugin[]): LoadedConfig {
  let loaded: LoadedConfig;
  if (options.config) loaded = { config: validateConfig(options.config, 'config', RULE_IDS, undefined, languages) };
  else if (options.configFile) {
    if (!fs.existsSync(path.resolve(cwd, options.configFile))) throw new UsageError(`--config ${options.configFile}: file not found`);
    loaded = loadConfigFile(path.resolve(cwd, options.configFile), languages);
  }
  else loaded = findConfig(targets[0]!, languages);
  // Rule ids are checked here (config.ts does not know the rule table).
  for (const id of Object.keys(loaded.config.rules ?? {})) {
    if (!RULE_IDS.has(id)) throw new UsageError(`${loaded.file ?? 'config'}: "rules.${id}" is not a rule; run \`ssot-lint rules\` for the list`);
  }
  return loaded;
}

/** The config's directory, else a workspace root the targets sit in, else where the run started. */
function projectRoot(cwd: string, targets: string[], loaded: LoadedConfig): string {
  const common = commonRoot(cwd, targets);
  const targetsDir = commonRoot(path.parse(cwd).root, targets);
  const workspaceRoot = loaded.dir ? undefined : workspaceRootAbove(fs.statSync(targetsDir).isDirectory() ? targetsDir : path.dirname(targetsDir));
  return loaded.dir ?? workspaceRoot ?? common;
}

/**
 * Discover: the files of the languages read. What discovery could not look at (unreadable
 * directories, links out of the root) is reported with the files that could not be analysed,
 * never kept in the result cache (the tree may change).
 */
function discoverFiles(root: string, targets: string[], config: Config, languages: readonly LanguagePlugin[]): { files: DiscoveredFile[]; skipped: FileError[]; discoverMs: number } {
  const discoverStarted = performance.now();
  const skipped: FileError[] = [];
  const files = discover({ root, targets, include: config.include, exclude: config.exclude, errors: skipped, ...(languages !== LANGUAGES ? { languages } : {}) });
  return { files, skipped, discoverMs: performance.now() - discoverStarted };
}

interface Caches {
  /** The directory of the fact and result caches; absent: none. */
  dir?: string;
  secret?: Buffer;
  /** Why the caches are off although asked for. */
  off: { caches?: 'off: no per-user secret' };
}

/**
 * Caches: fact and result caches only with a secret to authenticate them (else a forged entry could
 * change the findings), and only for the built-in languages (the cache key names their parsers).
 */
function openCaches(options: AnalyzeOptions, cwd: string, root: string, languages: readonly LanguagePlugin[]): Caches {
  const wanted = languages === LANGUAGES && !options.overlay?.size ? cacheDir(options.cache, cwd, root) : undefined;
  // Before anything loads a parser (a tsconfig with comments loads TypeScript): its compiled code is
  // cached too, but only in the per-user directory, never where the analysed tree or a restored cache can write.
  const codeCacheDir = wanted ? trustedUserDir() : undefined;
  for (const language of languages) language.codeCache?.use(codeCacheDir);
  const secret = wanted ? cacheSecret() : undefined;
  return { ...(secret ? { dir: wanted, secret } : {}), off: wanted && !secret ? { caches: 'off: no per-user secret' } : {} };
}

/** The project's module settings: tsconfig path aliases, workspace packages and their own tsconfigs (a fresh clone: no node_modules needed). */
function projectSettings(options: AnalyzeOptions, cwd: string, loaded: LoadedConfig, targets: string[], root: string): { aliases: PathAliases; workspace: Workspace } {
  const tsconfigFile = options.tsconfig
    ? path.resolve(cwd, options.tsconfig)
    : loaded.config.tsconfig
      ? path.resolve(loaded.dir ?? cwd, loaded.config.tsconfig)
      : findTsconfig(targets[0]!, root);
  if (options.tsconfig && !fs.existsSync(tsconfigFile!)) throw new UsageError(`--tsconfig ${options.tsconfig}: file not found`);
  const tsconfigFound = tsconfigFile && fs.existsSync(tsconfigFile) ? tsconfigFile : undefined;
  const workspace = loadWorkspace(root, tsconfigFound);
  const aliases: PathAliases = tsconfigFound ? loadPathAliases(tsconfigFound, root, workspacePackageFile(root, workspace.packages)) : { paths: [] };
  return { aliases, workspace };
}

/** Results cache: keyed by everything besides the files that decides the findings. */
function openResultCache(options: AnalyzeOptions, caches: Caches, run: RunSoFar, targets: string[], settings: { aliases: PathAliases; workspace: Workspace }): ResultCache | undefined {
  if (!caches.dir || options.reuseResults !== true) return undefined;
  const { root, loaded } = run;
  const key = resultKey({ root, targets: targets.map((t) => path.relative(root, t)), config: loaded.config, configFile: loaded.file, aliases: settings.aliases, workspace: workspaceKey(settings.workspace), onlyRules: options.onlyRules ?? [] });
  return new ResultCache(caches.dir, key, caches.secret!);
}

/** A result from the result cache (`how`: what showed that nothing that matters changed). */
function servedResult(run: RunSoFar, r: CachedResult, how: 'unchanged' | 'same-facts', stats: ExtractStats, extractStarted: number, warning?: string): AnalysisResult {
  return {
    root: run.root,
    ...(run.loaded.file ? { configFile: run.loaded.file } : {}),
    filesScanned: r.filesScanned,
    findings: r.findings,
    errors: withSkipped(r.errors, run.skipped),
    durationMs: Math.round(performance.now() - run.started),
    rules: run.active,
    analysedFiles: r.analysedFiles,
    ...(run.needConcepts && r.concepts ? { concepts: r.concepts } : {}),
    ...(r.unresolvedImports ? { unresolvedImports: r.unresolvedImports } : {}),
    ...(r.conceptWarnings?.length ? { conceptWarnings: r.conceptWarnings } : {}),
    extraction: { ...stats, results: how },
    timings: { discoverMs: Math.round(run.discoverMs), extractMs: Math.round(performance.now() - extractStarted), linkAndRulesMs: 0 },
    ...(warning ? { cacheWarning: warning } : {}),
  };
}

/** Facts: from the fact cache, else extracted (in workers when they pay); the cache written back. */
function extractFacts(
  files: DiscoveredFile[],
  options: AnalyzeOptions,
  caches: Caches,
  root: string,
  languages: readonly LanguagePlugin[],
): { extracted: ExtractResult; cache: FactCache | undefined; cacheWarning: string | undefined } {
  const cache = openFactCache(caches.dir, root, caches.secret);
  const extracted = extractAll(files, {
    ...(cache ? { cache } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(languages !== LANGUAGES ? { languages } : {}),
    ...(options.overlay?.size ? { overlay: options.overlay } : {}),
  });
  const cacheWarning = cache?.commit(new Set(files.map((f) => f.rel)));
  for (const language of languages) language.codeCache?.save();
  return { extracted, cache, cacheWarning };
}

/** Index: the facts linked, with each language's module resolver and semantics. */
function linkIndex(
  extracted: ExtractResult,
  config: Config,
  root: string,
  targets: string[],
  settings: { aliases: PathAliases; workspace: Workspace },
  languages: readonly LanguagePlugin[],
): ProjectIndex {
  const isTest = picomatch([...(config.testFiles ?? defaultTestFiles(languages))], { dot: true });
  const matcherCache = new Map<string, picomatch.Matcher>();
  const matches = (file: string, globs: string[]): boolean => {
    const key = globs.join('\0');
    let m = matcherCache.get(key);
    if (!m) matcherCache.set(key, (m = picomatch(globs, { dot: true })));
    return m(file);
  };
  // Every discovered file exists, also one that did not parse or was too large: an import of it
  // resolves (to a module whose names are unknown), it is not missing.
  const files = new Set(extracted.stamps.map(([rel]) => rel));
  // Directories this run walked whole: outside them (a file named alone, a sibling tree) a module
  // the index does not know may well exist, so no import into them is called broken.
  const walked = targets.filter((t) => fs.statSync(t).isDirectory()).map((t) => path.relative(root, t).split(path.sep).join('/'));
  const context: Omit<ResolverContext, 'settings'> = { files, root, walked, aliases: settings.aliases, workspace: settings.workspace };
  const resolvers: Record<string, ModuleResolver> = {};
  for (const language of languages) {
    const resolver = language.createResolver?.({ ...context, settings: config.languages?.[language.id] });
    if (resolver) for (const s of language.semantics) resolvers[s.id] = resolver;
  }
  return new ProjectIndex(extracted.facts, {
    root,
    concepts: config.concepts ?? [],
    isTestFile: (f) => isTest(f),
    matches,
    languages: semanticsOf(languages),
    resolvers,
  });
}

/** Rules: each active rule's reports, as findings (a fingerprint repeated within a rule is numbered). */
function runRules(index: ProjectIndex, active: readonly ActiveRule[]): { findings: Finding[]; ruleMs: Record<string, number> } {
  const findings: Finding[] = [];
  const ruleMs: Record<string, number> = {};
  for (const { rule, severity, options: ruleOptions } of active) {
    const ruleStarted = performance.now();
    const seen = new Map<string, number>();
    rule.check(index, ruleOptions, (r) => {
      let fingerprint = fingerprintOf(rule.id, r.file, r.symbol, r.key);
      const n = seen.get(fingerprint) ?? 0;
      seen.set(fingerprint, n + 1);
      const key = n > 0 ? `${r.key}\0${n}` : r.key;
      if (n > 0) fingerprint = fingerprintOf(rule.id, r.file, r.symbol, key);
      findings.push({
        ruleId: rule.id,
        severity,
        message: r.message,
        file: r.file,
        line: r.at.line,
        column: r.at.column,
        endLine: r.at.endLine,
        endColumn: r.at.endColumn,
        ...(r.symbol !== undefined ? { symbol: r.symbol } : {}),
        related: r.related ?? [],
        fingerprint,
        moveFingerprint: fingerprintOf(rule.id, '', r.symbol, key),
        ...(r.chain && r.chain.length > 0 ? { chain: r.chain } : {}),
        cause: causeOf(rule.id, r.cause, fingerprint),
        ...(r.cause?.title ? { causeTitle: r.cause.title } : {}),
        ...(r.cause?.site ? { site: r.cause.site } : {}),
        ...(r.fix ? ('kind' in r.fix ? { fixRequest: r.fix } : { fix: r.fix }) : {}),
      });
    });
    ruleMs[rule.id] = Math.round(performance.now() - ruleStarted);
  }
  return { findings, ruleMs };
}

/** The files' errors and discovery's, in path order. */
function withSkipped(errors: FileError[], skipped: FileError[]): FileError[] {
  if (skipped.length === 0) return errors;
  return [...errors, ...skipped].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * The inline suppressions' verdicts, the analysed files and the concepts: the last reads of the index,
 * in a frame of their own, so that no interpreter temporary in `analyze` keeps the index's arrays
 * alive after it lets go of the index (see keepIndex).
 */
function readIndex(
  index: ProjectIndex,
  findings: Finding[],
  needConcepts: boolean,
  suppressionOptions: Parameters<typeof applyInlineSuppressions>[3],
): { unusedSuppressions: Finding[]; analysedFiles: string[]; concepts: ConceptSkeleton[] | undefined; unresolvedImports: UnresolvedImports } {
  return {
    unusedSuppressions: applyInlineSuppressions(findings, (f) => index.file(f), index.files, suppressionOptions),
    analysedFiles: index.files.map((f) => f.path),
    concepts: needConcepts ? conceptSkeletons(index) : undefined,
    unresolvedImports: countUnresolvedImports(index),
  };
}

/** The last run's result if the facts are the same (see sameFacts); when not, nothing keeps that run's entry alive. */
function sameFactsResult(results: ResultCache, needConcepts: boolean, stamps: readonly FileStamp[], cache: FactCache, facts: readonly FileFacts[]): CachedResult | undefined {
  const previous = results.previous(needConcepts);
  return previous && sameFacts(previous.files, stamps, cache, facts) ? previous.result : undefined;
}

/**
 * The files are the last run's files, and each one that changed has the facts it had then (compared
 * without the content hash): the findings, a function of the facts and the settings, are unchanged.
 */
function sameFacts(before: readonly FileStamp[], now: readonly FileStamp[], cache: FactCache, facts: readonly FileFacts[]): boolean {
  if (before.length !== now.length) return false;
  let byPath: Map<string, FileFacts> | undefined;
  for (let i = 0; i < now.length; i++) {
    const [rel, , , hash] = now[i]!;
    if (before[i]![0] !== rel) return false;
    const [, size, mtimeMs, , ctimeMs] = now[i]!;
    // Same content; or a file skipped unread (binary, too large) with the same size, mtime and ctime.
    if (before[i]![3] === hash && (hash !== '' || (before[i]![1] === size && before[i]![2] === mtimeMs && before[i]![4] === ctimeMs))) continue;
    const old = cache.previous(rel);
    if (!old || old.hash !== before[i]![3] || hash === '') return false;
    byPath ??= new Map(facts.map((f) => [f.path, f]));
    const fresh = byPath.get(rel);
    if ((old.facts === undefined) !== (fresh === undefined)) return false;
    if (old.facts && fresh && JSON.stringify({ ...old.facts, hash: '' }) !== JSON.stringify({ ...fresh, hash: '' })) return false;
    if (!old.facts && old.errors.length > 0) return false;
  }
  return true;
}

/** The rules a run uses, with config severities and validated options. */
export function activeRules(config: Config, only?: string[]): ActiveRule[] {
  if (only) for (const id of only) if (!RULE_IDS.has(id)) throw new UsageError(`--rule ${id}: no such rule; run \`ssot-lint rules\` for the list`);
  const out: ActiveRule[] = [];
  for (const rule of ALL_RULES) {
    if (only && only.length > 0 && !only.includes(rule.id)) continue;
    const setting = config.rules?.[rule.id];
    const sev = setting === undefined ? rule.severity : Array.isArray(setting) ? setting[0] : setting;
    if (sev === 'off') continue;
    const raw = Array.isArray(setting) ? setting[1] : {};
    out.push({ rule, severity: sev, options: resolveOptions(rule, raw) });
  }
  return out;
}

function resolveOptions(rule: Rule, raw: Record<string, unknown>): RuleOptions {
  const out: RuleOptions = {};
  for (const [name, spec] of Object.entries(rule.options)) out[name] = spec.default;
  for (const [name, value] of Object.entries(raw)) {
    const spec = rule.options[name];
    if (!spec) {
      const known = Object.keys(rule.options);
      throw new UsageError(`rules.${rule.id}: unknown option "${name}"; ${known.length ? `expected one of ${known.join(', ')}` : 'this rule takes no options'}`);
    }
    const ok =
      spec.type === 'string[]'
        ? Array.isArray(value) && value.every((v) => typeof v === 'string')
        : typeof value === spec.type;
    if (!ok) throw new UsageError(`rules.${rule.id}: option "${name}" must be ${spec.type === 'string[]' ? 'an array of strings' : `a ${spec.type}`}; got ${JSON.stringify(value)}`);
    out[name] = value as RuleOptions[string];
  }
  return out;
}

function commonRoot(cwd: string, targets: string[]): string {
  if (targets.every((t) => t === cwd || t.startsWith(cwd + path.sep))) return cwd;
  let common = path.dirname(targets[0]!);
  if (fs.existsSync(targets[0]!) && fs.statSync(targets[0]!).isDirectory()) common = targets[0]!;
  for (const t of targets.slice(1)) {
    while (!(t === common || t.startsWith(common + path.sep))) common = path.dirname(common);
  }
  return common;
}
