/**
 * The per-file state of the Python extraction, shared by the fact families: the text and its line
 * index, the facts being built, the stack of enclosing scopes (function, class, `except`, fallback
 * branch, `__main__` block), the site kinds and how a site's node is found, and what the walk
 * collects for the decisions made once at the end (calls, keyed operations, mutations, names).
 */
import type { Node } from 'web-tree-sitter';
import type { CallFact, ClassFact, DeclKind, FileFacts, FunctionFact, Init, KeyedOp, NewFact, SharedDefault, Span } from '../../../model/facts.js';
import { classifyInitText, type Src } from '../classify.js';
import type { PyDeriveScope } from '../derive.js';
import { matchBracket, type Simple } from '../scan.js';
import { K } from '../sites.js';

/** The node types facts come from, collected in one walk inside WebAssembly (document order). */
export const NODE_KINDS: Record<string, K> = {
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

/** The node types each site kind is, to find a site's node in the tree when a handler needs it. */
export const TYPES_OF_KIND: Partial<Record<K, ReadonlySet<string>>> = {};
for (const [name, kind] of Object.entries(NODE_KINDS)) (TYPES_OF_KIND[kind] = new Set([...(TYPES_OF_KIND[kind] ?? []), name]));

/**
 * A place facts come from: its kind and extent, and its syntax node — from the tree walk, or for
 * sites the text scanner found (`sites.ts`), fetched from the tree by position only when a handler
 * needs more than the text.
 */
export interface Site {
  kind: K;
  start: number;
  /** Exclusive end; -1 until asked of the node. */
  end: number;
  node: Node | undefined;
}

/** A site's node is not in the tree where the scanner put it: extract again with the tree walk. */
export class SiteMismatch extends Error {}

/** Sites that start with their statement's keyword: the node is that keyword's parent. */
export const KEYWORD_LED = new Set<K>([K.Def, K.Class, K.Except, K.If, K.Import, K.Return, K.Delete, K.Global]);

export const IDENT = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export interface FnB {
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
export interface TextBinding {
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
export interface AssignRec {
  site: Site;
  rightStart: number;
  rightEnd: number;
  /** The value parsed as a simple expression (null: not simple), computed once. */
  simple?: Simple | null;
}

/** A returned expression: its text range, and the node when the text is not simple. */
export interface ReturnRec {
  start: number;
  end: number;
  node: () => Node;
}

export interface ClsB {
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

export interface Scope {
  kind: K.Def | K.Class | K.Except | K.Fallback | K.Main;
  end: number;
  bodyStart: number;
  /** The context of everything inside the body (shared, never mutated). */
  ctx: Ctx;
}

export const MODULE_CTX: Ctx = { fn: undefined, cls: undefined, inCatch: false, inFallback: false };

export interface Ctx {
  /** Inside `if __name__ == "__main__":` at module level. */
  inMain?: boolean;
  fn: FnB | undefined;
  cls: ClsB | undefined;
  inCatch: boolean;
  inFallback: boolean;
}

export type Flow = 'kept' | 'cached' | { local: string };

/** What a construction candidate needs beyond its CallFact. */
export interface CallExtra {
  argCount: number;
  storedIn?: NewFact['storedIn'];
  flow?: Flow;
  thrown: boolean;
}

export interface RawKeyed {
  recv: string;
  op: KeyedOp;
  /** The key expression's text range. */
  keyStart: number;
  keyEnd: number;
  ctx: Ctx;
  at: Span;
}

/** The value an assignment binds (`a = b = v` → v). */
export function rightOf(assignment: Node): Node | null {
  let right = assignment.childForFieldName('right');
  while (right?.type === 'assignment') right = right.childForFieldName('right');
  return right;
}

/**
 * One file's extraction: its text, the facts it builds, the scope stack of the walk, and what the
 * families collect for `finish` (../extract.ts). The families read and add to it; its methods answer
 * the questions they share (positions, the context at a point, a site's node, scopes of names).
 */
export class PyExtraction {
  readonly lines: number[] = [0];
  readonly src: Src;
  readonly stack: Scope[] = [];
  /** Start of the last call that had another call (its callee) starting at the same place. */
  outerCallStart = -1;
  /** Line of the last position looked up: captures come in document order. */
  private lineHint = 0;
  /** Every call, in document order, as the fact it becomes, with its start and context beside it. */
  readonly calls: CallFact[] = [];
  readonly callStarts: number[] = [];
  readonly callCtx: Ctx[] = [];
  readonly callExtra = new Map<number, CallExtra>();
  readonly keyed: RawKeyed[] = [];
  /** Receivers mutated in place, with the context of the mutation. */
  readonly mutations: { recv: string; ctx: Ctx }[] = [];
  /** `self.x = name` candidates for fieldRefs, and `self.x = param` stores. */
  readonly selfStores: { cls: ClsB; field: string; value: string; ctx: Ctx; at: Span }[] = [];
  readonly consumedSubscripts = new Set<number>();
  /** Right-hand sides that store a construction: `${start}:${end}` → slot. */
  readonly storedAt = new Map<number, { slot: NewFact['storedIn']; end: number }>();
  /** How the value of an expression starting at an index flows: returned/stored, cached, into a local. */
  readonly flowAt = new Map<number, Flow>();
  /** Constructions assigned to a local: kept or cached when that local is. */
  readonly newsInLocals: { fact: NewFact; local: string; fn: FnB }[] = [];
  readonly fns: FnB[] = [];
  readonly classes: ClsB[] = [];
  readonly topClasses = new Map<string, ClsB>();
  /** Classes seen so far (a lowercase class used before its definition is missed). */
  readonly classNames = new Set<string>();
  /** Module-level names: defs, classes, assignments, imports (and `global` assignments). */
  readonly moduleNames = new Set<string>();
  /** Names of functions called inside registry keys in this file. */
  readonly keyFunctionNames = new Set<string>();
  root!: Node;
  /** Module-level names bound by assignment only (candidate registries). */
  readonly assignedModuleNames = new Set<string>();
  readonly importLocals = new Set<string>();
  readonly declared = new Set<string>();
  /** The last unconditional `def`/`class` per name, per module or class body (see noteDefinition). */
  readonly definedIn = new Map<string, Map<string, { at: Span; end: number; variant: boolean }>>();
  readonly isInit: boolean;
  starNames: string[] | undefined | null;
  /** Derivation scopes of key expressions, one per function (function `derives` use their own). */
  readonly keyScopes = new Map<FnB | undefined, PyDeriveScope>();

  constructor(
    path: string,
    readonly text: string,
    readonly facts: FileFacts,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lines.push(i + 1);
    this.src = { text, of: (n: Node) => text.slice(n.startIndex, n.endIndex) };
    this.isInit = /(^|\/)__init__\.py$/.test(path);
  }

  /** 0-based line of a text index. */
  lineOf(index: number): number {
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

  column(index: number): number {
    return index - this.lines[this.lineOf(index)]! + 1;
  }

  span(start: number, end: number): Span {
    const a = this.lineOf(start);
    const b = this.lineOf(end);
    return { line: a + 1, column: start - this.lines[a]! + 1, endLine: b + 1, endColumn: end - this.lines[b]! + 1 };
  }

  spanOf(node: Node): Span {
    return this.span(node.startIndex, node.endIndex);
  }

  context(at: number): Ctx {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const s = this.stack[k]!;
      // Decorators, parameters and bases run in the outer scope.
      if (at >= s.bodyStart) return s.ctx;
    }
    return MODULE_CTX;
  }

  pushScope(kind: Scope['kind'], start: number, end: number, bodyStart: number, inner?: { fn?: FnB; cls?: ClsB }): void {
    let ctx: Ctx;
    if (kind === K.Def) ctx = { fn: inner?.fn, cls: undefined, inCatch: false, inFallback: false };
    else if (kind === K.Class) ctx = { fn: undefined, cls: inner?.cls, inCatch: false, inFallback: false };
    else {
      const outer = this.context(start);
      ctx = kind === K.Except ? { ...outer, inCatch: true } : kind === K.Main ? { ...outer, inMain: true } : { ...outer, inFallback: true };
    }
    this.stack.push({ kind, end, bodyStart, ctx });
  }

  /** The site's syntax node: walked, or found by position (the smallest node of its type starting there). */
  nodeOf(site: Site): Node {
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

  endOf(site: Site): number {
    if (site.end < 0) site.end = this.nodeOf(site).endIndex;
    return site.end;
  }

  declareModule(name: string, kind: DeclKind, start: number, end: number): void {
    this.moduleNames.add(name);
    if (this.declared.has(name)) return;
    this.declared.add(name);
    this.facts.declarations.push({ name, kind, at: this.span(start, end) });
  }

  /** Is `word` the keyword right before `pos` (blanks, and opening parentheses when `parens`, between)? */
  lineText(i: number): string {
    return this.text.slice(this.lines[i]!, i + 1 < this.lines.length ? this.lines[i + 1]! - 1 : this.text.length);
  }

  skipSpaces(i: number): number {
    let j = i;
    while (this.text[j] === ' ' || this.text[j] === '\t') j++;
    return j;
  }

  initOf(b: TextBinding): Init {
    return b.rightStart < 0 ? { kind: 'none' } : classifyInitText(this.text.slice(b.rightStart, b.rightEnd));
  }

  /** The method a (possibly nested) function belongs to: its own builder or the nearest enclosing method. */
  methodOf(fn: FnB | undefined): FnB | undefined {
    for (let f = fn; f; f = f.parent) if (f.cls) return f;
    return undefined;
  }

  /** A value (text range) that is returned or stored: a construction there or a local it names is kept. */
  keepValue(start: number, end: number, ctx: Ctx, cached: boolean): void {
    let text = this.text.slice(start, end).trim();
    while (text.startsWith('(') && text.endsWith(')') && matchBracket(text, 0, text.length) === text.length - 1) text = text.slice(1, -1).trim();
    if (ctx.fn && IDENT.test(text)) {
      ctx.fn.keptLocals.add(text);
      if (cached) ctx.fn.cachedLocals.add(text);
      return;
    }
    this.flowAt.set(start, cached ? 'cached' : 'kept');
  }

  // ---- scope questions (the end of the walk asks them, when the whole file is known) -----------

  isLocal(name: string, fn: FnB | undefined): boolean {
    for (let f = fn; f; f = f.parent) {
      if (f.globals.has(name)) return false;
      if (f.locals.has(name)) return true;
    }
    return false;
  }

  isModuleName(name: string, fn: FnB | undefined): boolean {
    return this.moduleNames.has(name) && !this.isLocal(name, fn);
  }

  receiverScope(recv: string, ctx: Ctx): { scope: 'module' | 'this' | 'static'; receiver: string; cls?: ClsB } | undefined {
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
  reachViaClass(recv: string, ctx: Ctx): void {
    const dot = recv.indexOf('.');
    if (dot <= 0) return;
    const root = recv.slice(0, dot);
    const next = recv.indexOf('.', dot + 1);
    const attr = recv.slice(dot + 1, next < 0 ? recv.length : next);
    const method = this.methodOf(ctx.fn);
    const cls = method?.cls && root === method.clsParam ? method.cls : !this.isLocal(root, ctx.fn) ? this.topClasses.get(root) : undefined;
    cls?.reachedViaClass.add(attr);
  }
}
