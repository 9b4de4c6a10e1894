/**
 * Several reports from one analysis: `-f json:r.json -f sarif:r.sarif`, or `--format json --output
 * r.json --format sarif --output r.sarif` (each `--output` goes to the next `--format` without a
 * file). At most one report goes to stdout. Every report is rendered before anything is written,
 * and each file is written atomically, so a failed run leaves no half-written report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../engine/errors.js';
import { REPORTERS } from '../report/index.js';

export interface OutputPlan {
  format: string;
  /** undefined: stdout. */
  file?: string;
}

export function formatNames(): string[] {
  return Object.keys(REPORTERS).sort();
}

export function planOutputs(formats: readonly string[], outputs: readonly string[]): OutputPlan[] {
  const specs = formats.length > 0 ? formats : ['text'];
  const plans: OutputPlan[] = specs.map((spec) => {
    const colon = spec.indexOf(':');
    const name = colon < 0 ? spec : spec.slice(0, colon);
    const file = colon < 0 ? undefined : spec.slice(colon + 1);
    if (!REPORTERS[name]) throw new UsageError(`--format ${spec}: unknown format "${name}"; expected one of ${formatNames().join(', ')} (optionally format:file)`);
    if (file === '') throw new UsageError(`--format ${spec}: empty file name after ":"`);
    return { format: name, ...(file ? { file } : {}) };
  });
  const pending = [...outputs];
  for (const p of plans) if (p.file === undefined && pending.length > 0) p.file = pending.shift()!;
  if (pending.length > 0) {
    throw new UsageError(`--output ${pending[0]}: no --format left to write there; pair each --output with a --format (or use -f format:file)`);
  }
  const toStdout = plans.filter((p) => p.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`--format ${toStdout.map((p) => p.format).join(', ')}: only one report can go to stdout; give the others a file (-f ${toStdout[1]!.format}:report.${toStdout[1]!.format})`);
  }
  const seen = new Set<string>();
  for (const p of plans) {
    if (p.file === undefined) continue;
    const abs = path.resolve(p.file);
    if (seen.has(abs)) throw new UsageError(`--output ${p.file}: given twice`);
    seen.add(abs);
  }
  return plans;
}

/** Fail before writing anything when a report's directory does not exist. */
export function checkOutputDirs(plans: readonly OutputPlan[]): void {
  for (const p of plans) {
    if (p.file === undefined) continue;
    const dir = path.dirname(path.resolve(p.file));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--output ${p.file}: directory ${dir} does not exist`);
  }
}

/** Write atomically: a report is either complete or absent, never half-written. */
export function writeFileAtomic(file: string, text: string, label = '--output'): void {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  if (!fs.existsSync(dir)) throw new UsageError(`${label} ${file}: directory ${dir} does not exist`);
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
    throw new UsageError(`${label} ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
