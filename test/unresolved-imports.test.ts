/** `summary.unresolvedImports`: the share of the import graph the linker could not follow, by reason. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { assertValidReport } from './helpers/schema.js';
import { tempDir } from './helpers/temp.js';

const dir = tempDir('ssot-unresolved-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const files: Record<string, string> = {
  'src/a.ts': "export class A {}\nexport const one = 1;\n",
  'src/js.js': 'module.exports = {};\n',
  'src/use.ts': [
    "import { A } from './a';", // project, resolved
    "import { Missing } from './a';", // missing-name
    "import { gone } from './gone';", // missing project module
    "import { gone2 } from './sub/gone';", // missing, in an analysed directory
    "import express from 'express';", // external
    "import type { T } from '@types/x';", // external
    "import js from './js.js';", // resolved (JavaScript: names unknown)
    "export const load = () => import('./lazy');", // dynamic, unresolved
    "export const all = [A, Missing, gone, gone2, express, js];",
  ].join('\n'),
  'src/sub/b.ts': "import { one } from '../a';\nexport const b = one;\n",
};
for (const [rel, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), `${text}\n`);
}

describe('unresolved imports', () => {
  it('are counted by reason in the JSON summary, which validates against the schema', async () => {
    const r = await runCli(['--format', 'json', '--no-cache', '.'], dir);
    const report = JSON.parse(r.stdout);
    assertValidReport(report);
    expect(report.summary.unresolvedImports).toEqual({ imports: 9, project: 6, external: 2, missing: 2, 'missing-name': 1, dynamic: 1 });
  });

  it('a text line says the analysis is partial when project modules do not resolve, and none when they all do', async () => {
    const r = await runCli(['--no-cache', '.'], dir);
    expect(r.stdout).toContain('2 imports of project modules could not be resolved (see --format json summary.unresolvedImports)');
    const clean = await runCli(['--no-cache', 'src/sub'], dir);
    expect(clean.stdout).not.toContain('could not be resolved');
  });

  it('come from the result cache on a warm run', async () => {
    const env = { SSOT_LINT_CACHE_SECRET: 'unresolved-test', SSOT_TIMING: '1' };
    const cold = JSON.parse((await runCli(['--format', 'json', '.'], dir, env)).stdout);
    const warm = await runCli(['--format', 'json', '.'], dir, env);
    expect(warm.stderr).toMatch(/"results":"(unchanged|same-facts)"/);
    expect(JSON.parse(warm.stdout).summary.unresolvedImports).toEqual(cold.summary.unresolvedImports);
  });
});
