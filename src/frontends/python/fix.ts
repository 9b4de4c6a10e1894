/**
 * Python import fixes as text edits at the positions tree-sitter gave (the statement's span in the
 * facts): `from old import a, B as C` → `from canonical import …`, the statement's layout kept
 * (parentheses, one name per line, trailing commas, comments), merged into an existing module-level
 * `from canonical import (…)`, and removed when nothing is left in it. The caller reparses the result.
 */
import path from 'node:path';
import type { LanguageFixer, SourceReader } from '../plugin.js';
import { applyOffsets, overlaps, type OffsetEdit } from '../shared/text-edits.js';

export interface PyName {
  /** The name at the old module and the name to import from the new one (as the import names it). */
  imported: string;
  as: string;
  local: string;
}

interface Item {
  start: number;
  end: number;
  imported: string;
  local: string;
}

interface FromImport {
  start: number;
  end: number;
  moduleStart: number;
  moduleEnd: number;
  paren: { open: number; close: number } | undefined;
  items: Item[];
}

/** `from M import …` starting at `start` (the statement's first character), read up to its end. */
function parseFrom(text: string, start: number): FromImport | undefined {
  const head = /^from([ \t]+)([.\w]+)([ \t]+)import[ \t]*/.exec(text.slice(start, start + 400));
  if (!head) return undefined;
  const moduleStart = start + 4 + head[1]!.length;
  const moduleEnd = moduleStart + head[2]!.length;
  let i = start + head[0].length;
  const paren = text[i] === '(';
  const listStart = paren ? i + 1 : i;
  const items: Item[] = [];
  let itemStart = -1;
  let itemEnd = -1;
  const flush = (): void => {
    if (itemStart < 0) return;
    const m = /^(\w+)(?:\s+as\s+(\w+))?$/.exec(text.slice(itemStart, itemEnd));
    items.push({ start: itemStart, end: itemEnd, imported: m?.[1] ?? '', local: m?.[2] ?? m?.[1] ?? '' });
    itemStart = -1;
  };
  for (i = listStart; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      if (!paren) break;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i = text.indexOf('\n', i);
      continue;
    }
    if (c === '\n' && !paren) break;
    if (c === ')' && paren) {
      flush();
      return items.some((x) => x.imported === '') ? undefined : { start, end: i + 1, moduleStart, moduleEnd, paren: { open: listStart - 1, close: i }, items };
    }
    if (c === ',' ) {
      flush();
      continue;
    }
    if (c === ';' && !paren) break;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (itemStart < 0) itemStart = i;
    itemEnd = i + 1;
  }
  if (paren) return undefined;
  flush();
  if (items.length === 0 || items.some((x) => x.imported === '' || x.imported === '*')) return undefined;
  return { start, end: items[items.length - 1]!.end, moduleStart, moduleEnd, paren: undefined, items };
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const n = text.indexOf('\n', at);
  return n < 0 ? text.length : n;
}

/** The file's line break: CRLF when it has one, else LF. */
function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * The end of the simple statement starting at `start` (an import: no strings in it): the line
 * break ending its last physical line, past `\`-continued lines and parentheses (text.length when
 * the file ends first).
 */
function statementEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i = text.indexOf('\n', i);
    } else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) return i;
  }
  return text.length;
}

/** Does the text between `start` and `end` (a statement) hold a comment? */
function hasComment(text: string, start: number, end: number): boolean {
  return text.slice(start, end).includes('#');
}

/** Only blanks between the line's start and `at`, and only blanks, a comma or a comment from `end` to the line's end. */
function aloneOnLine(text: string, at: number, end: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, at), at)) && /^[ \t]*,?[ \t]*(#.*)?\r?$/.test(text.slice(end, lineEnd(text, end)));
}

/** The edit that takes one item out of its list, with its comma (the whole line when it has one of its own). */
function removeItem(text: string, stmt: FromImport, item: Item): OffsetEdit {
  if (stmt.paren && aloneOnLine(text, item.start, item.end)) {
    const end = lineEnd(text, item.end);
    return { start: lineStart(text, item.start), end: end < text.length ? end + 1 : end, text: '' };
  }
  const k = stmt.items.indexOf(item);
  const next = stmt.items[k + 1];
  if (next) return { start: item.start, end: next.start, text: '' };
  const prev = stmt.items[k - 1]!;
  return { start: prev.end, end: item.end, text: '' };
}

/** Edits that add items to an existing import, in its layout. */
function addItems(text: string, stmt: FromImport, items: string[]): OffsetEdit[] {
  const last = stmt.items[stmt.items.length - 1]!;
  if (stmt.paren && /^[ \t]*$/.test(text.slice(lineStart(text, stmt.paren.close), stmt.paren.close)) && aloneOnLine(text, last.start, last.end)) {
    // One name per line: one more line each, at the last name's indentation.
    const indent = text.slice(lineStart(text, last.start), last.start);
    const hasComma = /^[ \t]*,/.test(text.slice(last.end));
    const edits: OffsetEdit[] = hasComma ? [] : [{ start: last.end, end: last.end, text: ',' }];
    const newline = newlineOf(text);
    edits.push({ start: lineStart(text, stmt.paren.close), end: lineStart(text, stmt.paren.close), text: items.map((t) => `${indent}${t},${newline}`).join('') });
    return edits;
  }
  return [{ start: last.end, end: last.end, text: `, ${items.join(', ')}` }];
}

/** A module-level `from <spec> import …` other than the one at `except` (no star imports, no continuation lines). */
function findFrom(text: string, spec: string, except: number): FromImport | undefined {
  const escaped = spec.replace(/[.]/g, '\\.');
  const re = new RegExp(`^from[ \\t]+${escaped}[ \\t]+import\\b`, 'gm');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index === except) continue;
    const parsed = parseFrom(text, m.index);
    if (parsed) return parsed;
  }
  return undefined;
}

/** The module-level `from … import` that binds `local`. */
function findFromImporting(text: string, local: string): FromImport | undefined {
  const re = /^from[ \t]+[.\w]+[ \t]+import\b/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const parsed = parseFrom(text, m.index);
    if (parsed?.items.some((i) => i.local === local)) return parsed;
  }
  return undefined;
}

/**
 * The text after moving `names` out of the `from` import at `start` into an import from `spec`;
 * undefined when the statement is not one this can edit with certainty.
 */
function movePythonImport(text: string, start: number, names: readonly PyName[], spec: string): string | undefined {
  const stmt = parseFrom(text, start);
  if (!stmt) return undefined;
  const moving: { item: Item; name: PyName }[] = [];
  for (const n of names) {
    const item = stmt.items.find((i) => i.imported === n.imported && i.local === n.local);
    if (!item) return undefined;
    moving.push({ item, name: n });
  }
  const written = (n: PyName): string => (n.as === n.local ? n.as : `${n.as} as ${n.local}`);
  const allMoved = moving.length === stmt.items.length;
  const moduleLevel = lineStart(text, start) === start;
  const existing = moduleLevel ? findFrom(text, spec, start) : undefined;
  const edits: OffsetEdit[] = [];
  if (existing) {
    const fresh = moving.filter(({ name }) => !existing.items.some((i) => i.local === name.local && i.imported === name.as));
    if (fresh.length > 0) edits.push(...addItems(text, existing, fresh.map(({ name }) => written(name))));
    // A comment inside the statement would go with it: no fix rather than lose it.
    if (allMoved && hasComment(text, stmt.start, stmt.end)) return undefined;
    if (allMoved && aloneOnLine(text, stmt.start, stmt.end)) {
      const end = lineEnd(text, stmt.end);
      edits.push({ start: stmt.start, end: end < text.length ? end + 1 : end, text: '' });
    } else if (allMoved) return undefined;
    else for (const { item } of moving) edits.push(removeItem(text, stmt, item));
  } else if (allMoved) {
    edits.push({ start: stmt.moduleStart, end: stmt.moduleEnd, text: spec });
    for (const { item, name } of moving) if (name.imported !== name.as) edits.push({ start: item.start, end: item.end, text: written(name) });
  } else {
    for (const { item } of moving) edits.push(removeItem(text, stmt, item));
    const indent = text.slice(lineStart(text, start), start);
    if (!/^[ \t]*$/.test(indent)) return undefined;
    const after = lineEnd(text, stmt.end);
    const newline = newlineOf(text);
    edits.push({ start: after, end: after, text: `${newline}${indent}from ${spec} import ${moving.map(({ name }) => written(name)).join(', ')}` });
  }
  for (let i = 0; i < edits.length; i++) for (let j = i + 1; j < edits.length; j++) if (overlaps(edits[i]!, edits[j]!)) return undefined;
  return applyOffsets(text, edits);
}

/**
 * The edit that takes `local` out of the `from` import binding it, when the construction at `at`
 * was its last use: the name appears nowhere else in the file (code, strings or comments: a
 * mention keeps it). `replacement`: a name to write in its place instead (the factory joining the
 * same import). Undefined: the import stays.
 */
function lastUseImport(text: string, local: string, at: number, replacement?: string): OffsetEdit | undefined {
  const stmt = findFromImporting(text, local);
  const item = stmt?.items.find((i) => i.local === local);
  if (!stmt || !item) return undefined;
  const uses = [...text.matchAll(new RegExp(`(?<![\\w.])${local}(?!\\w)`, 'g'))].map((m) => m.index);
  if (uses.some((u) => u !== at && (u < item.start || u >= item.end))) return undefined;
  if (replacement !== undefined) return { start: item.start, end: item.end, text: replacement };
  if (stmt.items.length > 1) return removeItem(text, stmt, item);
  // The whole statement would go: not when a comment sits inside it (it would go too).
  if (!aloneOnLine(text, stmt.start, stmt.end) || hasComment(text, stmt.start, stmt.end)) return undefined;
  const end = lineEnd(text, stmt.end);
  return { start: lineStart(text, stmt.start), end: end < text.length ? end + 1 : end, text: '' };
}

/**
 * `X(` at `at` → `factory(`, and `from spec import factory` added (merged into an existing one);
 * X's import goes when that was its last use.
 */
function callPythonFactory(text: string, at: number, callee: string, factory: string, spec: string | undefined, classImport: number | undefined): string | undefined {
  if (!text.startsWith(callee, at) || !/^[ \t]*\(/.test(text.slice(at + callee.length))) return undefined;
  const edits: OffsetEdit[] = [{ start: at, end: at + callee.length, text: factory }];
  let classImportDone = callee.includes('.');
  // The name is bound already: by an import (of the factory, the next run checks), or by something else (no fix).
  if (findFromImporting(text, factory)) spec = undefined;
  else if (new RegExp(`^(def|class)[ \\t]+${factory}\\b|^${factory}[ \\t]*=`, 'm').test(text)) return undefined;
  if (spec !== undefined) {
    // The class comes from the factory's module: the factory joins the import that brings the class.
    const existing = (classImport !== undefined ? parseFrom(text, classImport) : undefined) ?? findFrom(text, spec, -1);
    if (existing) {
      // The class's last use, in the import the factory joins: the factory takes its place there.
      const swap = existing.items.some((i) => i.local === callee) && !existing.items.some((i) => i.local === factory) ? lastUseImport(text, callee, at, factory) : undefined;
      if (swap && findFromImporting(text, callee)?.start === existing.start) {
        edits.push(swap);
        classImportDone = true;
      } else if (!existing.items.some((i) => i.local === factory)) edits.push(...addItems(text, existing, [factory]));
    } else {
      // After the last module-level import (or at the top, after a docstring-free header of comments).
      const re = /^(from[ \t]+[.\w]+[ \t]+import\b|import[ \t]+\w)/gm;
      let insertAt = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        // Past the statement's last physical line: `\` continuations, a parenthesised name list.
        insertAt = Math.min(text.length, statementEnd(text, m.index) + 1);
      }
      if (insertAt === 0) return undefined;
      if (insertAt > at) return undefined;
      edits.push({ start: insertAt, end: insertAt, text: `from ${spec} import ${factory}${newlineOf(text)}` });
    }
  }
  if (!classImportDone) {
    const drop = lastUseImport(text, callee, at);
    if (drop) edits.push(drop);
  }
  for (let i = 0; i < edits.length; i++) for (let j = i + 1; j < edits.length; j++) if (overlaps(edits[i]!, edits[j]!)) return undefined;
  return applyOffsets(text, edits);
}

/**
 * The module a file should write to import a project file: absolute when the target is imported
 * absolutely elsewhere (or the old import was absolute), relative (`from ..pkg.mod`) otherwise.
 */
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
function pySpecifier(importer: string, target: string, old: { specifier: string; via: string }, example?: { file: string; specifier: string }): string | undefined {
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

export const PYTHON_FIXER: LanguageFixer = {
  moveImport(request, text, map) {
    const start = map.offset({ line: request.statement.line, column: request.statement.column });
    if (start === undefined) return undefined;
    const spec = pySpecifier(request.file, request.target, { specifier: request.specifier, via: request.via }, request.example);
    return spec === undefined ? undefined : movePythonImport(text, start, request.names, spec);
  },
  callFactory(request, text, map, reader) {
    const at = map.offset({ line: request.at.line, column: request.at.column });
    if (at === undefined) return undefined;
    const spec = request.file === request.factoryFile ? undefined : pythonFactorySpecifier(request.file, request.factoryFile, reader);
    const join = request.classImport ? map.offset({ line: request.classImport.line, column: request.classImport.column }) : undefined;
    return callPythonFactory(text, at, request.callee, request.factory, spec, join);
  },
};
