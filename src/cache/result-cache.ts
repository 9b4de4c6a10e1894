/**
 * The result cache: when nothing the findings depend on has changed since the last run with the same
 * settings, the findings are that run's findings, and a run costs a discover and a `stat` per file.
 *
 * The findings are a pure function of (every analysed file's content, the configuration, the
 * tsconfig path mapping, the rule selection, ssot-lint's own code). One entry per distinct setting
 * (`results-<key>.json`, the newest few kept) records the files with size, mtime, ctime and content
 * hash, and the result. It is used only when the discovered file list is the same, in the same order,
 * and every file's size, mtime and ctime are unchanged and its mtime older than the entry (git's
 * "racy clean" rule, as in the fact cache); anything else is a normal run through the fact cache, which then writes a new entry.
 *
 * A run whose files changed but whose facts did not (a comment or a blank line at the end, a
 * touched file) is also a hit, decided by `sameFacts` after extraction: same facts, same findings.
 *
 * Never trusted: a wrong format, version or key, an entry that does not parse, or one whose
 * HMAC-SHA256 under the per-user secret (trust.ts) fails (a file committed to the repository, a cache
 * restored from elsewhere, a corrupt one) is a miss, and the next write replaces it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Hmac } from 'node:crypto';
import { TOOL_VERSION } from '../util/version.js';
import type { DiscoveredFile } from '../discover/discover.js';
import type { FileError } from '../model/file-error.js';
import type { ConceptSkeleton, UnresolvedImports } from '../report/types.js';
import type { Finding } from '../model/findings.js';
import { hashText } from '../util/hash.js';
import { codeHashOf } from './open.js';
import { makeCacheDir } from './fact-cache.js';
import { macMatches, macStream, macText } from '../util/trust.js';

/** /2: authenticated by an HMAC-SHA256 (was a CRC-32), and file stamps carry the ctime. */
export const RESULTS_FORMAT = 'ssot-lint-results/2';
/** Entries kept per cache directory (one per distinct setting: rule selection, config, …). */
const KEEP = 4;

/** What a cached run hands back: everything the reports need, without the index. */
export interface CachedResult {
  filesScanned: number;
  findings: Finding[];
  errors: FileError[];
  /** Files whose facts were analysed (for the baseline's "was this file analysed" question). */
  analysedFiles: string[];
  concepts?: ConceptSkeleton[];
  unresolvedImports?: UnresolvedImports;
  conceptWarnings?: string[];
}

/** One analysed file as the entry remembers it: path, size, mtime, content hash ('' if unread), ctime. */
export type FileStamp = [rel: string, size: number, mtimeMs: number, hash: string, ctimeMs: number];

interface Entry {
  format: string;
  key: string;
  writtenAt: number;
  files: FileStamp[];
  result: CachedResult;
}

/** ssot-lint's own analysis code (src/ and rules/), hashed once per process. */
let codeHash: string | undefined;
function toolCodeHash(): string {
  return (codeHash ??= codeHashOf(['..', '../../rules']));
}

/** The key of one setting: everything besides the files' content that decides the findings. */
export function resultKey(setting: unknown): string {
  return hashText(JSON.stringify({ format: RESULTS_FORMAT, tool: TOOL_VERSION, code: toolCodeHash(), setting }));
}

export class ResultCache {
  /** `secret`: the key entries are authenticated with (trust.ts cacheSecret). */
  constructor(
    readonly dir: string,
    readonly key: string,
    private readonly secret: Buffer,
  ) {}

  private get file(): string {
    return path.join(this.dir, `results-${this.key.slice(0, 16)}.json`);
  }

  /** The entry, read and checked once per run (the stat check and the facts check both use it). */
  private entry: Entry | undefined | null = null;

  private read(): Entry | undefined {
    if (this.entry === null) this.entry = this.load();
    return this.entry;
  }

  private load(): Entry | undefined {
    try {
      const bytes = fs.readFileSync(this.file);
      const nl = bytes.lastIndexOf(0x0a);
      if (nl < 0) return undefined;
      const payload = bytes.subarray(0, nl);
      if (!macMatches(macStream(this.secret, RESULTS_FORMAT).update(payload), bytes.toString('utf8', nl + 1))) return undefined;
      const entry = JSON.parse(payload.toString('utf8')) as Partial<Entry>;
      if (entry.format !== RESULTS_FORMAT || entry.key !== this.key || typeof entry.writtenAt !== 'number' || !Array.isArray(entry.files) || !entry.result) return undefined;
      return entry as Entry;
    } catch {
      return undefined;
    }
  }

  /**
   * The cached result if `files` are the files of the entry, each with its size, mtime and ctime
   * unchanged (stat only, no read). `needConcepts`: the caller needs the concept roll-up, which an entry written
   * without it cannot give.
   */
  lookupByStat(files: readonly DiscoveredFile[], needConcepts: boolean): CachedResult | undefined {
    if (!fs.existsSync(this.file)) return undefined;
    const entry = this.read();
    if (!entry || entry.files.length !== files.length || (needConcepts && !entry.result.concepts)) return undefined;
    for (let i = 0; i < files.length; i++) {
      const [rel, size, mtimeMs, , ctimeMs] = entry.files[i]!;
      const f = files[i]!;
      if (rel !== f.rel) return undefined;
      let st: fs.Stats;
      try {
        st = fs.statSync(f.abs);
      } catch {
        return undefined;
      }
      if (st.size !== size || st.mtimeMs !== mtimeMs || st.ctimeMs !== ctimeMs || mtimeMs >= entry.writtenAt - 1000) return undefined;
    }
    return entry.result;
  }

  /**
   * The entry's file stamps and result, for the after-extraction check (`sameFacts`). Handed over,
   * not kept: on a large project the entry is tens of MB of heap that linking and rules can use.
   */
  previous(needConcepts: boolean): { files: FileStamp[]; result: CachedResult } | undefined {
    const entry = this.read();
    this.entry = undefined;
    if (!entry || (needConcepts && !entry.result.concepts)) return undefined;
    return { files: entry.files, result: entry.result };
  }

  /** Record this run. Never fails the run: returns why it could not write, if it could not. */
  write(files: FileStamp[], result: CachedResult): string | undefined {
    try {
      makeCacheDir(this.dir);
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeEntry(tmp, { format: RESULTS_FORMAT, key: this.key, writtenAt: Date.now(), files, result }, macStream(this.secret, RESULTS_FORMAT));
      fs.renameSync(tmp, this.file);
      this.prune();
      return undefined;
    } catch (e) {
      return `cannot write the cache in ${this.dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
  }

  /** Keep the newest KEEP entries: each distinct setting (a `--rule` run, another config) has one. */
  private prune(): void {
    const entries = fs
      .readdirSync(this.dir)
      .filter((n) => /^results-[0-9a-f]+\.json$/.test(n))
      .map((n) => ({ p: path.join(this.dir, n), t: fs.statSync(path.join(this.dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const e of entries.slice(KEEP)) fs.rmSync(e.p, { force: true });
  }
}

/**
 * `JSON.stringify(entry)`, a newline and its MAC, written in pieces (the same bytes): a
 * 50,000-file project's entry is ~21 MB of JSON, and one string of it plus its UTF-8 copies for the
 * MAC and the write came on top of the run's largest heap.
 */
function writeEntry(file: string, entry: Entry, mac: Hmac): void {
  const fd = fs.openSync(file, 'w');
  try {
    const put = (text: string): void => {
      const bytes = Buffer.from(text, 'utf8');
      mac.update(bytes);
      fs.writeSync(fd, bytes);
    };
    const { files, result, ...head } = entry;
    put(`${JSON.stringify(head).slice(0, -1)},"files":[`);
    for (let i = 0; i < files.length; i += 4096) put(`${i === 0 ? '' : ','}${files.slice(i, i + 4096).map((f) => JSON.stringify(f)).join(',')}`);
    put(`],"result":${JSON.stringify(result)}}`);
    fs.writeSync(fd, `\n${macText(mac)}`);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw e;
  }
  fs.closeSync(fd);
}
