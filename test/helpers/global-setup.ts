/**
 * Vitest global setup. The whole suite (and every CLI it spawns) works in a temp directory of its
 * own: TMPDIR points there, so os.tmpdir() does too. It holds the throw-away per-user cache
 * directory (code cache, cache secret; never the real `~/.cache/ssot-lint`). At the end anything
 * else still in it is a temp directory a test did not remove: the run fails, naming them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeDir } from './temp.js';

export default function setup(): () => void {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ssot-test-run-')));
  const userCache = path.join(root, 'user-cache');
  process.env.TMPDIR = root;
  process.env.SSOT_LINT_USER_CACHE = path.join(userCache, 'ssot-lint');
  delete process.env.SSOT_LINT_CACHE_SECRET;
  return () => {
    const left = fs.readdirSync(root).filter((n) => n !== 'user-cache');
    removeDir(root);
    if (left.length === 0) return;
    // A thrown error here is only logged; the exit code is what CI sees.
    process.stderr.write(`\nssot-lint tests left ${left.length} temp director${left.length === 1 ? 'y' : 'ies'} behind (use tempDir() from test/helpers/temp.ts): ${left.sort().join(', ')}\n`);
    process.exitCode = 1;
  };
}
