/**
 * Bad input never stops a run it can finish: files that cannot be read or parsed are reported as
 * errors (in text and JSON) and the rest is analysed; paths that do not exist are usage errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractAll } from '../src/engine/extract-all.js';
import { runCli } from './helpers/cli.js';
import { assertValidReport } from './helpers/schema.js';
import { tempDir } from './helpers/temp.js';

function project(files: Record<string, string | Buffer>): string {
  const dir = tempDir('ssot-robust-');
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const SYNC_FACTORY = `export class Manager {}
export function getManager(): Manager { return new Manager(); }
`;
const AWAITS = `import { getManager } from './factory';
export async function use() { return await getManager(); }
`;

interface JsonReport {
  summary: { filesScanned: number; filesWithErrors: number; findings: number };
  findings: { ruleId: string; file: string }[];
  errors: { file: string; kind: string; message: string; line?: number }[];
}

async function runJson(dir: string, args: string[] = []): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const r = await runCli(['.', '--format', 'json', ...args], dir);
  const report = JSON.parse(r.stdout) as JsonReport;
  assertValidReport(report);
  return { code: r.code, report, stderr: r.stderr };
}

describe('robustness', () => {
  it('a file with syntax errors is reported with its position and the run goes on', async () => {
    const dir = project({ 'src/factory.ts': SYNC_FACTORY, 'src/use.ts': AWAITS, 'src/broken.ts': 'export class {{{ oops\n' });
    const { code, report } = await runJson(dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['awaited-sync-call']);
    expect(report.errors).toEqual([
      expect.objectContaining({ file: 'src/broken.ts', kind: 'parse-error', line: 1, message: expect.stringMatching(/^does not parse: /) }),
    ]);
    expect(report.summary.filesWithErrors).toBe(1);
    const text = await runCli(['.'], dir);
    expect(text.stdout).toMatch(/skipped src\/broken\.ts:1:\d+: does not parse: /);
    expect(text.stdout).toContain('1 file could not be analysed');
  });

  it('a binary file with a source extension is skipped as binary', async () => {
    const dir = project({ 'src/factory.ts': SYNC_FACTORY, 'src/blob.ts': Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]) });
    const { report } = await runJson(dir);
    expect(report.errors).toEqual([expect.objectContaining({ file: 'src/blob.ts', kind: 'binary' })]);
    expect(report.summary.filesScanned).toBe(2);
  });

  it('a file over 2 MB is skipped with its size', async () => {
    const big = `export const big = [${'1,'.repeat(1_100_000)}];\n`;
    const dir = project({ 'src/factory.ts': SYNC_FACTORY, 'src/use.ts': AWAITS, 'src/generated-data.ts': big });
    const { report } = await runJson(dir);
    expect(report.errors).toEqual([expect.objectContaining({ file: 'src/generated-data.ts', kind: 'too-large', message: expect.stringMatching(/2\.\d MB is over the 2 MB limit/) })]);
    expect(report.findings).toHaveLength(1);
  });

  it('an unreadable file becomes an error entry, not a crash', () => {
    const dir = project({ 'src/factory.ts': SYNC_FACTORY });
    const result = extractAll([
      { abs: path.join(dir, 'src/factory.ts'), rel: 'src/factory.ts' },
      { abs: path.join(dir, 'src/vanished.ts'), rel: 'src/vanished.ts' },
    ]);
    expect(result.facts.map((f) => f.path)).toEqual(['src/factory.ts']);
    expect(result.errors).toEqual([{ file: 'src/vanished.ts', kind: 'unreadable', message: 'cannot read file (ENOENT)' }]);
  });

  it('a symlink loop does not hang or duplicate files', async () => {
    const dir = project({ 'src/factory.ts': SYNC_FACTORY, 'src/use.ts': AWAITS });
    fs.symlinkSync('..', path.join(dir, 'src/loop'));
    fs.symlinkSync('missing.ts', path.join(dir, 'src/dangling.ts'));
    const { report } = await runJson(dir);
    expect(report.summary.filesScanned).toBe(2);
    expect(report.errors).toEqual([]);
    expect(report.findings).toHaveLength(1);
  });

  it('an empty directory is a clean run', async () => {
    const dir = project({});
    const r = await runCli(['.'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 files scanned');
  });

  it('a path that does not exist is a usage error', async () => {
    const dir = project({});
    const r = await runCli(['nope/src'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ssot-lint: path not found: nope/src\n');
    expect(r.stdout).toBe('');
  });

  it('node_modules, build output, declaration files and .gitignored paths are not scanned', async () => {
    const dir = project({
      'src/factory.ts': SYNC_FACTORY,
      'node_modules/pkg/index.ts': AWAITS,
      'dist/use.js': AWAITS,
      'src/types.d.ts': 'export declare class X {}\n',
      'generated/out.ts': AWAITS,
      '.gitignore': '# build\n/generated/\n',
    });
    const { report } = await runJson(dir);
    expect(report.summary.filesScanned).toBe(1);
  });

  it('an invalid config names the key and the expected shape, exit 2, nothing on stdout', async () => {
    const dir = project({ 'src/a.ts': 'export const a = 1;\n', 'ssot.config.json': JSON.stringify({ rules: { 'awaited-sync-call': 'loud' } }) });
    const r = await runCli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ssot\.config\.json: "rules\.awaited-sync-call" must be one of "off", "info", "warning", "error", or \[severity, \{ options \}\]; got "loud"\n$/);
  });

  it.each([
    [{ include: 'src' }, /"include" must be an array of strings; got "src"/],
    [{ colour: true }, /unknown key "colour"; expected one of include, exclude/],
    [{ rules: { 'no-such-rule': 'error' } }, /"rules\.no-such-rule" is not a rule/],
    [{ rules: { 'direct-instantiation': ['error', { includeTest: true }] } }, /rules\.direct-instantiation: unknown option "includeTest"; expected one of includeTests/],
    [{ rules: { 'direct-instantiation': ['error', { includeTests: 'yes' }] } }, /option "includeTests" must be a boolean; got "yes"/],
    [{ concepts: [{ name: 'X', canonical: 'src/x.ts' }] }, /"concepts\[0\]\.canonical" must be a string "path\/to\/file\.ts#ClassName"/],
  ])('config %j is rejected clearly', async (config, pattern) => {
    const dir = project({ 'src/a.ts': 'export const a = 1;\n', 'ssot.config.json': JSON.stringify(config) });
    const r = await runCli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a config file that is not JSON is a one-line error', async () => {
    const dir = project({ 'src/a.ts': 'export const a = 1;\n', 'ssot.config.json': '{ rules: ' });
    const r = await runCli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ssot\.config\.json: invalid JSON/);
  });

  it('config in package.json "ssot" is used; severity "off" disables a rule', async () => {
    const dir = project({
      'src/factory.ts': SYNC_FACTORY,
      'src/use.ts': AWAITS,
      'package.json': JSON.stringify({ name: 'x', ssot: { rules: { 'awaited-sync-call': 'off' } } }),
    });
    expect((await runJson(dir)).report.findings).toEqual([]);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', ssot: { rules: { 'awaited-sync-call': 'warning' } } }));
    const again = await runJson(dir);
    expect(again.code).toBe(0);
    expect(again.report.findings).toHaveLength(1);
  });
});
