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
 */
import type { Node, Tree } from 'web-tree-sitter';
import {
  FACTS_VERSION,
  type CallFact,
  type ClassFact,
  type DeclKind,
  type FileFacts,
  type FunctionFact,
  type ImportFact,
  type Init,
  type KeyDerivation,
  type KeyedOp,
  type KeyPart,
  type MemberFact,
  type NewFact,
  type ReturnShape,
  type SharedDefault,
  type Span,
  type SuppressionFact,
} from '../../model/facts.js';
import { dedupeShapes } from '../return-shapes.js';
import {
  calleeOf,
  classifyAnnotation,
  classifyInit,
  classifyInitText,
  classifyReturn,
  classifyReturnSimple,
  dottedText,
  looksLikeClass,
  nondeterministicSource,
  type Src,
} from './classify.js';
import { parsePython, PYTHON, resetParser } from './parser.js';
import { isStackOverflow, NestingTooDeep, tooDeepMessage } from '../nesting.js';
import { choice, derivable, deriveKey, deriveSimple, looksDerivable, normaliseKey, sourcesOf, type PyDeriveScope } from './derive.js';
import { dottedAt, findTopLevel, lastTopLevelWord, matchBracket, mutableLiteral, parseImportText, parseSimple, splitTopLevel, statementEnd, topLevelIn, trim, type Simple } from './scan.js';
import { checkBracketDepth, K, scanSites, type SiteTree } from './sites.js';
import { python2Construct } from './py2.js';

export const PY_EXTENSIONS = ['.py'] as const;


/** The node types facts come from, collected in one walk inside WebAssembly (document order). */
const NODE_KINDS: Record<string, K> = {
  function_definition: K.Def,
  class_definition: K.Class,
  except_clause: K.Except,
  except_group_clause: K.Except,
  boolean_operator: K.Or,
  if_statement: K.If,
  elif_clause: K.If,
  import_statement: K.Import,
  import_from_statement: K.Import,
  assignment: K.Assign,
  augmented_assignment: K.AugAssign,
  global_statement: K.Global,
  return_statement: K.Return,
  yield: K.Yield,
  delete_statement: K.Delete,
  call: K.Call,
  subscript: K.Subscript,
};
const NODE_TYPES = Object.keys(NODE_KINDS);
const KIND_BY_TYPE_ID: (K | undefined)[] = [];
for (let id = 0; id < PYTHON.nodeTypeCount; id++) {
  const name = PYTHON.nodeTypeForId(id);
  if (name && PYTHON.nodeTypeIsNamed(id) && name in NODE_KINDS) KIND_BY_TYPE_ID[id] = NODE_KINDS[name];
}

/** The node types each site kind is, to find a site's node in the tree when a handler needs it. */
const TYPES_OF_KIND: Partial<Record<K, ReadonlySet<string>>> = {};
for (const [name, kind] of Object.entries(NODE_KINDS)) (TYPES_OF_KIND[kind] = new Set([...(TYPES_OF_KIND[kind] ?? []), name]));

/**
 * A place facts come from: its kind and extent, and its syntax node — from the tree walk, or for
 * sites the text scanner found (`sites.ts`), fetched from the tree by position only when a handler
 * needs more than the text.
 */
interface Site {
  kind: K;
  start: number;
  /** Exclusive end; -1 until asked of the node. */
  end: number;
  node: Node | undefined;
}

/** A site's node is not in the tree where the scanner put it: extract again with the tree walk. */
class SiteMismatch extends Error {}

/** Sites that start with their statement's keyword: the node is that keyword's parent. */
/** `type("Name", (Base, …), {…})`: the class-making call, with its bases and namespace. */
const TYPE_CALL = /^type\(\s*(['"])[A-Za-z_]\w*\1\s*,\s*\(([^()]*)\)\s*,\s*(\{[\s\S]*\}|dict\([\s\S]*\))\s*\)$/;

const KEYWORD_LED = new Set<K>([K.Def, K.Class, K.Except, K.If, K.Import, K.Return, K.Delete, K.Global]);

/** Decorators that leave a function's call result as written. Anything else may wrap it (`@sync_to_async`). */
const TRANSPARENT_DECORATORS = new Set([
  'staticmethod', 'classmethod', 'property', 'cached_property', 'functools.cached_property', 'abstractmethod',
  'abc.abstractmethod', 'override', 'typing.override', 'typing_extensions.override', 'final', 'typing.final',
  'cache', 'functools.cache', 'lru_cache', 'functools.lru_cache', 'contextmanager', 'contextlib.contextmanager',
  'asynccontextmanager', 'contextlib.asynccontextmanager', 'abc.abstractproperty', 'abstractproperty',
  'deprecated', 'typing_extensions.deprecated', 'warnings.deprecated',
]);
/** An augmented assignment operator right after a target: `+=`, `//=`, `**=`, `>>=`, … */
const AUGMENTED = /^(\+|-|\*\*?|\/\/?|%|@|&|\||\^|>>|<<)=/;
const OVERLOAD = new Set(['overload', 'typing.overload', 'typing_extensions.overload']);
const MUTATORS = new Set([
  'append', 'extend', 'insert', 'remove', 'pop', 'clear', 'update', 'setdefault', 'add', 'discard', 'popitem',
  'appendleft', 'extendleft', 'popleft', 'sort', 'reverse', '__setitem__', '__delitem__',
]);
/** Keys that index a sequence or name a fixed field: `x[0]`, `x[-1]`, `x["name"]` (f-strings are computed). */
const LITERAL_KEY = /^(-?\d[\d_]*|-?\d*\.\d+|[rRbBuU]{0,2}(['"]).*\2|None|True|False|\.\.\.)$/s;
const MAIN_CHECK = /^__name__\s*==\s*(['"])__main__\1$/;
const MISSING_CHECK = /^not\s|^not\(|\bis\s+None$|==\s*None$|\bnot\s+in\b/;
const IDENT = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const MAPPINGS = new Set(['dict', 'defaultdict', 'OrderedDict', 'Counter', 'ChainMap', 'WeakValueDictionary', 'WeakKeyDictionary']);
// A Map, not an object literal: `x.toString(k)` must not find Object.prototype.toString.
const KEYED_METHODS = new Map<string, KeyedOp>([['get', 'get'], ['pop', 'delete'], ['setdefault', 'set']]);
const ENUM_BASES = new Set(['Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag', 'ReprEnum']);
const MARKER_BASES = new Set(['object', 'ABC', 'Protocol', 'Generic']);
const DATACLASS_DECORATORS = /^(dataclasses\.)?dataclass$|^(attr|attrs)\.(s|attrs|define|frozen|mutable)$|^(define|frozen|mutable)$|^pydantic\.dataclasses\.dataclass$/;

interface FnB {
  fact: FunctionFact;
  parent: FnB | undefined;
  cls: ClsB | undefined;
  /** First parameter of an instance method (`self`); of a classmethod (`cls`). */
  selfName?: string;
  clsParam?: string;
  locals: Set<string>;
  globals: Set<string>;
  /** Local name → the assignment statements that bind it (right-hand sides read lazily). */
  assigns: Map<string, AssignRec[]>;
  returnIdents: string[];
  defaults: Map<string, SharedDefault>;
  /** Locals whose value is returned or stored (kept), or stored in a cache (cached). */
  keptLocals: Set<string>;
  cachedLocals: Set<string>;
  /** Returned expressions, for the function's key derivation. */
  returnExprs: ReturnRec[];
}

/** `name [: T] [= value]` at module or class level, as text ranges (the node only when needed). */
interface TextBinding {
  name: string;
  nameStart: number;
  typeText: string | undefined;
  /** -1 when there is no value (`x: int`). */
  rightStart: number;
  rightEnd: number;
  stmtStart: number;
  stmtEnd: number;
  right(): Node | null;
}

/** One assignment to a local: the statement, and where its value's text lies. */
interface AssignRec {
  site: Site;
  rightStart: number;
  rightEnd: number;
  /** The value parsed as a simple expression (null: not simple), computed once. */
  simple?: Simple | null;
}

/** A returned expression: its text range, and the node when the text is not simple. */
interface ReturnRec {
  start: number;
  end: number;
  node: () => Node;
}

interface ClsB {
  fact: ClassFact;
  dataclassLike: boolean;
  isEnum: boolean;
  /** `self.x = …` somewhere: x is rebound per instance. */
  rebound: Set<string>;
  /** Reached through the class itself (`Class.x`, `cls.x`) somewhere in the file: known to be shared. */
  reachedViaClass: Set<string>;
  /** Declared inside a function: its body (and its methods' defaults) run once per call of that function. */
  inFunction: boolean;
  /** Mutated in place through `self.x`. */
  mutated: Set<string>;
  /** Mutated in place through `self.x`, `cls.x` or `Class.x`. */
  mutatedAny: Set<string>;
  hasInit: boolean;
  annotatedFields: { name: string; type?: string }[];
  /** The column the class body's statements start at: a `def` there runs whenever the class does. */
  bodyColumn: number;
}

interface Scope {
  kind: K.Def | K.Class | K.Except | K.Fallback | K.Main;
  end: number;
  bodyStart: number;
  /** The context of everything inside the body (shared, never mutated). */
  ctx: Ctx;
}

/** A check that a value is awaitable before awaiting it. */
const AWAIT_GUARD = /\b(iscoroutinefunction|iscoroutine|isawaitable|isasyncgenfunction)\s*\(/;

function indentWidth(line: string): number {
  let n = 0;
  while (n < line.length && (line.charCodeAt(n) === 32 || line.charCodeAt(n) === 9)) n++;
  return n;
}

const MODULE_CTX: Ctx = { fn: undefined, cls: undefined, inCatch: false, inFallback: false };

interface Ctx {
  /** Inside `if __name__ == "__main__":` at module level. */
  inMain?: boolean;
  fn: FnB | undefined;
  cls: ClsB | undefined;
  inCatch: boolean;
  inFallback: boolean;
}

type Flow = 'kept' | 'cached' | { local: string };

/** What a construction candidate needs beyond its CallFact. */
interface CallExtra {
  argCount: number;
  storedIn?: NewFact['storedIn'];
  flow?: Flow;
  thrown: boolean;
}

interface RawKeyed {
  recv: string;
  op: KeyedOp;
  /** The key expression's text range. */
  keyStart: number;
  keyEnd: number;
  ctx: Ctx;
  at: Span;
}

/**
 * `walk`: where the sites come from — `scan` (the text scanner, falling back to the tree for a file
 * it is not sure about) or `tree` (the tree walk; the facts are the same, tests compare them).
 */
export function extractPython(path: string, text: string, hash: string, options?: { walk?: 'scan' | 'tree' }): FileFacts {
  const facts = emptyFacts(path, hash);
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
    new PyExtractor(path, text, facts).run(root, options?.walk ?? 'scan');
  } catch (e) {
    if (!(e instanceof SiteMismatch)) throw e;
    out = emptyFacts(path, hash);
    new PyExtractor(path, text, out).run(root, 'tree');
  }
  out.suppressions = extractPySuppressions(text, root);
  return out;
}

function emptyFacts(path: string, hash: string): FileFacts {
  return {
    version: FACTS_VERSION,
    path,
    language: 'python',
    hash,
    parseErrors: [],
    imports: [],
    exports: [],
    declarations: [],
    classes: [],
    functions: [],
    calls: [],
    news: [],
    bindings: [],
    keyedOps: [],
    registries: [],
    suppressions: [],
  };
}

class PyExtractor {
  private readonly lines: number[] = [0];
  private readonly src: Src;
  private readonly stack: Scope[] = [];
  /** Start of the last call that had another call (its callee) starting at the same place. */
  private outerCallStart = -1;
  /** Line of the last position looked up: captures come in document order. */
  private lineHint = 0;
  /** Every call, in document order, as the fact it becomes, with its start and context beside it. */
  private readonly calls: CallFact[] = [];
  private readonly callStarts: number[] = [];
  private readonly callCtx: Ctx[] = [];
  private readonly callExtra = new Map<number, CallExtra>();
  private readonly keyed: RawKeyed[] = [];
  /** Receivers mutated in place, with the context of the mutation. */
  private readonly mutations: { recv: string; ctx: Ctx }[] = [];
  /** `self.x = name` candidates for fieldRefs, and `self.x = param` stores. */
  private readonly selfStores: { cls: ClsB; field: string; value: string; ctx: Ctx; at: Span }[] = [];
  private readonly consumedSubscripts = new Set<number>();
  /** Right-hand sides that store a construction: `${start}:${end}` → slot. */
  private readonly storedAt = new Map<number, { slot: NewFact['storedIn']; end: number }>();
  /** How the value of an expression starting at an index flows: returned/stored, cached, into a local. */
  private readonly flowAt = new Map<number, Flow>();
  /** Constructions assigned to a local: kept or cached when that local is. */
  private readonly newsInLocals: { fact: NewFact; local: string; fn: FnB }[] = [];
  private readonly fns: FnB[] = [];
  private readonly classes: ClsB[] = [];
  private readonly topClasses = new Map<string, ClsB>();
  /** Classes seen so far (a lowercase class used before its definition is missed). */
  private readonly classNames = new Set<string>();
  /** Module-level names: defs, classes, assignments, imports (and `global` assignments). */
  private readonly moduleNames = new Set<string>();
  /** Names of functions called inside registry keys in this file. */
  private readonly keyFunctionNames = new Set<string>();
  private root!: Node;
  /** Module-level names bound by assignment only (candidate registries). */
  private readonly assignedModuleNames = new Set<string>();
  private readonly importLocals = new Set<string>();
  private readonly declared = new Set<string>();
  /** The last unconditional `def`/`class` per name, per module or class body (see noteDefinition). */
  private readonly definedIn = new Map<string, Map<string, { at: Span; end: number; variant: boolean }>>();
  private readonly isInit: boolean;
  private starNames: string[] | undefined | null;

  constructor(
    path: string,
    private readonly text: string,
    private readonly facts: FileFacts,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lines.push(i + 1);
    this.src = { text, of: (n: Node) => text.slice(n.startIndex, n.endIndex) };
    this.isInit = /(^|\/)__init__\.py$/.test(path);
  }

  /** 0-based line of a text index. */
  private lineOf(index: number): number {
    // Most look-ups are at or just after the previous one.
    let l = this.lineHint;
    const lines = this.lines;
    if (lines[l]! <= index) {
      const n = lines.length;
      for (let k = 0; k < 8; k++) {
        if (l + 1 >= n || lines[l + 1]! > index) {
          this.lineHint = l;
          return l;
        }
        l++;
      }
    }
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    this.lineHint = lo;
    return lo;
  }

  private column(index: number): number {
    return index - this.lines[this.lineOf(index)]! + 1;
  }

  private span(start: number, end: number): Span {
    const a = this.lineOf(start);
    const b = this.lineOf(end);
    return { line: a + 1, column: start - this.lines[a]! + 1, endLine: b + 1, endColumn: end - this.lines[b]! + 1 };
  }

  private spanOf(node: Node): Span {
    return this.span(node.startIndex, node.endIndex);
  }

  private context(at: number): Ctx {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const s = this.stack[k]!;
      // Decorators, parameters and bases run in the outer scope.
      if (at >= s.bodyStart) return s.ctx;
    }
    return MODULE_CTX;
  }

  private pushScope(kind: Scope['kind'], start: number, end: number, bodyStart: number, inner?: { fn?: FnB; cls?: ClsB }): void {
    let ctx: Ctx;
    if (kind === K.Def) ctx = { fn: inner?.fn, cls: undefined, inCatch: false, inFallback: false };
    else if (kind === K.Class) ctx = { fn: undefined, cls: inner?.cls, inCatch: false, inFallback: false };
    else {
      const outer = this.context(start);
      ctx = kind === K.Except ? { ...outer, inCatch: true } : kind === K.Main ? { ...outer, inMain: true } : { ...outer, inFallback: true };
    }
    this.stack.push({ kind, end, bodyStart, ctx });
  }

  run(root: Node, walk: 'scan' | 'tree'): void {
    this.root = root;
    const sites = (walk === 'scan' ? this.scannedSites(root) : undefined) ?? this.walkedSites(root);
    for (let si = 0; si < sites.length; si++) {
      const site = sites[si]!;
      const start = site.start;
      while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.end <= start) this.stack.pop();
      const kind = site.kind;
      // `a.b(c)(d)`, `x[a][b]`: an outer node starting where its inner head starts.
      const outer = si + 1 < sites.length && sites[si + 1]!.start === start && sites[si + 1]!.kind === kind;
      switch (kind) {
        case K.Def:
          this.onDef(site);
          break;
        case K.Class:
          this.onClass(site);
          break;
        case K.Except:
          this.pushScope(K.Except, start, this.endOf(site), start);
          break;
        case K.Or:
          this.onBoolean(site);
          break;
        case K.If:
          this.onIf(site);
          break;
        case K.Import:
          this.onImport(site);
          break;
        case K.Assign:
          this.onAssign(site);
          break;
        case K.AugAssign:
          this.onAugAssign(site);
          break;
        case K.Global: {
          const ctx = this.context(start);
          if (ctx.fn) {
            for (const [a, z] of splitTopLevel(this.text, start + 6, statementEnd(this.text, start + 6))) ctx.fn.globals.add(this.text.slice(a, z));
          }
          break;
        }
        case K.Return:
          this.onReturn(site);
          break;
        case K.Yield: {
          const ctx = this.context(start);
          if (ctx.fn) ctx.fn.fact.isGenerator = true;
          break;
        }
        case K.Delete:
          this.onDelete(site);
          break;
        case K.Call:
          this.onCall(site, outer);
          break;
        case K.Subscript:
          if (!outer) this.onSubscript(start);
          break;
      }
    }
    this.finish();
  }

  /** The sites from one walk of the tree (inside WebAssembly), in document order. */
  private walkedSites(root: Node): Site[] {
    checkBracketDepth(this.text);
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
  private scannedSites(root: Node): Site[] | undefined {
    const tree: SiteTree = {
      splatWraps: (at) => {
        const splat = root.descendantForIndex(at, at + 1)?.parent;
        const up = splat?.parent;
        return !(up && splat && up.startIndex === splat.startIndex && (up.type === 'call' || up.type === 'attribute' || up.type === 'subscript'));
      },
    };
    const scanned = scanSites(this.text, tree);
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

  /** The site's syntax node: walked, or found by position (the smallest node of its type starting there). */
  private nodeOf(site: Site): Node {
    if (site.node) return site.node;
    const types = TYPES_OF_KIND[site.kind];
    let n: Node | null;
    if (KEYWORD_LED.has(site.kind)) {
      // `def`, `class`, `except`, `if`, `import`, `return`, `del`: the keyword's parent.
      n = this.root.descendantForIndex(site.start)?.parent ?? null;
      if (n && n.startIndex !== site.start) n = null;
    } else {
      // The smallest node over the site's extent, or one of its ancestors starting there.
      n = this.root.descendantForIndex(site.start, site.end < 0 ? site.start : site.end);
      while (n && !(n.startIndex === site.start && types?.has(n.type) && (site.end < 0 || n.endIndex === site.end))) {
        if (n.startIndex < site.start) n = null;
        else n = n.parent;
      }
    }
    if (!n) throw new SiteMismatch();
    site.node = n;
    return n;
  }

  private endOf(site: Site): number {
    if (site.end < 0) site.end = this.nodeOf(site).endIndex;
    return site.end;
  }

  // ---- definitions ---------------------------------------------------------------------------

  private decoratorsOf(node: Node): string[] {
    const parent = node.parent;
    if (!parent || parent.type !== 'decorated_definition') return [];
    const out: string[] = [];
    for (const d of parent.namedChildren) {
      if (!d || d.type !== 'decorator') continue;
      const e = d.namedChild(0);
      if (!e) continue;
      if (e.type === 'call') {
        const callee = calleeOf(e, this.src) ?? '';
        const args = this.src.of(e);
        out.push(/(^|\.)dataclass$|^(attr|attrs)\.(s|attrs|define)$|^define$/.test(callee) && /\bfrozen\s*=\s*True\b/.test(args) ? `${callee.replace(/^.*\./, '')}:frozen` : callee);
      } else {
        out.push(dottedText(this.src.of(e)) ?? '');
      }
    }
    return out;
  }

  /**
   * Could the statement starting at `start` carry decorators? Walks back over the lines above: the
   * first code line at the statement's own indentation (not a bracket closing a multi-line
   * decorator) decides: `@…` means decorated. Deeper lines (the previous body) are skipped.
   */
  private maybeDecorated(start: number): boolean {
    const indent = this.column(start) - 1;
    let lineEnd = this.text.lastIndexOf('\n', start - 1);
    while (lineEnd > 0) {
      const lineStart = this.text.lastIndexOf('\n', lineEnd - 1) + 1;
      let i = lineStart;
      while (i < lineEnd && (this.text.charCodeAt(i) === 32 || this.text.charCodeAt(i) === 9)) i++;
      const c = this.text.charCodeAt(i);
      const lineIndent = i - lineStart;
      if (i >= lineEnd || c === 35 /* # */ || c === 13 || lineIndent > indent) {
        lineEnd = lineStart - 1;
        continue;
      }
      if (lineIndent < indent) return false;
      if (c === 64 /* @ */) return true;
      // `)` of a decorator spread over lines: keep looking for its `@`.
      if (c === 41 || c === 93 || c === 125) {
        lineEnd = lineStart - 1;
        continue;
      }
      return false;
    }
    return false;
  }

  private onDef(site: Site): void {
    const start = site.start;
    const end = this.endOf(site);
    const ctx = this.context(start);
    // The header, read from the text: `[async] def name[T](params) -> ret:`.
    // `[async] def name`
    let h = start;
    const isAsync = this.text.startsWith('async', h);
    if (isAsync) h = this.skipSpaces(h + 5);
    const nameStart = this.text.startsWith('def', h) ? this.skipSpaces(h + 3) : -1;
    const nameMatch = nameStart > h ? dottedAt(this.text, nameStart) : undefined;
    const head = nameMatch && !nameMatch.name.includes('.') ? nameMatch : undefined;
    let open = head ? head.next : -1;
    let typeParamsText: string | undefined;
    if (open >= 0 && this.text[open] === '[') {
      const close = matchBracket(this.text, open, end);
      typeParamsText = close > 0 ? this.text.slice(open + 1, close) : undefined;
      open = close > 0 ? close + 1 : -1;
      while (open > 0 && (this.text[open] === ' ' || this.text[open] === '\t')) open++;
    }
    const close = open >= 0 && this.text[open] === '(' ? matchBracket(this.text, open, end) : -1;
    const colon = close > 0 ? findTopLevel(this.text, close + 1, end, ':') : -1;
    if (!head || colon < 0) {
      this.pushScope(K.Def, start, end, end);
      return;
    }
    const bodyStart = colon + 1;
    const name = head.name;
    const decorators = this.maybeDecorated(start) ? this.decoratorsOf(this.nodeOf(site)) : [];
    const cls = ctx.fn ? undefined : ctx.cls;
    const isStaticMethod = decorators.includes('staticmethod');
    const isClassMethod = decorators.includes('classmethod');
    const qualifiedName = ctx.fn ? `${ctx.fn.fact.qualifiedName}.${name}` : cls ? `${cls.fact.name}.${name}` : name;
    if (ctx.fn) ctx.fn.locals.add(name);
    const typeParams = new Set<string>();
    if (typeParamsText) for (const t of typeParamsText.split(',')) typeParams.add(t.trim().split(/[:=\s]/)[0]!.replace(/^\*+/, ''));
    const afterParams = this.text.slice(close + 1, colon);
    const arrow = afterParams.indexOf('->');
    const returnTypeText = arrow >= 0 ? afterParams.slice(arrow + 2).trim() : undefined;
    const unknownDecorator = decorators.find((d) => !TRANSPARENT_DECORATORS.has(d) && !/\.(setter|getter|deleter)$/.test(d));
    const fact: FunctionFact = {
      name,
      qualifiedName,
      isStatic: isStaticMethod || isClassMethod,
      isAsync,
      isGenerator: false,
      typeParams: [...typeParams],
      returnType: unknownDecorator !== undefined ? { kind: 'opaque' } : classifyAnnotation(returnTypeText, typeParams),
      returns: [],
      constructs: [],
      params: [],
      exported: !ctx.fn && !cls && !name.startsWith('_'),
      at: this.span(start, end),
      nameAt: this.span(nameStart, nameStart + name.length),
    };
    if (cls) fact.className = cls.fact.name;
    if (!ctx.fn) this.noteDefinition(start, end, name, cls ? 'method' : 'function', fact.nameAt, decorators, cls);
    // `__name` is mangled per class: no subclass can override it.
    if (cls && name.startsWith('__') && !name.endsWith('__')) fact.isPrivate = true;
    if (unknownDecorator !== undefined) fact.returnTypeText = `@${unknownDecorator}`;
    else if (returnTypeText !== undefined) fact.returnTypeText = returnTypeText;
    const b: FnB = {
      fact,
      parent: ctx.fn,
      cls,
      locals: new Set(),
      globals: new Set(),
      assigns: new Map(),
      returnIdents: [],
      defaults: new Map(),
      keptLocals: new Set(),
      cachedLocals: new Set(),
      returnExprs: [],
    };
    // Parameters: `name`, `name: T`, `name=d`, `name: T = d`, `*args`, `**kw`, `*`, `/`.
    let first = true;
    const perCallDefaults = ctx.fn !== undefined || (ctx.cls?.inFunction ?? false);
    for (const [a, z] of splitTopLevel(this.text, open + 1, close)) {
      const eq = findTopLevel(this.text, a, z, '=');
      const ann = findTopLevel(this.text, a, eq < 0 ? z : eq, ':');
      const nameEnd = ann >= 0 ? ann : eq >= 0 ? eq : z;
      const pname = this.text.slice(a, nameEnd).trim().replace(/^\*+/, '').trim();
      if (!pname || pname === '/') continue;
      const ptype = ann >= 0 ? this.text.slice(ann + 1, eq >= 0 ? eq : z).trim() : undefined;
      b.locals.add(pname);
      if (first && cls && !isStaticMethod) {
        first = false;
        if (isClassMethod) b.clsParam = pname;
        else b.selfName = pname;
        continue;
      }
      first = false;
      const entry: FunctionFact['params'][number] = { name: pname, ...(ptype ? { type: ptype } : {}), ...(eq >= 0 ? { optional: true as const } : {}) };
      // A nested function's defaults are evaluated each time the enclosing function runs: shared only
      // by the calls of one closure (the deliberate `def seen(p, m={})` helper), not by every caller.
      if (eq >= 0 && !perCallDefaults) {
        const [da, dz] = trim(this.text, eq + 1, z);
        const init = mutableLiteral(this.text.slice(da, dz));
        if (init) {
          const sd: SharedDefault = { init, at: this.span(da, dz), mutated: false };
          entry.sharedDefault = sd;
          b.defaults.set(pname, sd);
        }
      }
      fact.params.push(entry);
    }
    if (decorators.some((d) => OVERLOAD.has(d))) {
      // A typing stub for an implementation that follows: its `...` body says nothing.
      this.pushScope(K.Def, start, end, bodyStart, { fn: b });
      return;
    }
    this.facts.functions.push(fact);
    this.fns.push(b);
    if (cls) {
      const isInitMethod = name === '__init__';
      if (isInitMethod) {
        cls.hasInit = true;
        cls.fact.ctorParams = fact.params.map((p) => ({ name: p.name, ...(p.type !== undefined ? { type: p.type } : {}), ...(p.optional ? { optional: p.optional } : {}) }));
      }
      const isAccessor = decorators.some((d) => d === 'property' || d === 'cached_property' || d === 'functools.cached_property' || /\.(setter|getter|deleter)$/.test(d));
      cls.fact.members.push({
        name,
        kind: isInitMethod ? 'constructor' : isAccessor ? 'accessor' : 'method',
        isStatic: isStaticMethod || isClassMethod,
        isAbstract: decorators.some((d) => /(^|\.)abstract(method|property)$/.test(d)),
        at: fact.at,
      });
    } else if (!ctx.fn) {
      this.declareModule(name, 'function', start, end);
    }
    this.pushScope(K.Def, start, end, bodyStart, { fn: b });
  }

  private onClass(site: Site): void {
    const node = this.nodeOf(site);
    const start = site.start;
    const end = this.endOf(site);
    const ctx = this.context(start);
    const nameNode = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const bodyStart = body ? body.startIndex : end;
    if (!nameNode) {
      this.pushScope(K.Class, start, end, bodyStart);
      return;
    }
    const name = this.src.of(nameNode);
    const decorators = this.decoratorsOf(node);
    const bases: string[] = [];
    let metaclass: string | undefined;
    for (const a of node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!a) continue;
      if (a.type === 'keyword_argument') {
        const k = a.childForFieldName('name');
        const v = a.childForFieldName('value');
        if (k && v && this.src.of(k) === 'metaclass') metaclass = this.src.of(v);
        continue;
      }
      const t = this.src.of(a);
      const head = t.includes('[') ? t.slice(0, t.indexOf('[')) : t;
      if (dottedText(head) !== undefined) bases.push(head);
    }
    const last = (s: string): string => s.slice(s.lastIndexOf('.') + 1);
    const isProtocol = bases.some((b) => last(b) === 'Protocol');
    const isEnum = bases.some((b) => ENUM_BASES.has(last(b)));
    const isAbstract = bases.some((b) => last(b) === 'ABC') || (metaclass !== undefined && last(metaclass) === 'ABCMeta');
    const immutable =
      decorators.some((d) => d.endsWith(':frozen') || d === 'attr.frozen' || d === 'attrs.frozen' || d === 'frozen') ||
      bases.some((b) => last(b) === 'NamedTuple');
    const real = bases.filter((b) => !MARKER_BASES.has(last(b)));
    const cls: ClassFact = {
      name,
      kind: isProtocol ? 'protocol' : isEnum ? 'enum' : isAbstract ? 'abstract-class' : 'class',
      exported: !ctx.fn && !ctx.cls && !name.startsWith('_'),
      at: this.span(start, end),
      nameAt: this.spanOf(nameNode),
      ...(real[0] !== undefined ? { extends: real[0] } : {}),
      implements: real.slice(1),
      members: [],
      ctorParams: [],
      fieldRefs: [],
      decorators,
      mutatedFields: [],
      ...(immutable || isEnum ? { immutable: true } : {}),
    };
    const b: ClsB = {
      fact: cls,
      bodyColumn: this.span(bodyStart, bodyStart).column,
      // Annotated class attributes are per-instance fields in dataclasses, attrs, pydantic, NamedTuple,
      // TypedDict...: any decorator of that family or any base we cannot see counts.
      dataclassLike: decorators.some((d) => DATACLASS_DECORATORS.test(d.replace(/:frozen$/, ''))) || real.length > 0,
      isEnum,
      rebound: new Set(),
      reachedViaClass: new Set(),
      inFunction: ctx.fn !== undefined || (ctx.cls?.inFunction ?? false),
      mutated: new Set(),
      mutatedAny: new Set(),
      hasInit: false,
      annotatedFields: [],
    };
    this.facts.classes.push(cls);
    if (!ctx.fn) this.noteDefinition(start, end, name, 'class', cls.nameAt, decorators, ctx.cls);
    this.classes.push(b);
    this.classNames.add(name);
    if (ctx.fn) ctx.fn.locals.add(name);
    else if (!ctx.cls) {
      this.declareModule(name, isProtocol ? 'interface' : isEnum ? 'enum' : isAbstract ? 'abstract-class' : 'class', start, end);
      if (!this.topClasses.has(name)) this.topClasses.set(name, b);
    }
    this.pushScope(K.Class, start, end, bodyStart, { cls: b });
  }

  /**
   * Record a `def`/`class` at the top of a module or class body: one written at the body's own
   * indentation runs whenever the body does, so a second one of the same name replaces the first
   * (`@overload` signatures, property setters and `@f.register` variants excepted).
   */
  private noteDefinition(start: number, end: number, name: string, kind: 'class' | 'function' | 'method', at: Span, decorators: readonly string[], cls: ClsB | undefined): void {
    // `_` is the throwaway name (singledispatch variants, scratch helpers).
    if (name === '_' || this.span(start, start).column !== (cls ? cls.bodyColumn : 1)) return;
    const scope = cls ? `${cls.fact.name}@${cls.fact.at.line}` : '';
    let names = this.definedIn.get(scope);
    if (!names) this.definedIn.set(scope, (names = new Map()));
    // A decorator that may register the function elsewhere (`@dispatch(A, B)`, `@X.register`,
    // `@overload`, `@x.setter`) makes each definition a variant, not a replacement.
    const variant = decorators.some((d) => !TRANSPARENT_DECORATORS.has(d));
    const prev = names.get(name);
    // The earlier one used before it is replaced (`test_both(MetaPathFinder)` between two classes of that name) is not dead.
    if (prev && !prev.variant && !variant && !new RegExp(`\\b${name}\\b`).test(this.text.slice(prev.end, start))) {
      (this.facts.redefinitions ??= []).push({ name, kind, ...(cls ? { className: cls.fact.name } : {}), at, earlier: prev.at });
    }
    names.set(name, { at, end, variant });
  }

  private declareModule(name: string, kind: DeclKind, start: number, end: number): void {
    this.moduleNames.add(name);
    if (this.declared.has(name)) return;
    this.declared.add(name);
    this.facts.declarations.push({ name, kind, at: this.span(start, end) });
  }

  // ---- imports -------------------------------------------------------------------------------

  private onImport(site: Site): void {
    const start = site.start;
    const ctx = this.context(start);
    let typeOnly = false;
    let compatFallback = false;
    let onlyIfFailed = false;
    // Statements at column 1 sit directly in the module: no need to look at ancestors.
    if (this.column(start) > 1) {
      for (let p = this.nodeOf(site).parent; p && p.type !== 'module' && p.type !== 'function_definition' && p.type !== 'class_definition'; p = p.parent) {
        if (p.type === 'block' && p.parent?.type === 'if_statement' && p.parent.childForFieldName('consequence')?.startIndex === p.startIndex) {
          const cond = p.parent.childForFieldName('condition');
          if (cond && /^(typing\.)?TYPE_CHECKING$/.test(this.src.of(cond))) typeOnly = true;
        }
        if (p.type === 'try_statement' && /\bexcept\s*\(?[^:]*\b(ImportError|ModuleNotFoundError)\b/.test(this.src.of(p))) compatFallback = true;
        // In the `except ImportError:` branch: runs only when the import before it failed.
        if (p.type === 'except_clause' && /^except\s*\(?[^:]*\b(ImportError|ModuleNotFoundError)\b/.test(this.src.of(p))) onlyIfFailed = true;
      }
    }
    // Inside a function, or under `if __name__ == "__main__":` (runs only as a script): not at import.
    const lazy = ctx.fn !== undefined || ctx.inMain === true;
    const moduleLevel = !ctx.fn && !ctx.cls;
    const end = statementEnd(this.text, start);
    const at = this.span(start, end);
    const push = (fact: ImportFact): void => {
      if (typeOnly) fact.typeOnly = fact.elided = true;
      // An import inside a function runs when the function is called, not at module load.
      if (lazy) fact.lazy = true;
      if (compatFallback) fact.compatFallback = true;
      if (onlyIfFailed) fact.onlyIfFailed = true;
      this.facts.imports.push(fact);
      for (const n of fact.names) {
        if (!n.local) continue;
        if (moduleLevel) {
          this.moduleNames.add(n.local);
          this.importLocals.add(n.local);
        }
      }
    };
    // The statement's text names everything; the node is the fallback for odd layouts.
    const parsed = parseImportText(this.text, start, end);
    if (parsed && parsed.module === undefined) {
      for (const n of parsed.names) {
        const local = n.alias ?? n.name;
        const nameAt = this.span(n.start, n.end);
        push({ specifier: n.name, kind: 'static', typeOnly: false, names: [{ imported: '*', local, typeOnly, at: nameAt }], at });
        if (moduleLevel && n.alias) this.facts.exports.push({ kind: 'reexport', from: n.name, imported: '*', exported: local, typeOnly, at: nameAt });
      }
      return;
    }
    if (this.text.startsWith('import', start)) {
      for (const n of this.nodeOf(site).namedChildren) {
        if (!n) continue;
        const aliased = n.type === 'aliased_import';
        const target = aliased ? n.childForFieldName('name') : n;
        const alias = aliased ? n.childForFieldName('alias') : null;
        if (!target) continue;
        const spec = this.src.of(target).replace(/\s+/g, '');
        const local = alias ? this.src.of(alias) : spec;
        push({ specifier: spec, kind: 'static', typeOnly: false, names: [{ imported: '*', local, typeOnly, at: this.spanOf(n) }], at });
        if (moduleLevel && alias) this.facts.exports.push({ kind: 'reexport', from: spec, imported: '*', exported: local, typeOnly, at: this.spanOf(n) });
      }
      return;
    }
    let spec: string;
    const names: { imported: string; local: string; at: Span }[] = [];
    let star = false;
    if (parsed && parsed.module !== undefined) {
      spec = parsed.module;
      star = parsed.star;
      for (const n of parsed.names) names.push({ imported: n.name, local: n.alias ?? n.name, at: this.span(n.start, n.end) });
    } else {
      const node = this.nodeOf(site);
      const moduleNode = node.childForFieldName('module_name');
      if (!moduleNode) return;
      spec = this.src.of(moduleNode).replace(/\s+/g, '');
      for (const n of node.namedChildren) {
        if (!n || n.startIndex === moduleNode.startIndex) continue;
      if (n.type === 'wildcard_import') star = true;
      else if (n.type === 'aliased_import') {
        const nm = n.childForFieldName('name');
        const al = n.childForFieldName('alias');
        if (nm && al) names.push({ imported: this.src.of(nm), local: this.src.of(al), at: this.spanOf(n) });
      } else if (n.type === 'dotted_name' || n.type === 'identifier') {
        const t = this.src.of(n);
        names.push({ imported: t, local: t, at: this.spanOf(n) });
      }
      }
    }
    const level = /^\.*/.exec(spec)![0].length;
    if (spec === '__future__') return;
    const kind: ImportFact['kind'] = 'static';
    const withLevel = (f: ImportFact): ImportFact => (level > 0 ? { ...f, level } : f);
    if (star) {
      push(withLevel({ specifier: spec, kind, typeOnly: false, names: [], at }));
      if (moduleLevel) this.facts.exports.push({ kind: 'star', from: spec, typeOnly, at });
      return;
    }
    if (this.isInit && spec === '.') {
      // `from . import x` inside a package's own __init__.py: x can only be a submodule.
      for (const n of names) {
        push({ specifier: `.${n.imported}`, kind, typeOnly: false, names: [{ imported: '*', local: n.local, typeOnly, at: n.at }], at, level: 1 });
        if (moduleLevel) this.facts.exports.push({ kind: 'reexport', from: `.${n.imported}`, imported: '*', exported: n.local, typeOnly, at: n.at });
      }
      return;
    }
    push(withLevel({ specifier: spec, kind, typeOnly: false, names: names.map((n) => ({ imported: n.imported, local: n.local, typeOnly, at: n.at })), at }));
    if (moduleLevel) {
      for (const n of names) this.facts.exports.push({ kind: 'reexport', from: spec, imported: n.imported, exported: n.local, typeOnly, at: n.at });
    }
  }

  // ---- assignments ---------------------------------------------------------------------------

  private onAssign(site: Site): void {
    const start = site.start;
    const ctx = this.context(start);
    if (ctx.fn && this.onAssignInFunction(site, start, ctx, ctx.fn)) return;
    if (!ctx.fn && this.onAssignAtTop(start, ctx)) return;
    if (this.onSubscriptAssign(start, ctx)) return;
    const node = this.nodeOf(site);
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const type = node.childForFieldName('type');
    if (!left) return;
    const lt = left.type;
    if (lt === 'identifier') {
      const name = this.src.of(left);
      if (ctx.fn) {
        if (ctx.fn.globals.has(name)) {
          this.moduleNames.add(name);
          if (right) this.storedAt.set(right.startIndex, { slot: { kind: 'module', name }, end: right.endIndex });
        } else {
          ctx.fn.locals.add(name);
          if (right) {
            const list = ctx.fn.assigns.get(name) ?? [];
            list.push({ site, rightStart: right.startIndex, rightEnd: right.endIndex });
            ctx.fn.assigns.set(name, list);
          }
        }
        return;
      }
      const b: TextBinding = {
        name,
        nameStart: left.startIndex,
        typeText: type ? this.src.of(type) : undefined,
        rightStart: right ? right.startIndex : -1,
        rightEnd: right ? right.endIndex : -1,
        stmtStart: start,
        stmtEnd: node.endIndex,
        right: () => right,
      };
      if (ctx.cls) this.onClassAttribute(ctx.cls, b);
      else this.onModuleBinding(b, ctx);
      return;
    }
    if (lt === 'attribute') {
      const target = dottedText(this.src.of(left));
      if (!target || !ctx.fn) return;
      const parts = target.split('.');
      if (parts.length !== 2) return;
      const method = this.methodOf(ctx.fn);
      if (method?.selfName === parts[0] && method.cls) {
        const cls = method.cls;
        cls.rebound.add(parts[1]!);
        if (!cls.fact.members.some((m) => m.name === parts[1])) {
          cls.fact.members.push({ name: parts[1]!, kind: 'field', isStatic: false, isAbstract: false, init: classifyInit(right, this.src), at: this.spanOf(node) });
        }
        if (right?.type === 'identifier') this.selfStores.push({ cls, field: parts[1]!, value: this.src.of(right), ctx, at: this.spanOf(node) });
        return;
      }
      const staticCls = method?.clsParam === parts[0] ? method.cls : this.topClasses.get(parts[0]!);
      staticCls?.reachedViaClass.add(parts[1]!);
      if (staticCls && right) {
        this.storedAt.set(right.startIndex, { slot: { kind: 'static', className: staticCls.fact.name, name: parts[1]! }, end: right.endIndex });
      }
      return;
    }
    if (lt === 'subscript') {
      const recv = this.onSubscriptTarget(left, 'set', ctx, node);
      // Into a registry of this module or class, or of another object (`api.stages[k] = …`): cached.
      if (right) this.keepValue(right.startIndex, right.endIndex, ctx, recv !== undefined && (recv.includes('.') || this.receiverScope(recv, ctx) !== undefined));
      return;
    }
    if (lt === 'pattern_list' || lt === 'tuple_pattern' || lt === 'list_pattern') {
      for (const el of left.namedChildren) {
        if (!el || el.type !== 'identifier') continue;
        const name = this.src.of(el);
        if (ctx.fn) {
          if (!ctx.fn.globals.has(name)) ctx.fn.locals.add(name);
        } else if (!ctx.cls) {
          this.moduleNames.add(name);
          this.assignedModuleNames.add(name);
          if (!this.declared.has(name)) {
            this.declareModule(name, 'variable', start, node.endIndex);
            this.facts.bindings.push({ name, declKind: 'assign', exported: !name.startsWith('_'), init: { kind: 'other' }, at: this.spanOf(node), nameAt: this.spanOf(el) });
          }
        }
      }
    }
  }

  /**
   * `name = …`, `name: T = …`, `self.x = …`, `cls.x = …` inside a function, read from the text
   * (the common case, kept free of WebAssembly calls). False when the slow path must decide.
   */
  private onAssignInFunction(site: Site, start: number, ctx: Ctx, fn: FnB): boolean {
    const m = this.assignHead(start);
    if (!m) return false;
    const target = m.name;
    const annotated = m.op === ':';
    const dot = target.indexOf('.');
    if (dot < 0) {
      if (fn.globals.has(target)) {
        if (annotated) return false;
        this.moduleNames.add(target);
        const rs = this.skipSpaces(m.after);
        const re = statementEnd(this.text, rs);
        this.storedAt.set(rs, { slot: { kind: 'module', name: target }, end: re });
        this.keepValue(rs, re, ctx, true);
        return true;
      }
      fn.locals.add(target);
      const eq = annotated ? findTopLevel(this.text, m.after, statementEnd(this.text, m.after), '=') : m.after - 1;
      if (eq >= 0) {
        const rs = this.skipSpaces(eq + 1);
        const list = fn.assigns.get(target) ?? [];
        list.push({ site, rightStart: rs, rightEnd: statementEnd(this.text, rs) });
        fn.assigns.set(target, list);
        if (!this.flowAt.has(rs)) this.flowAt.set(rs, { local: target });
      }
      return true;
    }
    if (target.indexOf('.', dot + 1) >= 0) return true;
    const obj = target.slice(0, dot);
    const field = target.slice(dot + 1);
    const method = this.methodOf(fn);
    const stmtEnd = statementEnd(this.text, start);
    let rightStart = this.skipSpaces(m.after);
    if (annotated) {
      // `self.items: Dict[str, X] = {}`
      const eq = findTopLevel(this.text, m.after, stmtEnd, '=');
      if (eq < 0) return true;
      rightStart = this.skipSpaces(eq + 1);
    }
    const rightEnd = stmtEnd;
    if (method?.cls && obj === method.selfName) {
      const cls = method.cls;
      cls.rebound.add(field);
      const rightText = this.text.slice(rightStart, rightEnd).trim();
      const isName = IDENT.test(rightText);
      if (!cls.fact.members.some((x) => x.name === field)) {
        const init = mutableLiteral(rightText) ?? (isName ? { kind: 'alias' as const, ref: rightText } : { kind: 'other' as const });
        cls.fact.members.push({ name: field, kind: 'field', isStatic: false, isAbstract: false, init, at: this.span(start, rightEnd) });
      }
      if (isName) this.selfStores.push({ cls, field, value: rightText, ctx, at: this.span(start, rightEnd) });
      this.keepValue(rightStart, rightEnd, ctx, false);
      return true;
    }
    const staticCls = method?.clsParam === obj ? method.cls : this.topClasses.get(obj);
    staticCls?.reachedViaClass.add(field);
    if (staticCls) this.storedAt.set(rightStart, { slot: { kind: 'static', className: staticCls.fact.name, name: field }, end: rightEnd });
    this.keepValue(rightStart, rightEnd, ctx, staticCls !== undefined);
    return true;
  }

  /**
   * `recv[key] = value`, read from the text (what the syntax tree's subscript target would give:
   * the receiver, the first index, the value). False for anything else: the tree decides.
   */
  private onSubscriptAssign(start: number, ctx: Ctx): boolean {
    const t = this.text;
    const head = dottedAt(t, start);
    if (!head || t.charCodeAt(head.next) !== 91) return false;
    const open = head.next;
    const close = matchBracket(t, open, t.length);
    if (close < 0) return false;
    const eq = this.skipSpaces(close + 1);
    if (t.charCodeAt(eq) !== 61 || t.charCodeAt(eq + 1) === 61) return false;
    const key = splitTopLevel(t, open + 1, close)[0];
    const rs = this.skipSpaces(eq + 1);
    const rc = t.charCodeAt(rs);
    if (!key || t.slice(key[0], key[1]).includes('#') || rc === 92 || rc === 10 || rc === 13 || rc === 35 || rs >= t.length) return false;
    const recv = head.name;
    this.consumedSubscripts.add(start);
    this.mutations.push({ recv, ctx });
    this.keyed.push({ recv, op: 'set', keyStart: key[0], keyEnd: key[1], ctx, at: this.span(start, close + 1) });
    // Into a registry of this module or class, or of another object (`api.stages[k] = …`): cached.
    this.keepValue(rs, statementEnd(t, rs), ctx, recv.includes('.') || this.receiverScope(recv, ctx) !== undefined);
    return true;
  }

  /** `target =` / `target:` at `start`: the dotted target, the operator, and the index after it. */
  private assignHead(start: number): { name: string; op: '=' | ':'; after: number } | undefined {
    const d = dottedAt(this.text, start);
    if (!d) return undefined;
    const c = this.text.charCodeAt(d.next);
    const c2 = this.text.charCodeAt(d.next + 1);
    if (c === 61 /* = */ && c2 !== 61) return { name: d.name, op: '=', after: d.next + 1 };
    if (c === 58 /* : */ && c2 !== 61) return { name: d.name, op: ':', after: d.next + 1 };
    return undefined;
  }

  /** Is `word` the keyword right before `pos` (blanks, and opening parentheses when `parens`, between)? */
  private lineText(i: number): string {
    return this.text.slice(this.lines[i]!, i + 1 < this.lines.length ? this.lines[i + 1]! - 1 : this.text.length);
  }

  /**
   * An `await` the code expects to fail or has checked first: inside `with pytest.raises(TypeError)`
   * / `self.assertRaises(TypeError)`, a `try:` with an `except … TypeError`, or under
   * `if inspect.iscoroutinefunction(f)` / `asyncio.iscoroutine(r)` / `inspect.isawaitable(r)`
   * (also as a conditional expression on the same line). Read from the enclosing block headers, by
   * indentation, up to the enclosing `def`; only awaited calls get here.
   */
  private awaitExpectedToFail(start: number): boolean {
    const li = this.lineOf(start);
    const cur = this.lineText(li);
    if (AWAIT_GUARD.test(cur)) return true;
    let indent = indentWidth(cur);
    for (let i = li - 1; i >= 0 && indent > 0; i--) {
      const t = this.lineText(i);
      const head = t.trim();
      if (head === '' || head.startsWith('#')) continue;
      const ind = indentWidth(t);
      if (ind >= indent) continue;
      indent = ind;
      if (/^(async\s+)?def\b|^class\b/.test(head)) break;
      if (/^(async\s+)?with\b/.test(head) && /\b(raises|assertRaises|assertRaisesRegex)\s*\(\s*\(?[\w.,\s]*\bTypeError\b/.test(head)) return true;
      if (/^(if|elif)\b/.test(head) && AWAIT_GUARD.test(head) && !/^(if|elif)\s+not\b/.test(head)) return true;
      if (/^try\s*:/.test(head) && this.tryCatchesTypeError(i, ind)) return true;
    }
    return false;
  }

  /** The `try:` on line `at` (indented `ind`) has an `except` clause naming TypeError. */
  private tryCatchesTypeError(at: number, ind: number): boolean {
    for (let j = at + 1; j < this.lines.length; j++) {
      const t = this.lineText(j);
      const head = t.trim();
      if (head === '' || head.startsWith('#')) continue;
      const w = indentWidth(t);
      if (w > ind) continue;
      if (w < ind || !/^(except|else|finally)\b/.test(head)) return false;
      if (/^except\b/.test(head) && /\bTypeError\b/.test(head)) return true;
    }
    return false;
  }

  private keywordBefore(pos: number, word: string, parens: boolean): boolean {
    let i = pos - 1;
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(i);
      // Blanks on the same line (and opening parentheses, for `await (f())`).
      if (c === 32 || c === 9 || (parens && (c === 40))) i--;
      else break;
    }
    if (i === pos - 1) return false;
    const from = i - word.length + 1;
    if (from < 0 || !t.startsWith(word, from)) return false;
    const b = t.charCodeAt(from - 1);
    return !((b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b === 95 || b === 46);
  }

  /** Where `word` starts before `pos` (blanks and `(` between): keywordBefore(pos, word, true) said it is there. */
  private keywordStartBefore(pos: number, word: string): number {
    let i = pos - 1;
    while (this.text.charCodeAt(i) === 32 || this.text.charCodeAt(i) === 9 || this.text.charCodeAt(i) === 40) i--;
    return i - word.length + 1;
  }

  private skipSpaces(i: number): number {
    let j = i;
    while (this.text[j] === ' ' || this.text[j] === '\t') j++;
    return j;
  }

  private onAugAssign(site: Site): void {
    const ctx = this.context(site.start);
    // `x += …`, `self.n += …`: the target read from the text; other targets from the node.
    const head = dottedAt(this.text, site.start);
    if (head && AUGMENTED.test(this.text.slice(head.next, head.next + 4))) {
      const name = head.name;
      if (!name.includes('.')) {
        if (name === '__all__' && !ctx.fn && !ctx.cls) this.starNames = null;
        if (ctx.fn && !ctx.fn.globals.has(name)) ctx.fn.locals.add(name);
      } else if (ctx.fn) {
        const parts = name.split('.');
        const method = this.methodOf(ctx.fn);
        if (parts.length === 2 && method?.selfName === parts[0] && method.cls) method.cls.rebound.add(parts[1]!);
      }
      return;
    }
    const node = this.nodeOf(site);
    const left = node.childForFieldName('left');
    if (!left) return;
    if (left.type === 'identifier') {
      const name = this.src.of(left);
      if (name === '__all__' && !ctx.fn && !ctx.cls) this.starNames = null;
      if (ctx.fn && !ctx.fn.globals.has(name)) ctx.fn.locals.add(name);
    } else if (left.type === 'attribute' && ctx.fn) {
      const parts = (dottedText(this.src.of(left)) ?? '').split('.');
      const method = this.methodOf(ctx.fn);
      if (parts.length === 2 && method?.selfName === parts[0] && method.cls) method.cls.rebound.add(parts[1]!);
    } else if (left.type === 'subscript') {
      this.onSubscriptTarget(left, 'set', ctx, node);
    }
  }

  /**
   * `name = …` / `name: T = …` in a class body or at module level, read from the text. False for
   * other targets (tuples, subscripts, `__all__`): the syntax tree decides those.
   */
  private onAssignAtTop(start: number, ctx: Ctx): boolean {
    const m = this.assignHead(start);
    if (!m || m.name.includes('.') || m.name === '__all__') return false;
    const stmtEnd = statementEnd(this.text, start);
    let typeText: string | undefined;
    let rightStart = -1;
    if (m.op === ':') {
      const eq = findTopLevel(this.text, m.after, stmtEnd, '=');
      typeText = this.text.slice(m.after, eq < 0 ? stmtEnd : eq).trim();
      if (eq >= 0) rightStart = this.skipSpaces(eq + 1);
    } else rightStart = this.skipSpaces(m.after);
    const b: TextBinding = {
      name: m.name,
      nameStart: start,
      typeText,
      rightStart,
      rightEnd: rightStart >= 0 ? stmtEnd : -1,
      stmtStart: start,
      stmtEnd,
      right: () => (rightStart >= 0 ? this.root.descendantForIndex(rightStart, stmtEnd) : null),
    };
    if (ctx.cls) this.onClassAttribute(ctx.cls, b);
    else this.onModuleBinding(b, ctx);
    return true;
  }

  private initOf(b: TextBinding): Init {
    return b.rightStart < 0 ? { kind: 'none' } : classifyInitText(this.text.slice(b.rightStart, b.rightEnd));
  }

  private onModuleBinding(b: TextBinding, ctx: Ctx): void {
    const name = b.name;
    // `except ImportError: X = None` beside `from m import X`, or `if X is None: X = _PyX` after it:
    // the import is what X means, the assignment a fallback for when it is missing.
    if ((ctx.inCatch || ctx.inFallback) && this.importLocals.has(name)) return;
    const typeText = b.typeText;
    if (name === '__all__') {
      const right = b.right();
      this.starNames = right ? this.literalStrings(right) : null;
      return;
    }
    this.moduleNames.add(name);
    this.assignedModuleNames.add(name);
    if (this.declared.has(name)) return;
    if (b.rightStart >= 0 && this.onTypeCall(b)) return;
    const isTypeAlias = typeText !== undefined && /(^|\.)TypeAlias$/.test(typeText);
    this.declareModule(name, isTypeAlias ? 'type' : 'variable', b.stmtStart, b.stmtEnd);
    if (isTypeAlias) return;
    const init = this.initOf(b);
    this.facts.bindings.push({ name, declKind: 'assign', exported: !name.startsWith('_'), init, at: this.span(b.stmtStart, b.stmtEnd), nameAt: this.span(b.nameStart, b.nameStart + name.length) });
    if (b.rightStart >= 0 && !ctx.inMain) this.storedAt.set(b.rightStart, { slot: { kind: 'module', name }, end: b.rightEnd });
  }

  /**
   * `X = type("X", (Base, Other), {"attr": 1, "method": fn})` at module level: a class declaration
   * by another spelling, bound to X (the public name), extending Base.
   */
  private onTypeCall(b: TextBinding): boolean {
    const right = this.text.slice(b.rightStart, b.rightEnd);
    const m = TYPE_CALL.exec(right);
    if (!m) return false;
    const bases = m[2]!.split(',').map((x) => x.trim()).filter(Boolean);
    if (bases.some((x) => dottedText(x) === undefined)) return false;
    const at = this.span(b.stmtStart, b.stmtEnd);
    const members: MemberFact[] = [];
    for (const km of m[3]!.matchAll(/(['"])([A-Za-z_]\w*)\1\s*:\s*(lambda\b)?/g)) {
      members.push({ name: km[2]!, kind: km[3] ? 'method' : 'field', isStatic: !km[3], isAbstract: false, ...(km[3] ? {} : { init: { kind: 'other' } as const }), at });
    }
    const fact: ClassFact = {
      name: b.name,
      kind: 'class',
      exported: !b.name.startsWith('_'),
      at,
      nameAt: this.span(b.nameStart, b.nameStart + b.name.length),
      ...(bases[0] ? { extends: bases[0] } : {}),
      implements: [],
      members,
      ctorParams: [],
      fieldRefs: [],
      decorators: [],
      mutatedFields: [],
    };
    this.facts.classes.push(fact);
    this.classNames.add(b.name);
    this.declareModule(b.name, 'class', b.stmtStart, b.stmtEnd);
    return true;
  }

  private onClassAttribute(cls: ClsB, b: TextBinding): void {
    const name = b.name;
    const typeText = b.typeText;
    const classVar = typeText !== undefined && /^(typing\.)?ClassVar\b/.test(typeText);
    const at = this.span(b.stmtStart, b.stmtEnd);
    const hasValue = b.rightStart >= 0;
    if (cls.isEnum && !name.startsWith('_')) {
      cls.fact.members.push({ name, kind: 'field', isStatic: true, isAbstract: false, readonly: true, init: { kind: 'primitive' }, at });
      return;
    }
    // Annotated attributes of dataclass-like classes are per-instance fields with a default.
    const instanceField = typeText !== undefined && !classVar && (cls.dataclassLike || !hasValue);
    if (instanceField) {
      cls.annotatedFields.push({ name, ...(typeText !== undefined ? { type: typeText } : {}) });
      if (!cls.fact.members.some((m) => m.name === name)) {
        cls.fact.members.push({ name, kind: 'field', isStatic: false, isAbstract: false, init: this.initOf(b), at });
      }
      return;
    }
    const init = this.initOf(b);
    const member: MemberFact = {
      name,
      kind: 'field',
      isStatic: true,
      isAbstract: false,
      init,
      ...(typeText !== undefined && /\bFinal\b/.test(typeText) ? { readonly: true } : {}),
      ...(classVar || name.startsWith('__') ? {} : { implicitStatic: true }),
      at,
    };
    const existing = cls.fact.members.findIndex((m) => m.name === name);
    if (existing >= 0) cls.fact.members[existing] = member;
    else cls.fact.members.push(member);
    if (hasValue) this.storedAt.set(b.rightStart, { slot: { kind: 'static', className: cls.fact.name, name }, end: b.rightEnd });
  }

  private literalStrings(node: Node): string[] | null {
    if (node.type !== 'list' && node.type !== 'tuple') return null;
    const out: string[] = [];
    for (const el of node.namedChildren) {
      if (!el) continue;
      if (el.type !== 'string') return null;
      const m = /^[rRuUbB]*(['"]{1,3})(.*)\1$/s.exec(this.src.of(el));
      if (!m) return null;
      out.push(m[2]!);
    }
    return out;
  }

  /** The method a (possibly nested) function belongs to: its own builder or the nearest enclosing method. */
  private methodOf(fn: FnB | undefined): FnB | undefined {
    for (let f = fn; f; f = f.parent) if (f.cls) return f;
    return undefined;
  }

  // ---- keyed collections, mutation ------------------------------------------------------------

  /** `recv[key] = …` / `del recv[key]`; returns the receiver. */
  private onSubscriptTarget(sub: Node, op: KeyedOp, ctx: Ctx, stmt: Node): string | undefined {
    this.consumedSubscripts.add(sub.startIndex);
    const value = sub.childForFieldName('value');
    const key = sub.childForFieldName('subscript');
    if (!value || !key) return undefined;
    const recv = dottedText(this.src.of(value));
    if (!recv) return undefined;
    this.mutations.push({ recv, ctx });
    this.keyed.push({ recv, op, keyStart: key.startIndex, keyEnd: key.endIndex, ctx, at: this.spanOf(stmt.type === 'delete_statement' ? stmt : sub) });
    return recv;
  }

  private onDelete(site: Site): void {
    const node = this.nodeOf(site);
    const ctx = this.context(site.start);
    for (const t of node.namedChildren) {
      if (!t) continue;
      if (t.type === 'subscript') this.onSubscriptTarget(t, 'delete', ctx, node);
      else if (t.type === 'expression_list') for (const e of t.namedChildren) if (e?.type === 'subscript') this.onSubscriptTarget(e, 'delete', ctx, node);
    }
  }

  /** `recv[key]` read: from the text, since most subscripts are list indexing and slices we drop. */
  private onSubscript(start: number): void {
    if (this.consumedSubscripts.has(start)) return;
    const m = dottedAt(this.text, start);
    if (!m || this.text.charCodeAt(m.next) !== 91 /* [ */) return;
    const open = m.next;
    const close = matchBracket(this.text, open, this.text.length);
    if (close < 0) return;
    const [ks, ke] = trim(this.text, open + 1, close);
    if (ke <= ks || LITERAL_KEY.test(this.text.slice(ks, ke)) || findTopLevel(this.text, ks, ke, ':') >= 0) return;
    const recv = m.name;
    this.keyed.push({ recv, op: 'get', keyStart: ks, keyEnd: ke, ctx: this.context(start), at: this.span(start, close + 1) });
  }

  /** `key in recv` / `key not in recv` as an `if` condition (the common registry check). */
  private onInCondition(start: number, end: number): void {
    const op = topLevelIn(this.text, start, end);
    if (!op) return;
    const [rs, re] = trim(this.text, op.rightStart, end);
    const recv = dottedText(this.text.slice(rs, re).replace(/\s+/g, ''));
    if (!recv) return;
    let [ks, ke] = trim(this.text, start, op.opStart);
    if (this.text.startsWith('not ', ks)) [ks, ke] = trim(this.text, ks + 4, ke);
    if (ke <= ks) return;
    const [cs] = trim(this.text, start, end);
    this.keyed.push({ recv, op: 'has', keyStart: ks, keyEnd: ke, ctx: this.context(cs), at: this.span(cs, end) });
  }

  /** `x or Fallback()`: the right operand runs when the left is missing. */
  private onBoolean(site: Site): void {
    const end = this.endOf(site);
    // The node's own operator is its last top-level one (`a or b or c` is `(a or b) or c`).
    const op = lastTopLevelWord(this.text, site.start, end, 'or');
    if (op < 0) return;
    const [rs] = trim(this.text, op + 2, end);
    const flow = this.flowAt.get(site.start);
    if (flow && !this.flowAt.has(rs)) this.flowAt.set(rs, flow);
    this.pushScope(K.Fallback, rs, end, rs);
  }

  /** `if not x:`, `if x is None:`, `if key not in registry:`: the branch that fills a gap. */
  private onIf(site: Site): void {
    const start = site.start;
    const head = this.text.startsWith('elif', start) ? 4 : 2;
    let colon = findTopLevel(this.text, start + head, this.text.length, ':');
    // `if (x := f()):` is parenthesised; a bare walrus `if x := f():` is not valid Python, but skip it anyway.
    while (colon >= 0 && this.text[colon + 1] === '=') colon = findTopLevel(this.text, colon + 2, this.text.length, ':');
    if (colon < 0) return;
    const cond = this.text.slice(start + head, colon).trim();
    if (cond.includes(' in ')) this.onInCondition(start + head, colon);
    if (head === 2 && MAIN_CHECK.test(cond)) {
      // A script's entry point: what it builds is not state shared by a server's users.
      const body = this.nodeOf(site).childForFieldName('consequence');
      if (body) this.pushScope(K.Main, body.startIndex, body.endIndex, body.startIndex);
      return;
    }
    if (!MISSING_CHECK.test(cond)) return;
    const body = this.nodeOf(site).childForFieldName('consequence');
    if (body && this.fillsAGap(cond, start, body.startIndex, body.endIndex)) this.pushScope(K.Fallback, body.startIndex, body.endIndex, body.startIndex);
  }

  /**
   * A missing check guards a fallback only when what is missing is the product: the value the
   * branch builds (`if m is None: m = Manager()`), or a call's result (`m = get_manager(); if not
   * m:`), or a registry miss (`if key not in managers:`). An attribute of the object itself (`if
   * self._client is None: self._client = Client()`, lazy initialisation in the owner), a setting
   * (`if not self.password:`, `if not settings.url:`) or a parameter the branch does not replace
   * (`if user_id is None:`) is not.
   */
  private fillsAGap(cond: string, at: number, bodyStart: number, bodyEnd: number): boolean {
    if (/\bnot\s+in\b/.test(cond)) return true;
    const subject = cond.replace(/^not\s*\(?\s*/, '').replace(/\s*\)?\s*$/, '').replace(/\s+(is|==)\s+None$/, '').trim();
    if (!/^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u.test(subject)) return true;
    const fn = this.context(at).fn;
    if (subject.includes('.')) {
      // `self.x` / `cls.x`: the object's own slot; `settings.url`: a value read, not a product built.
      return false;
    }
    const body = this.text.slice(bodyStart, bodyEnd);
    if (new RegExp(`(^|\\n)[ \\t]*${subject}[ \\t]*(:[^=\\n]*)?=(?!=)`).test(body)) return true;
    const assigns = fn?.assigns.get(subject);
    if (!assigns || assigns.length === 0) return !fn; // module level: keep the old reading
    return assigns.some((a) => a.rightStart < at && /^(await\s+)?[\p{L}_][\p{L}\p{N}_.]*\s*\(/u.test(this.text.slice(a.rightStart, a.rightEnd)));
  }

  // ---- calls, returns -------------------------------------------------------------------------

  private onCall(site: Site, outer: boolean): void {
    const start = site.start;
    if (outer) {
      this.outerCallStart = start;
      return;
    }
    // The callee is the dotted name the call starts with, when a `(` follows it.
    const m = dottedAt(this.text, start);
    if (!m || this.text.charCodeAt(m.next) !== 40 /* ( */) return;
    const callee = m.name;
    const open = m.next;
    // Spans cover the callee: where a reader looks, and no WebAssembly call to find the call's end.
    let end = open;
    while (end > start && (this.text.charCodeAt(end - 1) === 32 || this.text.charCodeAt(end - 1) === 9)) end--;
    // `await f()`, `await (f())`; in `await f().g()` the awaited call is the outer one.
    const awaited = this.outerCallStart !== start && this.keywordBefore(start, 'await', true);
    const ctx = this.context(start);
    if (looksLikeClass(callee) || this.classNames.has(callee)) {
      // A construction: count its arguments and find its end, from the text.
      const close = matchBracket(this.text, open, this.text.length);
      const argCount = close > open ? splitTopLevel(this.text, open + 1, close).length : 0;
      const direct = this.outerCallStart !== start;
      const entry = direct ? this.storedAt.get(start) : undefined;
      // Stored only when the whole value is this call (`X()`, not `X()[0]` or `X().attr`).
      const stored = entry && entry.end === close + 1 ? entry.slot : undefined;
      const flow = direct ? this.flowAt.get(start) : undefined;
      const thrown = this.keywordBefore(start, 'raise', false);
      this.callExtra.set(this.calls.length, { argCount, thrown, ...(stored ? { storedIn: stored } : {}), ...(flow ? { flow } : {}) });
    }
    const expectedToFail = awaited && this.awaitExpectedToFail(start);
    this.calls.push({ callee, awaited, ...(expectedToFail ? { awaitGuarded: true as const } : {}), enclosing: ctx.fn ? ctx.fn.fact.qualifiedName : '', inCatch: ctx.inCatch, inFallback: ctx.inFallback, at: this.span(start, end) });
    // issue 18 (autofix): the `await` keyword and the blanks after it (up to `(` in `await (f())`).
    if (awaited) {
      const keyword = this.keywordStartBefore(start, 'await');
      this.calls[this.calls.length - 1]!.awaitAt = this.span(keyword, this.skipSpaces(keyword + 5));
    }
    this.callStarts.push(start);
    this.callCtx.push(ctx);
    const dot = callee.lastIndexOf('.');
    if (dot > 0) {
      const method = callee.slice(dot + 1);
      const recv = callee.slice(0, dot);
      if (MUTATORS.has(method)) this.mutations.push({ recv, ctx });
      const op = KEYED_METHODS.get(method);
      if (op) {
        const close = matchBracket(this.text, open, this.text.length);
        const first = close > 0 ? splitTopLevel(this.text, open + 1, close)[0] : undefined;
        if (first && !/^\*|^[\p{L}_][\p{L}\p{N}_]*\s*=(?!=)/u.test(this.text.slice(first[0], first[1]))) {
          this.keyed.push({ recv, op, keyStart: first[0], keyEnd: first[1], ctx, at: this.span(start, end) });
          if (op === 'set' && close > 0) {
            const value = splitTopLevel(this.text, open + 1, close)[1];
            if (value) this.keepValue(value[0], value[1], ctx, true);
          }
        }
      }
    }
    if ((callee === 'importlib.import_module' || callee === 'import_module' || callee === '__import__') && !ctx.fn && !ctx.cls) {
      const arg = this.nodeOf(site).childForFieldName('arguments')?.namedChild(0);
      const lit = arg?.type === 'string' ? /^(['"])([\w.]+)\1$/.exec(this.src.of(arg)) : null;
      if (lit) this.facts.imports.push({ specifier: lit[2]!, kind: 'dynamic', typeOnly: false, names: [], at: this.span(start, end) });
    }
  }

  /** A value (text range) that is returned or stored: a construction there or a local it names is kept. */
  private keepValue(start: number, end: number, ctx: Ctx, cached: boolean): void {
    let text = this.text.slice(start, end).trim();
    while (text.startsWith('(') && text.endsWith(')') && matchBracket(text, 0, text.length) === text.length - 1) text = text.slice(1, -1).trim();
    if (ctx.fn && IDENT.test(text)) {
      ctx.fn.keptLocals.add(text);
      if (cached) ctx.fn.cachedLocals.add(text);
      return;
    }
    this.flowAt.set(start, cached ? 'cached' : 'kept');
  }

  private onReturn(site: Site): void {
    const ctx = this.context(site.start);
    const b = ctx.fn;
    if (!b) return;
    const start = this.skipSpaces(site.start + 6);
    const end = statementEnd(this.text, start);
    if (end <= start) return; // bare `return`
    const kept = (at: number): void => {
      if (!this.flowAt.has(at)) this.flowAt.set(at, 'kept');
    };
    const simple = parseSimple(this.text.slice(start, end));
    if (simple) {
      b.returnExprs.push({ start, end, node: () => this.nodeOf(site) });
      classifyReturnSimple(simple, b.fact.returns, (id) => b.returnIdents.push(id), (offset) => kept(start + offset));
      return;
    }
    const e = this.nodeOf(site).namedChild(0);
    if (!e) return;
    if (e.type === 'expression_list') {
      b.fact.returns.push({ kind: 'sync' });
      return;
    }
    b.returnExprs.push({ start: e.startIndex, end: e.endIndex, node: () => e });
    classifyReturn(e, this.src, b.fact.returns, (id) => b.returnIdents.push(id), kept);
  }

  // ---- the whole file is known: decide ----------------------------------------------------------

  private isLocal(name: string, fn: FnB | undefined): boolean {
    for (let f = fn; f; f = f.parent) {
      if (f.globals.has(name)) return false;
      if (f.locals.has(name)) return true;
    }
    return false;
  }

  private isModuleName(name: string, fn: FnB | undefined): boolean {
    return this.moduleNames.has(name) && !this.isLocal(name, fn);
  }

  private receiverScope(recv: string, ctx: Ctx): { scope: 'module' | 'this' | 'static'; receiver: string; cls?: ClsB } | undefined {
    const parts = recv.split('.');
    const method = this.methodOf(ctx.fn);
    if (parts.length === 2 && method?.cls) {
      if (parts[0] === method.selfName) return { scope: 'this', receiver: recv, cls: method.cls };
      if (parts[0] === method.clsParam) return { scope: 'static', receiver: `${method.cls.fact.name}.${parts[1]}`, cls: method.cls };
    }
    if (parts.length === 2 && this.topClasses.has(parts[0]!) && !this.isLocal(parts[0]!, ctx.fn)) {
      return { scope: 'static', receiver: recv, cls: this.topClasses.get(parts[0]!) };
    }
    if (ctx.cls && parts.length === 1 && ctx.cls.fact.members.some((m) => m.name === recv && m.isStatic)) {
      return { scope: 'static', receiver: `${ctx.cls.fact.name}.${recv}`, cls: ctx.cls };
    }
    if (parts.length === 1 && this.assignedModuleNames.has(recv) && !this.isLocal(recv, ctx.fn)) return { scope: 'module', receiver: recv };
    return undefined;
  }

  /** `Class.attr…` / `cls.attr…`: the class attribute is reached through the class itself. */
  private reachViaClass(recv: string, ctx: Ctx): void {
    const dot = recv.indexOf('.');
    if (dot <= 0) return;
    const root = recv.slice(0, dot);
    const next = recv.indexOf('.', dot + 1);
    const attr = recv.slice(dot + 1, next < 0 ? recv.length : next);
    const method = this.methodOf(ctx.fn);
    const cls = method?.cls && root === method.clsParam ? method.cls : !this.isLocal(root, ctx.fn) ? this.topClasses.get(root) : undefined;
    cls?.reachedViaClass.add(attr);
  }

  private finish(): void {
    const classNames = new Set(this.classes.map((c) => c.fact.name));
    if (this.topClasses.size > 0) {
      for (let i = 0; i < this.calls.length; i++) {
        const callee = this.calls[i]!.callee;
        const dot = callee.indexOf('.');
        if (dot > 0 && callee.indexOf('.', dot + 1) > 0) this.reachViaClass(callee, this.callCtx[i]!);
      }
      for (const k of this.keyed) this.reachViaClass(k.recv, k.ctx);
      for (const m of this.mutations) this.reachViaClass(m.recv, m.ctx);
    }
    // Calls and constructions.
    for (let i = 0; i < this.calls.length; i++) {
      const c = this.calls[i]!;
      const ctx = this.callCtx[i]!;
      const dot = c.callee.indexOf('.');
      const root = dot < 0 ? c.callee : c.callee.slice(0, dot);
      const method = this.methodOf(ctx.fn);
      const viaSelf = method !== undefined && (root === method.selfName || root === method.clsParam);
      // A parameter or local of an enclosing function: the linker must not read it as a module name.
      const local = !viaSelf && ctx.fn !== undefined && this.isLocal(root, ctx.fn);
      if (local) c.local = true;
      this.facts.calls.push(c);
      const extra = this.callExtra.get(i);
      if (viaSelf || !extra) continue;
      if (!looksLikeClass(c.callee) && !(classNames.has(c.callee) && !local)) continue;
      const flow = extra.flow;
      const fact: NewFact = {
        callee: c.callee,
        ...(local ? { local } : {}),
        enclosing: c.enclosing,
        inCatch: c.inCatch,
        inFallback: c.inFallback,
        ...(extra.storedIn ? { storedIn: extra.storedIn } : {}),
        argCount: extra.argCount,
        kept: flow === 'kept' || flow === 'cached' || extra.storedIn !== undefined,
        cached: flow === 'cached' || extra.storedIn !== undefined,
        thrown: extra.thrown,
        ...(ctx.inMain ? { script: true } : {}),
        at: c.at,
      };
      this.facts.news.push(fact);
      if (flow && typeof flow === 'object' && ctx.fn) this.newsInLocals.push({ fact, local: flow.local, fn: ctx.fn });
      if (ctx.fn && !ctx.fn.fact.constructs.includes(c.callee)) ctx.fn.fact.constructs.push(c.callee);
    }
    // Keyed operations on registries: module, instance and class collections.
    const callsInRange = (start: number, end: number): string[] => {
      // Calls are in document order: binary search the first at or after `start`.
      let lo = 0;
      let hi = this.calls.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.callStarts[mid]! < start) lo = mid + 1;
        else hi = mid;
      }
      const out: string[] = [];
      for (let i = lo; i < this.calls.length && this.callStarts[i]! < end; i++) out.push(this.calls[i]!.callee);
      return out;
    };
    // Only collections used as registries: initialised as a mapping, or written by key somewhere in
    // the file. `self.text[i]` or `self.items[0]` are reads of data, not of a registry.
    const resolved = this.keyed.map((k) => ({ k, scope: this.receiverScope(k.recv, k.ctx) }));
    const receiverKey = (scope: NonNullable<(typeof resolved)[number]['scope']>): string => `${scope.scope}\0${scope.cls?.fact.name ?? ''}\0${scope.receiver}`;
    const written = new Set(resolved.filter((r) => r.scope && (r.k.op === 'set' || r.k.op === 'delete')).map((r) => receiverKey(r.scope!)));
    const initOf = (scope: NonNullable<(typeof resolved)[number]['scope']>): Init | undefined => {
      const name = scope.receiver.slice(scope.receiver.lastIndexOf('.') + 1);
      if (scope.scope === 'module') return this.facts.bindings.find((b) => b.name === name)?.init;
      return scope.cls?.fact.members.find((m) => m.name === name && m.kind === 'field')?.init;
    };
    for (const { k, scope } of resolved) {
      if (!scope) continue;
      const init = initOf(scope);
      const mapping = init?.kind === 'collection' && MAPPINGS.has(init.type);
      const data = init !== undefined && !mapping && init.kind !== 'none' && init.kind !== 'other' && init.kind !== 'call' && init.kind !== 'new' && init.kind !== 'alias';
      if (data || (!mapping && !written.has(receiverKey(scope)))) continue;
      let ks = k.keyStart;
      let ke = k.keyEnd;
      const keyText = this.text.slice(ks, ke);
      let keyLocal: string | undefined;
      if (k.ctx.fn && IDENT.test(keyText)) {
        // Follow `key = …` once, so `d[key] = m` and `d.get(key)` compare derivations.
        const assigned = k.ctx.fn.assigns.get(keyText);
        if (assigned && assigned.length === 1) {
          ks = assigned[0]!.rightStart;
          ke = assigned[0]!.rightEnd;
          keyLocal = keyText;
        }
      }
      const keyCalls = callsInRange(ks, ke);
      const derivation = this.deriveAt(k.keyStart, k.keyEnd, k.ctx.fn);
      for (const c of keyCalls) this.keyFunctionNames.add(c.slice(c.lastIndexOf('.') + 1));
      const nondeterministic = [
        ...new Set([...keyCalls.map(nondeterministicSource).filter((s): s is string => s !== undefined), ...(derivation ? sourcesOf(derivation.parts) : [])]),
      ];
      this.facts.keyedOps.push({
        receiver: scope.receiver,
        receiverScope: scope.scope,
        ...(scope.cls ? { className: scope.cls.fact.name } : {}),
        op: k.op,
        key: normaliseKey(this.text.slice(ks, ke)),
        ...(keyLocal ? { keyLocal } : {}),
        keyCalls,
        nondeterministic,
        ...(derivation ? { derivation } : {}),
        enclosing: k.ctx.fn ? k.ctx.fn.fact.qualifiedName : '',
        at: k.at,
      });
    }
    // In-place mutation: of class attributes (shared by every instance), of shared default arguments.
    for (const m of this.mutations) {
      const parts = m.recv.split('.');
      if (parts.length === 1) {
        for (let f = m.ctx.fn; f; f = f.parent) {
          const d = f.defaults.get(parts[0]!);
          if (d && !f.assigns.has(parts[0]!)) d.mutated = true;
          if (f.locals.has(parts[0]!)) break;
        }
        continue;
      }
      if (parts.length !== 2) continue;
      const scope = this.receiverScope(m.recv, m.ctx);
      if (scope?.cls && scope.scope === 'this') scope.cls.mutated.add(parts[1]!);
      if (scope?.cls && (scope.scope === 'this' || scope.scope === 'static')) scope.cls.mutatedAny.add(parts[1]!);
    }
    for (const s of this.selfStores) {
      // `self.items = items` where items is a shared default: every instance gets the one object.
      for (let f = s.ctx.fn; f; f = f.parent) {
        const d = f.defaults.get(s.value);
        if (d && !f.assigns.has(s.value)) d.mutated = true;
        if (f.locals.has(s.value)) break;
      }
      if (this.isModuleName(s.value, s.ctx.fn) && !this.importLocals.has(s.value) && !classNames.has(s.value)) {
        s.cls.fact.fieldRefs.push({ field: s.field, ref: s.value, at: s.at });
      }
    }
    for (const c of this.classes) {
      c.fact.mutatedFields = [...c.mutated];
      for (const m of c.fact.members) {
        if (m.kind === 'field' && m.isStatic && !c.isEnum) m.mutated = c.mutatedAny.has(m.name);
        // `self.x = …` gives each instance its own x: the class attribute is only a default.
        // Reached through the class elsewhere (`Breakpoint.bplist[k]`, `cls._registry`): the author knows it is shared.
        if (m.implicitStatic && (c.rebound.has(m.name) || c.reachedViaClass.has(m.name))) delete m.implicitStatic;
      }
      if (c.fact.kind === 'class' && c.fact.members.some((m) => m.isAbstract)) c.fact.kind = 'abstract-class';
      if (!c.hasInit && c.dataclassLike && c.fact.ctorParams.length === 0) c.fact.ctorParams = c.annotatedFields;
    }
    for (const d of this.facts.declarations) {
      if (d.kind === 'class') {
        const c = this.topClasses.get(d.name);
        if (c?.fact.kind === 'abstract-class') d.kind = 'abstract-class';
      }
    }
    // Returns: identifiers through local assignments, lowercase classes of this file as constructions.
    for (const b of this.fns) this.finishReturns(b, classNames);
    // Key functions: those called in a registry key here, and any named like one (used elsewhere).
    for (const b of this.fns) if (this.keyFunctionNames.has(b.fact.name) || /key/i.test(b.fact.name)) this.deriveReturns(b);
    // `m = X(); …; return m` / `self._managers[k] = m`: the construction is kept (or cached).
    for (const { fact, local, fn } of this.newsInLocals) {
      if (fn.keptLocals.has(local) || fn.returnIdents.includes(local)) fact.kept = true;
      if (fn.cachedLocals.has(local)) fact.cached = fact.kept = true;
    }
    // Exports: every module-level name is an attribute others can import.
    for (const d of this.facts.declarations) {
      this.facts.exports.push({ kind: 'local', exported: d.name, local: d.name, typeOnly: d.kind === 'type' || d.kind === 'interface', at: d.at });
    }
    if (this.starNames) {
      this.facts.starNames = this.starNames;
      for (const b of this.facts.bindings) b.exported = this.starNames.includes(b.name);
      for (const f of this.facts.functions) if (!f.className && !f.qualifiedName.includes('.')) f.exported = this.starNames.includes(f.name);
      for (const c of this.classes) if (this.topClasses.get(c.fact.name) === c) c.fact.exported = this.starNames.includes(c.fact.name);
    }
  }

  /** Derivation scopes of key expressions, one per function (function `derives` use their own). */
  private readonly keyScopes = new Map<FnB | undefined, PyDeriveScope>();

  private keyScope(fn: FnB | undefined): PyDeriveScope {
    let scope = this.keyScopes.get(fn);
    if (!scope) this.keyScopes.set(fn, (scope = this.deriveScope(fn)));
    return scope;
  }

  private deriveScope(fn: FnB | undefined, params?: readonly string[]): PyDeriveScope {
    const declaring = (name: string): FnB | undefined => {
      for (let f = fn; f; f = f.parent) {
        if (f.globals.has(name)) return undefined;
        if (f.locals.has(name)) return f;
      }
      return undefined;
    };
    return {
      src: this.src,
      paramIndex: (name) => (params && params.includes(name) ? params.indexOf(name) : undefined),
      isLocal: (name) => declaring(name) !== undefined,
      isParam: (name) => {
        const f = declaring(name);
        return f !== undefined && (f.fact.params.some((p) => p.name === name) || name === f.selfName || name === f.clsParam);
      },
      assigned: (name) => declaring(name)?.assigns.get(name)?.map((a) => ({ text: this.text.slice(a.rightStart, a.rightEnd), node: () => rightOf(this.nodeOf(a.site)) })),
    };
  }

  /** The derivation of the expression at [start, end): from its text when simple, else from its node. */
  private deriveAt(start: number, end: number, fn: FnB | undefined, params?: readonly string[]): KeyDerivation | undefined {
    const scope = params ? this.deriveScope(fn, params) : this.keyScope(fn);
    const text = this.text.slice(start, end);
    const simple = parseSimple(text.trim());
    if (simple) return deriveSimple(simple, text, scope);
    const node = this.root.descendantForIndex(start, end);
    return node && node.startIndex === start && node.endIndex === end ? deriveKey(node, scope) : undefined;
  }

  /** A key function's `derives`: every return a derivable value, parameters written `$i`. */
  private deriveReturns(b: FnB): void {
    const fact = b.fact;
    const returns = b.returnExprs;
    if (fact.isAsync || fact.isGenerator || returns.length === 0 || returns.length > 4) return;
    const params = fact.params.map((p) => p.name);
    const options: KeyDerivation[] = [];
    for (const r of returns) {
      const simple = parseSimple(this.text.slice(r.start, r.end));
      if (simple) options.push(deriveSimple(simple, this.text.slice(r.start, r.end), this.deriveScope(b, params)));
      else if (r.node().type === 'return_statement' || !looksDerivable(r.node().type)) return;
      else options.push(deriveKey(r.node(), this.deriveScope(b, params)));
    }
    const parts: KeyPart[] = options.length === 1 ? options[0]!.parts : [choice(options)];
    if (parts.length === 0 || !derivable(parts)) return;
    // Without parameters only a generated value makes a key function (`new_session_key()`).
    if (params.length === 0 && sourcesOf(parts).length === 0) return;
    fact.derives = { text: returns.map((r) => normaliseKey(this.text.slice(r.start, r.end))).join(' | '), parts };
  }

  private finishReturns(b: FnB, classNames: ReadonlySet<string>): void {
    const fact = b.fact;
    const seen = new Set<string>();
    const resolveIdent = (id: string, depth: number): void => {
      if (seen.has(id) || depth > 4) {
        fact.returns.push({ kind: 'unknown' });
        return;
      }
      seen.add(id);
      if (id === 'self' || id === 'cls' || id === b.selfName || id === b.clsParam) {
        fact.returns.push({ kind: 'unknown' });
        return;
      }
      const assigned = b.assigns.get(id);
      if (assigned && assigned.length > 0 && !b.globals.has(id)) {
        for (const a of assigned) {
          if (a.simple === undefined) a.simple = parseSimple(this.text.slice(a.rightStart, a.rightEnd).trim()) ?? null;
          const simple = a.simple;
          if (simple) {
            classifyReturnSimple(simple, fact.returns, (next) => resolveIdent(next, depth + 1), () => {});
            continue;
          }
          const right = rightOf(this.nodeOf(a.site));
          if (right) classifyReturn(right, this.src, fact.returns, (next) => resolveIdent(next, depth + 1));
          else fact.returns.push({ kind: 'unknown' });
        }
        return;
      }
      if (this.isLocal(id, b)) {
        fact.returns.push({ kind: 'unknown' }); // a parameter, loop variable or closure value
        return;
      }
      if (id === 'None' || id === 'True' || id === 'False') {
        fact.returns.push({ kind: 'sync' });
        return;
      }
      fact.returns.push({ kind: 'call', callee: `#ref:${id}` });
    };
    for (const id of b.returnIdents) resolveIdent(id, 0);
    fact.returns = dedupeShapes(fact.returns.map((r): ReturnShape => (r.kind === 'call' && classNames.has(r.callee) ? { kind: 'new', callee: r.callee } : r)));
  }
}

/** The value an assignment binds (`a = b = v` → v). */
function rightOf(assignment: Node): Node | null {
  let right = assignment.childForFieldName('right');
  while (right?.type === 'assignment') right = right.childForFieldName('right');
  return right;
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

/**
 * `# ssot-ignore[rule-id, …]: reason` (this line), `# ssot-ignore-next-line[rule-id]: reason`,
 * `# ssot-ignore-file[rule-id]: reason`; the TypeScript spelling (`# ssot-ignore-next-line rule-id --
 * reason`) works too. Only real comments count, never text inside strings.
 */
const PY_SUPPRESSION = /#\s*ssot-ignore(?:-(next-line|line|file))?(?:\[([^\]]*)\]\s*(?::\s*(.*?))?|\s+([a-z][\w\s,-]*?)(?:\s+--\s*(.*?))?|\s*(?::\s*(.*?))?)\s*$/gm;

export function extractPySuppressions(text: string, root: Node): SuppressionFact[] {
  if (!text.includes('ssot-ignore')) return [];
  const out: SuppressionFact[] = [];
  for (const m of text.matchAll(PY_SUPPRESSION)) {
    const index = m.index;
    if (root.descendantForIndex(index)?.type !== 'comment') continue;
    const before = text.slice(0, index);
    const line = before.split('\n').length;
    const column = index - before.lastIndexOf('\n');
    const kind = (m[1] ?? 'line') as SuppressionFact['kind'];
    const ruleText = m[2] ?? m[4] ?? '';
    const rules = ruleText
      .split(/[,\s]+/)
      .map((r) => r.trim())
      .filter((r) => r.length > 0);
    const reason = (m[3] ?? m[5] ?? m[6])?.trim();
    out.push({
      kind,
      rules,
      ...(reason ? { reason } : {}),
      line: kind === 'next-line' ? line + 1 : line,
      at: { line, column, endLine: line, endColumn: column + m[0].length },
    });
  }
  return out;
}
