/**
 * The Python extractor finds its sites by scanning the text (src/frontends/python/sites.ts) and asks
 * the tree only by position; walking the tree is the fallback. Both must give the same facts, byte
 * for byte: on every Python fixture, and on a module full of the forms the scanner mirrors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPython } from '../src/frontends/python/extract.js';
import { parsePython } from '../src/frontends/python/parser.js';
import { scanSites, type SiteTree } from '../src/frontends/python/sites.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') out.push(...pythonFiles(p));
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

const both = (text: string, file = 'pkg/mod.py'): { scan: string; tree: string } => ({
  scan: JSON.stringify(extractPython(file, text, 'h', { walk: 'scan' })),
  tree: JSON.stringify(extractPython(file, text, 'h', { walk: 'tree' })),
});

/** Whether the scanner handles `text` itself (rather than handing it to the tree walk). */
function scanned(text: string): boolean {
  const tree = parsePython(text);
  try {
    const hooks: SiteTree = {
      splatWraps: (at) => {
        const splat = tree.rootNode.descendantForIndex(at, at + 1)?.parent;
        const up = splat?.parent;
        return !(up && splat && up.startIndex === splat.startIndex && (up.type === 'call' || up.type === 'attribute' || up.type === 'subscript'));
      },
    };
    return scanSites(text, hooks) !== undefined;
  } finally {
    tree.delete();
  }
}

/** Forms the scanner must mirror exactly: each line is one the tree reads in a particular way. */
const MIRRORED = `"""Docstring with a call(x) and # not a comment."""
from __future__ import annotations
import os.path, json as j
from typing import TYPE_CHECKING, Dict, List, Optional
if TYPE_CHECKING:
    from .types import Ctx
try:
    from fast import Queue
except ImportError:
    Queue = None
_registry: Dict[str, "Manager"] = {}
LIMITS = {"max": 10}; other = [1, 2]
a = b = make()
x: Optional[list[int]] = None
y: str | list[int] = "s"
z: list[int] | list[str] = []


@decorate(with_args=True)
class Manager(Base[int], metaclass=Meta):
    mode = Mode.PRIMARY
    _connections = {}

    def __init__(self, ctx: Ctx, items: Dict[str, List[int]] = {}, *args: int, **kw) -> None:
        self.ctx = ctx
        self._items[ctx.user_id] = items
        self.count += 1
        self._connections[key] = self
        total = sum(i for i in items if i or self.fallback(i))
        super().__init__(*args, **kw)

    async def fetch(self, key: str) -> Optional["Record"]:
        record = await self.store.get(key) or Record(key)
        if record is None:
            record = self._items.get(f"{self.ctx.user_id}:{key!r:>{width(key)}}") or {}
        return record

    def chain(self):
        return self.a.b(c)(d)[e][f].g(h)

    def gen(self):
        x = yield self.next()
        yield from self.more()
        del self._items[x], self.other[0]
        global LIMITS
        LIMITS = {"max": 20}
        print(*sys.version.split(), sep="")
        values = [*range(3), *self.keys()]


def get_manager(ctx) -> Manager:
    key = _key(ctx)
    manager = _registry.get(key)
    if manager is None:
        manager = Manager(ctx)
        _registry[key] = manager
    return manager


if __name__ == "__main__":
    import doctest
    doctest.testmod(); main(sys.argv[1:])
`;

describe('Python sites: text scan and tree walk agree', () => {
  it('gives the same facts on every Python fixture', () => {
    const files = pythonFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const r = both(text, path.relative(FIXTURES, f));
      expect(r.scan, f).toBe(r.tree);
    }
  });

  it('scans a module full of the forms it mirrors, with the same facts as the tree walk', () => {
    expect(scanned(MIRRORED)).toBe(true);
    const r = both(MIRRORED);
    expect(r.scan).toBe(r.tree);
    const facts = JSON.parse(r.scan);
    // The scan really found the sites: calls, constructions, registries, imports.
    expect(facts.calls.map((c: { callee: string }) => c.callee)).toEqual(expect.arrayContaining(['decorate', 'make', 'self.store.get', 'Record', 'width', 'self.a.b', 'sys.version.split', 'self.keys', 'doctest.testmod', 'main']));
    expect(facts.keyedOps.map((k: { receiver: string }) => k.receiver)).toEqual(expect.arrayContaining(['_registry', 'self._connections', 'self._items']));
    expect(facts.functions.find((f: { name: string }) => f.name === 'gen').isGenerator).toBe(true);
  });

  it('leaves to the tree what it does not mirror, with the same facts', () => {
    const unsure = [
      'match command.split():\n    case [action]:\n        go(action)\n',
      'def f(key=lambda item: item[0]):\n    return key\n',
      'type Alias = list[int]\n',
      'def g[T](x: T) -> T:\n    return x\n',
      'café = compute()\n',
      's = f"{d["k"]}"\n',
    ];
    for (const text of unsure) {
      expect(scanned(text), text).toBe(false);
      const r = both(text);
      expect(r.scan, text).toBe(r.tree);
    }
  });
});
