/**
 * Is a function synchronous, as far as we can prove without a type checker?
 *
 * 'sync' only when every way the function can return is known not to be thenable: a declared return
 * type that resolves to a non-thenable class/interface/enum or a primitive, or (undeclared) return
 * expressions that are literals, `new X`, or calls of functions that are themselves sync. Anything
 * else — async, generators, Promise/any/unknown/type parameters, unresolvable calls — is 'unknown' or
 * 'async', and rules stay silent.
 */
import type { ClassFact, FunctionFact } from '../facts.js';
import type { ProjectIndex } from '../project-index.js';

export interface SyncVerdict {
  verdict: 'sync' | 'async' | 'unknown';
  /** For messages: "is declared to return WebSocketManager", "returns new WebSocketManager(...)". */
  reason: string;
}

const THENABLE_NAME = /promise|deferred|future|thenable|task/i;

export function syncVerdict(index: ProjectIndex, file: string, fn: FunctionFact, depth = 0): SyncVerdict {
  // By the function itself: callers pass what `resolveCall` found, one object per `file#qualifiedName`.
  const verdicts = index.memo('syncVerdicts', () => new Map<FunctionFact, SyncVerdict>());
  let verdict = verdicts.get(fn);
  if (!verdict) {
    verdict = compute(index, file, fn, depth);
    verdicts.set(fn, verdict);
  }
  return verdict;
}

/** Awaitable instances: a `then` method (JS thenables), Python `__await__`. */
function hasThen(cls: ClassFact): boolean {
  return cls.members.some((m) => m.name === 'then' || m.name === '__await__');
}

/**
 * Instances may be awaitable: a `then` of its own, or a name like `Task`/`Future` on a class whose
 * members we cannot all see (an interface, or a class that extends another). A plain class of the
 * project with no heritage and no `then` is never thenable, whatever its name (`DeliveryTaskService`).
 */
function mayBeThenable(cls: ClassFact): boolean {
  if (hasThen(cls)) return true;
  if (cls.extends !== undefined) return THENABLE_NAME.test(cls.name) || THENABLE_NAME.test(cls.extends);
  return cls.kind !== 'class' && cls.kind !== 'enum' && THENABLE_NAME.test(cls.name);
}

function compute(index: ProjectIndex, file: string, fn: FunctionFact, depth: number): SyncVerdict {
  if (fn.isAsync) return { verdict: 'async', reason: 'is async' };
  if (fn.isGenerator) return { verdict: 'unknown', reason: 'is a generator' };
  const rt = fn.returnType;
  switch (rt.kind) {
    case 'promise':
      return { verdict: 'async', reason: `is declared to return ${fn.returnTypeText ?? 'a Promise'}` };
    case 'opaque':
      return { verdict: 'unknown', reason: `is declared to return ${fn.returnTypeText ?? 'an opaque type'}` };
    case 'sync':
      return { verdict: 'sync', reason: `is declared to return ${fn.returnTypeText ?? `a ${index.language(file).spelling.nonAwaitable} value`}` };
    case 'ref': {
      const r = index.resolveDotted(file, rt.name);
      if (!r || r.member !== undefined) return { verdict: 'unknown', reason: `returns ${rt.name}, which is not resolvable here` };
      const cls = index.classIn(r.symbol.file, r.symbol.name);
      if (cls && (cls.kind === 'class' || cls.kind === 'abstract-class' || cls.kind === 'interface' || cls.kind === 'enum')) {
        if (mayBeThenable(cls)) {
          return { verdict: 'unknown', reason: `returns ${rt.name}, which may be thenable` };
        }
        // An interface may extend PromiseLike: we only trust those with no heritage we cannot see.
        if (cls.kind === 'interface' && cls.implements.length > 0) return { verdict: 'unknown', reason: `returns ${rt.name}` };
        return { verdict: 'sync', reason: `is declared to return ${fn.returnTypeText ?? rt.name}` };
      }
      if (r.symbol.kind === 'enum') return { verdict: 'sync', reason: `is declared to return ${rt.name}` };
      return { verdict: 'unknown', reason: `returns ${rt.name}` };
    }
    case 'none':
      break;
  }
  if (fn.returns.length === 0) return { verdict: 'sync', reason: index.language(file).spelling.noValue };
  if (depth > 6) return { verdict: 'unknown', reason: 'call chain too deep' };
  let firstNew: string | undefined;
  let sawCall: string | undefined;
  for (const shape of fn.returns) {
    switch (shape.kind) {
      case 'sync':
        break;
      case 'promise':
        return { verdict: 'async', reason: 'returns a Promise' };
      case 'unknown':
        return { verdict: 'unknown', reason: 'returns a value of unknown type' };
      case 'new': {
        const t = index.resolveClass(file, shape.callee);
        if (!t && THENABLE_NAME.test(shape.callee)) return { verdict: 'unknown', reason: `returns new ${shape.callee}()` };
        if (t && mayBeThenable(t.cls)) return { verdict: 'unknown', reason: `returns a thenable ${shape.callee}` };
        firstNew ??= shape.callee;
        break;
      }
      case 'call': {
        if (shape.callee.startsWith('#ref:')) {
          const b = index.bindingIn(file, shape.callee.slice(5));
          const k = b?.init.kind;
          if (k === 'primitive' || k === 'object' || k === 'array' || k === 'frozen' || k === 'collection' || k === 'function') break;
          if (k === 'new' && b?.init.kind === 'new' && !THENABLE_NAME.test(b.init.callee)) break;
          return { verdict: 'unknown', reason: 'returns a module value of unknown type' };
        }
        const target = index.resolveCall(file, shape.callee, fn.className);
        if (!target) return { verdict: 'unknown', reason: `returns ${shape.callee}(), which is not resolvable here` };
        if (target.fn === fn) break; // direct recursion adds nothing
        const v = syncVerdict(index, target.file, target.fn, depth + 1);
        if (v.verdict !== 'sync') return { verdict: v.verdict, reason: `returns ${shape.callee}(), which ${v.reason}` };
        sawCall ??= shape.callee;
        break;
      }
    }
  }
  if (firstNew) {
    return { verdict: 'sync', reason: index.language(file).spelling.returnsConstruction(firstNew) };
  }
  if (sawCall) return { verdict: 'sync', reason: `returns ${sawCall}(), which is synchronous` };
  return { verdict: 'sync', reason: `returns only ${index.language(file).spelling.nonAwaitable} values` };
}
