/**
 * Every SARIF log a test produces goes through here: the vendored SARIF 2.1.0 schema (draft-04,
 * so ajv-draft-04, with formats) plus the constraints GitHub code scanning adds on top of it.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv, Options, ValidateFunction } from 'ajv';

// CommonJS packages: require() gives the class and the plugin function directly.
const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04') as new (options: Options) => Ajv;
const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;

const SCHEMA = path.resolve(import.meta.dirname, '../data/sarif/sarif-2.1.0-rtm.5.json');
let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!validate) {
    // unicodeRegExp: false because the schema's `language` pattern is not valid with the `u` flag.
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
  }
  return validate!;
}

interface Loc {
  physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string } };
}

/** Throws with every problem when `log` is not valid SARIF 2.1.0 fit for GitHub code scanning. */
export function assertValidSarif(log: unknown): void {
  const v = validator();
  if (!v(log)) throw new Error(`SARIF does not match the 2.1.0 schema:\n${JSON.stringify(v.errors, null, 2)}`);
  const problems: string[] = [];
  const runs = (log as { runs: { results?: { locations?: Loc[]; relatedLocations?: Loc[]; codeFlows?: { threadFlows: { locations: { location?: Loc }[] }[] }[] }[] }[] }).runs;
  if (runs.length > 20) problems.push(`${runs.length} runs: GitHub accepts at most 20`);
  for (const run of runs) {
    const results = run.results ?? [];
    if (results.length > 25_000) problems.push(`${results.length} results in one run: GitHub rejects more than 25,000`);
    for (const r of results) {
      const locs: Loc[] = [...(r.locations ?? []), ...(r.relatedLocations ?? [])];
      for (const cf of r.codeFlows ?? []) for (const tf of cf.threadFlows) for (const l of tf.locations) if (l.location) locs.push(l.location);
      if ((r.locations?.length ?? 0) + (r.relatedLocations?.length ?? 0) > 1000) problems.push('more than 1,000 locations in one result');
      for (const l of locs) {
        const uri = l.physicalLocation?.artifactLocation?.uri;
        if (uri === undefined) continue;
        if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) problems.push(`absolute URI ${uri}`);
        if (uri.startsWith('..')) problems.push(`URI outside the repository ${uri}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`SARIF breaks GitHub code-scanning constraints:\n${problems.join('\n')}`);
}
