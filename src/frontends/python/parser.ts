/**
 * The Python grammar: tree-sitter compiled to WebAssembly (`web-tree-sitter` + the `.wasm` that
 * `tree-sitter-python` ships), loaded from node_modules. Nothing is compiled at install time and
 * nothing is downloaded at run time.
 *
 * web-tree-sitter only loads asynchronously, while the extraction pipeline is synchronous, so the
 * module initialises with a top-level await: importing it costs about 15 ms once per process.
 */
import { createRequire } from 'node:module';
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/web-tree-sitter.wasm') });

export const PYTHON: Language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));

let parser = new Parser();
parser.setLanguage(PYTHON);

/**
 * A fresh parser, after a stack overflow: an overflow inside WebAssembly leaves the module's own
 * stack pointer where it was, so the parser that was running is not used again.
 */
export function resetParser(): void {
  try {
    parser.delete();
  } catch {
    /* the old one is dropped either way */
  }
  parser = new Parser();
  parser.setLanguage(PYTHON);
}

/** Parse one file. The caller must `delete()` the tree: it lives in WebAssembly memory. */
export function parsePython(text: string): Tree {
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

export function compileQuery(source: string): Query {
  return new Query(PYTHON, source);
}
