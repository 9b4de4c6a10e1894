/**
 * `npm run new-rule <id>` (scripts/new-rule.mjs), run into a temp copy of the rule table and README
 * (`--root`): the files it writes type-check, are found where the tests look (rule table, README
 * table, doc headings, both fixture kinds in both languages), and bad or taken ids are refused.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureDirs } from './helpers/labels.js';
import { documentedLanguages, exampleFiles, RULE_DOC_HEADINGS, section } from './helpers/rule-docs.js';
import { fixtureKinds } from './helpers/rule-fixtures.js';
import { tempDir } from './helpers/temp.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ID = 'widget-leak';

function newRule(root: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/new-rule.mjs'), '--root', root, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let root: string;
beforeAll(() => {
  root = tempDir('ssot-new-rule-');
  fs.cpSync(path.join(ROOT, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'README.md'), path.join(root, 'README.md'));
  fs.mkdirSync(path.join(root, 'docs'));
  for (const f of ['ci.md', 'config.schema.json']) fs.copyFileSync(path.join(ROOT, 'docs', f), path.join(root, 'docs', f));
  // The rules import src/api: the real one.
  fs.symlinkSync(path.join(ROOT, 'src'), path.join(root, 'src'));
  const r = newRule(root, ID);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

describe('npm run new-rule', () => {
  it('adds the rule to rules/index.ts, sorted, and the table loads it', async () => {
    const { RULES } = (await import(path.join(root, 'rules/index.ts'))) as typeof import('../rules/index.js');
    const ids = RULES.map((r) => r.id);
    expect(ids).toContain(ID);
    expect(ids).toEqual([...ids].sort());
    expect(RULES.find((r) => r.id === ID)).toMatchObject({ severity: 'warning', options: {} });
  });

  it('writes a rule that type-checks under the project settings, importing only src/api', () => {
    const file = path.join(root, 'rules', ID, 'index.ts');
    expect([...fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1])).toEqual(['../../src/api/index.js']);
    const { config } = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
    const program = ts.createProgram([file], { ...options, rootDir: root, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it('adds a README row, sorted with the others', () => {
    const rows = fs.readFileSync(path.join(root, 'README.md'), 'utf8').split('\n').filter((l) => l.startsWith('| [`'));
    expect(rows).toContain(`| [\`${ID}\`](docs/rules/${ID}.md) | warning | TODO: one line, what the rule finds |`);
    expect(rows).toEqual([...rows].sort());
  });

  it("adds the primary-location row to docs/ci.md and the rule's key to the config schema, sorted", () => {
    const lines = fs.readFileSync(path.join(root, 'docs/ci.md'), 'utf8').split('\n');
    const start = lines.indexOf('| rule | primary location |') + 2;
    const rows = lines.slice(start, start + lines.slice(start).findIndex((l) => !l.startsWith('| `')));
    expect(rows).toContain(`| \`${ID}\` | TODO: the line a finding is reported at |`);
    expect(rows).toEqual([...rows].sort());
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'docs/config.schema.json'), 'utf8')) as { properties: { rules: { properties: Record<string, unknown> } } };
    const keys = Object.keys(schema.properties.rules.properties);
    expect(schema.properties.rules.properties[ID]).toEqual({ $ref: '#/definitions/ruleSettingWithTests' });
    expect(keys).toEqual([...keys].sort());
  });

  it('writes a doc with the standard headings and an Example and a Use instead in TypeScript and Python', () => {
    const md = fs.readFileSync(path.join(root, 'docs/rules', `${ID}.md`), 'utf8');
    expect(md.startsWith(`# ${ID}\n\n> TODO: one line, what the rule finds\n`)).toBe(true);
    expect([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(RULE_DOC_HEADINGS);
    expect(documentedLanguages(md)).toEqual(['Python', 'TypeScript']);
    expect([...exampleFiles(section(md, 'Use instead')).keys()].sort()).toEqual(['Python', 'TypeScript']);
  });

  it('writes both fixture kinds in both languages, as fixture projects the fixture test finds', () => {
    const dir = path.join(root, 'fixtures/rules', ID);
    expect(fixtureDirs(dir).map((d) => path.relative(dir, d))).toEqual(['look-alikes', 'violations']);
    expect(Object.fromEntries(fixtureKinds(dir, ID))).toEqual({
      TypeScript: { incorrect: ['violations/src/example.ts'], correct: ['look-alikes/src/example.ts'] },
      Python: { incorrect: ['violations/app/example.py'], correct: ['look-alikes/app/example.py'] },
    });
  });

  it.each([
    [[ID], `new-rule: ${ID} exists already (rules/${ID})`],
    [['awaited-sync-call'], 'new-rule: awaited-sync-call exists already (rules/awaited-sync-call)'],
    [['unused-suppression'], 'new-rule: unused-suppression exists already (docs/rules/unused-suppression.md)'],
    [['Widget_Leak'], 'new-rule: "Widget_Leak" is not a rule id: lower-case words joined by hyphens (awaited-sync-call)'],
    [['-widget'], 'new-rule: "-widget" is not a rule id: lower-case words joined by hyphens (awaited-sync-call)'],
    [[], 'new-rule: usage: npm run new-rule <id>   (one id, kebab-case: awaited-sync-call)'],
  ])('refuses %j: exit 2, one line, nothing written', (args, message) => {
    const target = tempDir('ssot-new-rule-refused-');
    fs.cpSync(path.join(root, 'rules'), path.join(target, 'rules'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'docs/rules'), path.join(target, 'docs/rules'), { recursive: true });
    fs.copyFileSync(path.join(root, 'README.md'), path.join(target, 'README.md'));
    for (const f of ['ci.md', 'config.schema.json']) fs.copyFileSync(path.join(ROOT, 'docs', f), path.join(target, 'docs', f));
    const before = fs.readFileSync(path.join(target, 'rules/index.ts'), 'utf8');
    const r = newRule(target, ...args);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
    expect(fs.readFileSync(path.join(target, 'rules/index.ts'), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(target, 'fixtures'))).toBe(false);
  });
});
