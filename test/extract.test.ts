/** The TypeScript frontend's facts, one construct at a time. */
import { describe, expect, it } from 'vitest';
import { extractTypeScript } from '../src/frontends/typescript/extract.js';

const facts = (text: string, path = 'src/a.ts') => extractTypeScript(path, text, 'h');

describe('imports', () => {
  it('records every import form with type-only flags and kinds', () => {
    const f = facts(`
      import D, { A, B as C, type T } from './x';
      import * as ns from './ns';
      import type { Only } from './types';
      import './side-effect';
      import R = require('./cjs');
      const { P, Q: Z } = require('./destructured');
      const whole = require('./whole');
      export async function later() { await import('./dynamic'); }
    `);
    const bySpec = Object.fromEntries(f.imports.map((i) => [i.specifier, i]));
    expect(bySpec['./x']!.names.map((n) => [n.imported, n.local, n.typeOnly])).toEqual([
      ['default', 'D', false],
      ['A', 'A', false],
      ['B', 'C', false],
      ['T', 'T', true],
    ]);
    expect(bySpec['./x']!.typeOnly).toBe(false);
    expect(bySpec['./ns']!.names).toEqual([{ imported: '*', local: 'ns', typeOnly: false }]);
    expect(bySpec['./types']!.typeOnly).toBe(true);
    expect(bySpec['./side-effect']!.kind).toBe('side-effect');
    expect(bySpec['./cjs']!.kind).toBe('require');
    expect(bySpec['./destructured']!.names.map((n) => [n.imported, n.local])).toEqual([
      ['P', 'P'],
      ['Q', 'Z'],
    ]);
    expect(bySpec['./whole']!.names).toEqual([{ imported: '*', local: 'whole', typeOnly: false }]);
    expect(bySpec['./dynamic']!.kind).toBe('dynamic');
    expect(f.declarations.map((d) => d.name)).toEqual(['later']); // require bindings are imports, not declarations
  });

  it('a statement whose every name is `type` is type-only', () => {
    const f = facts(`import { type A, type B } from './x';`);
    expect(f.imports[0]!.typeOnly).toBe(true);
  });
});

describe('exports', () => {
  it('records local, renamed, re-exported, star and default exports', () => {
    const f = facts(`
      export class K {}
      export function f() {}
      export const v = 1, w = 2;
      const hidden = 3;
      export { hidden as shown };
      export { A as B } from './a';
      export * from './star';
      export * as space from './space';
      export type { T } from './types';
      export interface I {}
      export default K;
    `);
    const simple = f.exports.map((e) => (e.kind === 'local' ? `local:${e.local}->${e.exported}${e.typeOnly ? ':type' : ''}` : e.kind === 'reexport' ? `re:${e.from}:${e.imported}->${e.exported}${e.typeOnly ? ':type' : ''}` : `star:${e.from}`));
    expect(simple).toEqual([
      'local:K->K',
      'local:f->f',
      'local:v->v',
      'local:w->w',
      'local:hidden->shown',
      're:./a:A->B',
      'star:./star',
      're:./space:*->space',
      're:./types:T->T:type',
      'local:I->I:type',
      'local:K->default',
    ]);
  });

  it('CommonJS module.exports forms', () => {
    const f = facts(`
      class Manager {}
      function make() { return new Manager(); }
      module.exports = { Manager, create: make };
      module.exports.extra = make;
      exports.shared = new Manager();
    `, 'src/a.cjs');
    expect(f.language).toBe('javascript');
    const exp = f.exports.map((e) => (e.kind === 'local' ? `${e.local}->${e.exported}` : e.kind));
    expect(exp).toEqual(['Manager->Manager', 'make->create', 'make->extra', 'shared->shared']);
    expect(f.bindings.find((b) => b.name === 'shared')!.init).toEqual({ kind: 'new', callee: 'Manager' });
    expect(f.news.find((n) => n.storedIn)!.storedIn).toEqual({ kind: 'module', name: 'shared' });
  });
});

describe('initializer classification', () => {
  it('tells mutable from immutable module values', () => {
    const f = facts(`
      enum Mode { A = 'a' }
      export const s = 'x', n = 1, t = \`a\${n}\`, neg = -1;
      export const frozen = Object.freeze({ a: 1 });
      export const asConst = { a: 1 } as const;
      export const ro: Readonly<{ a: number }> = { a: 1 };
      export const obj = { a: 1 };
      export const arr = [1];
      export const map = new Map();
      export const inst = new Date();
      export const called = make();
      export const alias = Mode.A;
      export const fn = () => 1;
      function make() { return 1; }
    `);
    const init = Object.fromEntries(f.bindings.map((b) => [b.name, b.init.kind]));
    expect(init).toEqual({
      s: 'primitive', n: 'primitive', t: 'primitive', neg: 'primitive', frozen: 'frozen', asConst: 'frozen', ro: 'frozen',
      obj: 'object', arr: 'array', map: 'collection', inst: 'new', called: 'call', alias: 'alias', fn: 'function',
    });
  });
});

describe('classes', () => {
  it('records kind, heritage, members, static initializers, ctor params and field refs', () => {
    const f = facts(`
      const DEFAULTS = { a: 1 };
      interface Shape { area(): number; }
      abstract class Base { abstract area(): number; }
      export class Circle extends Base implements Shape {
        static registry = new Map<string, Circle>();
        static readonly VERSION = 1;
        private opts = DEFAULTS;
        constructor(private readonly ctx: UserContext, radius: number) {
          super();
          this.other = DEFAULTS;
          this.opts.a = radius;
        }
        area(): number { return 1; }
        get name(): string { return 'c'; }
      }
      enum Color { Red }
    `);
    const circle = f.classes.find((c) => c.name === 'Circle')!;
    expect(circle.kind).toBe('class');
    expect(circle.extends).toBe('Base');
    expect(circle.implements).toEqual(['Shape']);
    expect(circle.ctorParams).toEqual([{ name: 'ctx', type: 'UserContext' }, { name: 'radius', type: 'number' }]);
    expect(circle.members.filter((m) => m.isStatic).map((m) => [m.name, m.init?.kind])).toEqual([
      ['registry', 'collection'],
      ['VERSION', 'primitive'],
    ]);
    expect(circle.fieldRefs.map((r) => [r.field, r.ref])).toEqual([
      ['opts', 'DEFAULTS'],
      ['other', 'DEFAULTS'],
    ]);
    expect(circle.mutatedFields).toEqual(['opts']);
    expect(f.classes.find((c) => c.name === 'Base')!.kind).toBe('abstract-class');
    expect(f.classes.find((c) => c.name === 'Shape')!.kind).toBe('interface');
    expect(f.classes.find((c) => c.name === 'Color')!.kind).toBe('enum');
  });
});

describe('functions, calls and constructions', () => {
  it('classifies declared return types and return shapes', () => {
    const f = facts(`
      class M {}
      export function a(): M { return new M(); }
      export async function b() { return 1; }
      export function c(): Promise<M> { return Promise.resolve(new M()); }
      export function d<T>(x: T): T { return x; }
      export function e(): M | undefined { return undefined; }
      export function g(): M | Promise<M> { return new M(); }
      export function h() { const m = new M(); return m; }
      export function i() { return a(); }
      export const j = (): number => 1;
    `);
    const fn = Object.fromEntries(f.functions.map((x) => [x.name, x]));
    expect(fn.a!.returnType).toEqual({ kind: 'ref', name: 'M' });
    expect(fn.b!.isAsync).toBe(true);
    expect(fn.c!.returnType.kind).toBe('promise');
    expect(fn.d!.returnType.kind).toBe('opaque');
    expect(fn.e!.returnType).toEqual({ kind: 'ref', name: 'M' });
    expect(fn.g!.returnType.kind).toBe('opaque');
    expect(fn.h!.returns).toEqual([{ kind: 'new', callee: 'M' }]);
    expect(fn.i!.returns).toEqual([{ kind: 'call', callee: 'a' }]);
    expect(fn.j!.returnType.kind).toBe('sync');
  });

  it('marks awaited calls, catch blocks and fallbacks; tracks how instances flow', () => {
    const f = facts(`
      class X {}
      const cache = new Map<string, X>();
      export async function run(k: string) {
        await load(k);
        try { void k; } catch { load(k); const x = new X(); return x; }
        const y = cache.get(k) ?? new X();
        let z = cache.get(k);
        if (!z) { z = new X(); cache.set(k, z); }
        throw new X();
      }
      function load(_k: string) {}
    `);
    const awaited = f.calls.filter((c) => c.awaited).map((c) => c.callee);
    expect(awaited).toEqual(['load']);
    expect(f.calls.find((c) => c.callee === 'load' && !c.awaited)!.inCatch).toBe(true);
    const news = f.news.filter((n) => n.callee === "X").map((n) => ({ line: n.at.line, inCatch: n.inCatch, inFallback: n.inFallback, kept: n.kept, cached: n.cached, thrown: n.thrown }));
    expect(news).toEqual([
      { line: 6, inCatch: true, inFallback: false, kept: true, cached: false, thrown: false },
      { line: 7, inCatch: false, inFallback: true, kept: false, cached: false, thrown: false },
      { line: 9, inCatch: false, inFallback: true, kept: true, cached: true, thrown: false },
      { line: 10, inCatch: false, inFallback: false, kept: false, cached: false, thrown: true },
    ]);
    expect(f.keyedOps.map((o) => [o.receiver, o.receiverScope, o.op, o.key])).toEqual([
      ['cache', 'module', 'get', 'k'],
      ['cache', 'module', 'get', 'k'],
      ['cache', 'module', 'set', 'k'],
    ]);
  });

  it('records registries and the classes their create builds', () => {
    const f = facts(`
      import { createRegistry } from 'ssot-lint/registry';
      class Manager { constructor(readonly id: string) {} }
      export const managers = createRegistry({ name: 'Manager', key: (c: { id: string }) => c.id, create: (c: { id: string }) => new Manager(c.id) });
    `);
    expect(f.registries).toEqual([expect.objectContaining({ name: 'managers', callee: 'createRegistry', creates: ['Manager'], label: 'Manager' })]);
  });

  it('finds non-deterministic sources in keys', () => {
    const f = facts(`
      import { randomUUID } from 'node:crypto';
      const reg = new Map<string, number>();
      export function put(user?: string) {
        reg.set(user ?? \`anon-\${Date.now()}\`, 1);
        reg.set(user || randomUUID(), 2);
        reg.set(String(Math.random()), 3);
      }
    `);
    expect(f.keyedOps.map((o) => o.nondeterministic)).toEqual([['Date.now()'], ['randomUUID()'], ['Math.random()']]);
  });
});

describe('suppressions and parse errors', () => {
  it('reads suppression comments with rules and reasons', () => {
    const f = facts(`/* ssot-ignore-file shared-mutable-state -- legacy module */
// ssot-ignore-next-line direct-instantiation, fallback-bypass -- migration in progress
const a = 1; // ssot-ignore-line awaited-sync-call
`);
    expect(f.suppressions.map((s) => [s.kind, s.rules, s.reason, s.line])).toEqual([
      ['file', ['shared-mutable-state'], 'legacy module', 1],
      ['next-line', ['direct-instantiation', 'fallback-bypass'], 'migration in progress', 3],
      ['line', ['awaited-sync-call'], undefined, 3],
    ]);
  });

  it('a file that does not parse yields errors and no facts', () => {
    const f = facts('export class {{{');
    expect(f.parseErrors.length).toBeGreaterThan(0);
    expect(f.classes).toEqual([]);
  });
});

describe('scopes', () => {
  it('a call or construction whose name is a parameter or local of any enclosing function is local', () => {
    const f = facts(`
      function setup() { return 1; }
      class Thing {}
      export function outer(Thing: new () => object) {
        const setup = async () => 2;
        new Thing();
        return { async run() { await setup(); } };
      }
      export async function top() { await setup(); new Thing(); }
    `);
    expect(f.calls.filter((c) => c.callee === 'setup').map((c) => [c.enclosing, c.local ?? false])).toEqual([
      ['outer', true],
      ['top', false],
    ]);
    expect(f.news.map((n) => [n.enclosing, n.local ?? false])).toEqual([
      ['outer', true],
      ['top', false],
    ]);
  });
});

describe('parser', () => {
  it('is the TypeScript that ts-morph bundles (loaded from @ts-morph/common, one copy)', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    expect((require('ts-morph') as { ts: unknown }).ts).toBe((require('@ts-morph/common') as { ts: unknown }).ts);
  });
});
