#!/usr/bin/env node
/**
 * Python extraction against its floor: the bare tree-sitter parse of the same files.
 *
 *   npm run build && node bench/python-floor.js                 # generated corpus, 6,000 files
 *   node bench/python-floor.js --files 20000                    # a bigger generated corpus
 *   node bench/python-floor.js --dir /path/to/python/project    # a real codebase
 *   node bench/python-floor.js --json                           # one JSON line instead of the table
 *
 * Both sides run in this process on the same parser, file by file and interleaved (parse file i,
 * then extract file i), so that machine load hits both alike; time is CPU time of this process
 * (`process.cpuUsage`), not wall time, for the same reason. Extraction includes its own parse.
 * One warm-up round, then three measured rounds; the ratio reported is the median round's.
 *
 * Target (issue 7): extraction within 1.5x the parse floor.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist/src/frontends/python');
if (!fs.existsSync(path.join(dist, 'extract.js'))) {
  console.error('bench/python-floor.js: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { extractPython } = await import(path.join(dist, 'extract.js'));
const { parsePython } = await import(path.join(dist, 'parser.js'));

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const asJson = args.includes('--json');
const dir = opt('--dir');
const count = Number(opt('--files', '6000'));
if (!dir && (!Number.isInteger(count) || count < 1)) {
  console.error(`bench/python-floor.js: --files must be a positive integer; got ${opt('--files')}`);
  process.exit(2);
}

// ---- corpus ---------------------------------------------------------------------------------

/** Deterministic PRNG (mulberry32), so every run measures the same corpus. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['user', 'session', 'order', 'invoice', 'payment', 'socket', 'channel', 'message', 'event', 'report', 'account', 'tenant', 'token', 'cache', 'queue', 'job', 'task', 'policy', 'rule', 'metric'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** One realistic module: imports, a dataclass, an enum, a service class with a registry, factories, async code. */
function generateModule(i, total, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const a = pick(WORDS);
  const b = pick(WORDS);
  const pkg = `pkg${i % 40}`;
  const other = (i * 7 + 3) % total;
  const lines = [];
  lines.push(`"""${cap(a)} ${b} module ${i}: generated for the Python extraction benchmark."""`);
  lines.push('from __future__ import annotations', '', 'import asyncio', 'import logging', 'import uuid');
  lines.push('from dataclasses import dataclass, field', 'from enum import Enum', 'from typing import TYPE_CHECKING, Any, Dict, List, Optional', '');
  lines.push(`from ${pkg}.base import BaseService, ServiceError`);
  lines.push(`from .m${other} import ${cap(b)}Store${other}, make_${b}_store_${other}`);
  lines.push('', 'if TYPE_CHECKING:', `    from ${pkg}.context import RequestContext`, '');
  lines.push('logger = logging.getLogger(__name__)', `_registry: Dict[str, "${cap(a)}Service${i}"] = {}`, `DEFAULT_LIMITS = {"max_${a}s": ${10 + (i % 50)}, "timeout": 30}`, '');
  lines.push(`class ${cap(a)}Kind${i}(Enum):`, '    PRIMARY = "primary"', '    SECONDARY = "secondary"', '');
  lines.push('@dataclass(frozen=True)', `class ${cap(a)}Record${i}:`, '    id: str', `    ${b}_id: str`, '    tags: tuple = ()', '    score: float = 0.0', '');
  lines.push(`class ${cap(a)}Service${i}(BaseService):`, `    """Serves ${a} ${b}s for one user."""`, '', `    kind = ${cap(a)}Kind${i}.PRIMARY`, '');
  lines.push('    def __init__(self, user_id: str, limits: Optional[dict] = None) -> None:');
  lines.push('        super().__init__()', '        self.user_id = user_id', '        self.limits = dict(limits or DEFAULT_LIMITS)', `        self._items: Dict[str, ${cap(a)}Record${i}] = {}`, '        self._pending: List[str] = []', '');
  const methods = 3 + Math.floor(rand() * 6);
  for (let m = 0; m < methods; m++) {
    const verb = pick(['load', 'save', 'find', 'sync', 'merge', 'score', 'close', 'refresh']);
    if (m % 3 === 2) {
      lines.push(`    async def ${verb}_${b}_${m}(self, key: str, retries: int = 3) -> Optional[${cap(a)}Record${i}]:`);
      lines.push('        for attempt in range(retries):', '            try:', `                record = await self._fetch(key, attempt=attempt)`);
      lines.push('                if record is not None:', '                    self._items[key] = record', '                    return record');
      lines.push('            except ServiceError as error:', `                logger.warning("retry %s for %s: %s", attempt, key, error)`, '                await asyncio.sleep(0.1 * attempt)');
      lines.push('        return self._items.get(key)', '');
    } else {
      lines.push(`    def ${verb}_${b}_${m}(self, key: str, *, value: Any = None, extra: Optional[List[str]] = None) -> ${cap(a)}Record${i}:`);
      lines.push(`        existing = self._items.get(key)`, '        if existing is None:');
      lines.push(`            existing = ${cap(a)}Record${i}(id=key, ${b}_id=f"{self.user_id}:{key}", tags=tuple(extra or []))`, '            self._items[key] = existing');
      lines.push('        elif value is not None and value != existing.score:', `            existing = ${cap(a)}Record${i}(id=key, ${b}_id=existing.${b}_id, score=float(value))`);
      lines.push('        self._pending.append(key)', '        total = sum(r.score for r in self._items.values() if r.tags)', '        if total > self.limits.get("timeout", 30):');
      lines.push('            raise ServiceError(f"limit reached for {self.user_id}")', '        return existing', '');
    }
  }
  lines.push('    async def _fetch(self, key: str, attempt: int = 0) -> Optional[Any]:', `        store = make_${b}_store_${other}()`, '        return await store.read(key) if attempt < 2 else None', '');
  lines.push(`def get_${a}_service_${i}(user_id: str) -> ${cap(a)}Service${i}:`, `    key = f"${a}:{user_id}"`, '    service = _registry.get(key)', '    if service is None:');
  lines.push(`        service = ${cap(a)}Service${i}(user_id)`, '        _registry[key] = service', '    return service', '');
  lines.push(`def make_${a}_store_${i}() -> "${cap(a)}Store${i}":`, `    return ${cap(a)}Store${i}(name=str(uuid.uuid4()))`, '');
  lines.push(`class ${cap(a)}Store${i}:`, '    def __init__(self, name: str) -> None:', '        self.name = name', '        self._data: Dict[str, Any] = {}', '');
  lines.push('    async def read(self, key: str) -> Optional[Any]:', '        await asyncio.sleep(0)', '        return self._data.get(key)', '');
  lines.push('    def write(self, key: str, value: Any) -> None:', '        self._data[key] = value', '');
  lines.push(`async def handle_${a}_${i}(ctx: "RequestContext", payload: dict) -> dict:`, `    service = get_${a}_service_${i}(ctx.user_id)`);
  lines.push('    results = [service.__class__.__name__ for _ in range(2)]', '    try:', `        record = await service._fetch(payload["id"])`, '    except (KeyError, ServiceError):');
  lines.push('        record = None', '    return {"ok": record is not None, "results": results, "count": len(payload)}', '');
  return lines.join('\n');
}

function loadCorpus() {
  if (dir) {
    const files = [];
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name === '__pycache__' || e.name.startsWith('.')) continue;
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.py')) files.push(p);
      }
    };
    walk(path.resolve(dir));
    return files.sort().map((f) => ({ path: path.relative(dir, f).split(path.sep).join('/'), text: fs.readFileSync(f, 'utf8') })).filter((f) => f.text.length <= 2 * 1024 * 1024);
  }
  const rand = rng(7);
  return Array.from({ length: count }, (_, i) => ({ path: `pkg${i % 40}/m${i}.py`, text: generateModule(i, count, rand) }));
}

// ---- measurement ----------------------------------------------------------------------------

const corpus = loadCorpus();
if (corpus.length === 0) {
  console.error(`bench/python-floor.js: no .py files under ${dir}`);
  process.exit(2);
}
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function round() {
  let parse = 0;
  let extract = 0;
  let wall = performance.now();
  for (const f of corpus) {
    let t = cpu();
    parsePython(f.text).delete();
    parse += cpu() - t;
    t = cpu();
    extractPython(f.path, f.text, '');
    extract += cpu() - t;
  }
  wall = performance.now() - wall;
  return { parse, extract, ratio: extract / parse, wall };
}

round(); // warm-up: WebAssembly tiers up, V8 optimises the extractor
const rounds = [round(), round(), round()].sort((a, b) => a.ratio - b.ratio);
const median = rounds[1];
const lines = corpus.reduce((n, f) => n + f.text.split('\n').length, 0);
const result = {
  corpus: dir ? path.resolve(dir) : `generated (${count} files)`,
  files: corpus.length,
  lines,
  parseFloorCpuMs: Math.round(median.parse),
  extractionCpuMs: Math.round(median.extract),
  ratio: Number(median.ratio.toFixed(3)),
  ratios: rounds.map((r) => Number(r.ratio.toFixed(3))),
  target: 1.5,
  met: median.ratio <= 1.5,
  cpus: os.cpus().length,
  node: process.version,
};
if (asJson) console.log(JSON.stringify(result));
else {
  console.log(`corpus        ${result.corpus}: ${result.files} files, ${result.lines} lines`);
  console.log(`parse floor   ${result.parseFloorCpuMs} ms CPU (tree-sitter parse + free, file by file)`);
  console.log(`extraction    ${result.extractionCpuMs} ms CPU (parse + facts)`);
  console.log(`ratio         ${result.ratio}x (rounds ${result.ratios.join(', ')}), target <= ${result.target}x: ${result.met ? 'met' : 'NOT met'}`);
}
