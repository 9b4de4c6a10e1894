/**
 * The baseline: findings a team has accepted for now, so the gate fails only on new ones.
 *
 * `ssot-baseline.json` holds one line per finding (ruleId, file, symbol, fingerprint, message),
 * sorted, so a change to it reads well in a diff. Entries are matched by identity — the
 * fingerprint hashes rule, file, symbol and the rule's key, never a line number or a count — so
 * fixing one violation cannot make room for a new one, and lines inserted above or unrelated
 * reformatting change nothing. A file move is followed when the old path no longer exists and a
 * finding of the same rule, symbol and key (`moveFingerprint`) appears elsewhere; see docs/ci.md.
 */
import fs from 'node:fs';
import type { Finding } from '../model/findings.js';
import { UsageError } from '../util/errors.js';

export const BASELINE_FILE = 'ssot-baseline.json';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  file: string;
  symbol?: string;
  fingerprint: string;
  moveFingerprint?: string;
  /** For reviewers only; never used for matching. */
  message: string;
}

/**
 * Which entries a run can judge: the whole project was analysed (a run on some paths misses
 * cross-file findings, so it judges nothing), the rule ran, and the file was analysed or is gone.
 */
export interface BaselineScope {
  /** The run's paths cover the project root. */
  wholeProject: boolean;
  ruleRan(ruleId: string): boolean;
  fileAnalysed(file: string): boolean;
  /** The file is gone from disk (deleted or moved). */
  fileGone(file: string): boolean;
}

export interface BaselineOutcome {
  /** The baseline file as given. */
  file: string;
  entries: number;
  /** Findings the baseline suppressed. */
  matched: number;
  /** Of those, matched through a file move. */
  moved: number;
  /** Entries that no longer occur: delete them (`--update-baseline`) so the baseline only shrinks. */
  stale: BaselineEntry[];
}

export function readBaseline(file: string): BaselineEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--baseline ${file}: ${code === 'ENOENT' ? 'file not found (create it with `ssot-lint baseline`)' : `cannot read (${code ?? 'error'})`}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--baseline ${file}: invalid JSON (${(e as Error).message})`);
  }
  const bad = (what: string): never => {
    throw new UsageError(`--baseline ${file}: ${what}; expected { "version": ${BASELINE_VERSION}, "findings": [{ ruleId, file, fingerprint, message }] } as written by \`ssot-lint baseline\``);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) bad('not an object');
  const obj = json as Record<string, unknown>;
  if (obj.version !== BASELINE_VERSION) bad(`"version" is ${JSON.stringify(obj.version)}`);
  if (!Array.isArray(obj.findings)) bad('"findings" is not an array');
  return (obj.findings as unknown[]).map((e, i) => {
    if (e === null || typeof e !== 'object') bad(`findings[${i}] is not an object`);
    const o = e as Record<string, unknown>;
    for (const k of ['ruleId', 'file', 'fingerprint'] as const) if (typeof o[k] !== 'string' || o[k] === '') bad(`findings[${i}].${k} is missing`);
    return {
      ruleId: o.ruleId as string,
      file: o.file as string,
      ...(typeof o.symbol === 'string' ? { symbol: o.symbol } : {}),
      fingerprint: o.fingerprint as string,
      ...(typeof o.moveFingerprint === 'string' ? { moveFingerprint: o.moveFingerprint } : {}),
      message: typeof o.message === 'string' ? o.message : '',
    };
  });
}

export function entryOf(f: Finding): BaselineEntry {
  return {
    ruleId: f.ruleId,
    file: f.file,
    ...(f.symbol !== undefined ? { symbol: f.symbol } : {}),
    fingerprint: f.fingerprint,
    ...(f.moveFingerprint ? { moveFingerprint: f.moveFingerprint } : {}),
    message: f.message,
  };
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const c = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return c(a.file, b.file) || c(a.ruleId, b.ruleId) || c(a.symbol ?? '', b.symbol ?? '') || c(a.fingerprint, b.fingerprint);
}

/** Sorted, one entry per line, no timestamps: the same findings always give the same bytes. */
export function serializeBaseline(entries: BaselineEntry[]): string {
  const unique = new Map(entries.map((e) => [e.fingerprint, e]));
  const sorted = [...unique.values()].sort(compareEntries);
  const lines = sorted.map((e) => `    ${JSON.stringify(e)}`);
  return [
    '{',
    '  "$comment": "ssot-lint baseline: findings accepted for now. Written by `ssot-lint baseline`; the gate fails only on findings not listed here. Let it shrink, question every addition.",',
    `  "version": ${BASELINE_VERSION},`,
    `  "findings": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]`,
    '}',
    '',
  ].join('\n');
}

/**
 * Mark findings listed in the baseline as suppressed (`kind: 'baseline'`) and list the entries in
 * scope that matched nothing. Findings already suppressed inline stay as they are.
 */
export function applyBaseline(findings: Finding[], entries: BaselineEntry[], scope: BaselineScope, file: string): BaselineOutcome {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const e of entries) byFingerprint.set(e.fingerprint, e);
  const used = new Set<BaselineEntry>();
  let matched = 0;
  let moved = 0;
  const open: Finding[] = [];
  for (const f of findings) {
    if (f.suppressed) continue;
    const e = byFingerprint.get(f.fingerprint);
    if (e && !used.has(e)) {
      used.add(e);
      f.suppressed = { kind: 'baseline' };
      matched++;
    } else open.push(f);
  }
  // Moves: an entry whose file is gone may match one finding of the same rule, symbol and key
  // elsewhere. An entry whose file still exists never moves, so a fixed finding cannot cover a
  // new copy of itself in another file.
  const movable = new Map<string, BaselineEntry[]>();
  for (const e of entries) {
    if (used.has(e) || !e.moveFingerprint || !scope.fileGone(e.file)) continue;
    const k = `${e.ruleId}\0${e.moveFingerprint}`;
    movable.set(k, [...(movable.get(k) ?? []), e]);
  }
  if (movable.size > 0) {
    for (const f of open) {
      if (!f.moveFingerprint) continue;
      const list = movable.get(`${f.ruleId}\0${f.moveFingerprint}`);
      const e = list?.shift();
      if (!e) continue;
      used.add(e);
      f.suppressed = { kind: 'baseline', justification: `baselined in ${e.file}, since moved` };
      matched++;
      moved++;
    }
  }
  const stale = entries.filter((e) => !used.has(e) && judged(e, scope));
  return { file, entries: entries.length, matched, moved, stale: stale.sort(compareEntries) };
}

/**
 * The baseline after this run: every finding that counts now (not suppressed inline), plus the old
 * entries this run could not judge (a run on some paths only, rules that did not run).
 */
export function updatedBaseline(findings: Finding[], old: BaselineEntry[], scope: BaselineScope): BaselineEntry[] {
  const current = findings.filter((f) => !f.suppressed || f.suppressed.kind === 'baseline').map(entryOf);
  const kept = old.filter((e) => !judged(e, scope));
  return [...current, ...kept];
}

function judged(e: BaselineEntry, scope: BaselineScope): boolean {
  return scope.wholeProject && scope.ruleRan(e.ruleId) && (scope.fileAnalysed(e.file) || scope.fileGone(e.file));
}
