/**
 * TypeScript import fixes through ts-morph's manipulation API (import declarations and specifiers,
 * formatting kept), loaded on first use: a run with nothing to fix never loads it. One in-memory
 * project; each fix edits a fresh copy of one file's text, and the caller turns the result into one
 * edit (common prefix and suffix kept), so fixes stay independent and overlapping ones can be dropped.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TsMorph from 'ts-morph';
import type { LanguageFixer } from '../plugin.js';

let morph: typeof TsMorph | undefined;
let project: TsMorph.Project | undefined;

function load(): { morph: typeof TsMorph; project: TsMorph.Project } {
  morph ??= createRequire(import.meta.url)('ts-morph') as typeof TsMorph;
  project ??= new morph.Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, jsx: morph.ts.JsxEmit.Preserve },
  });
  return { morph, project };
}

/** Was ts-morph loaded by this process (the bench and a test check that a clean run never loads it)? */
export function tsMorphLoaded(): boolean {
  return morph !== undefined;
}

export interface TsName {
  imported: string;
  as: string;
  local: string;
  typeOnly: boolean;
}

function open(file: string, text: string): { sf: TsMorph.SourceFile; morph: typeof TsMorph } {
  const { morph: m, project: p } = load();
  const sf = p.createSourceFile(`/${file}`, text, { overwrite: true });
  const literal = sf.getImportDeclarations()[0]?.getModuleSpecifier().getText() ?? '';
  p.manipulationSettings.set({
    quoteKind: literal.startsWith("'") ? m.QuoteKind.Single : m.QuoteKind.Double,
    newLineKind: text.includes('\r\n') ? m.ts.NewLineKind.CarriageReturnLineFeed : m.ts.NewLineKind.LineFeed,
  });
  return { sf, morph: m };
}

function done(sf: TsMorph.SourceFile): string {
  const out = sf.getFullText().replace(/^[ \t]*__ssot_lint_removed_import__;[^\n]*(\n|$)/gm, '');
  sf.forget();
  return out;
}

function relativeSpecifiers(sf: TsMorph.SourceFile): string[] {
  return sf
    .getImportDeclarations()
    .map((d) => d.getModuleSpecifierValue())
    .filter((s) => s.startsWith('.'));
}

/**
 * Remove an import declaration left empty: its own line goes (with a comment after it on that
 * line), the blank lines around it stay, as a person would delete it. ts-morph's `remove()` also
 * takes the blank line after it, joining the imports to the code below.
 */
function removeDeclaration(sf: TsMorph.SourceFile, decl: TsMorph.ImportDeclaration): void {
  const full = sf.getFullText();
  const start = decl.getStartLinePos();
  const newline = full.indexOf('\n', decl.getEnd());
  const end = newline < 0 ? full.length : newline + 1;
  // ts-morph cannot remove a range that ends inside the next statement's trivia (the comment after
  // the declaration): the declaration becomes a marker statement, and done() drops its line.
  if (!full.includes(REMOVED) && /^[ \t]*$/.test(full.slice(start, decl.getStart())) && /^[ \t]*(\/\/.*)?\r?\n?$/.test(full.slice(decl.getEnd(), end))) decl.replaceWithText(REMOVED);
  else decl.remove();
}

/** A statement standing for a declaration to remove with its line (see removeDeclaration). */
const REMOVED = '__ssot_lint_removed_import__;';

/** Whether nothing but an import binds or mentions `local` any more (then its import can go). */
function unusedImport(sf: TsMorph.SourceFile, morph: typeof TsMorph, local: string): boolean {
  return !sf.getDescendantsOfKind(morph.SyntaxKind.Identifier).some((id) => id.getText() === local && !id.getFirstAncestorByKind(morph.SyntaxKind.ImportDeclaration));
}

/** Drop the import of `local` (a named or default import), and the declaration when it is left empty. */
function dropImport(sf: TsMorph.SourceFile, local: string): void {
  for (const d of sf.getImportDeclarations()) {
    const named = d.getNamedImports().find((s) => (s.getAliasNode()?.getText() ?? s.getName()) === local);
    if (named) named.remove();
    else if (d.getDefaultImport()?.getText() === local) d.removeDefaultImport();
    else continue;
    if (!d.getDefaultImport() && d.getNamedImports().length === 0 && !d.getNamespaceImport()) removeDeclaration(sf, d);
    return;
  }
}

/** A named import of `name` as `local` to add: merged into `existing` when it can take it, else a new declaration. */
function addImport(sf: TsMorph.SourceFile, spec: string, names: readonly TsName[], after: TsMorph.ImportDeclaration | undefined, except?: TsMorph.ImportDeclaration): boolean {
  const allTypes = names.every((n) => n.typeOnly);
  const existing = sf
    .getImportDeclarations()
    .find((d) => d !== except && d.getModuleSpecifierValue() === spec && !d.getNamespaceImport() && (!d.isTypeOnly() || allTypes));
  const named = (n: TsName): { name: string; alias?: string; isTypeOnly?: boolean } => ({
    name: n.as,
    ...(n.as !== n.local ? { alias: n.local } : {}),
    ...(n.typeOnly && !(existing?.isTypeOnly() ?? allTypes) ? { isTypeOnly: true } : {}),
  });
  if (existing) {
    for (const n of names) {
      if (n.as === 'default') {
        const d = existing.getDefaultImport();
        if (d && d.getText() !== n.local) return false;
        if (!d) existing.setDefaultImport(n.local);
        continue;
      }
      if (existing.getNamedImports().some((s) => (s.getAliasNode()?.getText() ?? s.getName()) === n.local)) continue;
      existing.addNamedImport(named(n));
    }
    return true;
  }
  const def = names.find((n) => n.as === 'default');
  // Before the declaration the names leave (inserting after it would take its trailing comment), else after the last import.
  const index = except ? except.getChildIndex() : after ? after.getChildIndex() + 1 : 0;
  sf.insertImportDeclaration(index, {
    moduleSpecifier: spec,
    ...(def ? { defaultImport: def.local } : {}),
    ...(names.some((n) => n.as !== 'default') ? { namedImports: names.filter((n) => n.as !== 'default').map(named) } : {}),
    ...(allTypes && !def ? { isTypeOnly: true } : {}),
  });
  return true;
}

/**
 * Move `names` out of the import declaration on `line` (written `specifier`) to an import of
 * `target`: the whole declaration re-pointed when every name moves and no import of the target
 * exists, else merged into that import or a new one after it; a declaration left empty is removed.
 */
function moveTsImport(
  file: string,
  text: string,
  line: number,
  specifier: string,
  names: readonly TsName[],
  target: string,
  example: { file: string; specifier: string } | undefined,
): string | undefined {
  const { sf } = open(file, text);
  try {
    const decl = sf.getImportDeclarations().find((d) => d.getStartLineNumber() === line && d.getModuleSpecifierValue() === specifier);
    if (!decl || decl.getNamespaceImport()) return undefined;
    const spec = tsSpecifier(file, target, [specifier, ...relativeSpecifiers(sf)].filter((s) => s.startsWith('.')), example);
    const picked: { node: TsMorph.ImportSpecifier | 'default'; name: TsName }[] = [];
    for (const n of names) {
      if (n.imported === 'default') {
        if (decl.getDefaultImport()?.getText() !== n.local) return undefined;
        picked.push({ node: 'default', name: n });
        continue;
      }
      const node = decl.getNamedImports().find((s) => s.getName() === n.imported && (s.getAliasNode()?.getText() ?? s.getName()) === n.local);
      if (!node) return undefined;
      picked.push({ node, name: n });
    }
    const total = decl.getNamedImports().length + (decl.getDefaultImport() ? 1 : 0);
    const others = sf.getImportDeclarations().some((d) => d !== decl && d.getModuleSpecifierValue() === spec);
    if (picked.length === total && !others && names.every((n) => (n.imported === 'default') === (n.as === 'default'))) {
      // Re-point the declaration: layout, comments and `import type` stay as written.
      decl.setModuleSpecifier(spec);
      for (const { node, name } of picked) {
        if (node === 'default' || name.imported === name.as) continue;
        node.setName(name.as);
        if (name.as === name.local) node.removeAlias();
        else node.setAlias(name.local);
      }
      return done(sf);
    }
    if (!addImport(sf, spec, names, decl, decl)) return undefined;
    for (const { node } of picked) {
      if (node === 'default') decl.removeDefaultImport();
      else node.remove();
    }
    if (!decl.getDefaultImport() && decl.getNamedImports().length === 0 && !decl.getNamespaceImport()) removeDeclaration(sf, decl);
    return done(sf);
  } catch {
    sf.forget();
    return undefined;
  }
}

/**
 * `new X(args)` at `offset` → `factory(args)`, importing `factory` from `factoryFile` unless the file
 * declares it (or is that file); X's import goes when that was its last use (nothing else in the
 * file names X: not a type, a re-export, another construction).
 */
function callTsFactory(file: string, text: string, offset: number, callee: string, factory: string, factoryFile: string): string | undefined {
  const head = new RegExp(`^new\\s+${callee.replace(/[$]/g, '\\$')}(?![\\w$])\\s*`).exec(text.slice(offset, offset + 200));
  if (!head) return undefined;
  const after = offset + head[0].length;
  if (text[after] === '<') return undefined;
  const call = text[after] === '(' ? factory : `${factory}()`;
  const edited = text.slice(0, offset) + call + text.slice(text[after] === '(' ? after : offset + head[0].trimEnd().length);
  const { sf, morph } = open(file, edited);
  try {
    const declared = sf.getImportDeclarations().some((d) => d.getNamedImports().some((s) => (s.getAliasNode()?.getText() ?? s.getName()) === factory) || d.getDefaultImport()?.getText() === factory);
    if (file !== factoryFile && !declared) {
      // A local of the factory's name that is not the factory: no fix.
      if (sf.getFunction(factory) || sf.getVariableDeclaration(factory)) return undefined;
      const spec = tsSpecifier(file, factoryFile, relativeSpecifiers(sf), undefined);
      const last = sf.getImportDeclarations().at(-1);
      if (!addImport(sf, spec, [{ imported: factory, as: factory, local: factory, typeOnly: false }], last)) return undefined;
    }
    // (Imported under that name already: from where, the next run tells.)
    if (!callee.includes('.') && unusedImport(sf, morph, callee)) dropImport(sf, callee);
    return done(sf);
  } catch {
    sf.forget();
    return undefined;
  }
}

/*
 * The specifier a file should write to import a project file, following the conventions it
 * already has: a package or alias specifier other files use for the target works anywhere; a
 * relative one keeps the file's extension style (`./x.js` in ESM TypeScript, `./x`, `./x.ts`) and
 * leaves out `/index` when the style has no extension.
 */
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
function tsSpecifier(importer: string, target: string, relatives: readonly string[], example?: { file: string; specifier: string }): string {
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

export const TYPESCRIPT_FIXER: LanguageFixer = {
  moveImport: (request, text) => moveTsImport(request.file, text, request.statement.line, request.specifier, request.names, request.target, request.example),
  callFactory(request, text, map) {
    const at = map.offset({ line: request.at.line, column: request.at.column });
    return at === undefined ? undefined : callTsFactory(request.file, text, at, request.callee, request.factory, request.factoryFile);
  },
};
