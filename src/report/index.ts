/** Reporters by format name: one map, pure functions of the results. */
import { jsonReporter } from './json.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export const REPORTERS: Record<string, Reporter> = {
  json: jsonReporter,
  text: textReporter,
};

export type { Reporter, ReportData, ReportOptions } from './types.js';
