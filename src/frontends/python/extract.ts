/**
 * The Python frontend: one tree-sitter parse, plain facts out — the same `FileFacts` the
 * TypeScript frontend emits, so every rule runs on Python unchanged.
 *
 * Speed: the sites facts come from (definitions, calls, assignments, imports, …) are found by
 * scanning the text the parser accepted (`sites.ts`), in the order a walk of the tree would give,
 * and the extractor rebuilds context (enclosing function and class, `except` blocks, fallback
 * branches) from a stack of their ranges. A site's syntax node is fetched by position only when a
 * handler needs more than the text. A file the scanner is not sure about has its sites from one
 * walk inside WebAssembly instead. Decisions that need the whole file (is a name module-level or
 * local, is `X` a class of this file) are made once at the end.
 *
 * Constructions: Python has no `new`. A call is a construction (`NewFact`) when its callee is named
 * in PEP 8 CapWords (`UnifiedWebSocketManager(...)`, `models.User(...)`) or names a class declared in
 * the file; rules resolve every construction through the index, so a CapWords function or an external
 * class is silently dropped there.
 *
 * This file runs the walk over the sites and hands each to its fact family in ./extract/:
 * imports.ts, declarations.ts (functions, classes, members, bindings, returns), calls.ts (calls,
 * constructions, fallback branches), keys.ts (keyed operations, key derivations), suppressions.ts;
 * context.ts holds the per-file state they share. Each family also settles its facts at the end.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { FileFacts } from '../../model/facts.js';
import { emptyFacts } from '../shared/facts.js';
import { parsePython, PYTHON, resetParser } from './parser.js';
import { isStackOverflow, NestingTooDeep, tooDeepMessage } from '../nesting.js';
import { splitTopLevel, statementEnd } from './scan.js';
import { checkBracketDepth, K, scanSites, type SiteTree } from './sites.js';
import { python2Construct } from './py2.js';
import { NODE_KINDS, PyExtraction, SiteMismatch, type Site } from './extract/context.js';
import { finishClasses, finishReturns, onClass, onDef, onReturn } from './extract/declarations.js';
import { onAssign, onAugAssign } from './extract/bindings.js';
import { finishExports, onImport } from './extract/imports.js';
import { finishCalls, keepLocalNews, onBoolean, onCall, onIf } from './extract/calls.js';
import { deriveReturns, finishKeyedOps, onDelete, onSubscript } from './extract/keys.js';
import { extractPySuppressions } from './extract/suppressions.js';

export { extractPySuppressions };

const NODE_TYPES = Object.keys(NODE_KINDS);

const KIND_BY_TYPE_ID: (K | undefined)[] = [];
for (let id = 0; id < PYTHON.nodeTypeCount; id++) {
  const name = PYTHON.nodeTypeForId(id);
  if (name && PYTHON.nodeTypeIsNamed(id) && name in NODE_KINDS) KIND_BY_TYPE_ID[id] = NODE_KINDS[name];
}

/**
 * `walk`: where the sites come from — `scan` (the text scanner, falling back to the tree for a file
 * it is not sure about) or `tree` (the tree walk; the facts are the same, tests compare them).
 */
export function extractPython(path: string, text: string, hash: string, options?: { walk?: 'scan' | 'tree' }): FileFacts {
  const facts = emptyFacts(path, 'python', hash);
  let tree: Tree;
  try {
    tree = parsePython(text);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    resetParser();
    throw new NestingTooDeep('nesting too deep to analyse (the parser ran out of stack)');
  }
  try {
    return extractTree(tree, path, text, facts, hash, options);
  } catch (e) {
    // The scanner stops at MAX_PY_BRACKETS; this is the backstop (the tree walk, nesting without brackets).
    if (!isStackOverflow(e)) throw e;
    resetParser();
    throw new NestingTooDeep(tooDeepMessage(pyTreeDepth(tree.rootNode)));
  } finally {
    tree.delete();
  }
}

/** The depth of a tree-sitter tree, with a cursor (no recursion; only asked about a file too deep). */
function pyTreeDepth(root: Node): number {
  const cursor = root.walk();
  let depth = 0;
  let max = 0;
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        if (++depth > max) max = depth;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return max;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

function extractTree(tree: Tree, path: string, text: string, facts: FileFacts, hash: string, options?: { walk?: 'scan' | 'tree' }): FileFacts {
  const root = tree.rootNode;
  if (root.hasError) {
    facts.parseErrors.push(firstSyntaxError(root, text));
    return facts;
  }
  // tree-sitter accepts Python 2 too; its facts would mean something else.
  const py2 = python2Construct(text, root);
  if (py2) {
    facts.parseErrors.push({ message: `Python 2 ${py2.what}`, line: py2.line, column: py2.column });
    return facts;
  }
  let out = facts;
  try {
    run(new PyExtraction(path, text, facts), root, options?.walk ?? 'scan');
  } catch (e) {
    if (!(e instanceof SiteMismatch)) throw e;
    out = emptyFacts(path, 'python', hash);
    run(new PyExtraction(path, text, out), root, 'tree');
  }
  out.suppressions = extractPySuppressions(text, root);
  return out;
}

function firstSyntaxError(root: Node, text: string): { message: string; line: number; column: number } {
  const cursor = root.walk();
  try {
    for (;;) {
      const n = cursor.currentNode;
      if (n.isError || n.isMissing) {
        const before = text.slice(0, n.startIndex);
        const line = before.split('\n').length;
        const column = n.startIndex - before.lastIndexOf('\n');
        return { message: n.isMissing ? `missing ${n.type}` : 'invalid syntax', line, column };
      }
      if (n.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { message: 'invalid syntax', line: 1, column: 1 };
      }
    }
  } finally {
    cursor.delete();
  }
}

function run(x: PyExtraction, root: Node, walk: 'scan' | 'tree'): void {
  x.root = root;
  const sites = (walk === 'scan' ? scannedSites(x, root) : undefined) ?? walkedSites(x, root);
  for (let si = 0; si < sites.length; si++) {
    const site = sites[si]!;
    const start = site.start;
    while (x.stack.length > 0 && x.stack[x.stack.length - 1]!.end <= start) x.stack.pop();
    const kind = site.kind;
    // `a.b(c)(d)`, `x[a][b]`: an outer node starting where its inner head starts.
    const outer = si + 1 < sites.length && sites[si + 1]!.start === start && sites[si + 1]!.kind === kind;
    switch (kind) {
      case K.Def:
        onDef(x, site);
        break;
      case K.Class:
        onClass(x, site);
        break;
      case K.Except:
        x.pushScope(K.Except, start, x.endOf(site), start);
        break;
      case K.Or:
        onBoolean(x, site);
        break;
      case K.If:
        onIf(x, site);
        break;
      case K.Import:
        onImport(x, site);
        break;
      case K.Assign:
        onAssign(x, site);
        break;
      case K.AugAssign:
        onAugAssign(x, site);
        break;
      case K.Global: {
        const ctx = x.context(start);
        if (ctx.fn) {
          for (const [a, z] of splitTopLevel(x.text, start + 6, statementEnd(x.text, start + 6))) ctx.fn.globals.add(x.text.slice(a, z));
        }
        break;
      }
      case K.Return:
        onReturn(x, site);
        break;
      case K.Yield: {
        const ctx = x.context(start);
        if (ctx.fn) ctx.fn.fact.isGenerator = true;
        break;
      }
      case K.Delete:
        onDelete(x, site);
        break;
      case K.Call:
        onCall(x, site, outer);
        break;
      case K.Subscript:
        if (!outer) onSubscript(x, start);
        break;
    }
  }
  finish(x);
}

/** The sites from one walk of the tree (inside WebAssembly), in document order. */
function walkedSites(x: PyExtraction, root: Node): Site[] {
  checkBracketDepth(x.text);
  const sites: Site[] = [];
  for (const node of root.descendantsOfType(NODE_TYPES)) {
    const kind = KIND_BY_TYPE_ID[node.typeId];
    if (kind !== undefined) sites.push({ kind, start: node.startIndex, end: -1, node });
  }
  return sites;
}

/**
 * The sites the text scanner finds, with each `or`'s boolean operator asked of the tree, in the
 * order the walk would give (start, then outer before inner); undefined when the scanner gives up.
 */
function scannedSites(x: PyExtraction, root: Node): Site[] | undefined {
  const tree: SiteTree = {
    splatWraps: (at) => {
      const splat = root.descendantForIndex(at, at + 1)?.parent;
      const up = splat?.parent;
      return !(up && splat && up.startIndex === splat.startIndex && (up.type === 'call' || up.type === 'attribute' || up.type === 'subscript'));
    },
  };
  const scanned = scanSites(x.text, tree);
  if (!scanned) return undefined;
  const sites: Site[] = new Array(scanned.kinds.length);
  for (let k = 0; k < sites.length; k++) sites[k] = { kind: scanned.kinds[k]!, start: scanned.starts[k]!, end: scanned.ends[k]!, node: undefined };
  for (const at of scanned.ors) {
    const op = root.descendantForIndex(at, at + 2)?.parent;
    if (!op || op.type !== 'boolean_operator') throw new SiteMismatch();
    sites.push({ kind: K.Or, start: op.startIndex, end: op.endIndex, node: op });
  }
  return sites.sort((a, b) => a.start - b.start || (b.end < 0 ? Infinity : b.end) - (a.end < 0 ? Infinity : a.end));
}

/** Decisions that need the whole file, each family's in turn. */
function finish(x: PyExtraction): void {
  const classNames = new Set(x.classes.map((c) => c.fact.name));
  if (x.topClasses.size > 0) {
    for (let i = 0; i < x.calls.length; i++) {
      const callee = x.calls[i]!.callee;
      const dot = callee.indexOf('.');
      if (dot > 0 && callee.indexOf('.', dot + 1) > 0) x.reachViaClass(callee, x.callCtx[i]!);
    }
    for (const k of x.keyed) x.reachViaClass(k.recv, k.ctx);
    for (const m of x.mutations) x.reachViaClass(m.recv, m.ctx);
  }
  finishCalls(x, classNames);
  finishKeyedOps(x);
  finishClasses(x, classNames);
  // Returns: identifiers through local assignments, lowercase classes of this file as constructions.
  for (const b of x.fns) finishReturns(x, b, classNames);
  // Key functions: those called in a registry key here, and any named like one (used elsewhere).
  for (const b of x.fns) if (x.keyFunctionNames.has(b.fact.name) || /key/i.test(b.fact.name)) deriveReturns(x, b);
  keepLocalNews(x);
  finishExports(x);
}
