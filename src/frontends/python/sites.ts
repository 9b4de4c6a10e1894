/**
 * Where the facts of a Python file come from, found in its text: the statements (definitions,
 * imports, assignments, returns, …) and the calls and subscripts of name-headed expressions, in
 * the order a walk of the syntax tree would meet them.
 *
 * Why not walk the tree: tree-sitter's walk visits every node, tokens included (about 2,000 in a
 * 150-line module), and costs a quarter of the parse itself even inside WebAssembly. This scanner
 * reads the text the parser has just accepted — strings, f-string interpolations, comments,
 * brackets and line continuations included — in a few percent of that. Extents it cannot know
 * from the text alone (where a `def` or an `except` block ends, the operands of `or`) are asked of
 * the tree by position, one node at a time.
 *
 * It mirrors tree-sitter-python exactly where the extractor looks: a call or subscript whose
 * expression starts with a name (`a.b(c)[d]`: one node per bracket, all starting at `a`), never a
 * `def`/`class` name, never a subscript that the grammar reads as a generic type (`Dict[str, int]`
 * in an annotation). Anything it is not sure about — a lambda in a parameter list, a `match`
 * statement, a non-ASCII identifier, PEP 695 type parameters, a nested f-string reusing its quote —
 * makes it give up, and the caller walks the tree as before.
 */

import { MAX_PY_BRACKETS, NestingTooDeep } from '../nesting.js';

export const PY_TOO_DEEP = `nesting too deep to analyse (brackets nested more than ${MAX_PY_BRACKETS} deep, which Python 3 does not accept either)`;

function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The bracket limit for a file the scanner gave up on (it counts brackets itself as it goes): the
 * deepest nesting of `(`, `[`, `{` outside strings and comments. Throws NestingTooDeep past
 * MAX_PY_BRACKETS, so such a file is refused on every thread, not only where the tree walk's
 * stack happens to run out.
 */
export function checkBracketDepth(t: string): void {
  const n = t.length;
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === 35) {
      // A comment, to the end of the line.
      const end = t.indexOf('\n', i);
      if (end < 0) return;
      i = end;
    } else if (c === 34 || c === 39) {
      // A string (prefixes need no care): to its closing quote, a backslash escaping what follows.
      const triple = t.charCodeAt(i + 1) === c && t.charCodeAt(i + 2) === c;
      let j = triple ? i + 3 : i + 1;
      for (; j < n; j++) {
        const d = t.charCodeAt(j);
        if (d === 92) j++;
        else if (d === c && (!triple || (t.charCodeAt(j + 1) === c && t.charCodeAt(j + 2) === c))) break;
        else if (d === 10 && !triple) break;
      }
      i = triple ? j + 2 : j;
    } else if (c === 40 || c === 91 || c === 123) {
      if (++depth > MAX_PY_BRACKETS) throw new NestingTooDeep(PY_TOO_DEEP, lineAt(t, i));
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
}

/** What a site is: the node types the extractor reads facts from. */
export const enum K {
  Def,
  Class,
  Except,
  Fallback,
  Import,
  Assign,
  AugAssign,
  Global,
  Return,
  Yield,
  Delete,
  Call,
  Subscript,
  Or,
  If,
  Main,
}

export interface ScannedSites {
  kinds: K[];
  starts: number[];
  /** Exclusive end, or -1 when only the tree knows it (definitions, blocks). */
  ends: number[];
  /** Where each `or` keyword is: its boolean operator's extent is asked of the tree. */
  ors: number[];
}

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);
/** Keywords by length and first character, to recognise one without slicing the text. */
const KEYWORDS_BY_HEAD: (string[] | undefined)[] = [];
for (const k of KEYWORDS) (KEYWORDS_BY_HEAD[k.length * 128 + k.charCodeAt(0)] ??= []).push(k);

/** The keyword `t[i, i + len)` is, or undefined. */
function keywordAt(t: string, i: number, len: number): string | undefined {
  if (len > 8) return undefined;
  const list = KEYWORDS_BY_HEAD[len * 128 + t.charCodeAt(i)];
  if (list === undefined) return undefined;
  for (let k = 0; k < list.length; k++) if (t.startsWith(list[k]!, i)) return list[k];
  return undefined;
}

/** ASCII name characters: 1 letters and `_`, 2 digits. */
const NAME_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) NAME_CHARS[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 ? 1 : c >= 48 && c <= 57 ? 2 : 0;

/** Statements whose keyword makes a site, and its kind. */
const STATEMENT_SITES: Record<string, K> = {
  def: K.Def,
  class: K.Class,
  if: K.If,
  elif: K.If,
  except: K.Except,
  import: K.Import,
  return: K.Return,
  del: K.Delete,
  global: K.Global,
};

const COMPOUND = new Set(['if', 'elif', 'else', 'while', 'for', 'try', 'except', 'finally', 'with', 'def', 'class']);
const STRING_PREFIX = /^(r|u|b|f|br|rb|fr|rf)$/i;

/** Gave up: the caller walks the tree. The message says where (for diagnosis). */
class Unsure extends Error {}

/**
 * An annotation (or one element of a generic type's brackets) being read. tree-sitter reads a bare
 * name followed by `[` there as a generic type, and keeps reading types across `|` only while every
 * operand is such a generic type: `list[int] | list[str]` is two generic types, but once an operand
 * is anything else (`str`, `None`, `typing.List`, a string) the rest is an ordinary expression, whose
 * `x[…]` are subscripts (`str | list[int]`).
 */
interface TypeLevel {
  expr: boolean;
}

interface Bracket {
  /** `(`, `[` or `{`. */
  open: number;
  /** The name chain this bracket is a trailer of (`a.b(`): its start; -1 otherwise. */
  chain: number;
  /** Index of the site this bracket closes (a call or subscript), or -1. */
  site: number;
  /** The brackets of a generic type in an annotation (`Dict[`): not a subscript; its elements are types. */
  generic: TypeLevel | undefined;
  /** A `def` parameter's annotation being read (set at its `:`). */
  paramType: TypeLevel | undefined;
  /** The chain's splat state, restored when the bracket closes. */
  splat: number;
  splatWraps: boolean | undefined;
  /** A `def`'s parameter list. */
  params: boolean;
}

function isNameStart(c: number): boolean {
  return c < 128 && NAME_CHARS[c] === 1;
}

function isNameChar(c: number): boolean {
  return c < 128 && NAME_CHARS[c] !== 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The sites of `text`, in tree order; undefined when the scanner is not sure (walk the tree). */
/**
 * What the scanner may ask the syntax tree. `splatWraps(at)`: does the `*` (or `**`) at `at` splat
 * the whole expression after it (`f(*a.b())`), or is it the head of a chain the grammar starts at
 * the `*` (`print(a, *b.c())` is a call of `*b.c`)? tree-sitter decides that by context.
 */
export interface SiteTree {
  splatWraps(at: number): boolean;
}

export function scanSites(text: string, tree?: SiteTree, why?: (reason: string, at: number) => void): ScannedSites | undefined {
  const scanner = new SiteScanner(text, tree);
  try {
    return scanner.run();
  } catch (e) {
    if (!(e instanceof Unsure)) throw e;
    why?.(e.message, scanner.at);
    return undefined;
  }
}

class SiteScanner {
  private readonly kinds: K[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly ors: number[] = [];
  private readonly n: number;
  private readonly brackets: Bracket[] = [];
  /** Where the scan is (for diagnosis). */
  at = 0;

  // ---- token state ----
  /** Start of the name chain the next `.`/`(`/`[` continues, or -1. */
  private chain = -1;
  /** The chain is a single name so far (a generic type needs a bare name). */
  private chainBare = false;
  /** The previous token was `.`: the next name is an attribute, never the start of a chain. */
  private afterDot = false;
  /** The previous token was the keyword `def` or `class`: this name is the definition's. */
  private afterDefName = false;
  /** A generic type just closed: a trailer after it would be ambiguous. */
  private afterGeneric = false;
  /** The previous token ends an operand (a name, literal or closing bracket): a `*` after it is binary. */
  private operandEnd = false;
  /** The previous token is a unary `*` or `**`. */
  private afterSplat = false;
  /** Where the unary `*`/`**` before the current token is. */
  private splatAt = -1;
  /** The current chain starts right after a unary `*`/`**` at this index (-1: it does not). */
  private chainSplat = -1;
  /** For that chain: undefined until asked, then whether the splat wraps the whole chain. */
  private chainSplatWraps: boolean | undefined;

  // ---- statement state (bracket depth 0 of the file) ----
  private stmtStart = -1;
  private stmtKeyword = '';
  private compound = false;
  private headerDone = false;
  private lastEnd = -1;
  private eqs: number[] = [];
  private pendingEq = false;
  private aug = false;
  private annotated = false;
  private lambdaSeen = false;
  /** Depth-0 type context: a return annotation, an assignment's annotation. */
  private type0: TypeLevel | undefined;
  /** A bare name opened a type operand: a `[` right after it is a generic type. */
  private pendingTypeName = false;
  /** Open parameter lists and generic-type brackets: a type may be read inside. */
  private typeBrackets = 0;
  /** Index in `kinds` of the keyword-led site this statement opened (its end is set at the end). */
  private stmtSite = -1;
  /** `from __future__ import …`: not an import node. */
  private futureImport = false;
  /** The `from` of a `from … import`: the module name follows. */
  private fromModule = false;
  /** In a def header: the first `(` is the parameter list, `->` starts the return annotation. */
  private defHeader = false;
  private defParamsSeen = false;
  /** The parameter state of the innermost `def` parameter list: 0 name, 1 annotation, 2 default. */
  private paramState = 0;

  constructor(
    private readonly t: string,
    private readonly tree?: SiteTree,
  ) {
    this.n = t.length;
  }

  run(): ScannedSites {
    this.tokens(0, this.n, false);
    this.endStatement();
    if (this.brackets.length > 0) throw new Unsure('unclosed bracket');
    return { kinds: this.kinds, starts: this.starts, ends: this.ends, ors: this.ors };
  }

  private site(kind: K, start: number, end: number): number {
    this.kinds.push(kind);
    this.starts.push(start);
    this.ends.push(end);
    return this.kinds.length - 1;
  }

  private get depth(): number {
    return this.brackets.length;
  }

  /** The type being read at the current bracket level, if any. */
  private typeLevel(): TypeLevel | undefined {
    const top = this.brackets[this.brackets.length - 1];
    if (!top) return this.type0;
    if (top.params) return this.paramState === 1 ? top.paramType : undefined;
    return top.generic;
  }

  /**
   * Every significant token passes here first (`name`: a non-keyword name, `open`: a `[` trailer,
   * `pipe`: `|`, `sep`: what ends a type element). In a type operand, only a bare name followed by
   * `[` stays a type; anything else turns the rest of the element into an expression.
   */
  private typeToken(what: 'name' | 'open' | 'pipe' | 'sep' | 'other'): void {
    if (this.type0 === undefined && this.typeBrackets === 0) {
      this.pendingTypeName = false;
      return;
    }
    const lvl = this.typeLevel();
    if (!lvl || lvl.expr) {
      this.pendingTypeName = false;
      return;
    }
    if (this.pendingTypeName) {
      this.pendingTypeName = false;
      if (what !== 'open') lvl.expr = true;
      return;
    }
    if (what === 'name') this.pendingTypeName = true;
    else if (what !== 'pipe' && what !== 'sep') lvl.expr = true;
  }

  // ---- statements ----

  private beginStatement(pos: number, word: string | undefined): void {
    this.stmtStart = pos;
    this.stmtKeyword = word ?? '';
    this.compound = word !== undefined && COMPOUND.has(word);
    this.headerDone = false;
    this.eqs = [];
    this.pendingEq = false;
    this.aug = false;
    this.annotated = false;
    this.lambdaSeen = false;
    this.type0 = undefined;
    this.stmtSite = -1;
    this.futureImport = false;
    this.fromModule = false;
    this.defHeader = false;
    this.defParamsSeen = false;
    const kind = word === undefined ? undefined : STATEMENT_SITES[word];
    if (kind !== undefined) this.stmtSite = this.site(kind, pos, -1);
    if (word === 'def') this.defHeader = true;
    // `from x import y`: the site is made at `import`, once the module is known not to be `__future__`.
    if (word === 'from') this.fromModule = true;
  }

  private endStatement(): void {
    if (this.stmtStart < 0) return;
    const end = this.lastEnd;
    if (this.stmtSite >= 0 && this.ends[this.stmtSite] === -1 && !this.compound) this.ends[this.stmtSite] = end;
    if (this.stmtKeyword === '' && !this.compound) {
      if (this.aug) this.site(K.AugAssign, this.stmtStart, end);
      else if (this.annotated) this.site(K.Assign, this.stmtStart, end);
      else if (this.eqs.length > 0) {
        // `a = b = c`: an assignment at `a` holding one at `b`.
        this.site(K.Assign, this.stmtStart, end);
        for (let k = 0; k < this.eqs.length - 1; k++) this.site(K.Assign, this.eqs[k]!, end);
      }
    }
    this.stmtStart = -1;
    this.type0 = undefined;
    this.defHeader = false;
    this.chain = -1;
    this.operandEnd = false;
    this.afterSplat = false;
  }

  /** A significant token starts at `pos`: open a statement if none is open (depth 0 of the file). */
  /** `word`: the keyword (or `@`) the token is, undefined for anything else; `end`: a name's end. */
  private token(pos: number, word: string | undefined, interp: boolean, end = -1): void {
    if (interp || this.brackets.length > 0) return;
    if (this.stmtStart < 0) {
      if (word === 'async') {
        // `async def` / `async for` / `async with`: the statement is the keyword after it.
        const k = this.skipBlank(pos + 5);
        const next = this.wordAt(k);
        this.beginStatement(pos, next === 'def' ? 'def' : next === 'for' || next === 'with' ? 'for' : 'async');
        return;
      }
      if (word === undefined && end > 0) {
        const len = end - pos;
        const t = this.t;
        if ((len === 5 && (t.startsWith('match', pos) || t.startsWith('type', pos))) || (len === 4 && (t.startsWith('case', pos) || t.startsWith('type', pos)))) {
          this.softKeyword(pos, t.slice(pos, end));
        }
      }
      this.beginStatement(pos, word);
      return;
    }
    if (this.pendingEq) {
      this.pendingEq = false;
      this.eqs.push(pos);
    }
  }

  /** `match x:`, `case …:`, `type X = …` statements: not worth mirroring; a name use is fine. */
  private softKeyword(pos: number, word: string): void {
    const k = this.skipBlank(pos + word.length);
    const c = this.t.charCodeAt(k);
    // A name use: `match = …`, `match.group()`, `type(x)` in an expression, `case_id`.
    if (c === 61 || c === 46 || c === 44 || c === 41 || c === 58 || c === 10 || c === 13 || Number.isNaN(c)) return;
    // `match(x)` may open a `match (x):` statement; tree-sitter reads `type(x).y = z` as a type alias.
    if (c === 40 || c === 91) throw new Unsure('soft keyword call');
    throw new Unsure('soft keyword statement');
  }

  private skipBlank(i: number): number {
    let k = i;
    while (k < this.n && (this.t.charCodeAt(k) === 32 || this.t.charCodeAt(k) === 9)) k++;
    return k;
  }

  private wordAt(i: number): string | undefined {
    if (!isNameStart(this.t.charCodeAt(i))) return undefined;
    let j = i + 1;
    while (j < this.n && isNameChar(this.t.charCodeAt(j))) j++;
    return this.t.slice(i, j);
  }

  // ---- tokens ----

  /**
   * Scan `[from, to)`. In an f-string interpolation (`interp`), stop at the `}`, `!`, `:` or
   * self-documenting `=` that ends the expression and return where; else return `to`.
   */
  private tokens(from: number, to: number, interp: boolean): number {
    const t = this.t;
    const base = this.brackets.length;
    let i = from;
    while (i < to) {
      let c = t.charCodeAt(i);
      // Blanks.
      if (c === 32 || c === 9 || c === 12) {
        do c = t.charCodeAt(++i);
        while (c === 32 || c === 9 || c === 12);
        if (i >= to) break;
      }
      this.at = i;
      if (c === 10 || c === 13) {
        if (c === 13 && t.charCodeAt(i + 1) !== 10) throw new Unsure('lone carriage return');
        if (!interp && this.depth === 0) this.endStatement();
        i += c === 13 ? 2 : 1;
        continue;
      }
      if (c === 92) {
        // A line continuation.
        if (t.charCodeAt(i + 1) === 10) i += 2;
        else if (t.charCodeAt(i + 1) === 13 && t.charCodeAt(i + 2) === 10) i += 3;
        else throw new Unsure('stray backslash');
        continue;
      }
      if (c === 35) {
        if (interp) throw new Unsure('comment in an interpolation');
        const nl = t.indexOf('\n', i);
        i = nl < 0 ? this.n : nl;
        continue;
      }
      if (c > 127) throw new Unsure('non-ASCII text');
      if (interp && this.brackets.length === base) {
        // The end of an interpolation's expression.
        if (c === 125 /* } */ || c === 58 /* : */) return i;
        if (c === 33 /* ! */ && t.charCodeAt(i + 1) !== 61) return i;
        if (c === 61 /* = */ && t.charCodeAt(i + 1) !== 61) {
          const k = this.skipBlank(i + 1);
          const d = t.charCodeAt(k);
          if (d === 125 || d === 33 || d === 58) return i;
        }
      }
      if (isNameStart(c)) {
        let j = i + 1;
        while (j < to && isNameChar(t.charCodeAt(j))) j++;
        if (t.charCodeAt(j) > 127) throw new Unsure('non-ASCII name');
        const q = t.charCodeAt(j);
        if ((q === 34 || q === 39) && j - i <= 2 && STRING_PREFIX.test(t.slice(i, j))) {
          this.token(i, undefined, interp);
          i = this.string(j, t.charCodeAt(i) === 102 || t.charCodeAt(i) === 70 || t.charCodeAt(i + 1) === 102 || t.charCodeAt(i + 1) === 70);
          this.lastEnd = i;
          this.afterToken();
          continue;
        }
        const keyword = keywordAt(t, i, j - i);
        this.token(i, keyword, interp, j);
        this.name(i, j, keyword, interp);
        this.afterSplat = false;
        this.operandEnd = keyword === undefined || keyword === 'True' || keyword === 'False' || keyword === 'None';
        this.lastEnd = j;
        i = j;
        continue;
      }
      if (c === 34 || c === 39) {
        this.token(i, undefined, interp);
        i = this.string(i, false);
        this.lastEnd = i;
        this.afterToken();
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(t.charCodeAt(i + 1)))) {
        this.token(i, undefined, interp);
        i = this.number(i);
        this.lastEnd = i;
        this.afterToken();
        continue;
      }
      // Operators and brackets.
      this.token(i, c === 64 ? '@' : undefined, interp);
      const wasOperandEnd = this.operandEnd;
      const next = this.operator(i, c, interp);
      this.afterSplat = c === 42 && !wasOperandEnd && (next === i + 1 || (next === i + 2 && t.charCodeAt(i + 1) === 42));
      if (this.afterSplat) this.splatAt = i;
      this.operandEnd = c === 41 || c === 93 || c === 125;
      i = next;
      this.lastEnd = i;
    }
    if (interp) throw new Unsure('unfinished interpolation');
    return to;
  }

  /** After a string or number: no chain continues, no name is a definition's. */
  private afterToken(): void {
    this.typeToken('other');
    this.afterSplat = false;
    this.operandEnd = true;
    this.chain = -1;
    this.afterDot = false;
    this.afterDefName = false;
    this.afterGeneric = false;
  }

  /** `word`: the keyword the name is, or undefined. */
  private name(start: number, end: number, word: string | undefined, interp: boolean): void {
    this.afterGeneric = false;
    // `True.__index__()`: the constants are expressions a chain can start with.
    const keyword = word !== undefined && word !== 'True' && word !== 'False' && word !== 'None';
    this.typeToken(keyword || this.afterDot ? 'other' : 'name');
    if (word !== undefined && keyword) {
      this.afterDot = false;
      this.chain = -1;
      this.afterDefName = word === 'def' || word === 'class';
      switch (word) {
        case 'or':
          this.ors.push(start);
          break;
        case 'yield':
          this.site(K.Yield, start, -1);
          break;
        case 'lambda':
          if (this.brackets.some((b) => b.params)) throw new Unsure('lambda in parameters');
          if (!interp && this.depth === 0) {
            if (this.compound && !this.headerDone) throw new Unsure('lambda in a compound header');
            this.lambdaSeen = true;
          }
          break;
        case 'import':
          // `from x import y`: the module before it decides whether it is `__future__`.
          if (!interp && this.depth === 0 && this.stmtKeyword === 'from' && this.stmtSite < 0) {
            this.fromModule = false;
            if (!this.futureImport) this.stmtSite = this.site(K.Import, this.stmtStart, -1);
          }
          break;
      }
      return;
    }
    if (this.fromModule && !interp && this.depth === 0 && end - start === 10 && this.t.startsWith('__future__', start) && this.t.charCodeAt(start - 1) !== 46) {
      const before = this.t.slice(this.stmtStart, start).replace(/\s+/g, ' ');
      if (before === 'from ') this.futureImport = true;
    }
    if (this.afterDefName) {
      // The name a `def` or `class` defines; `class C[T]` / `def f[T]` (PEP 695) are not mirrored.
      this.afterDefName = false;
      this.chain = -1;
      if (this.t.charCodeAt(this.skipBlank(end)) === 91) throw new Unsure('type parameters');
      return;
    }
    if (this.afterDot) {
      // `a.b`: the chain goes on; `"s".join`, `(x).y`: an attribute of something that is not a name chain.
      this.afterDot = false;
      this.chainBare = false;
      return;
    }
    this.chain = start;
    this.chainBare = true;
    this.chainSplat = this.afterSplat ? this.splatAt : -1;
    this.chainSplatWraps = undefined;
  }

  private operator(i: number, c: number, interp: boolean): number {
    const t = this.t;
    const c1 = t.charCodeAt(i + 1);
    const trailerOpen = c === 91 && this.chain >= 0 && !this.afterDot && !this.afterGeneric;
    const generic = trailerOpen && this.pendingTypeName;
    this.typeToken(
      trailerOpen ? 'open' : c === 124 && c1 !== 61 ? 'pipe' : c === 44 || c === 41 || c === 93 || c === 61 || (c === 58 && c1 !== 61) ? 'sep' : 'other',
    );
    switch (c) {
      case 40: // (
      case 91: // [
      case 123: {
        // {
        const trailer = c !== 123 && this.chain >= 0 && !this.afterDot;
        if (this.afterGeneric) throw new Unsure('trailer after a generic type');
        let b: Bracket;
        if (trailer && generic) {
          b = { open: c, chain: -1, site: -1, generic: { expr: false }, paramType: undefined, params: false, splat: -1, splatWraps: undefined };
        } else if (trailer) {
          // `print(a, *b.c())`: tree-sitter may start the call at the `*`, depending on context.
          if (this.chainSplat >= 0 && this.chainSplatWraps === undefined) {
            if (!this.tree) throw new Unsure('splat with trailer');
            this.chainSplatWraps = this.tree.splatWraps(this.chainSplat);
          }
          const s = this.chainSplat >= 0 && !this.chainSplatWraps ? -1 : this.site(c === 40 ? K.Call : K.Subscript, this.chain, -1);
          b = { open: c, chain: this.chain, site: s, generic: undefined, paramType: undefined, params: false, splat: this.chainSplat, splatWraps: this.chainSplatWraps };
        } else {
          const params = c === 40 && this.defHeader && !this.defParamsSeen && this.depth === 0 && !interp && this.stmtKeyword === 'def';
          b = { open: c, chain: -1, site: -1, generic: undefined, paramType: undefined, params, splat: -1, splatWraps: undefined };
          if (params) {
            this.paramState = 0;
            this.defParamsSeen = true;
          }
        }
        // CPython refuses more than 200 open brackets; deeper ones would overflow the extractor's stack.
        if (this.brackets.push(b) > MAX_PY_BRACKETS) throw new NestingTooDeep(PY_TOO_DEEP, lineAt(this.t, i));
        this.inParams = b.params;
        if (b.params || b.generic) this.typeBrackets++;
        this.chain = -1;
        this.afterDot = false;
        this.afterDefName = false;
        return i + 1;
      }
      case 41:
      case 93:
      case 125: {
        const b = this.brackets.pop();
        if (!b) throw new Unsure('unbalanced bracket');
        if (b.params || b.generic) this.typeBrackets--;
        this.inParams = this.brackets.length > 0 && this.brackets[this.brackets.length - 1]!.params;
        if (b.site >= 0) this.ends[b.site] = i + 1;
        this.chain = b.chain;
        this.chainSplat = b.splat;
        this.chainSplatWraps = b.splatWraps;
        this.chainBare = false;
        this.afterDot = false;
        this.afterGeneric = b.generic !== undefined;
        return i + 1;
      }
      case 46: // .
        if (c1 === 46 && t.charCodeAt(i + 2) === 46) {
          this.resetChain();
          return i + 3;
        }
        if (this.afterGeneric) throw new Unsure('attribute of a generic type');
        this.afterDot = true;
        return i + 1;
      case 44: {
        // ,
        this.resetChain();
        if (this.topParams()) this.paramState = 0;
        const top = this.brackets[this.brackets.length - 1];
        if (top?.generic) top.generic.expr = false;
        return i + 1;
      }
      case 58: // :
        this.resetChain();
        if (c1 === 61) return i + 2; // :=
        if (this.topParams()) {
          if (this.paramState === 0) {
            this.paramState = 1;
            this.brackets[this.brackets.length - 1]!.paramType = { expr: false };
          }
          return i + 1;
        }
        if (!interp && this.depth === 0) this.colon(i);
        return i + 1;
      case 61: // =
        this.resetChain();
        if (c1 === 61) return i + 2; // ==
        if (this.topParams()) {
          this.paramState = 2;
          return i + 1;
        }
        if (!interp && this.depth === 0 && this.stmtKeyword === '' && !this.compound && !this.lambdaSeen && !this.aug) {
          this.pendingEq = true;
          this.type0 = undefined;
        }
        return i + 1;
      case 59: // ;
        this.resetChain();
        if (!interp && this.depth === 0) this.endStatement();
        return i + 1;
      case 45: // - or -> or -=
        this.resetChain();
        if (c1 === 62) {
          if (!interp && this.depth === 0 && this.stmtKeyword === 'def') this.type0 = { expr: false };
          return i + 2;
        }
        return this.maybeAugmented(i, interp);
      case 33: // != or a stray !
        this.resetChain();
        if (c1 === 61) return i + 2;
        throw new Unsure('stray !');
      case 60: // < <= << <<=
      case 62: {
        // > >= >> >>=
        this.resetChain();
        if (c1 === c) return this.maybeAugmented(i + 1, interp);
        if (c1 === 61) return i + 2;
        return i + 1;
      }
      case 42: // * ** *= **=
      case 47: // / // /= //=
        this.resetChain();
        if (c1 === c) return this.maybeAugmented(i + 1, interp);
        return this.maybeAugmented(i, interp);
      case 43: // +
      case 37: // %
      case 38: // &
      case 124: // |
      case 94: // ^
      case 64: // @
        this.resetChain();
        return this.maybeAugmented(i, interp);
      case 126: // ~
        this.resetChain();
        return i + 1;
      default:
        throw new Unsure('unknown character');
    }
  }

  private topParams(): boolean {
    return this.inParams;
  }

  /** The innermost open bracket is a `def`'s parameter list. */
  private inParams = false;

  private resetChain(): void {
    if (this.afterGeneric) {
      this.afterGeneric = false;
    }
    this.chain = -1;
    this.afterDot = false;
    this.afterDefName = false;
  }

  /** An operator at `i` (its last character): `op=` is an augmented assignment at depth 0. */
  private maybeAugmented(i: number, interp: boolean): number {
    if (this.t.charCodeAt(i + 1) === 61) {
      if (!interp && this.depth === 0 && this.stmtKeyword === '' && !this.compound && !this.lambdaSeen && this.eqs.length === 0 && !this.pendingEq) {
        this.aug = true;
      }
      return i + 2;
    }
    return i + 1;
  }

  /** A `:` at depth 0: the end of a compound statement's header, or an assignment's annotation. */
  private colon(i: number): void {
    if (this.compound) {
      if (!this.headerDone) {
        this.headerDone = true;
        // The header is one statement; what follows on the line is the next one.
        this.lastEnd = i + 1;
        this.stmtStart = -1;
        this.type0 = undefined;
        this.defHeader = false;
        this.compound = false;
        this.stmtKeyword = '';
      }
      return;
    }
    if (this.stmtKeyword === '' && !this.lambdaSeen && this.eqs.length === 0 && !this.pendingEq && !this.aug && !this.annotated) {
      this.annotated = true;
      this.type0 = { expr: false };
    }
  }

  // ---- literals ----

  private number(i: number): number {
    const t = this.t;
    let j = i;
    const hex = t.charCodeAt(i) === 48 && /[xXoObB]/.test(t[i + 1] ?? '');
    while (j < this.n) {
      const c = t.charCodeAt(j);
      if (isNameChar(c) || c === 46) {
        j++;
        continue;
      }
      if ((c === 43 || c === 45) && !hex && (t.charCodeAt(j - 1) === 101 || t.charCodeAt(j - 1) === 69)) {
        j++;
        continue;
      }
      break;
    }
    return j;
  }

  /** Past the string whose quote is at `q`; f-strings have their interpolations scanned. */
  private string(q: number, f: boolean): number {
    const t = this.t;
    const quote = t.charCodeAt(q);
    const triple = t.charCodeAt(q + 1) === quote && t.charCodeAt(q + 2) === quote;
    let i = q + (triple ? 3 : 1);
    while (i < this.n) {
      const c = t.charCodeAt(i);
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c === quote) {
        if (!triple) return i + 1;
        if (t.charCodeAt(i + 1) === quote && t.charCodeAt(i + 2) === quote) return i + 3;
        i++;
        continue;
      }
      if ((c === 10 || c === 13) && !triple) throw new Unsure('newline in a string');
      if (f && c === 123) {
        if (t.charCodeAt(i + 1) === 123) {
          i += 2;
          continue;
        }
        i = this.interpolation(i + 1, quote);
        continue;
      }
      i++;
    }
    throw new Unsure('unterminated string');
  }

  /** An f-string interpolation whose expression starts at `i`; returns the index past its `}`. */
  private interpolation(i: number, quote: number): number {
    const saved = this.saveTokenState();
    const end = this.interpolationExpr(i, quote);
    this.restoreTokenState(saved);
    return end;
  }

  private interpolationExpr(from: number, quote: number): number {
    const t = this.t;
    this.chain = -1;
    this.afterDot = false;
    this.afterDefName = false;
    this.afterGeneric = false;
    // Scan the expression; a string inside using the f-string's own quote (PEP 701) is not mirrored.
    let i = this.tokensGuarded(from, quote);
    let c = t.charCodeAt(i);
    if (c === 61) {
      i = this.skipBlank(i + 1);
      c = t.charCodeAt(i);
    }
    if (c === 33) {
      i += 1;
      while (i < this.n && isNameChar(t.charCodeAt(i))) i++;
      c = t.charCodeAt(i);
    }
    if (c === 58) {
      // A format spec: literal text with nested interpolations.
      i++;
      while (i < this.n) {
        const d = t.charCodeAt(i);
        if (d === 125) return i + 1;
        if (d === quote || d === 10 || d === 13 || d === 92) throw new Unsure('unusual format spec');
        if (d === 123) {
          i = this.interpolationExpr(i + 1, quote);
          continue;
        }
        i++;
      }
      throw new Unsure('unterminated format spec');
    }
    if (c !== 125) throw new Unsure('unusual interpolation end');
    return i + 1;
  }

  /** `tokens` over an interpolation, refusing a string that reuses the enclosing quote. */
  private tokensGuarded(from: number, quote: number): number {
    const t = this.t;
    // Find the interpolation's extent first: up to the matching `}` at bracket depth 0.
    let depth = 0;
    for (let i = from; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (c === quote) throw new Unsure('nested quote in an f-string');
      if (c === 34 || c === 39) {
        // A string of the other quote inside the expression.
        const close = t.indexOf(String.fromCharCode(c), i + 1);
        if (close < 0) throw new Unsure('unterminated string in an interpolation');
        i = close;
        continue;
      }
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        if (depth === 0) return this.tokens(from, i + 1, true);
        depth--;
      } else if (c === 10 || c === 13) throw new Unsure('newline in an interpolation');
    }
    throw new Unsure('unterminated interpolation');
  }

  private saveTokenState(): [number, boolean, boolean, boolean, boolean] {
    return [this.chain, this.chainBare, this.afterDot, this.afterDefName, this.afterGeneric];
  }

  private restoreTokenState(s: [number, boolean, boolean, boolean, boolean]): void {
    [this.chain, this.chainBare, this.afterDot, this.afterDefName, this.afterGeneric] = s;
  }
}
