/**
 * Vitest global setup: the whole suite (and every CLI it spawns) uses a throw-away per-user cache
 * directory (code cache, cache secret), never the real `~/.cache/ssot-lint`; removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssot-user-cache-'));
  process.env.SSOT_LINT_USER_CACHE = path.join(dir, 'ssot-lint');
  delete process.env.SSOT_LINT_CACHE_SECRET;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
