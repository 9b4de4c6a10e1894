/** Findings: what rules report and what reporters print. Plain data, stable order. */
import { createHash } from 'node:crypto';
import type { Span } from './facts.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** One step of the proof behind a finding (re-export hop, alias, cycle edge, key compared). */
export interface ChainStep {
  file: string;
  line: number;
  column: number;
  text: string;
}

/** A 1-based position in a file (columns in UTF-16 code units, as every span). */
export interface TextPosition {
  line: number;
  column: number;
}

/** Replace the text from `start` (inclusive) to `end` (exclusive) of `file` by `text`. */
export interface FixEdit {
  file: string;
  start: TextPosition;
  end: TextPosition;
  text: string;
}

/** A machine-applicable fix: what it does, and the edits (never overlapping) that do it. */
export interface Fix {
  description: string;
  edits: FixEdit[];
}

/**
 * What a rule asks to be fixed when the edits need more than the facts' positions (src/fix turns
 * it into a `Fix` after the analysis, reading the file; TypeScript imports through ts-morph).
 */
export type FixRequest =
  | {
      /** Take `names` out of the import at `statement` and import them from `target` (a project file) instead. */
      kind: 'move-import';
      description: string;
      file: string;
      statement: Span;
      specifier: string;
      /** `imported`: the name at the old path; `as`: the name to import from the target. */
      names: { imported: string; as: string; local: string; typeOnly: boolean }[];
      target: string;
      /** The module the old specifier resolves to. */
      via: string;
      /** How other files import the target (their specifier, from which file): the convention to follow. */
      example?: { file: string; specifier: string };
    }
  | {
      /** `new X(args)` → `factory(args)`, importing `factory` from `factoryFile`. */
      kind: 'call-factory';
      description: string;
      file: string;
      at: Span;
      callee: string;
      factory: string;
      factoryFile: string;
      /** The import that brings the class from the factory's own module: the factory joins it. */
      classImport?: Span;
    };

export interface Suppression {
  kind: 'inline' | 'file' | 'baseline';
  justification?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  symbol?: string;
  related: RelatedLocation[];
  /** Survives unrelated edits: rule, file, symbol and the rule's identity key, never the line. */
  fingerprint: string;
  /**
   * Rule, symbol and key without the file: lets a baseline follow a finding whose file was moved
   * or renamed (used only when the baselined file no longer exists).
   */
  moveFingerprint?: string;
  chain?: ChainStep[];
  suppressed?: Suppression;
  /**
   * The root cause: rule id + what the rule names as the cause (the awaited function, the bypassed
   * class, the registry, the name). Findings of one cause are one group: the text report prints the
   * group once with its sites, SARIF and markdown do too. Set by the engine on every finding it makes
   * (a rule that names no cause gets `<ruleId>:<fingerprint>`, a group of one); never part of the
   * fingerprint.
   */
  cause?: string;
  /** What every finding of the cause shares, said once for the group ("f() is synchronous…"). */
  causeTitle?: string;
  /** This finding as one site of its group, in short ("`await f()` in handler()"). */
  site?: string;
  /** The edits that fix this finding (`--fix`; JSON `fix`, SARIF `fixes`). */
  fix?: Fix;
  /** A fix still to be computed from the files (src/fix/resolve.ts); never in a report. */
  fixRequest?: FixRequest;
}

/** What a rule says about the root cause of a finding (see Finding.cause). */
export interface CauseInput {
  /** The cause's identity, without the rule id: a function or class id (`file#Name`), a registry, a name. */
  id: string;
  /** Shared by every finding of the cause: the explanation, printed once per group (default: the first message). */
  title?: string;
  /** This finding as a site of the group, in short (default: its message). */
  site?: string;
}

/** What a rule hands to `report`. */
export interface ReportInput {
  file: string;
  at: Span;
  message: string;
  symbol?: string;
  related?: RelatedLocation[];
  chain?: ChainStep[];
  /**
   * What makes this finding this finding, independent of line numbers: the callee and enclosing
   * function, the imported name and specifier, the class name. Feeds the fingerprint.
   */
  key: string;
  /** The root cause this finding shares with others (grouping only; never in the fingerprint). */
  cause?: CauseInput;
  /** How to fix it: edits made from the facts' spans, or a request for src/fix to compute them. */
  fix?: Fix | FixRequest;
}

/** The cause of a finding: `<ruleId>:<id>`; without one, the finding is a cause of its own. */
export function causeOf(ruleId: string, cause: CauseInput | undefined, fingerprint: string): string {
  return `${ruleId}:${cause ? cause.id : fingerprint}`;
}

/**
 * Findings grouped by cause, in the order of each group's first finding (the findings' own order
 * kept inside a group). A finding without a `cause` (from an older result) is a group of one.
 */
export function groupByCause<F extends Pick<Finding, 'cause' | 'fingerprint' | 'ruleId'>>(findings: readonly F[]): F[][] {
  const groups = new Map<string, F[]>();
  for (const f of findings) {
    const k = f.cause ?? `${f.ruleId}:${f.fingerprint}`;
    const g = groups.get(k);
    if (g) g.push(f);
    else groups.set(k, [f]);
  }
  return [...groups.values()];
}

export function fingerprintOf(ruleId: string, file: string, symbol: string | undefined, key: string): string {
  return createHash('sha256').update(`${ruleId}\0${file}\0${symbol ?? ''}\0${key}`).digest('hex').slice(0, 20);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
