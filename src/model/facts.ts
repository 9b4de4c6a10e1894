/**
 * The facts model: plain, serialisable data that a frontend extracts from one file.
 *
 * Nothing here holds an AST node, so facts can cross worker threads, be cached on disk by content
 * hash, and come from any language frontend (TypeScript today, Python next). Rules never see an
 * AST; they read these facts through the linked `ProjectIndex`.
 *
 * Bump FACTS_VERSION whenever the shape or meaning of a fact changes: caches keyed on an older
 * version are then ignored.
 */
export const FACTS_VERSION = 11;

/** The built-in languages' ids; a language plugin may add its own (src/frontends/plugin.ts). */
export type Language = 'typescript' | 'javascript' | 'python' | (string & {});

/** 1-based line and column of a span's start and end. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** How a module-level or class-level value is initialised; decides mutable vs immutable sharing. */
export type Init =
  | { kind: 'none' }
  | { kind: 'primitive' } // string, number, boolean, null, undefined, bigint, template without calls, regex
  | { kind: 'frozen' } // Object.freeze(...), `as const`, readonly tuple, frozen dataclass instance
  | { kind: 'enum-member'; ref: string } // Mode.Shared
  | { kind: 'object' } // {...}
  | { kind: 'array' } // [...]
  | { kind: 'collection'; type: string } // new Map / Set / WeakMap / WeakSet / Array / dict() / set() / list()
  | { kind: 'new'; callee: string } // new X(...), Python X(...) where X resolves to a class
  | { kind: 'call'; callee: string } // f(...)
  | { kind: 'alias'; ref: string } // another name: `B = A`, `B = ns.A`
  | { kind: 'function' } // arrow, function expression, lambda
  | { kind: 'class' } // class expression
  | { kind: 'other' };

export type ImportKind = 'static' | 'dynamic' | 'require' | 'side-effect' | 'reexport';

export interface ImportedName {
  /** Name in the target module: an export name, 'default', or '*' for a namespace import. */
  imported: string;
  /** Local binding name ('' for side-effect imports). */
  local: string;
  typeOnly: boolean;
  /** Where this name stands in the statement (named imports); the statement otherwise. */
  at?: Span;
}

export interface ImportFact {
  specifier: string;
  kind: ImportKind;
  /** The whole statement is type-only (`import type`, or every name has a `type` modifier). */
  typeOnly: boolean;
  names: ImportedName[];
  at: Span;
  /** Python: position-independent relative level (1 for `.`, 2 for `..`). */
  level?: number;
  /** Python: `try: import new / except ImportError: import old`. */
  compatFallback?: boolean;
  /** Python: the `except ImportError:` side of such a pair: it runs only when the first import failed. */
  onlyIfFailed?: boolean;
  /**
   * Written as a value import but dropped at runtime: every binding is used only in type positions
   * or not at all (TypeScript import elision; Python imports under `if TYPE_CHECKING:`).
   */
  elided?: boolean;
  /** Runs only when a function is called (a `require` inside a function body), not at module load. */
  lazy?: boolean;
}

export type ExportFact =
  /** `export { local as exported }`, `export class X`, `export default X`, `module.exports.x = y`. */
  | { kind: 'local'; exported: string; local: string; typeOnly: boolean; at: Span }
  /** `export { imported as exported } from 'from'`, `export * as ns from` (imported '*'). */
  | { kind: 'reexport'; from: string; imported: string; exported: string; typeOnly: boolean; at: Span }
  /** `export * from 'from'`, Python `from x import *`. */
  | { kind: 'star'; from: string; typeOnly: boolean; at: Span };

export type DeclKind =
  | 'class'
  | 'abstract-class'
  | 'interface'
  | 'enum'
  | 'type'
  | 'function'
  | 'variable'
  | 'namespace';

export interface MemberFact {
  name: string;
  kind: 'method' | 'field' | 'accessor' | 'constructor';
  isStatic: boolean;
  isAbstract: boolean;
  /** Fields: how the initializer classifies (static fields matter for sharing). */
  init?: Init;
  readonly?: boolean;
  /**
   * Python: a class attribute written like a per-instance default (`_connections = {}` in the class
   * body, not annotated `ClassVar`, never rebound per instance as `self.x = …`) that is nevertheless
   * one object shared by every instance.
   */
  implicitStatic?: boolean;
  /**
   * Static fields, when the frontend tracks it (Python): the class's own code mutates the value in
   * place, through an instance or the class (`cls.x[k] = v`, `Class.x.append(…)`). Absent: unknown.
   */
  mutated?: boolean;
  at: Span;
}

export interface ClassFact {
  name: string;
  kind: 'class' | 'abstract-class' | 'interface' | 'enum' | 'protocol';
  exported: boolean;
  at: Span;
  /** Span of the name, where findings point. */
  nameAt: Span;
  extends?: string;
  implements: string[];
  members: MemberFact[];
  /** Constructor parameter names, their declared type text, and whether a caller may leave them out (`x?`, `x = None`): for per-user detection. */
  ctorParams: { name: string; type?: string; optional?: true }[];
  /** Assignments `this.x = <expr>` in the constructor / field initialisers referencing a module name. */
  fieldRefs: { field: string; ref: string; at: Span }[];
  /** Decorators by name (Python `dataclass(frozen=True)` → `dataclass:frozen`). */
  decorators: string[];
  /** Fields whose object the class mutates in place: `this.f.x = …`, `this.f.push(…)`, `this.f[k] = …`. */
  mutatedFields: string[];
  /** Instances cannot change after construction: Python `NamedTuple`, frozen dataclass. */
  immutable?: boolean;
}

/** A return expression, classified for the awaited-sync-call rule's inference. */
export type ReturnShape =
  | { kind: 'sync' }
  | { kind: 'promise' }
  | { kind: 'unknown' }
  | { kind: 'call'; callee: string }
  | { kind: 'new'; callee: string };

/** What a declared type annotation says about thenability. */
export type DeclaredType =
  | { kind: 'none' }
  | { kind: 'promise' } // Promise<T>, PromiseLike<T>, Thenable, Awaitable, ...
  | { kind: 'opaque' } // any, unknown, a type parameter, a union with a thenable or opaque member
  | { kind: 'sync' } // void, primitives, arrays, object type literals, tuples
  | { kind: 'ref'; name: string }; // a named type to resolve through the index

/**
 * Python: a parameter default evaluated once, when the function is defined, and shared by every call
 * that omits the argument (JavaScript evaluates defaults per call, so the TS frontend never sets it).
 */
export interface SharedDefault {
  init: Init;
  at: Span;
  /** The body mutates the parameter in place or stores it on `self`, so the sharing is observable. */
  mutated: boolean;
}

export interface FunctionFact {
  name: string;
  /** `Class.method` for methods, `name` otherwise. */
  qualifiedName: string;
  className?: string;
  isStatic: boolean;
  /** `private` / `#name` methods: no subclass outside the project can override them. */
  isPrivate?: boolean;
  isAsync: boolean;
  isGenerator: boolean;
  /** Declared with a type parameter list. */
  typeParams: string[];
  returnType: DeclaredType;
  returnTypeText?: string;
  returns: ReturnShape[];
  /** Classes constructed anywhere in the body: `new X(...)`. */
  constructs: string[];
  /** `optional`: the parameter has a default (Python `x=None`). */
  params: { name: string; type?: string; optional?: true; sharedDefault?: SharedDefault }[];
  exported: boolean;
  at: Span;
  nameAt: Span;
  /**
   * What the function returns, as a key derivation with its parameters written `$0`, `$1`, …
   * (`userKey(ctx) { return ctx.userId ?? Date.now() }` → `$0.userId`, fallback `Date.now()`).
   * Present only when every return is a derivable value (names, property paths, literals, string
   * building, fallbacks, calls) and the function takes parameters or uses a non-deterministic source.
   */
  derives?: KeyDerivation;
}

/** One operand a key is built from. */
export type KeyPart =
  /**
   * Data: a name or property path (`ctx.userId`, `userId`, `this.id`; `$0.userId` in a function's
   * `derives`). `opaque`: a bare parameter or a local whose value was made elsewhere.
   */
  | { kind: 'ref'; path: string; opaque?: boolean }
  | { kind: 'literal'; text: string }
  /**
   * A call whose result is part of the key. `callee` is resolvable through the index (`userKey`,
   * `ns.key`, `this.keyFor`, `JSON.stringify`); a method called on data (`name.toLowerCase()`) has
   * the method name as `callee` and the data as `receiver`.
   */
  | { kind: 'call'; callee: string; args: KeyDerivation[]; receiver?: KeyDerivation; text: string }
  /**
   * Alternatives, first is the primary and the rest are fallbacks: `a ?? b`, `a || b`,
   * `c ? a : b`, a local assigned in several places, a function's several returns.
   */
  | { kind: 'choice'; options: KeyDerivation[] }
  /** `Date.now()`, `randomUUID()`, `new Date()`, a process-unique counter `++seq`, … */
  | { kind: 'nondeterministic'; source: string }
  /** Anything else (arithmetic, element access, literals of objects): not comparable. */
  | { kind: 'other'; text: string };

/** How a key value is built, operand by operand, after following local assignments. */
export interface KeyDerivation {
  /** Normalised source text, for messages. */
  text: string;
  parts: KeyPart[];
}

export interface CallFact {
  /** Callee as a dotted name: `f`, `ns.f`, `this.registry.get`, `Class.create`. */
  callee: string;
  /** The callee's first name is a parameter or local of an enclosing function, not a module name. */
  local?: boolean;
  awaited: boolean;
  /**
   * Python: the `await` is expected to fail or checked first (`pytest.raises(TypeError)`,
   * `except TypeError`, under `if inspect.iscoroutinefunction(f)`): not a mistake.
   */
  awaitGuarded?: true;
  /**
   * Awaited calls: from the `await` keyword to the start of its operand (`await (f())`: to the `(`).
   * Deleting this text drops the await and keeps the operand as written (autofix).
   */
  awaitAt?: Span;
  /**
   * Deleting the await would let the line before run into the operand (automatic semicolon
   * insertion: the await starts its line and its operand is parenthesised): write `;` in its place.
   */
  awaitAsi?: true;
  /** Qualified name of the enclosing function, '' at module level. */
  enclosing: string;
  inCatch: boolean;
  inFallback: boolean;
  at: Span;
}

export interface NewFact {
  callee: string;
  /** The constructor's first name is a parameter or local of an enclosing function. */
  local?: boolean;
  enclosing: string;
  inCatch: boolean;
  inFallback: boolean;
  /** What the instance is stored into, when that is visible at the site. */
  storedIn?: { kind: 'module'; name: string } | { kind: 'static'; className: string; name: string };
  /** Argument count; `new X()` vs `new X(ctx)`. */
  argCount: number;
  /**
   * The instance outlives the expression as a product: it is returned (directly or through a local
   * variable), or stored as a keyed-collection value, a field, a module or static slot.
   */
  kept: boolean;
  /**
   * The instance is put into a cache that outlives the call: the value of a keyed-collection write
   * (`map.set(k, m)`, `reg[k] = m`) or a module/static slot — the get-or-create pattern.
   */
  cached: boolean;
  /** `throw new X()`: an error object, never a managed product. */
  thrown: boolean;
  /**
   * Inside a script's entry point (Python `if __name__ == "__main__":`): run by hand, once, not by
   * the program's callers, so not a bypass of its factories.
   */
  script?: boolean;
  at: Span;
}

export interface BindingFact {
  name: string;
  declKind: 'const' | 'let' | 'var' | 'assign';
  exported: boolean;
  init: Init;
  at: Span;
  nameAt: Span;
}

export type KeyedOp = 'set' | 'get' | 'has' | 'delete';

export interface KeyedOpFact {
  /** `managers`, `this.managers`, `Registry.managers`. */
  receiver: string;
  receiverScope: 'module' | 'this' | 'static' | 'local';
  className?: string;
  op: KeyedOp;
  /** Normalised key expression after following local `const key = …` in the same function. */
  key: string;
  /**
   * The key is a local of the enclosing function assigned once (`key = f"{u}:{time.time()}"`), read
   * here by that name: operations through the same local use one value, whatever it contains.
   */
  keyLocal?: string;
  /** Names of functions called to build the key. */
  keyCalls: string[];
  /** Non-deterministic sources found in the key expression (`Date.now`, `randomUUID`, ...). */
  nondeterministic: string[];
  /** The key broken into operands (locals followed, fallbacks marked), for comparing derivations. */
  derivation?: KeyDerivation;
  enclosing: string;
  at: Span;
}

/** `createRegistry({ create: … new X … })` (ssot-lint/registry or a look-alike): X is managed. */
export interface RegistryFact {
  /** The binding that holds the registry (`managers`), '' when not bound to a name. */
  name: string;
  /** The callee as written (`createRegistry`, `registry.createRegistry`). */
  callee: string;
  /** Classes constructed inside the `create` option. */
  creates: string[];
  /** `name: '…'` option when it is a string literal. */
  label?: string;
  /**
   * How the `key` option turns the registry's input into a key: `key: (ctx) => ctx.userId` derives
   * `ctx.userId`; `key: userKey` is a call of `userKey` on the input, for the linker to follow.
   */
  key?: KeyDerivation;
  /** Where the `key` option is written. */
  keyAt?: Span;
  at: Span;
}

/**
 * A definition that replaces an earlier one of the same name in the same scope (module or class
 * body), unconditionally: Python binds the name to the last `def`/`class`, JavaScript to the last
 * function declaration or method. Not recorded for `@overload` signatures, property setters,
 * TypeScript overload signatures, or definitions under `if`/`try`.
 */
export interface RedefinitionFact {
  name: string;
  kind: 'class' | 'function' | 'method';
  className?: string;
  /** The later definition's name. */
  at: Span;
  /** The earlier definition's name: it never runs. */
  earlier: Span;
}

export interface SuppressionFact {
  kind: 'next-line' | 'line' | 'file';
  rules: string[];
  reason?: string;
  /** The line the suppression applies to (for 'file', the comment's own line). */
  line: number;
  at: Span;
}

export interface ParseProblem {
  message: string;
  line: number;
  column: number;
}

export interface FileFacts {
  version: typeof FACTS_VERSION;
  path: string;
  language: Language;
  hash: string;
  parseErrors: ParseProblem[];
  imports: ImportFact[];
  exports: ExportFact[];
  /** Every top-level declaration name with its kind; imports are not listed here. */
  declarations: { name: string; kind: DeclKind; at: Span }[];
  classes: ClassFact[];
  functions: FunctionFact[];
  calls: CallFact[];
  news: NewFact[];
  bindings: BindingFact[];
  keyedOps: KeyedOpFact[];
  registries: RegistryFact[];
  suppressions: SuppressionFact[];
  /** Python `__all__` when it is a literal list: the names `from this import *` brings in. */
  starNames?: string[];
  /** Unconditional redefinitions in one scope (absent when there are none). */
  redefinitions?: RedefinitionFact[];
}
