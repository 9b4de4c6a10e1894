/** The Python frontend: facts one construct at a time, module resolution, linking, and Python end to end. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/run.js';
import { extractPython } from '../src/frontends/python/extract.js';
import { semanticsOf } from '../src/frontends/index.js';
import { PythonModuleResolver } from '../src/frontends/python/resolve.js';
import type { FileFacts } from '../src/model/facts.js';
import { ProjectIndex } from '../src/model/project-index.js';
import { runCli } from './helpers/cli.js';
import { makeProject } from './helpers/project.js';
import { assertValidReport } from './helpers/schema.js';

const facts = (text: string, file = 'app/mod.py'): FileFacts => extractPython(file, text.replace(/^\n/, ''), 'h');
const dedent = (text: string): string => {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
};
const py = (text: string, file?: string): FileFacts => facts(dedent(text), file);

describe('imports', () => {
  it('records import forms: dotted, aliased, relative levels, star, lazy, TYPE_CHECKING, compat fallbacks', () => {
    const f = py(`
      import os.path
      import a.b as c, d
      from ..pkg.mod import Y as Z, W
      from . import sibling
      from .star import *
      from typing import TYPE_CHECKING
      if TYPE_CHECKING:
          from .types import Only
      try:
          from new_home import Thing
      except ImportError:
          from old_home import Thing
      def later():
          from .heavy import Big
          return Big()
    `);
    const bySpec = Object.fromEntries(f.imports.map((i) => [i.specifier, i]));
    expect(bySpec['os.path']!.names).toEqual([expect.objectContaining({ imported: '*', local: 'os.path' })]);
    expect(bySpec['a.b']!.names).toEqual([expect.objectContaining({ imported: '*', local: 'c' })]);
    expect(bySpec['..pkg.mod']!.level).toBe(2);
    expect(bySpec['..pkg.mod']!.names.map((n) => [n.imported, n.local])).toEqual([
      ['Y', 'Z'],
      ['W', 'W'],
    ]);
    expect(bySpec['.']!.level).toBe(1);
    expect(bySpec['.star']!.names).toEqual([]);
    expect(f.exports).toContainEqual(expect.objectContaining({ kind: 'star', from: '.star' }));
    expect(bySpec['.types']).toMatchObject({ typeOnly: true, elided: true });
    expect(bySpec['new_home']!.compatFallback).toBe(true);
    expect(bySpec['old_home']!.compatFallback).toBe(true);
    expect(bySpec['.heavy']!.lazy).toBe(true);
    // Module-level imports are attributes others may import: re-exports; the lazy one is not.
    expect(f.exports).toContainEqual(expect.objectContaining({ kind: 'reexport', from: '..pkg.mod', imported: 'Y', exported: 'Z' }));
    expect(f.exports.some((e) => e.kind === 'reexport' && e.exported === 'Big')).toBe(false);
  });

  it('reads parenthesised, multi-line and commented import lists', () => {
    const f = py(`
      from .x import (  # the public names
          a as b,
          c,  # trailing
      )
    `);
    expect(f.imports[0]!.names.map((n) => [n.imported, n.local])).toEqual([
      ['a', 'b'],
      ['c', 'c'],
    ]);
    expect(f.imports[0]!.names[1]!.at).toMatchObject({ line: 3, column: 5 });
  });

  it('`from . import x` inside a package __init__ imports the submodule', () => {
    const f = py('from . import manager\n', 'app/__init__.py');
    expect(f.imports[0]).toMatchObject({ specifier: '.manager', level: 1, names: [expect.objectContaining({ imported: '*', local: 'manager' })] });
  });

  it('__all__ limits what a star import brings in', () => {
    expect(py('__all__ = ["A", "b"]\nclass A: ...\n').starNames).toEqual(['A', 'b']);
    expect(py('__all__ = names()\n').starNames).toBeUndefined();
  });
});

describe('declarations and classes', () => {
  it('classifies Protocol, ABC, Enum, NamedTuple and frozen dataclasses', () => {
    const f = py(`
      from abc import ABC, abstractmethod
      from dataclasses import dataclass
      from enum import Enum
      from typing import NamedTuple, Protocol
      class Port(Protocol):
          def send(self) -> None: ...
      class Base(ABC):
          @abstractmethod
          def run(self) -> None: ...
      class Implicit:
          @abstractmethod
          def run(self) -> None: ...
      class Mode(Enum):
          A = "a"
      class Point(NamedTuple):
          x: int
      @dataclass(frozen=True)
      class Ctx:
          user_id: str
      class Plain(Base, metaclass=Meta):
          pass
    `);
    const cls = Object.fromEntries(f.classes.map((c) => [c.name, c]));
    expect(cls.Port!.kind).toBe('protocol');
    expect(cls.Base!.kind).toBe('abstract-class');
    expect(cls.Implicit!.kind).toBe('abstract-class');
    expect(cls.Mode).toMatchObject({ kind: 'enum', immutable: true });
    expect(cls.Point!.immutable).toBe(true);
    expect(cls.Ctx).toMatchObject({ immutable: true, decorators: ['dataclass:frozen'], ctorParams: [{ name: 'user_id', type: 'str' }] });
    expect(cls.Plain).toMatchObject({ extends: 'Base', kind: 'class' });
    const decl = Object.fromEntries(f.declarations.map((d) => [d.name, d.kind]));
    expect(decl).toMatchObject({ Port: 'interface', Base: 'abstract-class', Mode: 'enum', Plain: 'class' });
  });

  it('class attributes: shared (implicit) vs ClassVar vs dataclass fields, mutation through self, rebinding per instance', () => {
    const f = py(`
      from typing import ClassVar
      class Manager:
          _connections = {}
          _declared: ClassVar[dict] = {}
          limits = {"max": 3}
          _rebound = []
          def __init__(self, user_id):
              self._rebound = []
          def add(self, key, ws):
              self._connections[key] = ws
              self._declared[key] = ws
              self._rebound.append(ws)
      @dataclass
      class Record:
          tags: list = field(default_factory=list)
    `);
    const m = Object.fromEntries(f.classes[0]!.members.map((x) => [x.name, x]));
    expect(m._connections).toMatchObject({ isStatic: true, implicitStatic: true, mutated: true, init: { kind: 'collection', type: 'dict' } });
    expect(m._declared!.implicitStatic).toBeUndefined();
    expect(m.limits).toMatchObject({ implicitStatic: true, mutated: false });
    expect(m._rebound!.implicitStatic).toBeUndefined(); // every instance gets its own in __init__
    expect(f.classes[0]!.mutatedFields.sort()).toEqual(['_connections', '_declared', '_rebound']);
    expect(f.classes[0]!.ctorParams).toEqual([{ name: 'user_id' }]);
    expect(f.classes[1]!.members[0]).toMatchObject({ name: 'tags', isStatic: false });
  });

  it('module-level bindings and aliases', () => {
    const f = py(`
      REGISTRY = {}
      NAMES = ("a", "b")
      LIMIT = 8 * 1024
      Manager = UnifiedManager
      default = Manager()
      Handler: TypeAlias = Callable[[str], None]
    `);
    const b = Object.fromEntries(f.bindings.map((x) => [x.name, x.init]));
    expect(b).toEqual({
      REGISTRY: { kind: 'collection', type: 'dict' },
      NAMES: { kind: 'frozen' },
      LIMIT: { kind: 'primitive' },
      Manager: { kind: 'alias', ref: 'UnifiedManager' },
      default: { kind: 'new', callee: 'Manager' },
    });
    expect(f.declarations.find((d) => d.name === 'Handler')!.kind).toBe('type');
  });
});

describe('functions, calls and constructions', () => {
  it('async, generators, decorators that may wrap, return annotations, overload stubs', () => {
    const f = py(`
      from typing import overload
      async def a() -> None: ...
      def gen():
          yield 1
      @sync_to_async
      def wrapped() -> int:
          return 1
      @staticmethod
      def plain() -> "Manager":
          return Manager()
      def fut() -> asyncio.Future:
          return loop.create_future()
      def opt() -> Optional[Manager]: ...
      @overload
      def over(x: int) -> int: ...
      def over(x):
          return x
    `);
    const fn = Object.fromEntries(f.functions.map((x) => [x.name, x]));
    expect(fn.a!.isAsync).toBe(true);
    expect(fn.gen!.isGenerator).toBe(true);
    expect(fn.wrapped).toMatchObject({ returnType: { kind: 'opaque' }, returnTypeText: '@sync_to_async' });
    expect(fn.plain!.returnType).toEqual({ kind: 'ref', name: 'Manager' });
    expect(fn.plain!.returns).toEqual([{ kind: 'new', callee: 'Manager' }]);
    expect(fn.fut!.returnType).toEqual({ kind: 'promise' });
    expect(fn.opt!.returnType).toEqual({ kind: 'ref', name: 'Manager' });
    expect(f.functions.filter((x) => x.name === 'over')).toHaveLength(1); // the stub is not a definition
  });

  it('calls: awaited, in except blocks and `or` / `if … is None` fallbacks, self calls, locals', () => {
    const f = py(`
      class Service:
          async def run(self, ctx):
              m = await get_manager(ctx)
              await self.refresh()
              try:
                  build()
              except Exception:
                  recover()
              x = cache.get(ctx) or create(ctx)
              if x is None:
                  fill(ctx)
              ctx.helper()
    `);
    const call = (callee: string) => f.calls.find((c) => c.callee === callee)!;
    expect(call('get_manager')).toMatchObject({ awaited: true, enclosing: 'Service.run', inCatch: false });
    expect(call('self.refresh').awaited).toBe(true);
    expect(call('build').inCatch).toBe(false);
    expect(call('recover').inCatch).toBe(true);
    expect(call('create').inFallback).toBe(true);
    expect(call('cache.get').inFallback).toBe(false);
    expect(call('fill').inFallback).toBe(true);
    expect(call('ctx.helper').local).toBe(true);
  });

  it('constructions: CapWords and local classes, storedIn, kept/cached/thrown', () => {
    const f = py(`
      class lower: ...
      INSTANCE = Manager(config)
      class Holder:
          shared = Manager()
      _managers = {}
      def get_manager(key):
          m = _managers.get(key)
          if m is None:
              m = Manager(key)
              _managers[key] = m
          return m
      def make():
          return lower()
      def fail():
          raise ValueError("no")
      def temp():
          Manager().close()
    `);
    const news = f.news.map((n) => [n.callee, n.enclosing, n.storedIn?.kind ?? '-', n.kept, n.cached, n.thrown, n.argCount]);
    expect(news).toEqual([
      ['Manager', '', 'module', true, true, false, 1],
      ['Manager', '', 'static', true, true, false, 0],
      ['Manager', 'get_manager', '-', true, true, false, 1],
      ['lower', 'make', '-', true, false, false, 0],
      ['ValueError', 'fail', '-', false, false, true, 1],
      ['Manager', 'temp', '-', false, false, false, 0],
    ]);
    expect(f.functions.find((x) => x.name === 'get_manager')!.constructs).toEqual(['Manager']);
  });

  it('mutable default arguments: shared, and whether the body mutates or keeps them', () => {
    const f = py(`
      def a(items=[]):
          items.append(1)
      def b(options={}):
          return options.get("x")
      class C:
          def __init__(self, tags=set()):
              self.tags = tags
    `);
    const d = (fn: string) => f.functions.find((x) => x.name === fn)!.params[0]!.sharedDefault;
    expect(d('a')).toMatchObject({ init: { kind: 'collection', type: 'list' }, mutated: true });
    expect(d('b')).toMatchObject({ init: { kind: 'collection', type: 'dict' }, mutated: false });
    expect(d('__init__')).toMatchObject({ mutated: true });
  });
});

describe('registries and keys', () => {
  it('keyed operations on registries, key derivations, non-deterministic sources; data reads are not registries', () => {
    const f = py(`
      import uuid
      _managers = {}
      def key_for(ctx):
          return ctx.user_id or f"anon_{uuid.uuid4()}"
      def put(ctx, m):
          key = key_for(ctx)
          _managers[key] = m
      def find(ctx):
          if ctx.user_id in _managers:
              return _managers[ctx.user_id]
      def drop(ctx):
          _managers.pop(f"{ctx.user_id}:{ctx.thread_id}", None)
          del _managers[ctx.user_id]
      class Text:
          def char(self, i):
              return self.plain[i]
    `);
    const ops = f.keyedOps.map((o) => [o.op, o.receiver, o.key, o.enclosing]);
    expect(ops).toEqual([
      ['set', '_managers', 'key_for(ctx)', 'put'],
      ['has', '_managers', 'ctx.user_id', 'find'],
      ['get', '_managers', 'ctx.user_id', 'find'],
      ['delete', '_managers', 'f"{ctx.user_id}:{ctx.thread_id}"', 'drop'],
      ['delete', '_managers', 'ctx.user_id', 'drop'],
    ]);
    expect(f.keyedOps[0]!.keyCalls).toEqual(['key_for']);
    const derives = f.functions.find((x) => x.name === 'key_for')!.derives!;
    expect(derives.parts).toEqual([
      {
        kind: 'choice',
        options: [
          { text: 'ctx.user_id', parts: [{ kind: 'ref', path: '$0.user_id' }] },
          { text: 'f"anon_{uuid.uuid4()}"', parts: [{ kind: 'literal', text: 'anon_' }, { kind: 'nondeterministic', source: 'uuid.uuid4()' }] },
        ],
      },
    ]);
    expect(f.keyedOps[3]!.derivation!.parts.map((p) => p.kind)).toEqual(['ref', 'literal', 'ref']);
  });

  it('nondeterministic sources in a key expression itself', () => {
    const f = py(`
      import time
      _sessions = {}
      def open_session(user):
          _sessions[f"{user}-{time.time()}"] = object()
    `);
    expect(f.keyedOps[0]!.nondeterministic).toEqual(['time.time()']);
  });
});

describe('suppressions and parse errors', () => {
  it('reads # ssot-ignore[...] and # ssot-ignore-next-line[...] comments, never strings', () => {
    const f = py(`
      x = make()  # ssot-ignore[singleton-sharing]: one per process is intended
      # ssot-ignore-next-line[awaited-sync-call, import-cycle]: legacy
      y = 2
      s = "# ssot-ignore[duplicate-implementation]: not a comment"
      # ssot-ignore-file[alias-divergence]
    `);
    expect(f.suppressions.map((s) => [s.kind, s.rules, s.reason ?? '', s.line])).toEqual([
      ['line', ['singleton-sharing'], 'one per process is intended', 1],
      ['next-line', ['awaited-sync-call', 'import-cycle'], 'legacy', 3],
      ['file', ['alias-divergence'], '', 5],
    ]);
  });

  it('a file that does not parse yields a parse error and no facts', () => {
    const f = facts('def broken(:\n    pass\n');
    expect(f.parseErrors).toHaveLength(1);
    expect(f.parseErrors[0]!.line).toBe(1);
    expect(f.functions).toEqual([]);
  });
});

describe('module resolution', () => {
  const files = [
    'app/__init__.py',
    'app/core/__init__.py',
    'app/core/manager.py',
    'app/services/chat.py',
    'app/ns/inner.py', // namespace package: no __init__.py
    'src/pkg/__init__.py',
    'src/pkg/tool.py',
    'backend/api/__init__.py',
    'backend/api/views.py',
    'scripts/run.py',
  ];
  const r = new PythonModuleResolver(files);

  it('detects source roots: the project root, src/, and parents of top-level packages', () => {
    expect(r.roots).toEqual(['', 'backend', 'src']);
  });

  it('resolves absolute modules and packages from the roots; third-party stays unresolved', () => {
    expect(r.resolve('scripts/run.py', 'app.core.manager')).toBe('app/core/manager.py');
    expect(r.resolve('scripts/run.py', 'app.core')).toBe('app/core/__init__.py');
    expect(r.resolve('scripts/run.py', 'pkg.tool')).toBe('src/pkg/tool.py');
    expect(r.resolve('scripts/run.py', 'api.views')).toBe('backend/api/views.py');
    expect(r.resolve('scripts/run.py', 'requests')).toBeUndefined();
    expect(r.resolve('scripts/run.py', 'os.path')).toBeUndefined();
  });

  it('resolves relative levels from the importing file', () => {
    expect(r.resolve('app/services/chat.py', '..core.manager')).toBe('app/core/manager.py');
    expect(r.resolve('app/services/chat.py', '..core')).toBe('app/core/__init__.py');
    expect(r.resolve('app/core/manager.py', '.')).toBe('app/core/__init__.py');
    expect(r.resolve('app/core/__init__.py', '.manager')).toBe('app/core/manager.py');
    expect(r.resolve('app/services/chat.py', '....too.far')).toBeUndefined();
  });

  it('namespace packages resolve to a virtual __init__.py with submodules', () => {
    expect(r.resolve('scripts/run.py', 'app.ns')).toBe('app/ns/__init__.py');
    expect(r.submodule('app/ns/__init__.py', 'inner')).toBe('app/ns/inner.py');
    expect(r.submodule('app/core/manager.py', 'x')).toBeUndefined();
  });

  it('configured roots replace detection; a package root is importable by its own name', () => {
    expect(new PythonModuleResolver(files, ['backend']).roots).toEqual(['backend']);
    const own = new PythonModuleResolver(['__init__.py', 'manager.py'], undefined, 'websocket_core');
    expect(own.resolve('manager.py', 'websocket_core.manager')).toBe('manager.py');
    expect(own.resolve('manager.py', 'websocket_core')).toBe('__init__.py');
  });
});

describe('linking Python', () => {
  const link = (sources: Record<string, string>): ProjectIndex => {
    const all = Object.entries(sources).map(([p, t]) => extractPython(p, dedent(t), 'h'));
    return new ProjectIndex(all, {
      root: '/',
      isTestFile: () => false,
      languages: semanticsOf(),
      resolvers: { python: new PythonModuleResolver(Object.keys(sources)) },
    });
  };

  it('follows package re-exports, aliases and star imports to the declaration', () => {
    const index = link({
      'app/__init__.py': '',
      'app/core/__init__.py': 'from .manager import Manager\n',
      'app/core/manager.py': 'class Manager: ...\n',
      'app/compat.py': 'from app.core import Manager as _M\nLegacyManager = _M\n',
      'app/star.py': 'from app.core.manager import *\n',
      'app/use.py': 'from app.compat import LegacyManager\nfrom app.star import Manager\n',
    });
    const a = index.resolveName('app/use.py', 'LegacyManager')!;
    expect(a.symbol.id).toBe('app/core/manager.py#Manager');
    expect(a.chain.map((h) => h.text)).toEqual([
      'from app.compat import LegacyManager',
      'LegacyManager = _M',
      'from app.core import Manager as _M',
      'from .manager import Manager',
    ]);
    expect(index.resolveName('app/use.py', 'Manager')!.symbol.id).toBe('app/core/manager.py#Manager');
  });

  it('`from pkg import submodule`, `import a.b` and `self.method()` resolve; submodule imports are graph edges', () => {
    const index = link({
      'app/__init__.py': '',
      'app/factory.py': 'def get_manager():\n    return 1\n',
      'app/a.py': 'from app import factory\nimport app.factory\nfactory.get_manager()\napp.factory.get_manager()\n',
      'app/svc.py': 'class Svc:\n    def helper(self):\n        return 1\n    def __own(self):\n        return 1\n    def run(self):\n        return self.helper() + self.__own()\n',
    });
    expect(index.resolveCall('app/a.py', 'factory.get_manager')!.fn.name).toBe('get_manager');
    expect(index.resolveCall('app/a.py', 'app.factory.get_manager')!.fn.name).toBe('get_manager');
    expect(index.importEdges().filter((e) => e.from === 'app/a.py').map((e) => e.to)).toEqual(['app/factory.py', 'app/factory.py']);
    // `self.x()`: a subclass elsewhere may override a public method; a name-mangled one is final.
    expect(index.resolveCall('app/svc.py', 'self.helper', 'Svc')).toBeUndefined();
    expect(index.resolveCall('app/svc.py', 'self.__own', 'Svc')!.fn.qualifiedName).toBe('Svc.__own');
  });
});

describe('Python end to end', () => {
  it('a mixed TypeScript + Python tree gives one report with findings from both', async () => {
    const r = await runCli(['fixtures/mixed', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { summary: { filesScanned: number }; findings: { file: string; ruleId: string }[] };
    assertValidReport(report);
    expect(report.summary.filesScanned).toBe(6);
    const files = report.findings.map((f) => `${f.ruleId} ${f.file}`);
    expect(files).toEqual([
      'awaited-sync-call fixtures/mixed/server/app/handlers.py',
      'duplicate-implementation fixtures/mixed/server/app/unified_manager.py',
      'awaited-sync-call fixtures/mixed/web/src/chat.ts',
    ]);
  });

  it('python.roots in the config is validated and used', async () => {
    const dir = makeProject({
      'ssot.config.json': JSON.stringify({ python: { roots: ['server'] } }),
      'server/core/factory.py': 'class Manager:\n    pass\n\ndef get_manager() -> Manager:\n    return Manager()\n',
      'server/chat.py': 'from core.factory import get_manager\n\nasync def run():\n    await get_manager()\n',
    });
    const result = analyze({ targets: ['.'], cwd: dir, onlyRules: ['awaited-sync-call'] });
    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['server/chat.py:4']);
    fs.writeFileSync(path.join(dir, 'ssot.config.json'), JSON.stringify({ python: { roots: 'server' } }));
    const bad = await runCli(['.'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"python.roots" must be an array of strings');
  });

  it('a Python file that does not parse is reported as an error, the rest is analysed', () => {
    const dir = makeProject({ 'ok.py': 'x = 1\n', 'bad.py': 'def f(:\n' });
    const result = analyze({ targets: ['.'], cwd: dir });
    expect(result.errors.map((e) => [e.file, e.kind])).toEqual([['bad.py', 'parse-error']]);
    expect(result.filesScanned).toBe(2);
  });
});
