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
