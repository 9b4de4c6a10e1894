/**
 * Inline suppressions: what counts as one (extraction), what it silences (at the finding's primary
 * location), how suppressed findings show up (JSON, SARIF, text, exit code), and unused-suppression.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/run.js';
import { extractSuppressions } from '../src/frontends/typescript/extract.js';
import type { Finding } from '../src/model/findings.js';
import { runCli } from './helpers/cli.js';
import { makeProject, SMALL_PROJECT } from './helpers/project.js';
import { assertValidSarif } from './helpers/sarif.js';
import { assertValidReport } from './helpers/schema.js';

function extract(text: string): ReturnType<typeof extractSuppressions> {
  const sf = ts.createSourceFile('a.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return extractSuppressions(text, sf);
}

function run(files: Record<string, string>, config: object = {}): Finding[] {
  const dir = makeProject({ ...SMALL_PROJECT, 'ssot.config.json': JSON.stringify(config), ...files });
  return analyze({ targets: ['.'], cwd: dir }).findings;
}

const at = (fs_: Finding[]): string[] => fs_.map((f) => `${f.file}:${f.line} ${f.ruleId}${f.suppressed ? ` [${f.suppressed.kind}${f.suppressed.justification ? `: ${f.suppressed.justification}` : ''}]` : ''}`);

describe('extracting suppressions', () => {
  it('reads the three forms with rule ids and reasons', () => {
    const fileComment = '/* ssot-ignore-file duplicate-implementation -- kept until the v2 migration */';
    const s = extract(
      [
        fileComment,
        'const a = 1;',
        '// ssot-ignore-next-line awaited-sync-call, direct-instantiation -- legacy entry point',
        'f();',
        'g(); // ssot-ignore-line direct-instantiation',
        '',
      ].join('\n'),
    );
    expect(s).toEqual([
      { kind: 'file', rules: ['duplicate-implementation'], reason: 'kept until the v2 migration', line: 1, at: { line: 1, column: 1, endLine: 1, endColumn: 1 + fileComment.length } },
      { kind: 'next-line', rules: ['awaited-sync-call', 'direct-instantiation'], reason: 'legacy entry point', line: 4, at: expect.objectContaining({ line: 3, column: 1 }) },
      { kind: 'line', rules: ['direct-instantiation'], line: 5, at: expect.objectContaining({ line: 5, column: 6 }) },
    ]);
  });

  it('ignores look-alikes in strings, templates, regular expressions and comments that mention the syntax', () => {
    const s = extract(
      [
        "const a = '// ssot-ignore-line awaited-sync-call';",
        'const b = `',
        '// ssot-ignore-next-line awaited-sync-call',
        '`;',
        'const c = /\\/\\/ ssot-ignore-line x/;',
        '/**',
        ' * Write `// ssot-ignore-line rule -- why` to silence one finding.',
        ' */',
        '// see also: // ssot-ignore-line awaited-sync-call',
        'export {};',
      ].join('\n'),
    );
    expect(s).toEqual([]);
  });

  it('still finds a real one at the end of a block and at the end of the file', () => {
    const s = extract(['function f() {', '  g();', '  // ssot-ignore-next-line direct-instantiation -- x', '}', '// ssot-ignore-line awaited-sync-call'].join('\n'));
    expect(s.map((x) => `${x.kind}@${x.line}`)).toEqual(['next-line@4', 'line@5']);
  });
});

describe('applying suppressions', () => {
  it('silences the finding on the next line, on the same line, or in the whole file, keeping the reason', () => {
    const findings = run({
      'src/chat.ts': [
        "import { getManager } from './factory';",
        'export async function chat(): Promise<void> {',
        '  // ssot-ignore-next-line awaited-sync-call -- the await goes away with #12',
        "  const m = await getManager('u1');",
        "  m.send('hi');",
        '}',
        '',
      ].join('\n'),
      'src/presence.ts': ["import { Manager } from './factory';", 'export function presence(): Manager {', '  return new Manager(); // ssot-ignore-line direct-instantiation -- test seam', '}', ''].join('\n'),
      'src/legacy.ts': ['/* ssot-ignore-file duplicate-implementation -- deleted in v3 */', 'export class LegacyManager {', '  send(m: string): void {}', '  close(): void {}', '}', ''].join('\n'),
    });
    expect(at(findings)).toEqual([
      'src/chat.ts:4 awaited-sync-call [inline: the await goes away with #12]',
      'src/legacy.ts:2 duplicate-implementation [file: deleted in v3]',
      'src/presence.ts:3 direct-instantiation [inline: test seam]',
    ]);
  });

  it('matches a multi-location finding only at its primary location (the non-canonical class, not the canonical one)', () => {
    const findings = run({
      // A suppression at the canonical Manager does not silence the finding reported at LegacyManager.
      'src/factory.ts': `// ssot-ignore-next-line duplicate-implementation -- wrong place\n${SMALL_PROJECT['src/factory.ts']}`,
    });
    expect(at(findings)).toContain('src/legacy.ts:1 duplicate-implementation');
    expect(at(findings)).toContain('src/factory.ts:1 unused-suppression');
  });

  it('reports unused, misspelt and (with requireSuppressionReason) reasonless suppressions', () => {
    const findings = run(
      {
        'src/chat.ts': [
          "import { getManager } from './factory';",
          'export async function chat(): Promise<void> {',
          '  // ssot-ignore-next-line awaited-sync-call',
          "  const m = await getManager('u1');",
          '  // ssot-ignore-next-line direct-instantiation, awaited-synccall -- both wrong',
          "  m.send('hi');",
          '}',
          '',
        ].join('\n'),
      },
      { requireSuppressionReason: true },
    );
    const unused = findings.filter((f) => f.ruleId === 'unused-suppression');
    expect(unused.map((f) => `${f.line}: ${f.message}`)).toEqual([
      '3: ssot-ignore-next-line has no reason, and requireSuppressionReason is on: it suppresses nothing until it says why (`-- reason`).',
      "5: ssot-ignore-next-line names 'awaited-synccall', which is not a rule: it suppresses nothing for it; run `ssot-lint rules` for the ids.",
    ]);
    expect(unused.every((f) => f.severity === 'warning' && !f.suppressed)).toBe(true);
    // The reasonless suppression did not apply: the finding still counts.
    expect(at(findings)).toContain('src/chat.ts:4 awaited-sync-call');
  });

  it('judges each rule id of a comment on its own', () => {
    const findings = run({
      'src/presence.ts': ["import { Manager } from './factory';", 'export function presence(): Manager {', '  return new Manager(); // ssot-ignore-line direct-instantiation, awaited-sync-call -- seam', '}', ''].join('\n'),
    });
    const unused = findings.find((f) => f.ruleId === 'unused-suppression');
    expect(unused?.message).toBe('ssot-ignore-line awaited-sync-call suppresses nothing: no awaited-sync-call finding on this line; remove that id.');
    expect(at(findings)).toContain('src/presence.ts:3 direct-instantiation [inline: seam]');
  });

  it('does not judge suppressions of rules that did not run; can be turned off', () => {
    const files = { 'src/x.ts': '// ssot-ignore-next-line awaited-sync-call -- old\nexport const x = 1;\n' };
    expect(at(run(files))).toContain('src/x.ts:1 unused-suppression');
    expect(at(run(files, { rules: { 'awaited-sync-call': 'off' } }))).not.toContain('src/x.ts:1 unused-suppression');
    expect(at(run(files, { rules: { 'unused-suppression': 'off' } }))).not.toContain('src/x.ts:1 unused-suppression');
    const dir = makeProject({ ...SMALL_PROJECT, ...files });
    const only = analyze({ targets: ['.'], cwd: dir, onlyRules: ['direct-instantiation', 'unused-suppression'] }).findings;
    expect(only.filter((f) => f.ruleId === 'unused-suppression')).toEqual([]);
  });

  it('suppressed findings appear as suppressed in JSON and SARIF and count nowhere: text, summary, exit code', async () => {
    const dir = makeProject({
      ...SMALL_PROJECT,
      'src/chat.ts': "import { getManager } from './factory';\nexport async function chat() {\n  return await getManager('u1'); // ssot-ignore-line awaited-sync-call -- migrating\n}\n",
      'src/presence.ts': "import { Manager } from './factory';\n// ssot-ignore-next-line direct-instantiation -- seam\nexport const presence = (): Manager => new Manager();\n",
    });
    const json = await runCli(['-f', 'json'], dir);
    const report = JSON.parse(json.stdout) as { summary: { findings: number; suppressed: number; suppressedBy: object; bySeverity: { error: number } }; findings: Finding[] };
    assertValidReport(report);
    expect(report.summary).toMatchObject({ findings: 1, suppressed: 2, suppressedBy: { inline: 2, file: 0, baseline: 0 }, bySeverity: { error: 0 } });
    expect(report.findings.find((f) => f.ruleId === 'awaited-sync-call')?.suppressed).toEqual({ kind: 'inline', justification: 'migrating' });
    expect(json.code).toBe(0); // only the duplicate-implementation warning counts
    const sarif = JSON.parse((await runCli(['-f', 'sarif'], dir)).stdout) as { runs: { results: { ruleId: string; suppressions?: object[] }[] }[] };
    assertValidSarif(sarif);
    expect(sarif.runs[0]!.results.find((r) => r.ruleId === 'awaited-sync-call')?.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'migrating' }]);
    const text = await runCli([], dir);
    expect(text.stdout).toMatch(/✖ 1 finding \(0 errors, 1 warning, 2 suppressed\)/);
    expect(text.stdout).not.toContain('awaited-sync-call');
    expect((await runCli(['-f', 'github'], dir)).stdout).not.toContain('awaited-sync-call');
  });
});

describe('unused-suppression doc', () => {
  const md = fs.readFileSync(path.resolve(import.meta.dirname, '../docs/rules/unused-suppression.md'), 'utf8');
  it('has the rule-doc format', () => {
    expect(md.startsWith('# unused-suppression\n\n> an ssot-ignore comment that suppresses nothing\n')).toBe(true);
    expect(md).toContain('Default severity: **warning**. Reported at: the suppression comment.');
    expect([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(['What it finds', 'Why it matters', 'Example', 'Use instead', 'Options', 'Known limits']);
  });
  it('its Example produces the finding and its Use instead none', () => {
    const block = (heading: string): string => /```ts\n\/\/ file: (\S+)\n([\s\S]*?)```/.exec(md.slice(md.indexOf(`## ${heading}`)))![2]!;
    const lint = (text: string): string[] => run({ 'src/settings.ts': text }).filter((f) => f.file === 'src/settings.ts').map((f) => f.ruleId);
    expect(lint(block('Example'))).toEqual(['unused-suppression']);
    expect(lint(block('Use instead'))).toEqual([]);
  });
});
