/** The package version and install directory, read once from package.json (found above dist/src/util, src/util or the bundled dist/cli). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackage(): { root?: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'ssot-lint' && json.version) return { root: dir, version: json.version };
    }
    dir = path.dirname(dir);
  }
  return { version: '0.0.0' };
}

const found = findPackage();
export const TOOL_VERSION = found.version;
/** Where the package is installed (docs/ ships with it), if found. */
export const PACKAGE_ROOT = found.root;
