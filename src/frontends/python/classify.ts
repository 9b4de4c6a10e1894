/**
 * Pure classifiers over Python syntax: dotted names, initializers, annotations, return
 * expressions and non-deterministic key sources. Nodes are read through `Src`, which slices the
 * file's own text (web-tree-sitter's `node.text` copies the rest of the file on every call).
 */
import type { Node } from 'web-tree-sitter';
import type { DeclaredType, Init, ReturnShape } from '../../model/facts.js';
import { dottedAt, findTopLevel, matchBracket, mutableLiteral, parseSimple, type Simple } from './scan.js';
import { unionType } from '../shared/return-shapes.js';

export interface Src {
  text: string;
  /** Text of a node, sliced from the file. */
  of(node: Node): string;
}

const DOTTED = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;

/** `a.b.c` when the text is a plain dotted name (whitespace-free), else undefined. */
export function dottedText(text: string): string | undefined {
  // ASCII by hand (hot path), Unicode identifiers by the regular expression.
  let expectName = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return DOTTED.test(text) ? text : undefined;
    if (c === 46) {
      if (expectName) return undefined;
      expectName = true;
    } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) expectName = false;
    else if (c >= 48 && c <= 57) {
      if (expectName) return undefined;
    } else return undefined;
  }
  return expectName ? undefined : text;
}

/** PEP 8 CapWords: a call of such a name constructs an instance (classes are the only callables named so). */
export function looksLikeClass(dotted: string): boolean {
  let i = dotted.lastIndexOf('.') + 1;
  while (dotted.charCodeAt(i) === 95 /* _ */) i++;
  const first = dotted.charCodeAt(i);
  if (!(first >= 65 && first <= 90)) return false;
  for (let j = i + 1; j < dotted.length; j++) {
    const c = dotted.charCodeAt(j);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/** Collections a call creates: `dict()`, `defaultdict(list)`, `OrderedDict()`, ... */
const MUTABLE_FACTORIES = new Map<string, string>([
  ['dict', 'dict'],
  ['list', 'list'],
  ['set', 'set'],
  ['bytearray', 'bytearray'],
  ['defaultdict', 'defaultdict'],
  ['collections.defaultdict', 'defaultdict'],
  ['OrderedDict', 'OrderedDict'],
  ['collections.OrderedDict', 'OrderedDict'],
  ['deque', 'deque'],
  ['collections.deque', 'deque'],
  ['Counter', 'Counter'],
  ['collections.Counter', 'Counter'],
  ['ChainMap', 'ChainMap'],
  ['collections.ChainMap', 'ChainMap'],
  ['WeakValueDictionary', 'WeakValueDictionary'],
  ['weakref.WeakValueDictionary', 'WeakValueDictionary'],
  ['WeakKeyDictionary', 'WeakKeyDictionary'],
  ['weakref.WeakKeyDictionary', 'WeakKeyDictionary'],
  ['WeakSet', 'WeakSet'],
  ['weakref.WeakSet', 'WeakSet'],
]);
const FROZEN_FACTORIES = new Set(['frozenset', 'tuple', 'MappingProxyType', 'types.MappingProxyType', 'frozendict', 'namedtuple', 'collections.namedtuple']);
const PRIMITIVE_FACTORIES = new Set(['str', 'int', 'float', 'bool', 'bytes', 'complex', 'repr', 'len', 'TypeVar', 'typing.TypeVar', 'NewType', 'typing.NewType', 'ParamSpec', 'object']);

/** The callee of a `call` node as a dotted name, or undefined (`f()()`, `x[0]()`, `"".join()`). */
export function calleeOf(call: Node, src: Src): string | undefined {
  const fn = call.childForFieldName('function');
  return fn ? dottedText(src.of(fn)) : undefined;
}

function unwrapParens(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
  return n;
}

export function classifyInit(node: Node | null, src: Src): Init {
  if (!node) return { kind: 'none' };
  const n = unwrapParens(node);
  switch (n.type) {
    case 'string':
    case 'concatenated_string':
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
    case 'ellipsis':
    case 'unary_operator':
    case 'comparison_operator':
    case 'not_operator':
      return { kind: 'primitive' };
    case 'dictionary':
    case 'dictionary_comprehension':
      return { kind: 'collection', type: 'dict' };
    case 'list':
    case 'list_comprehension':
      return { kind: 'collection', type: 'list' };
    case 'set':
    case 'set_comprehension':
      return { kind: 'collection', type: 'set' };
    case 'tuple':
      return { kind: 'frozen' };
    case 'lambda':
      return { kind: 'function' };
    case 'identifier':
    case 'attribute': {
      const ref = dottedText(src.of(n));
      return ref === undefined ? { kind: 'other' } : { kind: 'alias', ref };
    }
    case 'assignment':
      // `a = b = {}`: the value is the innermost right-hand side.
      return classifyInit(n.childForFieldName('right'), src);
    case 'call': {
      const callee = calleeOf(n, src);
      return callee === undefined ? { kind: 'other' } : classifyCallInit(callee);
    }
  }
  return { kind: 'other' };
}

/** What `callee(...)` initialises a value to. */
export function classifyCallInit(callee: string): Init {
  const collection = MUTABLE_FACTORIES.get(callee);
  if (collection) return { kind: 'collection', type: collection };
  if (FROZEN_FACTORIES.has(callee)) return { kind: 'frozen' };
  if (PRIMITIVE_FACTORIES.has(callee)) return { kind: 'primitive' };
  if (looksLikeClass(callee)) return { kind: 'new', callee };
  return { kind: 'call', callee };
}

/** `classifyInit` from the text: a parsed simple expression, else the literal's first character. */
export function classifyInitText(text: string): Init {
  const t = text.trim();
  if (t === '') return { kind: 'none' };
  const e = parseSimple(t);
  if (e) {
    switch (e.k) {
      case 'str':
      case 'fstr':
      case 'num':
      case 'const':
        return { kind: 'primitive' };
      case 'list':
        return { kind: 'collection', type: 'list' };
      case 'dict':
        return { kind: 'collection', type: 'dict' };
      case 'tuple':
        return { kind: 'frozen' };
      case 'name':
        return { kind: 'alias', ref: e.path };
      case 'call':
        return classifyCallInit(e.callee);
      default:
        return { kind: 'other' };
    }
  }
  const literal = mutableLiteral(t);
  if (literal) return literal;
  // `'a', 'b'` and `(x, y)`: tuples.
  if (findTopLevel(t, 0, t.length, ',') >= 0) return { kind: 'frozen' };
  if (t.startsWith('(') && matchBracket(t, 0, t.length) === t.length - 1) {
    const inner = t.slice(1, -1).trim();
    return inner === '' || findTopLevel(inner, 0, inner.length, ',') >= 0 ? { kind: 'frozen' } : classifyInitText(inner);
  }
  if (/^lambda\b/.test(t)) return { kind: 'function' };
  // `f(<anything>)`: a call whose arguments are not simple.
  const head = dottedAt(t, 0);
  if (head && t.charCodeAt(head.next) === 40 && matchBracket(t, head.next, t.length) === t.length - 1) return classifyCallInit(head.name);
  if (/^[rRbBuUfF]{0,2}['"]/.test(t) && parseSimple(t.split(/\s+/)[0]!) !== undefined) return { kind: 'primitive' };
  if (/^-?\d/.test(t)) return { kind: 'primitive' };
  return { kind: 'other' };
}

/** `classifyReturn` on a parsed simple expression; `onCall` gets each call's offset in the text. */
export function classifyReturnSimple(e: Simple, out: ReturnShape[], onIdentifier: (name: string) => void, onCall: (offset: number) => void): void {
  switch (e.k) {
    case 'str':
    case 'fstr':
    case 'num':
    case 'const':
    case 'list':
    case 'dict':
    case 'tuple':
    case 'concat':
      out.push({ kind: 'sync' });
      return;
    case 'name':
      if (e.path.includes('.')) out.push({ kind: 'unknown' });
      else if (e.path === 'None' || e.path === 'True' || e.path === 'False') out.push({ kind: 'sync' });
      else onIdentifier(e.path);
      return;
    case 'or':
      for (const item of e.items) classifyReturnSimple(item, out, onIdentifier, onCall);
      return;
    case 'call': {
      onCall(e.at);
      const last = e.callee.slice(e.callee.lastIndexOf('.') + 1);
      if (e.callee.includes('.') && PROMISE_CALLS.has(last)) out.push({ kind: 'promise' });
      else if (looksLikeClass(e.callee)) out.push({ kind: 'new', callee: e.callee });
      else out.push({ kind: 'call', callee: e.callee });
      return;
    }
  }
}

const PROMISE_TYPES = new Set(['Awaitable', 'Coroutine', 'Future', 'Task', 'Deferred']);
const OPAQUE_TYPES = new Set(['Any', 'object', 'Self', 'TypeVar', 'Never', 'NoReturn']);
const SYNC_TYPES = new Set([
  'None', 'str', 'int', 'float', 'bool', 'bytes', 'bytearray', 'complex', 'list', 'dict', 'set', 'frozenset', 'tuple',
  'List', 'Dict', 'Set', 'FrozenSet', 'Tuple', 'DefaultDict', 'OrderedDict', 'Counter', 'Deque', 'deque', 'defaultdict',
  'Sequence', 'MutableSequence', 'Mapping', 'MutableMapping', 'Iterable', 'Iterator', 'Generator', 'Collection',
  'AbstractSet', 'MutableSet', 'Callable', 'type', 'Type', 'Literal', 'LiteralString', 'Pattern', 'Match', 'TypeGuard',
  'TypeIs', 'ClassVar', 'Final', 'Annotated', 'Required', 'NotRequired', 'ReadOnly', 'Hashable', 'Sized', 'Reversible',
  'Container', 'ItemsView', 'KeysView', 'ValuesView', 'memoryview', 'range', 'slice',
]);
const SYNC_WRAPPERS = new Set(['Final', 'Annotated', 'ClassVar', 'Required', 'NotRequired', 'ReadOnly']);

/** Split `A, B[C, D], E` at top-level commas (or `|`). */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((s) => s.length > 0);
}

function unionMembers(text: string): string[] {
  const t = text.trim();
  const bar = splitTop(t, '|');
  if (bar.length > 1) return bar.flatMap(unionMembers);
  const m = /^(?:typing\.|t\.)?(Optional|Union)\[(.*)\]$/s.exec(t);
  if (m) {
    const inner = splitTop(m[2]!, ',').flatMap(unionMembers);
    return m[1] === 'Optional' ? [...inner, 'None'] : inner;
  }
  return [t];
}

/** What a return annotation (its source text) says about awaitability. */
export function classifyAnnotation(text: string | undefined, typeParams: ReadonlySet<string>): DeclaredType {
  if (text === undefined) return { kind: 'none' };
  // `-> Foo`, `-> None`, `-> pkg.Foo`: no union to split, no quotes to strip.
  if (dottedText(text) !== undefined) return classifyMember(text, typeParams);
  let t = text.trim();
  if (/^(['"]).*\1$/s.test(t)) t = t.slice(1, -1).trim();
  const members = unionMembers(t);
  if (members.length === 1) return classifyMember(members[0]!, typeParams);
  return unionType(members, (member) => classifyMember(member, typeParams));
}

function classifyMember(member: string, typeParams: ReadonlySet<string>): DeclaredType {
  let t = member.trim();
  if (/^(['"]).*\1$/s.test(t)) t = t.slice(1, -1).trim();
  const bracket = t.indexOf('[');
  const head = bracket < 0 ? t : t.slice(0, bracket);
  if (dottedText(head) === undefined) return { kind: 'opaque' };
  const last = head.slice(head.lastIndexOf('.') + 1);
  if (PROMISE_TYPES.has(last)) return { kind: 'promise' };
  if (OPAQUE_TYPES.has(last) || typeParams.has(head)) return { kind: 'opaque' };
  if (/async|awaitable|coroutine|future|deferred|promise/i.test(last)) return { kind: 'opaque' };
  if (SYNC_WRAPPERS.has(last) && bracket > 0) return classifyAnnotation(splitTop(t.slice(bracket + 1, -1), ',')[0], typeParams);
  if (SYNC_TYPES.has(last)) return { kind: 'sync' };
  return { kind: 'ref', name: head };
}

/** Calls whose result is awaitable: scheduling and future-making APIs. */
const PROMISE_CALLS = new Set([
  'create_task', 'ensure_future', 'gather', 'run_in_executor', 'create_future', 'wait_for', 'shield', 'to_thread',
  'run_coroutine_threadsafe', 'sleep', 'wait', 'as_completed',
]);

/**
 * Classify what a `return` expression yields. Identifiers go to the caller (it knows the
 * function's local assignments); calls of CapWords names are constructions.
 */
export function classifyReturn(node: Node, src: Src, out: ReturnShape[], onIdentifier: (name: string) => void, onCall?: (start: number) => void): void {
  const n = unwrapParens(node);
  switch (n.type) {
    case 'string':
    case 'concatenated_string':
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
    case 'ellipsis':
    case 'list':
    case 'dictionary':
    case 'set':
    case 'tuple':
    case 'list_comprehension':
    case 'dictionary_comprehension':
    case 'set_comprehension':
    case 'generator_expression':
    case 'lambda':
    case 'comparison_operator':
    case 'not_operator':
    case 'unary_operator':
    case 'binary_operator':
      out.push({ kind: 'sync' });
      return;
    case 'identifier':
      onIdentifier(src.of(n));
      return;
    case 'conditional_expression': {
      const a = n.namedChild(0);
      const b = n.namedChild(2);
      if (a) classifyReturn(a, src, out, onIdentifier, onCall);
      if (b) classifyReturn(b, src, out, onIdentifier, onCall);
      return;
    }
    case 'boolean_operator': {
      const a = n.childForFieldName('left');
      const b = n.childForFieldName('right');
      if (a) classifyReturn(a, src, out, onIdentifier, onCall);
      if (b) classifyReturn(b, src, out, onIdentifier, onCall);
      return;
    }
    case 'assignment': {
      const r = n.childForFieldName('right');
      if (r) classifyReturn(r, src, out, onIdentifier, onCall);
      else out.push({ kind: 'unknown' });
      return;
    }
    case 'call': {
      onCall?.(n.startIndex);
      const callee = calleeOf(n, src);
      if (callee === undefined) {
        out.push({ kind: 'unknown' });
        return;
      }
      const last = callee.slice(callee.lastIndexOf('.') + 1);
      if (callee.includes('.') && PROMISE_CALLS.has(last)) out.push({ kind: 'promise' });
      else if (looksLikeClass(callee)) out.push({ kind: 'new', callee });
      else out.push({ kind: 'call', callee });
      return;
    }
  }
  out.push({ kind: 'unknown' });
}

/** Non-deterministic value sources among the calls inside a key expression. */
export function nondeterministicSource(callee: string): string | undefined {
  switch (callee) {
    case 'uuid.uuid1':
    case 'uuid.uuid4':
    case 'uuid1':
    case 'uuid4':
    case 'time.time':
    case 'time.time_ns':
    case 'time.monotonic':
    case 'time.monotonic_ns':
    case 'time.perf_counter':
    case 'time.perf_counter_ns':
    case 'datetime.now':
    case 'datetime.utcnow':
    case 'datetime.today':
    case 'datetime.datetime.now':
    case 'datetime.datetime.utcnow':
    case 'datetime.datetime.today':
    case 'date.today':
    case 'datetime.date.today':
    case 'os.urandom':
    case 'os.getrandom':
      return `${callee}()`;
  }
  if (/^(random|secrets)\.[\w.]+$/.test(callee)) return `${callee}()`;
  if (/^(token_hex|token_urlsafe|token_bytes|randint|randrange|getrandbits)$/.test(callee)) return `${callee}()`;
  return undefined;
}
