/** Throw-away projects for end-to-end tests: files written into a temp directory, optionally a git repo. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp.js';

/** A temp directory (removed after the test file, see temp.ts) holding `files`. */
export function makeProject(files: Record<string, string>, prefix = 'ssot-proj-'): string {
  const dir = tempDir(prefix);
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_CONFIG_NOSYSTEM: '1', HOME: dir },
  });
}

/** A git repository on branch `main` with everything committed. */
export function makeRepo(files: Record<string, string>): string {
  const dir = makeProject(files, 'ssot-git-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

/**
 * A small project with one finding each of three rules: an awaited sync factory (chat.ts:3), a
 * bypassed factory (presence.ts:3) and a duplicate implementation (legacy.ts:1, a warning).
 */
export const SMALL_PROJECT: Record<string, string> = {
  'ssot.config.json': '{}\n',
  'src/factory.ts': [
    'export class Manager {',
    '  send(m: string): void {}',
    '  close(): void {}',
    '}',
    'const cache = new Map<string, Manager>();',
    'export function getManager(id: string): Manager {',
    '  let m = cache.get(id);',
    '  if (!m) {',
    '    m = new Manager();',
    '    cache.set(id, m);',
    '  }',
    '  return m;',
    '}',
    '',
  ].join('\n'),
  'src/chat.ts': [
    "import { getManager } from './factory';",
    'export async function chat(): Promise<void> {',
    "  const m = await getManager('u1');",
    "  m.send('hi');",
    '}',
    '',
  ].join('\n'),
  'src/presence.ts': [
    "import { Manager } from './factory';",
    'export function presence(): Manager {',
    '  return new Manager();',
    '}',
    '',
  ].join('\n'),
  'src/legacy.ts': ['export class LegacyManager {', '  send(m: string): void {}', '  close(): void {}', '}', ''].join('\n'),
};
