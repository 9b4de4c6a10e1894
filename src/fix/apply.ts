/**
 * `--fix` and `--fix-dry-run`: the fixes of one analysis applied as one pass, and the passes repeated
 * to a fixed point. Safety, in order:
 *   - fixes are computed after the whole analysis (resolve.ts), from the files as read then;
 *   - only fixes of the wanted rules, on findings not suppressed, whose every edit is in a file the
 *     run analysed inside its targets (nothing else is ever written; a symbolic link is not);
 *   - a fix whose edits (each checked on its own) overlap an earlier fix's (findings in report
 *     order) is dropped, not merged: the next pass, on the edited text, makes it again if it still
 *     applies; a fix's edits are made all or none;
 *   - each edited file is parsed again by its frontend; a fix that makes it unparsable is dropped
 *     (the others of the file tried one by one, each kept if the file still parses);
 *   - a file whose content is not what the analysis read (its facts' hash), or that changed since
 *     the fixes were computed, is skipped with a warning;
 *   - files are written atomically by the writer the CLI passes in (src/cli/outputs.ts writeOutputs:
 *     exclusive temp file + rename), mode kept;
 *   - at most MAX_PASSES passes; a pass that writes nothing ends the loop.
 */
import fs from 'node:fs';
import path from 'node:path';
import { frontendFor } from '../frontends/index.js';
import { hashText } from '../util/hash.js';
import type { AnalysisResult } from '../engine/run.js';
import type { Finding, Fix } from '../model/findings.js';
import { unifiedDiff } from './diff.js';
import { diskReader, resolveFixes } from './resolve.js';
import type { SourceReader } from '../frontends/plugin.js';
import { applyOffsets, LineMap, overlaps, toOffsets, type OffsetEdit } from '../frontends/shared/text-edits.js';

export const MAX_PASSES = 10;

export interface FixSettings {
  /** The analysed targets, absolute: no file outside them is written. */
  targets: string[];
  /** `--fix-type`: only these rules' fixes (all when absent). */
  rules?: string[];
  /** Only findings this accepts (`--changed`: in a changed file; `--baseline`: not a known finding). */
  only?: (finding: Finding, root: string) => boolean;
  /** `--fix-dry-run`: compute and show, write nothing. */
  dryRun: boolean;
  /** Warnings (skipped files and fixes), one line each. */
  warn: (line: string) => void;
  /** Writes files atomically, all or nothing (the CLI's writeOutputs: exclusive temp file + rename). */
  write?: (writes: FileWrite[]) => void;
}

/** One fixed file to write: absolute path, text, permission bits to keep. */
export interface FileWrite {
  file: string;
  text: string;
  label: string;
  mode?: number;
}

export interface PassOutcome {
  /** Files to write: new text, and the text the fixes were computed from. */
  files: Map<string, { before: string; after: string; fixes: number }>;
  fixesApplied: number;
  fixesDropped: number;
}

function inside(file: string, targets: readonly string[]): boolean {
  return targets.some((t) => file === t || file.startsWith(t.endsWith(path.sep) ? t : `${t}${path.sep}`));
}

/**
 * For reports that carry fixes (JSON, SARIF), which editors apply without this tool: each fix is
 * applied alone to the files as they are, and dropped when a file would no longer parse.
 */
export function dropUnparsableFixes(findings: Finding[], reader: SourceReader): void {
  for (const f of findings) {
    if (!f.fix) continue;
    const ok = [...new Set(f.fix.edits.map((e) => e.file))].every((file) => {
      const text = reader.read(file);
      const plugin = frontendFor(file);
      if (text === undefined || !plugin) return false;
      const map = new LineMap(text, plugin.ecmaLineBreaks === true);
      const edits = f.fix!.edits.filter((e) => e.file === file).map((e) => toOffsets(map, e));
      if (edits.some((e) => e === undefined)) return false;
      const after = applyOffsets(text, edits as OffsetEdit[]);
      return plugin.extract(file, after, hashText(after)).parseErrors.length === 0;
    });
    if (!ok) delete f.fix;
  }
}

/** The fixes of one analysis, checked and applied to the texts in memory. */
export function fixPass(result: AnalysisResult, settings: FixSettings, overlay?: ReadonlyMap<string, string>): PassOutcome {
  // A dry run's later passes: the texts the earlier ones made, not the files on disk.
  const disk = diskReader(result.root);
  const reader: SourceReader = overlay?.size ? { read: (file) => overlay.get(file) ?? disk.read(file) } : disk;
  resolveFixes(result.findings, reader);
  const analysed = new Set(result.analysedFiles);
  const wanted = (f: Finding): f is Finding & { fix: Fix } =>
    f.fix !== undefined && !f.suppressed && (!settings.rules || settings.rules.includes(f.ruleId)) && (!settings.only || settings.only(f, result.root));
  const perFile = new Map<string, { text: string; map: LineMap; edits: OffsetEdit[] }>();
  const refused = new Set<string>();
  const outcome: PassOutcome = { files: new Map(), fixesApplied: 0, fixesDropped: 0 };
  const usable = (file: string): boolean => {
    if (refused.has(file)) return false;
    if (perFile.has(file)) return true;
    const abs = path.join(result.root, file);
    const why = !analysed.has(file) || !inside(abs, settings.targets)
      ? 'outside the analysed targets'
      : fs.lstatSync(abs, { throwIfNoEntry: false })?.isSymbolicLink()
        ? 'a symbolic link (its target is not written through it)'
        : undefined;
    const text = why ? undefined : reader.read(file);
    const facts = result.index?.file(file);
    const changed = text !== undefined && facts !== undefined && facts.hash !== hashText(text);
    if (why || text === undefined || changed) {
      settings.warn(`${file}: not fixed: ${why ?? (text === undefined ? 'cannot be read' : 'changed on disk since it was analysed')}`);
      refused.add(file);
      return false;
    }
    perFile.set(file, { text, map: new LineMap(text, frontendFor(file)?.ecmaLineBreaks === true), edits: [] });
    return true;
  };
  // The fixes taken, each with its edits (all made or none).
  const taken: { finding: Finding & { fix: Fix }; edits: { file: string; edit: OffsetEdit }[] }[] = [];
  for (const f of result.findings) {
    if (!wanted(f)) continue;
    if (!f.fix.edits.every((e) => usable(e.file))) {
      outcome.fixesDropped++;
      continue;
    }
    const edits = f.fix.edits.map((e) => ({ file: e.file, edit: toOffsets(perFile.get(e.file)!.map, e) }));
    // Every edit checked on its own against the edits taken (and the fix's own other edits).
    const clash = edits.some(({ file, edit }, i) =>
      edit === undefined ||
      perFile.get(file)!.edits.some((o) => overlaps(o, edit)) ||
      edits.some((other, j) => j < i && other.file === file && other.edit !== undefined && overlaps(other.edit, edit)));
    if (clash) {
      outcome.fixesDropped++;
      continue;
    }
    for (const { file, edit } of edits) perFile.get(file)!.edits.push(edit!);
    taken.push({ finding: f, edits: edits as { file: string; edit: OffsetEdit }[] });
  }
  // Each file's text with its fixes, parsed again. When it does not parse, the fixes are tried one
  // by one (report order), each kept only if the file still parses with it and the ones kept before:
  // a fix that breaks the file drops itself, not the others. A dropped fix with edits in other files
  // is dropped there too (those files are made again).
  const parseProblem = (file: string, text: string): string | undefined => {
    const p = frontendFor(file)?.extract(file, text, hashText(text)).parseErrors?.[0];
    return p ? `${p.line}:${p.column} ${p.message}` : undefined;
  };
  const dropped = new Set<(typeof taken)[number]>();
  const pending = new Set([...perFile.keys()]);
  while (pending.size > 0) {
    const file = pending.values().next().value!;
    pending.delete(file);
    outcome.files.delete(file);
    const { text } = perFile.get(file)!;
    const mine = taken.filter((t) => !dropped.has(t) && t.edits.some((e) => e.file === file));
    const editsOf = (fixes: typeof mine): OffsetEdit[] => fixes.flatMap((t) => t.edits.filter((e) => e.file === file).map((e) => e.edit));
    if (mine.length === 0) continue;
    let kept = mine;
    let after = applyOffsets(text, editsOf(kept));
    if (parseProblem(file, after) !== undefined) {
      // A file that did not parse before its fixes: none is tried (the parse cannot tell them apart).
      const before = parseProblem(file, text);
      if (before !== undefined) settings.warn(`${file}: not fixed: the fixed text would not parse (${before}, as before fixing)`);
      kept = [];
      for (const t of mine) {
        const problem = before ?? parseProblem(file, applyOffsets(text, editsOf([...kept, t])));
        if (problem === undefined) {
          kept.push(t);
          continue;
        }
        dropped.add(t);
        const f = t.finding;
        if (before === undefined) settings.warn(`${file}: not fixed: ${f.ruleId} at ${f.file}:${f.line}:${f.column} (${f.fix.description}): the fixed text would not parse (${problem})`);
        for (const e of t.edits) if (e.file !== file) pending.add(e.file);
      }
      if (kept.length === 0) continue;
      after = applyOffsets(text, editsOf(kept));
    }
    outcome.files.set(file, { before: text, after, fixes: kept.length });
  }
  outcome.fixesApplied = taken.length - dropped.size;
  outcome.fixesDropped += dropped.size;
  return outcome;
}

/** Write a pass's files, skipping any that changed since the fixes were computed from them. */
export function writePass(root: string, outcome: PassOutcome, warn: (line: string) => void, write: (writes: FileWrite[]) => void): number {
  const writes: FileWrite[] = [];
  for (const [file, { before, after, fixes }] of outcome.files) {
    const abs = path.join(root, file);
    let now: string | undefined;
    let mode: number | undefined;
    try {
      now = fs.readFileSync(abs, 'utf8');
      mode = fs.statSync(abs).mode & 0o7777;
    } catch {
      now = undefined;
    }
    if (now !== before) {
      warn(`${file}: not fixed: changed on disk since it was read`);
      outcome.fixesApplied -= fixes;
      outcome.files.delete(file);
      continue;
    }
    writes.push({ file: abs, text: after, label: `--fix ${file}`, ...(mode !== undefined ? { mode } : {}) });
  }
  write(writes);
  return writes.length;
}

export interface FixRun {
  /** --fix: the analysis after the last pass; --fix-dry-run: the first, of the files as they are. */
  result: AnalysisResult;
  passes: number;
  fixesApplied: number;
  /** Every file the run changed (or would change): its text before the first pass and after the last. */
  changes: Map<string, { before: string; after: string }>;
}

/**
 * Analyse, fix, analyse again, until a pass changes nothing or MAX_PASSES. A dry run makes the same
 * passes in memory: each analysis after the first reads the fixed texts (`overlay`), so the diff
 * shows everything --fix would do, and nothing is written.
 */
export function runFixes(analyse: (overlay?: ReadonlyMap<string, string>) => AnalysisResult, settings: FixSettings): FixRun {
  const first = analyse();
  let result = first;
  const changes = new Map<string, { before: string; after: string }>();
  const overlay = new Map<string, string>();
  let fixesApplied = 0;
  let passes = 0;
  while (passes < MAX_PASSES) {
    const outcome = fixPass(result, settings, overlay);
    passes++;
    if (outcome.files.size === 0) break;
    if (!settings.dryRun && (!settings.write || writePass(result.root, outcome, settings.warn, settings.write) === 0)) break;
    fixesApplied += outcome.fixesApplied;
    for (const [file, { before, after }] of outcome.files) changes.set(file, { before: changes.get(file)?.before ?? before, after });
    if (settings.dryRun) for (const [file, { after }] of outcome.files) overlay.set(file, after);
    result = analyse(settings.dryRun ? overlay : undefined);
  }
  return { result: settings.dryRun ? first : result, passes, fixesApplied, changes };
}

/** The dry run's diff: every changed file, in path order. */
export function changesDiff(changes: FixRun['changes']): string {
  return [...changes.keys()]
    .sort()
    .map((file) => unifiedDiff(file, changes.get(file)!.before, changes.get(file)!.after))
    .join('');
}
