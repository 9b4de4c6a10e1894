import path from 'node:path';
import { defineRule, type FileFacts, type ImportFact, loc, mayDefineName, type ProjectIndex } from '../../src/api/index.js';

export default defineRule<{ includeTests: boolean }>({
  id: 'broken-import',
  severity: 'error',
  summary: 'an import of a project module that does not exist, or of a name that the project module does not define or re-export',
  primaryLocation: 'the import (the imported name, for a missing name)',
  options: {
    includeTests: {
      type: 'boolean',
      default: false,
      description: 'check imports in test files too (off: tests import missing names on purpose, inside assertRaises, and put fixture directories on sys.path at run time)',
    },
  },
  check(index, options, report) {
    for (const f of index.files) {
      if (!options.includeTests && index.isTestFile(f.path)) continue;
      const spelling = index.language(f.path).spelling;
      for (const imp of f.imports) {
        // Type-only and elided imports never run; `try: from new import X / except ImportError:`
        // expects the failure; a dynamic import's specifier may be computed.
        if (imp.typeOnly || imp.elided || imp.compatFallback || imp.kind === 'dynamic') continue;
        const target = index.resolveModule(f.path, imp);
        if (target === undefined) {
          const missing = missingModule(index, f, imp);
          if (!missing) continue;
          const said = spelling.missingModule(missing.text, missing.name);
          report({
            file: f.path,
            at: imp.at,
            symbol: imp.specifier,
            key: `module\0${imp.specifier}\0${imp.level ?? 0}`,
            message: said.message,
            cause: {
              // One missing module, however each importer spells its path.
              // (a relative import counts its levels: `from ..x import` is relative to the file's package)
              id: `module ${imp.level ? `${f.path}:${imp.specifier}` : imp.specifier.startsWith('.') ? path.posix.join(path.posix.dirname(f.path), imp.specifier) : imp.specifier}`,
              title: said.title,
              site: `import of '${imp.specifier}'`,
            },
            related: [],
          });
          continue;
        }
        if (imp.kind === 'require') continue; // CommonJS interop: what `require` returns is not the ESM surface
        for (const n of imp.names) {
          if (n.imported === '*' || n.typeOnly || n.local === '') continue;
          if (index.resolveExport(target, n.imported) || mayDefineName(index, target, n.imported)) continue;
          const declared = index.declarationIn(target, n.imported);
          const said = spelling.missingName(target, n.imported, imp.specifier, declared !== undefined);
          report({
            file: f.path,
            at: n.at ?? imp.at,
            symbol: n.imported,
            key: `name\0${imp.specifier}\0${n.imported}`,
            message: said.message,
            cause: {
              id: `name ${target}#${n.imported}`,
              title: said.title,
              site: `import of ${n.imported} from '${imp.specifier}'`,
            },
            related: declared ? [loc(target, declared.at, `${n.imported} declared here, not exported`)] : [],
          });
        }
      }
    }
  },
});

/**
 * The project module an import names that does not exist, if it is one. A relative import with
 * levels (Python `from . import x`) is recorded as an import of the module `.x`; when there is no
 * such submodule, `x` may still be a name the package defines.
 */
function missingModule(index: ProjectIndex, f: FileFacts, imp: ImportFact): { text: string; name?: string } | undefined {
  if (!index.isProjectSpecifier(f.path, imp)) return undefined;
  const only = imp.names.length === 1 ? imp.names[0]! : undefined;
  const lastDot = imp.specifier.lastIndexOf('.');
  if (only?.imported === '*' && imp.level && lastDot >= 0) {
    const name = imp.specifier.slice(lastDot + 1);
    if (name === only.local) {
      const parentSpec = imp.specifier.slice(0, lastDot + 1).replace(/(?<=[^.])\.$/, '');
      const parent = index.resolveModule(f.path, { ...imp, specifier: parentSpec });
      if (parent !== undefined && (index.resolveExport(parent, name) || mayDefineName(index, parent, name))) return undefined;
      return { text: `${index.language(f.path).namedImportText(parentSpec, name, name)}: ${imp.specifier}`, name };
    }
  }
  return { text: index.language(f.path).spelling.moduleText(imp.specifier) };
}
