/**
 * `--changed [ref]`: which files changed, from git. Analysis stays whole-project (a new import of
 * an old duplicate is a new finding); the CLI then reports only findings whose primary location is
 * in one of these files.
 *
 * Changed = committed since the base (the merge-base of `ref` and HEAD), staged, unstaged, and
 * untracked-but-not-ignored files. Without a ref the base is the merge-base with the default branch
 * (origin/HEAD, else main, master, origin/main, origin/master), or HEAD when there is none.
 * git runs through execFile with an argument list: no shell, so no quoting surprises.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../util/errors.js';

export interface ChangedFiles {
  /** What the user asked for (`--changed <ref>`), or the default branch that was used. */
  ref: string;
  /** The commit compared against; undefined in a repository without commits. */
  base?: string;
  /** Paths relative to `root`, POSIX separators; files outside `root` are left out. */
  files: Set<string>;
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError('--changed: git is not installed or not on PATH');
    return undefined;
  }
}

const DEFAULT_BRANCHES = ['main', 'master', 'origin/main', 'origin/master'];

function defaultBranch(cwd: string): string | undefined {
  const originHead = git(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])?.trim();
  if (originHead) return originHead;
  return DEFAULT_BRANCHES.find((b) => git(cwd, ['rev-parse', '--verify', '--quiet', `${b}^{commit}`]) !== undefined);
}

/** Files changed since `ref` (or the default branch), relative to `root`. */
export function changedFiles(root: string, ref?: string): ChangedFiles {
  const top = git(root, ['rev-parse', '--show-toplevel'])?.trim();
  if (!top) throw new UsageError(`--changed: ${root} is not inside a git repository (run without --changed, or from a git checkout)`);
  const hasHead = git(top, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']) !== undefined;
  let base: string | undefined;
  let shown = ref ?? 'HEAD';
  if (ref !== undefined) {
    const commit = git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])?.trim();
    if (!commit) {
      const hint = fs.existsSync(path.resolve(ref)) ? ' (it is a path: put paths before --changed, or write --changed=<ref>)' : '';
      throw new UsageError(`--changed ${ref}: not a commit, branch or tag in this repository${hint}`);
    }
    base = (hasHead ? git(top, ['merge-base', commit, 'HEAD'])?.trim() : undefined) || commit;
  } else if (hasHead) {
    const branch = defaultBranch(top);
    if (branch) {
      shown = branch;
      base = git(top, ['merge-base', branch, 'HEAD'])?.trim() || undefined;
    }
    base ??= git(top, ['rev-parse', 'HEAD'])!.trim();
  }

  const names: string[] = [];
  const list = (args: string[]): void => {
    const out = git(top, args);
    if (out === undefined) throw new UsageError(`--changed: \`git ${args.join(' ')}\` failed in ${top}`);
    names.push(...out.split('\0').filter(Boolean));
  };
  // Committed since base plus staged and unstaged changes: a diff of the working tree against base.
  if (base) list(['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRTUXB', base]);
  else list(['ls-files', '-z', '--cached']);
  list(['ls-files', '-z', '--others', '--exclude-standard']);

  const realRoot = fs.realpathSync(root);
  const realTop = fs.realpathSync(top);
  const files = new Set<string>();
  for (const n of names) {
    const rel = path.relative(realRoot, path.join(realTop, n));
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    files.add(rel.split(path.sep).join('/'));
  }
  return { ref: shown, ...(base ? { base } : {}), files };
}

/** The repository root above `dir`, or undefined outside a git checkout (for report paths). */
export function gitTopLevel(dir: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}
