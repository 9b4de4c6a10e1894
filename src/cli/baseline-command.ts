/**
 * `ssot-lint baseline [paths...]`: write the baseline — every finding that counts now — so the gate
 * fails only on new ones. Entries the run cannot judge (rules that did not run, files outside the
 * given paths) are kept from the existing file.
 */
import fs from 'node:fs';
import { readBaseline, serializeBaseline, updatedBaseline } from '../engine/baseline.js';
import { writeFileAtomic } from './outputs.js';
import { baselineScope, defaultBaselineFile, runAnalysis, type AnalyzeCliOptions } from './run-command.js';

export interface BaselineCliOptions extends AnalyzeCliOptions {
  output?: string;
}

export function runBaseline(paths: string[], opts: BaselineCliOptions): void {
  const result = runAnalysis(paths, opts, { reuseResults: true, keepIndex: false });
  const file = opts.output ?? defaultBaselineFile(result);
  const old = fs.existsSync(file) ? readBaseline(file) : [];
  const entries = updatedBaseline(result.findings, old, baselineScope(result, paths));
  const text = serializeBaseline(entries);
  writeFileAtomic(file, text);
  const before = new Set(old.map((e) => e.fingerprint));
  const after = new Set(entries.map((e) => e.fingerprint));
  const added = [...after].filter((f) => !before.has(f)).length;
  const removed = [...before].filter((f) => !after.has(f)).length;
  const n = after.size;
  process.stdout.write(
    `ssot-lint: wrote ${n} baseline entr${n === 1 ? 'y' : 'ies'} to ${file} (${added} added, ${removed} removed)\n` +
      `Commit it, then gate on new findings only: ssot-lint ${paths.join(' ') || '.'} --baseline ${file}\n`,
  );
  process.exitCode = 0;
}
