/**
 * The on-disk fact cache: an unchanged file costs a stat (or a read and a hash), never a parse.
 *
 * Layout: `<dir>/facts-*.seg`, append-only segments of at most ~32 MB. Each segment is a payload of
 * one line per file, `"<root-relative path>"<TAB>CacheEntry` as JSON (spans packed, see encodeEntry),
 * and after it a header line
 * (format, root, tool version, FACTS_VERSION, parser version, extraction-config key, entry count,
 * write time, and an HMAC-SHA256 of the payload and those fields under the per-user secret, see
 * trust.ts). A run that learned anything writes new segments with only its new entries (one changed
 * file writes one small segment); when segments hold more than twice the live entries they are
 * compacted. Later segments win.
 *
 * Never trusted: a segment whose header does not match this tool, FACTS_VERSION, TypeScript or
 * config, whose MAC fails (written by someone without this user's secret: a file committed to the
 * repository, a cache restored from elsewhere, a corrupt one), or that does not parse, is ignored
 * (and removed on the next write);
 * an entry is used only when its content hash equals the file's, and its facts carry the same path
 * and FACTS_VERSION. Writes go to a temp file and are renamed into place, so a crash leaves either
 * the old or the new segment, never half of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Hmac } from 'node:crypto';
import { FACTS_VERSION, type FileFacts, type Span } from '../model/facts.js';
import type { FileError } from '../model/file-error.js';
import { FactInterner } from './intern.js';
import { macMatches, macStream, macText } from '../util/trust.js';

/**
 * /3: one entry per line. Parsing each line on its own leaves only small strings behind, which the
 * young generation frees at once; one JSON.parse per segment left a ~32 MB string per segment
 * until the next full collection (figures in docs/performance.md, "One entry per line").
 * /4: an HMAC-SHA256 under the per-user secret instead of a CRC-32, and each entry's ctime.
 */
export const CACHE_FORMAT = 'ssot-lint-facts/4';

/**
 * Spans are a third of the facts' JSON (`{"line":3,"column":5,"endLine":3,"endColumn":19}`); on disk
 * and between threads they are written `[3,5,3,19]` and restored on reading. This is about a fifth
 * less to read, check and parse (measured on the 10,000-file bench corpus: 110 → 88 MB, JSON.parse
 * 1.08 s → 0.65 s + 0.14 s to restore). Inside a JSON string a `{"line":` cannot occur unescaped,
 * so only real span objects match.
 */
const SPAN_OBJECT = /\{"line":(\d+),"column":(\d+),"endLine":(\d+),"endColumn":(\d+)\}/g;

export function encodeEntry(entry: CacheEntry): string {
  return JSON.stringify(entry).replace(SPAN_OBJECT, '[$1,$2,$3,$4]');
}

/** Decode one entry; with an interner, its spans are shared with the run's other facts (intern.ts). */
export function decodeEntry(json: string, interner?: FactInterner): CacheEntry {
  const entry = JSON.parse(json) as CacheEntry;
  if (entry.facts) restoreSpans(entry.facts, interner);
  return entry;
}

type Packed = [number, number, number, number];
/** The interner of the restoreSpans call in progress, if it was given one. */
let sharing: FactInterner | undefined;
const unpack = (a: Span | Packed): Span => {
  const p = a as Packed;
  return sharing ? sharing.span(p[0], p[1], p[2], p[3]) : { line: p[0], column: p[1], endLine: p[2], endColumn: p[3] };
};
const restoreAt = (o: { at: Span }): void => {
  o.at = unpack(o.at);
};

/**
 * Turn every packed span of one file's facts back into a Span object, in place. It visits the
 * places facts.ts declares a Span (a third faster than searching every object for them); a test
 * round-trips the facts of every fixture, so a Span added to the model and not here fails it.
 */
export function restoreSpans(f: FileFacts, interner?: FactInterner): void {
  sharing = interner;
  for (const i of f.imports) {
    restoreAt(i);
    for (const n of i.names) if (n.at) restoreAt(n as { at: Span });
  }
  f.exports.forEach(restoreAt);
  f.declarations.forEach(restoreAt);
  for (const c of f.classes) {
    restoreAt(c);
    c.nameAt = unpack(c.nameAt);
    c.members.forEach(restoreAt);
    c.fieldRefs.forEach(restoreAt);
  }
  for (const fn of f.functions) {
    restoreAt(fn);
    fn.nameAt = unpack(fn.nameAt);
    for (const p of fn.params) if (p.sharedDefault) restoreAt(p.sharedDefault);
  }
  for (const c of f.calls) {
    restoreAt(c);
    if (c.awaitAt) c.awaitAt = unpack(c.awaitAt);
  }
  f.news.forEach(restoreAt);
  for (const b of f.bindings) {
    restoreAt(b);
    b.nameAt = unpack(b.nameAt);
  }
  f.keyedOps.forEach(restoreAt);
  for (const r of f.registries) {
    restoreAt(r);
    if (r.keyAt) r.keyAt = unpack(r.keyAt);
  }
  f.suppressions.forEach(restoreAt);
  for (const r of f.redefinitions ?? []) {
    restoreAt(r);
    r.earlier = unpack(r.earlier);
  }
}

export interface CacheEntry {
  /** Content hash (SHA-1 of the text), the key that decides a hit. */
  hash: string;
  /** Size, mtime and ctime at the time of hashing: when all are unchanged the file is not re-read. */
  size: number;
  mtimeMs: number;
  /** Compared too: an edit that keeps the size and restores the mtime (`touch -r`, `cp -p`) still moves it. */
  ctimeMs: number;
  facts?: FileFacts;
  /** Parse errors (a file that does not parse is not re-parsed either). */
  errors: FileError[];
}

export interface CacheKey {
  /** The project root the paths are relative to. */
  root: string;
  toolVersion: string;
  /** The parser's version: another TypeScript may parse differently. */
  parserVersion: string;
  /** Hash of whatever configuration changes extraction (none today beyond the versions). */
  configKey: string;
}

interface SegmentHeader extends CacheKey {
  format: string;
  factsVersion: number;
  /** HMAC-SHA256 of the payload then headerFields (macOfSegment). */
  mac: string;
  entries: number;
  /** When the segment was written: entries whose file mtime is this recent are re-hashed. */
  writtenAt: number;
}

export interface CacheStats {
  segmentsRead: number;
  segmentsIgnored: number;
  hits: number;
  misses: number;
}

const SEGMENT = /^facts-[0-9a-z-]+\.seg$/;
const SEGMENT_BYTES = 32 * 1024 * 1024;

export class FactCache {
  private readonly entries = new Map<string, CacheEntry & { writtenAt: number }>();
  private readonly segments: string[] = [];
  private readonly ignored: string[] = [];
  /** Shares spans between the entries read and the facts workers send in this run. */
  readonly interner = new FactInterner();
  readonly stats: CacheStats = { segmentsRead: 0, segmentsIgnored: 0, hits: 0, misses: 0 };

  private constructor(
    readonly dir: string,
    private readonly key: CacheKey,
    private readonly secret: Buffer,
  ) {}

  /**
   * Open (and read) the cache in `dir`, authenticated under `secret` (trust.ts cacheSecret); a
   * missing, foreign, corrupt or forged cache reads as empty.
   */
  static open(dir: string, key: CacheKey, secret: Buffer): FactCache {
    const cache = new FactCache(dir, key, secret);
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter((n) => SEGMENT.test(n)).sort();
    } catch {
      return cache;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      const seg = readSegment(file, key, secret, cache.interner);
      if (!seg) {
        cache.ignored.push(file);
        cache.stats.segmentsIgnored++;
        continue;
      }
      cache.segments.push(file);
      cache.stats.segmentsRead++;
      for (const [rel, entry] of seg.entries) {
        (entry as CacheEntry & { writtenAt: number }).writtenAt = seg.header.writtenAt;
        cache.entries.set(rel, entry as CacheEntry & { writtenAt: number });
      }
    }
    return cache;
  }

  /**
   * The cached entry for `rel` if it is still valid for the file's current state. With `stat`
   * only (no text), a hit needs an unchanged size, mtime and ctime, and an mtime older than the
   * segment (a file modified in the same instant it was cached is re-read: git's "racy clean" case).
   * The ctime is what catches an edit whose mtime was put back (`touch -r`, `cp -p`, `rsync -t`):
   * no one can set it.
   */
  lookupByStat(rel: string, size: number, mtimeMs: number, ctimeMs: number): CacheEntry | undefined {
    const e = this.entries.get(rel);
    if (!e || e.size !== size || e.mtimeMs !== mtimeMs || e.ctimeMs !== ctimeMs || mtimeMs >= e.writtenAt - 1000) return undefined;
    return this.valid(rel, e) ? e : undefined;
  }

  /** The cached entry for `rel` if its content hash is `hash`. */
  lookupByHash(rel: string, hash: string): CacheEntry | undefined {
    const e = this.entries.get(rel);
    if (!e || e.hash !== hash) return undefined;
    return this.valid(rel, e) ? e : undefined;
  }

  has(rel: string): boolean {
    return this.entries.has(rel);
  }

  /** What the cache held for `rel` when it was opened, whatever the file holds now. */
  previous(rel: string): CacheEntry | undefined {
    const e = this.entries.get(rel);
    return e && this.valid(rel, e) ? e : undefined;
  }

  private valid(rel: string, e: CacheEntry): boolean {
    if (!Array.isArray(e.errors)) return false;
    if (e.facts === undefined) return true;
    return typeof e.facts === 'object' && e.facts !== null && e.facts.version === FACTS_VERSION && e.facts.path === rel && e.facts.hash === e.hash;
  }

  hit(): void {
    this.stats.hits++;
  }

  /**
   * Forget the entries read (after `commit` and the run's last `previous`): the run's facts are the
   * index's from then on, and at 50,000 files the map and its wrappers would keep every entry alive.
   */
  close(): void {
    this.entries.clear();
    this.interner.clear();
  }

  /** Record a freshly extracted file, with its JSON when a worker already encoded it. */
  store(rel: string, entry: CacheEntry, json?: string): void {
    this.stats.misses++;
    this.add(rel, json ?? encodeEntry(entry));
  }

  /** A file whose content is cached but whose size or mtime moved (a checkout, a fresh clone). */
  restat(rel: string, entry: CacheEntry): void {
    this.add(rel, encodeEntry(stripWrittenAt(entry)));
  }

  private writer: SegmentWriter | undefined;
  private newSegments = 0;
  private writeError: string | undefined;
  private written = new Set<string>();

  private add(rel: string, json: string): void {
    if (this.writeError !== undefined) return;
    try {
      // Segments stay small (a 50,000-file project's facts are ~500 MB of JSON): one is read,
      // checked and parsed at a time, and none nears V8's maximum string length.
      if (this.writer && this.writer.size > SEGMENT_BYTES) {
        this.writer.finish();
        this.writer = undefined;
        this.newSegments++;
      }
      this.writer ??= new SegmentWriter(this.dir, this.key, this.secret);
      this.writer.add(rel, json);
      this.written.add(rel);
    } catch (e) {
      this.writeError = errorText(this.dir, e);
      this.writer?.abort();
      this.writer = undefined;
    }
  }

  /**
   * Persist what this run learned. `live` is every path of this run: entries for other paths are
   * dropped at compaction. Failure to write is not an error of the run (the cache is an
   * optimisation): it returns the reason instead.
   */
  commit(live: ReadonlySet<string>): string | undefined {
    if (this.writeError !== undefined) return this.writeError;
    try {
      const total = this.entries.size + this.written.size;
      const compact = this.segments.length > 0 && (total > 2 * live.size || this.segments.length > 16 + Math.ceil(live.size / 4096));
      if (compact) {
        for (const [rel, e] of this.entries) {
          if (live.has(rel) && !this.written.has(rel)) this.add(rel, encodeEntry(stripWrittenAt(e)));
        }
        if (this.writeError !== undefined) return this.writeError;
      }
      this.writer?.finish();
      this.writer = undefined;
      if (compact) for (const s of this.segments) fs.rmSync(s, { force: true });
      for (const s of this.ignored) fs.rmSync(s, { force: true });
      if (compact) removeStaleTemps(this.dir);
      return undefined;
    } catch (e) {
      this.writer?.abort();
      this.writer = undefined;
      return errorText(this.dir, e);
    }
  }
}

/** Temp files of runs that died mid-write (an hour old: no live run is still writing them). */
function removeStaleTemps(dir: string): void {
  const cutoff = Date.now() - 3_600_000;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.seg.tmp')) continue;
    const p = path.join(dir, name);
    try {
      if (fs.statSync(p).mtimeMs < cutoff) fs.rmSync(p, { force: true });
    } catch {
      /* gone already */
    }
  }
}

function errorText(dir: string, e: unknown): string {
  return `cannot write the cache in ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
}

function stripWrittenAt(e: CacheEntry & { writtenAt?: number }): CacheEntry {
  const { writtenAt: _ignored, ...rest } = e;
  return rest;
}

/**
 * Streams one segment to a temp file as entries arrive (the main thread never holds the whole
 * payload), then appends the header line with its MAC and renames it into place.
 */
class SegmentWriter {
  private readonly tmp: string;
  private readonly final: string;
  private readonly fd: number;
  private readonly mac: Hmac;
  private count = 0;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(dir: string, private readonly key: CacheKey, secret: Buffer) {
    this.mac = macStream(secret, CACHE_FORMAT);
    makeCacheDir(dir);
    const name = `facts-${Date.now().toString(36)}-${process.pid.toString(36)}-${Math.random().toString(36).slice(2, 8)}.seg`;
    this.final = path.join(dir, name);
    this.tmp = `${this.final}.tmp`;
    this.fd = fs.openSync(this.tmp, 'w');
  }

  /** One line: JSON never holds a raw tab or newline, so both are safe separators. */
  add(rel: string, json: string): void {
    this.write(`${JSON.stringify(rel)}\t${json}\n`);
    this.count++;
    this.size += json.length;
  }

  /** Bytes of entries so far (to start a new segment before one gets large). */
  size = 0;

  private write(text: string, flush = false): void {
    this.buffer.push(text);
    this.buffered += text.length;
    if (flush || this.buffered > 1 << 20) {
      // Encoded once, for the MAC and the write (a string would be encoded by each).
      const chunk = Buffer.from(this.buffer.join(''), 'utf8');
      this.buffer = [];
      this.buffered = 0;
      this.mac.update(chunk);
      fs.writeSync(this.fd, chunk);
    }
  }

  finish(): void {
    this.write('', true);
    const fields: Omit<SegmentHeader, 'mac'> = { format: CACHE_FORMAT, ...this.key, factsVersion: FACTS_VERSION, entries: this.count, writtenAt: Date.now() };
    const header: SegmentHeader = { ...fields, mac: macText(this.mac.update(headerFields(fields))) };
    fs.writeSync(this.fd, JSON.stringify(header));
    fs.closeSync(this.fd);
    fs.renameSync(this.tmp, this.final);
  }

  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(this.tmp, { force: true });
  }
}

/**
 * The header's fields as the MAC covers them, after the payload: in a fixed order, so that moving a
 * signed payload under another root, config, count or write time breaks the MAC.
 */
function headerFields(h: Partial<Omit<SegmentHeader, 'mac'>>): string {
  return `\n${JSON.stringify([h.format, h.root, h.toolVersion, h.parserVersion, h.configKey, h.factsVersion, h.entries, h.writtenAt])}`;
}

/** The MAC a segment with this payload and header must carry (tests forge segments with it). */
export function macOfSegment(payload: Buffer | string, header: Partial<Omit<SegmentHeader, 'mac'>>, secret: Buffer): string {
  return macText(macStream(secret, CACHE_FORMAT).update(payload).update(headerFields(header)));
}

function readSegment(file: string, key: CacheKey, secret: Buffer, interner: FactInterner): { header: SegmentHeader; entries: [string, CacheEntry][] } | undefined {
  try {
    // Authenticated as bytes (a MAC of a string would encode it to UTF-8 again), decoded once.
    const bytes = fs.readFileSync(file);
    const nl = bytes.lastIndexOf(0x0a);
    if (nl < 0) return undefined;
    const header = JSON.parse(bytes.toString('utf8', nl + 1)) as Partial<SegmentHeader>;
    if (
      header.format !== CACHE_FORMAT ||
      header.factsVersion !== FACTS_VERSION ||
      header.root !== key.root ||
      header.toolVersion !== key.toolVersion ||
      header.parserVersion !== key.parserVersion ||
      header.configKey !== key.configKey ||
      typeof header.writtenAt !== 'number' ||
      typeof header.entries !== 'number'
    ) {
      return undefined;
    }
    const payload = bytes.subarray(0, nl + 1);
    if (!macMatches(macStream(secret, CACHE_FORMAT).update(payload).update(headerFields(header)), header.mac)) return undefined;
    // All or nothing: a line that is not `"path"<TAB>{entry}` rejects the segment.
    const entries: [string, CacheEntry][] = [];
    for (let start = 0; start < payload.length; ) {
      const end = payload.indexOf(0x0a, start);
      const tab = payload.indexOf(0x09, start);
      if (tab < 0 || tab > end) return undefined;
      const rel = JSON.parse(payload.toString('utf8', start, tab)) as unknown;
      const entry = JSON.parse(payload.toString('utf8', tab + 1, end)) as unknown;
      if (typeof rel !== 'string' || !entry || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
      if ((entry as CacheEntry).facts) restoreSpans((entry as CacheEntry).facts!, interner);
      entries.push([rel, entry as CacheEntry]);
      start = end + 1;
    }
    return { header: header as SegmentHeader, entries };
  } catch {
    return undefined;
  }
}

/** The directory name of the cache in a project that is not an npm package (Ruff's `.ruff_cache`, mypy's `.mypy_cache`). */
export const PROJECT_CACHE_DIR = '.ssot-cache';

/**
 * Where the cache lives by default: `<root>/node_modules/.cache/ssot-lint` when the project root
 * looks like a package (has package.json or node_modules: where JavaScript tools keep theirs, and
 * what CI configurations already cache); otherwise `<root>/.ssot-cache/`, which ignores itself for
 * git (a `.gitignore` of `*`). Where it is is not a trust question: every entry is authenticated
 * under the per-user secret (trust.ts).
 */
export function defaultCacheDir(root: string): string {
  if (!fs.existsSync(path.join(root, 'package.json')) && !fs.existsSync(path.join(root, 'node_modules'))) return path.join(root, PROJECT_CACHE_DIR);
  return path.join(root, 'node_modules', '.cache', 'ssot-lint');
}

/** Create the cache directory, with a `.gitignore` of `*` so that it is never committed by accident. */
export function makeCacheDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!fs.existsSync(ignore)) {
    try {
      fs.writeFileSync(ignore, '# Made by ssot-lint: its cache is never committed.\n*\n', { flag: 'wx' });
    } catch {
      // another run wrote it first, or the directory is read-only: the cache itself reports that
    }
  }
}
