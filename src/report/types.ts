/** What reporters receive: the final, filtered, sorted results. No engine, no index. */
import type { FileError } from '../engine/extract-all.js';
import type { Finding, Severity } from '../model/findings.js';

export interface ReportRuleInfo {
  id: string;
  severity: Severity;
  summary: string;
}

export interface ReportData {
  toolVersion: string;
  /** Absolute project root, POSIX separators. */
  root: string;
  filesScanned: number;
  findings: Finding[];
  errors: FileError[];
  durationMs: number;
  rules: ReportRuleInfo[];
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
