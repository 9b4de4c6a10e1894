/**
 * Temp directories that remove themselves: `tempDir()` makes one under os.tmpdir() and registers
 * it; test/helpers/setup.ts removes every registered directory after each test file. The global
 * setup (global-setup.ts) points TMPDIR at a directory of the run's own and fails the run if
 * anything is left in it, so a test that makes a directory another way is caught.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** A new empty directory (real path, symlinks resolved), removed after the test file. */
export function tempDir(prefix = 'ssot-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

/** Remove a directory whatever a test did to it: modes taken away, paths longer than PATH_MAX. */
export function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    execFileSync('chmod', ['-R', 'u+rwX', dir], { stdio: 'ignore' });
    execFileSync('rm', ['-rf', dir]);
  }
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) removeDir(dir);
}
