/**
 * Fix requests → edits, after the whole analysis: each request is computed on the file's text as
 * read now (one read per file), in isolation from the others, and becomes one `Fix` on its finding.
 * A request that cannot be made with certainty (the statement is not where the facts say, a name
 * is missing, a layout this does not edit) leaves the finding without a fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding, Fix, FixRequest } from '../model/findings.js';
import { callPythonFactory, movePythonImport } from './python-imports.js';
import { pySpecifier } from './specifier.js';
import { diffEdit, LineMap } from './text.js';
// ts-morph itself loads on the first TypeScript fix (see typescript-imports.ts).
import { callTsFactory, moveTsImport } from './typescript-imports.js';

const isPython = (file: string): boolean => /\.pyi?$/.test(file);

export interface SourceReader {
  /** The file's text (root-relative path), or undefined when it cannot be read. */
  read(file: string): string | undefined;
}

export function diskReader(root: string): SourceReader {
  const cache = new Map<string, string | undefined>();
  return {
    read(file) {
      if (!cache.has(file)) {
        try {
          cache.set(file, fs.readFileSync(path.join(root, file), 'utf8'));
        } catch {
          cache.set(file, undefined);
        }
      }
      return cache.get(file);
    },
  };
}

/** Turn every finding's fix request into a fix (or drop it); `only`: the rules whose fixes are wanted. */
export function resolveFixes(findings: Finding[], reader: SourceReader): void {
  for (const f of findings) {
    if (!f.fixRequest) continue;
    const request = f.fixRequest;
    delete f.fixRequest;
    const fix = resolveRequest(request, reader);
    if (fix) f.fix = fix;
  }
}

export function resolveRequest(request: FixRequest, reader: SourceReader): Fix | undefined {
  const text = reader.read(request.file);
  if (text === undefined) return undefined;
  const python = isPython(request.file);
  const map = new LineMap(text, python);
  let after: string | undefined;
  if (request.kind === 'move-import') {
    const start = map.offset({ line: request.statement.line, column: request.statement.column });
    if (start === undefined) return undefined;
    if (python) {
      const spec = pySpecifier(request.file, request.target, { specifier: request.specifier, via: request.via }, request.example);
      if (spec === undefined) return undefined;
      after = movePythonImport(text, start, request.names, spec);
    } else {
      after = moveTsImport(request.file, text, request.statement.line, request.specifier, request.names, request.target, request.example);
    }
  } else {
    const at = map.offset({ line: request.at.line, column: request.at.column });
    if (at === undefined) return undefined;
    if (python) {
      const spec = request.file === request.factoryFile ? undefined : pythonFactorySpecifier(request.file, request.factoryFile, reader);
      const join = request.classImport ? map.offset({ line: request.classImport.line, column: request.classImport.column }) : undefined;
      after = callPythonFactory(text, at, request.callee, request.factory, spec, join);
    } else {
      after = callTsFactory(request.file, text, at, request.callee, request.factory, request.factoryFile);
    }
  }
  if (after === undefined) return undefined;
  const edit = diffEdit(request.file, text, after, map);
  return edit ? { description: request.description, edits: [edit] } : undefined;
}

/** Inside a package, relative (`from .registry import get_x`); from a script, the dotted path below its directory. */
function pythonFactorySpecifier(importer: string, factoryFile: string, reader: SourceReader): string | undefined {
  // A file that imports its own package absolutely (`from chat.payments import …` in chat/billing/x.py) gets an absolute import.
  const tops = new Set([...(reader.read(importer) ?? '').matchAll(/^from[ \t]+(\w+)[.\w]*[ \t]+import\b/gm)].map((m) => m[1]!));
  const parts = importer.split('/');
  for (let k = 0; k < parts.length - 1; k++) {
    if (!tops.has(parts[k]!)) continue;
    const prefix = parts.slice(0, k).join('/');
    if (prefix !== '' && !factoryFile.startsWith(`${prefix}/`)) continue;
    return (prefix === '' ? factoryFile : factoryFile.slice(prefix.length + 1)).replace(/\.pyi?$/, '').replace(/\/__init__$/, '').split('/').join('.');
  }
  const dir = path.posix.dirname(importer);
  if (reader.read(dir === '.' ? '__init__.py' : `${dir}/__init__.py`) !== undefined) return pySpecifier(importer, factoryFile, { specifier: '.', via: importer });
  const rel = dir === '.' ? factoryFile : path.posix.relative(dir, factoryFile);
  if (rel.startsWith('..')) return undefined;
  return rel.replace(/\.pyi?$/, '').replace(/\/__init__$/, '').split('/').join('.');
}
