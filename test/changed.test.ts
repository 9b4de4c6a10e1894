/**
 * `--changed`: analysis stays whole-project, only findings whose primary location is in a changed
 * file are reported. Each test builds its own git repository.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedFiles } from '../src/engine/changed.js';
import { runCli } from './helpers/cli.js';
import { git, makeProject, makeRepo, SMALL_PROJECT, writeFiles } from './helpers/project.js';
import { assertValidReport } from './helpers/schema.js';

interface Report {
  findings: { file: string; ruleId: string }[];
  changed?: { ref: string; base?: string; files: number; omitted: number };
}

async function changedRun(dir: string, args: string[] = ['--changed']): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await runCli(['-f', 'json', ...args], dir);
  const report = JSON.parse(r.stdout || '{}') as Report;
  if (r.stdout) assertValidReport(report);
  return { code: r.code, report, stderr: r.stderr };
}

const NOTIFY = "import { getManager } from './factory';\nexport async function notify() {\n  return await getManager('u2');\n}\n";

describe('--changed', () => {
  it('on a branch: reports only findings in files changed since the merge-base with main', async () => {
    const dir = makeRepo(SMALL_PROJECT);
    git(dir, 'checkout', '-q', '-b', 'feature');
    writeFiles(dir, { 'src/notify.ts': NOTIFY });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'notify');
    // main moves on after the branch point: its changes are not ours.
    git(dir, 'checkout', '-q', 'main');
    writeFiles(dir, { 'src/other.ts': NOTIFY.replace('notify', 'other') });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'main moves');
    git(dir, 'checkout', '-q', 'feature');
    const { code, report } = await changedRun(dir);
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['src/notify.ts awaited-sync-call']);
    expect(report.changed).toMatchObject({ ref: 'main', files: 1, omitted: 3 });
    expect(report.changed!.base).toMatch(/^[0-9a-f]{40}$/);
    expect(code).toBe(1);
  });

  it('includes staged, unstaged and untracked files; on the default branch itself, only those', async () => {
    const dir = makeRepo(SMALL_PROJECT);
    expect((await changedRun(dir)).report.findings).toEqual([]);
    expect((await changedRun(dir)).code).toBe(0);
    writeFiles(dir, { 'src/notify.ts': NOTIFY }); // untracked
    writeFiles(dir, { 'src/presence.ts': `${SMALL_PROJECT['src/presence.ts']}\n// touched\n` }); // unstaged
    writeFiles(dir, { 'src/legacy.ts': `// touched\n${SMALL_PROJECT['src/legacy.ts']}` });
    git(dir, 'add', 'src/legacy.ts'); // staged
    const { report } = await changedRun(dir);
    expect(report.findings.map((f) => f.file)).toEqual(['src/legacy.ts', 'src/notify.ts', 'src/presence.ts']);
  });

  it('analysis stays whole-project: a new bypass of an unchanged factory is a finding in the changed file', async () => {
    const dir = makeRepo(SMALL_PROJECT);
    git(dir, 'checkout', '-q', '-b', 'feature');
    writeFiles(dir, { 'src/uses-old.ts': "import { Manager } from './factory';\nexport function presenceV2(): Manager {\n  return new Manager();\n}\n" });
    const { report } = await changedRun(dir);
    // The finding depends on factory.ts (unchanged) but sits in the new file.
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['src/uses-old.ts direct-instantiation']);
  });

  it('takes an explicit ref (commit, tag or branch), compared from its merge-base', async () => {
    const dir = makeRepo(SMALL_PROJECT);
    git(dir, 'tag', 'v1');
    writeFiles(dir, { 'src/notify.ts': NOTIFY });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'notify');
    expect((await changedRun(dir, ['--changed', 'v1'])).report.findings.map((f) => f.file)).toEqual(['src/notify.ts']);
    expect((await changedRun(dir, ['--changed=HEAD'])).report.findings).toEqual([]);
    expect((await changedRun(dir, ['--changed', 'HEAD~1'])).report.changed).toMatchObject({ ref: 'HEAD~1', files: 1 });
  });

  it('without a default branch falls back to HEAD (uncommitted and untracked only)', async () => {
    const dir = makeRepo(SMALL_PROJECT);
    git(dir, 'branch', '-m', 'main', 'trunk');
    writeFiles(dir, { 'src/notify.ts': NOTIFY });
    const { report } = await changedRun(dir);
    expect(report.changed?.ref).toBe('HEAD');
    expect(report.findings.map((f) => f.file)).toEqual(['src/notify.ts']);
  });

  it('works in a repository without commits yet, and for a project in a subdirectory', () => {
    const dir = makeProject({});
    git(dir, 'init', '-q', '-b', 'main');
    writeFiles(dir, Object.fromEntries(Object.entries(SMALL_PROJECT).map(([k, v]) => [`packages/app/${k}`, v])));
    const files = changedFiles(path.join(dir, 'packages/app'));
    expect([...files.files].sort()).toEqual(['src/chat.ts', 'src/factory.ts', 'src/legacy.ts', 'src/presence.ts', 'ssot.config.json']);
    expect(files.base).toBeUndefined();
  });

  it('is a clear usage error outside a git repository and for an unknown ref', async () => {
    const dir = makeProject(SMALL_PROJECT);
    const outside = await runCli(['--changed'], dir, { GIT_CEILING_DIRECTORIES: os.tmpdir() });
    expect(outside.code).toBe(2);
    expect(outside.stdout).toBe('');
    expect(outside.stderr).toMatch(/^ssot-lint: --changed: .* is not inside a git repository/);
    const repo = makeRepo(SMALL_PROJECT);
    const bad = await runCli(['--changed', 'no-such-branch'], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ssot-lint: --changed no-such-branch: not a commit, branch or tag in this repository$/m);
    const pathLike = await runCli(['--changed', 'src'], repo);
    expect(pathLike.stderr).toContain('it is a path: put paths before --changed');
    expect(fs.existsSync(path.join(repo, 'src'))).toBe(true);
  });
});
