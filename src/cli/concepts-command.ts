/** `ssot-lint concepts [paths...]`: the concept map in the terminal (report/concepts-text.ts), from the run's pipeline. */
import { conceptsText } from '../report/concepts-text.js';
import { runAnalysis, toReportData, type AnalyzeCliOptions } from './run-command.js';

export interface ConceptsCliOptions extends AnalyzeCliOptions {
  color?: boolean;
}

export function runConcepts(paths: string[], opts: ConceptsCliOptions): void {
  const result = runAnalysis(paths, opts, { concepts: true, reuseResults: true, keepIndex: false });
  const data = toReportData(result, { concepts: true });
  const color = opts.color === false || 'NO_COLOR' in process.env ? false : opts.color === true || (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') || process.stdout.isTTY === true;
  process.stdout.write(conceptsText(data, { color }));
  process.exitCode = 0;
}
