/** The package version, read once from package.json (two levels above dist/src/cli or src/cli). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function readVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'ssot-lint' && json.version) return json.version;
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

export const TOOL_VERSION = readVersion();
