/**
 * The specifier a file should write to import a project file, following the conventions it
 * already has: a package or alias specifier other files use for the target works anywhere; a
 * relative one keeps the file's extension style (`./x.js` in ESM TypeScript, `./x`, `./x.ts`) and
 * leaves out `/index` when the style has no extension. Python: absolute when the target is imported
 * absolutely elsewhere (or the old import was absolute), relative (`from ..pkg.mod`) otherwise.
 */
import path from 'node:path';

const TS_EXT = /\.(d\.)?[mc]?[jt]sx?$/;

type Style = 'js' | 'ts' | 'none';

function styleOf(specifier: string): Style {
  if (/\.[mc]?jsx?$/.test(specifier)) return 'js';
  if (/\.[mc]?tsx?$/.test(specifier)) return 'ts';
  return 'none';
}

/**
 * `relatives`: the relative specifiers the importing file writes (the first decides the style);
 * `example`: how another file imports the target.
 */
export function tsSpecifier(importer: string, target: string, relatives: readonly string[], example?: { file: string; specifier: string }): string {
  if (example && !example.specifier.startsWith('.')) return example.specifier;
  const style = relatives.length > 0 ? styleOf(relatives[0]!) : example ? styleOf(example.specifier) : 'none';
  let rel = path.posix.relative(path.posix.dirname(importer), target);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const ext = TS_EXT.exec(rel)?.[0] ?? '';
  const stem = rel.slice(0, rel.length - ext.length);
  if (style === 'none') return indexless(stem);
  // A JavaScript file is imported by its own name; a TypeScript one by its emitted name in the `.js` style.
  if (style === 'ts' || /\.[mc]?jsx?$/.test(ext)) return rel;
  return `${stem}${ext === '.mts' ? '.mjs' : ext === '.cts' ? '.cjs' : '.js'}`;
}

function indexless(stem: string): string {
  if (stem === './index') return '.';
  if (stem === '../index') return '..';
  return stem.endsWith('/index') ? stem.slice(0, -'/index'.length) : stem;
}

/** The dotted module of a Python file, from a directory on the import path. */
function dotted(file: string, from: string): string | undefined {
  let rel = from === '.' || from === '' ? file : path.posix.relative(from, file);
  if (rel.startsWith('..')) return undefined;
  rel = rel.replace(/\.pyi?$/, '').replace(/(^|\/)__init__$/, '');
  return rel.split('/').filter(Boolean).join('.');
}

/**
 * `old`: the statement's specifier (`.mod`, `pkg.mod`) and the file it resolves to; `example`: how
 * another file imports the target.
 */
export function pySpecifier(importer: string, target: string, old: { specifier: string; via: string }, example?: { file: string; specifier: string }): string | undefined {
  if (example && !example.specifier.startsWith('.')) return example.specifier;
  if (!old.specifier.startsWith('.')) {
    // The directory on the import path the old specifier was resolved from: strip its dotted path.
    const oldPath = old.via.replace(/\.pyi?$/, '').replace(/(^|\/)__init__$/, '');
    const parts = old.specifier.split('.');
    const root = path.posix.join(oldPath, ...parts.map(() => '..'));
    const d = dotted(target, root === '.' ? '' : root);
    if (d) return d;
  }
  // Relative: up from the importer's package to the common directory, then down to the target.
  const from = path.posix.dirname(importer).split('/').filter((p) => p !== '.' && p !== '');
  const to = target.replace(/\.pyi?$/, '').replace(/(^|\/)__init__$/, '').split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - (target.endsWith('__init__.py') ? 0 : 1) && from[common] === to[common]) common++;
  const level = from.length - common + 1;
  return `${'.'.repeat(level)}${to.slice(common).join('.')}`;
}
