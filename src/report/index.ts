/** Reporters by format name: one map, pure functions of the results. */
import { githubReporter } from './github.js';
import { gitlabReporter } from './gitlab.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export const REPORTERS: Record<string, Reporter> = {
  github: githubReporter,
  gitlab: gitlabReporter,
  html: htmlReporter,
  json: jsonReporter,
  markdown: markdownReporter,
  sarif: sarifReporter,
  text: textReporter,
};

export type { Reporter, ReportData, ReportOptions } from './types.js';
