/**
 * Bundle the compiled CLI (dist/src, from tsc) into dist/cli/: `main.js` for bin/ssot-lint.js and
 * `extract-worker.js` for the extraction workers (workers.ts finds it next to the code that starts
 * them). Every run of the CLI pays for loading its modules; one file instead of ~90 modules and
 * their dependencies' ~40 cuts start-up from ~170 to ~125 ms on this machine
 * (`node bin/ssot-lint.js --version`, see docs/performance.md).
 *
 * What stays outside the bundle, loaded from node_modules at run time:
 * - @ts-morph/common: frontends/typescript/load.ts require()s its typescript.js itself (code cache);
 * - ts-morph: src/frontends/typescript/fix.ts require()s it on the first TypeScript import fix only;
 * - web-tree-sitter and tree-sitter-python: they load their .wasm files from their own directories.
 *
 * The TypeScript frontend must stay lazy (a run served from the cache never loads TypeScript):
 * frontends/typescript/index.js loads it through createRequire, which a bundler cannot follow. Here that one
 * call becomes a plain require() of the same file, which esbuild bundles as a module initialised on
 * first call. If the source changes so that the call is not found, the build fails.
 *
 * The dist/src tree stays: it is the programmatic API (package.json "exports") and what the tests
 * and the bench's probes import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LAZY_TS = "createRequire(import.meta.url)('./extract.js')";

/** The one rewrite: the TypeScript frontend's lazy load, as a require() esbuild can bundle. */
const lazyTypeScript = {
  name: 'lazy-typescript-frontend',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]src[\\/]frontends[\\/]typescript[\\/]index\.js$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (!text.includes(LAZY_TS)) throw new Error(`${args.path}: the lazy load of the TypeScript frontend (${LAZY_TS}) is not there; update scripts/bundle.js`);
      return { contents: text.replace(LAZY_TS, "require('./extract.js')"), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

const outdir = path.join(ROOT, 'dist/cli');
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: path.join(ROOT, 'dist/src/cli/main.js'), 'extract-worker': path.join(ROOT, 'dist/src/engine/extract-worker.js') },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  external: ['@ts-morph/common', 'ts-morph', 'web-tree-sitter', 'tree-sitter-python'],
  // The CommonJS dependencies (fast-glob, commander's helpers) call require() for Node's own modules.
  banner: { js: "import { createRequire as __ssotCreateRequire } from 'node:module'; const require = __ssotCreateRequire(import.meta.url);" },
  plugins: [lazyTypeScript],
  legalComments: 'none',
  logLevel: 'warning',
});
