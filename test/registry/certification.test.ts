/**
 * Certification of ssot-lint/registry by the rules, with the real CLI binary:
 * - the library itself and the example app built on it (fixtures/registry-app) report nothing;
 * - every fixtures/registry-broken/<rule-id>/ is a copy of the app with one defect, and exactly that
 *   rule fires there, on the lines marked `// expect: <rule-id>`, and nothing else. A case whose rule
 *   is not in the rule table yet is skipped, and runs by itself once the rule lands.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { readExpectations } from '../helpers/expectations.js';
import { assertValidReport } from '../helpers/schema.js';

const APP = path.join(ROOT, 'fixtures/registry-app');
const BROKEN = path.join(ROOT, 'fixtures/registry-broken');
const RULE_IDS = new Set(RULES.map((r) => r.id));
/** Rules being built elsewhere (issue #5); their cases wait for them. */

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
  related: { file: string; line: number; message: string }[];
}

async function lint(cwd: string, args: string[] = ['.']): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  const r = await runCli([...args, '--format', 'json', '--fail-on', 'info'], cwd);
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout) as { findings: JsonFinding[] };
  assertValidReport(report);
  return { code: r.code, findings: report.findings, stderr: r.stderr };
}

/** Source files under `dir`, relative, POSIX. */
function sourceFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p, base));
    else if (e.name.endsWith('.ts')) out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out.sort();
}

/** Files of `src/` that differ between the app and a broken copy (changed, added or removed). */
function changedFiles(caseDir: string): string[] {
  const appFiles = sourceFiles(path.join(APP, 'src'));
  const caseFiles = sourceFiles(path.join(caseDir, 'src'));
  const all = [...new Set([...appFiles, ...caseFiles])].sort();
  return all
    .filter((f) => {
      const a = path.join(APP, 'src', f);
      const b = path.join(caseDir, 'src', f);
      return !fs.existsSync(a) || !fs.existsSync(b) || fs.readFileSync(a, 'utf8') !== fs.readFileSync(b, 'utf8');
    })
    .map((f) => `src/${f}`);
}

const cases = fs
  .readdirSync(BROKEN, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('registry certification', () => {
  it('ssot-lint on src/registry/ reports nothing', async () => {
    const r = await lint(ROOT, ['src/registry']);
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('fixtures/registry-app: ssot-lint reports nothing', async () => {
    const r = await lint(APP);
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('fixtures/registry-app type-checks under strict settings, importing the registry by its package name', () => {
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(APP, 'tsconfig.json')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the package exports ./registry as ESM with type declarations (built)', () => {
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('ssot-lint/registry'); console.log(Object.keys(m).sort().join(','))"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('RegistryError,createConnectionPool,createRegistry');
    expect(fs.existsSync(path.join(ROOT, 'dist/src/registry/index.d.ts'))).toBe(true);
  });

  it('every registry-broken case is named after a rule and is the app with one defect in at most two files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
    for (const id of cases) {
      expect(RULE_IDS.has(id), `${id} is not a rule id`).toBe(true);
      const dir = path.join(BROKEN, id);
      const changed = changedFiles(dir);
      expect(changed.length, `${id}: ${changed.join(', ')}`).toBeGreaterThanOrEqual(1);
      expect(changed.length, `${id}: ${changed.join(', ')}`).toBeLessThanOrEqual(2);
      const expectations = readExpectations(dir, sourceFiles(dir));
      expect(expectations.length, `${id} has no // expect: annotation`).toBeGreaterThan(0);
      for (const e of expectations) {
        expect(e.ruleId).toBe(id);
        expect(changed, `${id}: annotation in an unchanged file`).toContain(e.file);
      }
    }
  });

  for (const id of cases) {
    const run = RULE_IDS.has(id) ? it : it.skip;
    run(`registry-broken/${id}: exactly ${id} fires, nothing else${RULE_IDS.has(id) ? '' : ' (rule not in rules/index.ts yet)'}`, async () => {
      const dir = path.join(BROKEN, id);
      const r = await lint(dir);
      expect(r.code).toBe(1);
      expect([...new Set(r.findings.map((f) => f.ruleId))]).toEqual([id]);
      const remaining = readExpectations(dir, sourceFiles(dir));
      const unexpected: string[] = [];
      for (const f of r.findings) {
        const i = remaining.findIndex((e) => e.file === f.file && e.line === f.line && (!e.fragment || f.message.includes(e.fragment)));
        if (i >= 0) remaining.splice(i, 1);
        else unexpected.push(`${f.file}:${f.line} ${f.ruleId}: ${f.message}`);
      }
      expect({ unexpected, missing: remaining }).toEqual({ unexpected: [], missing: [] });
    });
  }

  it('the rules know the registry: `new WebSocketManager()` outside its create is direct-instantiation naming the registry to use', async () => {
    const r = await lint(path.join(BROKEN, 'direct-instantiation'));
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.message).toContain('WebSocketManager is created by registry `managers` (src/managers.ts:8)');
    expect(f.message).toContain('use getWebSocketManager() (src/managers.ts:18)');
    expect(f.related.map((x) => `${x.file}:${x.line} ${x.message}`)).toContain('src/managers.ts:8 registry `managers` creates WebSocketManager');
  });
});
