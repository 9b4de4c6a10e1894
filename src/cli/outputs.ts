/**
 * Several reports from one analysis: `-f json:r.json -f sarif:r.sarif`, or `--format json --output
 * r.json --format sarif --output r.sarif` (each `--output` goes to the next `--format` without a
 * file). At most one report goes to stdout. Every report is rendered before anything is written,
 * and the files are written together by `writeOutputs`: all of them or none (see there).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../util/errors.js';
import { REPORTERS } from '../report/index.js';

export interface OutputPlan {
  format: string;
  /** undefined: stdout. */
  file?: string;
  /** The option it came from, for errors: `--output r.json`'s "--output", `-f sarif:r.sarif`'s "--format sarif:…". */
  label?: string;
}

export function formatNames(): string[] {
  return Object.keys(REPORTERS).sort();
}

export function planOutputs(formats: readonly string[], outputs: readonly string[]): OutputPlan[] {
  const specs = formats.length > 0 ? formats : ['text'];
  const plans: OutputPlan[] = specs.map((spec) => {
    const colon = spec.indexOf(':');
    const name = colon < 0 ? spec : spec.slice(0, colon);
    const file = colon < 0 ? undefined : spec.slice(colon + 1);
    if (!REPORTERS[name]) throw new UsageError(`--format ${spec}: unknown format "${name}"; expected one of ${formatNames().join(', ')} (optionally format:file)`);
    if (file === '') throw new UsageError(`--format ${spec}: empty file name after ":"`);
    return { format: name, ...(file ? { file, label: `--format ${name}:` } : {}) };
  });
  const pending = [...outputs];
  for (const p of plans) {
    if (p.file === undefined && pending.length > 0) {
      p.file = pending.shift()!;
      p.label = '--output';
    }
  }
  if (pending.length > 0) {
    throw new UsageError(`--output ${pending[0]}: no --format left to write there; pair each --output with a --format (or use -f format:file)`);
  }
  const toStdout = plans.filter((p) => p.file === undefined || namedDescriptor(path.resolve(p.file)) === 1);
  if (toStdout.length > 1) {
    throw new UsageError(`--format ${toStdout.map((p) => p.format).join(', ')}: only one report can go to stdout; give the others a file (-f ${toStdout[1]!.format}:report.${toStdout[1]!.format})`);
  }
  const seen = new Set<string>();
  for (const p of plans) {
    if (p.file === undefined) continue;
    const abs = path.resolve(p.file);
    if (seen.has(abs)) throw new UsageError(`--output ${p.file}: given twice`);
    seen.add(abs);
  }
  return plans;
}

/** Fail before writing anything when a report's directory does not exist or the target is a directory. */
export function checkOutputDirs(plans: readonly OutputPlan[]): void {
  for (const p of plans) {
    if (p.file === undefined) continue;
    const abs = path.resolve(p.file);
    const dir = path.dirname(abs);
    if (!isDirectory(dir)) throw new UsageError(`${naming(p.label, p.file)}: ${noDirectory(dir)}`);
    if (isDirectory(abs)) throw new UsageError(`${naming(p.label, p.file)}: is a directory; expected a file name`);
  }
}

/** `--output r.json`, `--format sarif:r.sarif`: the option as the user wrote it. */
function naming(label: string | undefined, file: string): string {
  const l = label ?? '--output';
  return l.endsWith(':') ? `${l}${file}` : `${l} ${file}`;
}

function noDirectory(dir: string): string {
  return fs.existsSync(dir) ? `${dir} is not a directory` : `directory ${dir} does not exist`;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** One file to write: `label` names the option it came from in an error (`--output`, `--format sarif:r.sarif`). */
export interface OutputWrite {
  file: string;
  text: string;
  label?: string;
  /** Permission bits for a new regular file (a fixed source file keeps its mode); default: the umask's. */
  mode?: number;
}

interface Prepared extends OutputWrite {
  label: string;
  target: string;
  /** Written in place (open, write, close): a device, a FIFO, /dev/stdout. Otherwise temp + rename. */
  inPlace: boolean;
  tmp?: string;
}

/**
 * Write several files all-or-nothing, as far as a file system allows:
 *   1. every target is checked (its directory exists, it is not a directory);
 *   2. each regular file's text goes to a new temp file next to it, created exclusively under a
 *      random name (`<name>.<random>.tmp`, `wx`: a planted symlink or file there is never followed
 *      or overwritten), with the umask's default mode;
 *   3. targets that are not regular files — character devices (/dev/null), FIFOs, /dev/stdout —
 *      are written in place (renaming over them would replace the device with a file); a symlink
 *      elsewhere is replaced, not followed;
 *   4. only when all of that succeeded is each temp renamed over its file.
 * A failure in 1–3 removes every temp: no report is written, none is half-written, and the
 * error names the option. Step 4 renames in the same directory, which fails only when the
 * directory changes under the run; a device written in step 3 cannot be taken back.
 */
export function writeOutputs(writes: readonly OutputWrite[]): void {
  const prepared = writes.map(prepare);
  const temps: string[] = [];
  const cleanup = (): void => {
    for (const t of temps) {
      try {
        fs.rmSync(t, { force: true });
      } catch {
        /* nothing left to clean */
      }
    }
  };
  try {
    for (const p of prepared) {
      if (p.inPlace) continue;
      const tmp = (p.tmp = tempName(p.target));
      attempt(p, () => {
        const fd = fs.openSync(tmp, 'wx');
        temps.push(tmp);
        try {
          if (p.mode !== undefined) fs.fchmodSync(fd, p.mode);
          fs.writeFileSync(fd, p.text);
        } finally {
          fs.closeSync(fd);
        }
      });
    }
    for (const p of prepared) if (p.inPlace) attempt(p, () => writeInPlace(p.target, p.text));
    for (const p of prepared) if (p.tmp) attempt(p, () => fs.renameSync(p.tmp!, p.target));
  } catch (e) {
    cleanup();
    throw e;
  }
}

/** Write one file atomically: complete or absent, never half-written. */
export function writeFileAtomic(file: string, text: string, label = '--output'): void {
  writeOutputs([{ file, text, label }]);
}

function prepare(w: OutputWrite): Prepared {
  const label = w.label ?? '--output';
  const abs = path.resolve(w.file);
  const dir = path.dirname(abs);
  if (!isDirectory(dir)) throw new UsageError(`${naming(label, w.file)}: ${noDirectory(dir)}`);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return { ...w, label, target: abs, inPlace: false }; // a new file
  }
  if (st.isSymbolicLink()) {
    // /dev/stdout, /dev/fd/3: the stream they lead to is written in place. Any other link is
    // replaced by the report, never followed: a link planted in a checkout (report.json ->
    // ~/.bashrc, -> /dev/sda) must not aim the write elsewhere.
    const stream = abs.startsWith('/dev/') || abs.startsWith('/proc/');
    if (stream && isDirectory(abs)) throw new UsageError(`${naming(label, w.file)}: is a directory; expected a file name`);
    return { ...w, label, target: abs, inPlace: stream };
  }
  if (st.isDirectory()) throw new UsageError(`${naming(label, w.file)}: is a directory; expected a file name`);
  // A device or FIFO the user named: renaming over it would replace it with a file.
  return { ...w, label, target: abs, inPlace: !st.isFile() };
}

function tempName(target: string): string {
  return `${target}.${crypto.randomBytes(8).toString('hex')}.tmp`;
}

/** The descriptor /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N names, if it names one. */
function namedDescriptor(abs: string): number | undefined {
  if (abs === '/dev/stdout') return 1;
  if (abs === '/dev/stderr') return 2;
  const m = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(abs);
  return m ? Number(m[1]) : undefined;
}

function writeInPlace(target: string, text: string): void {
  // Our own stdout or stderr: through Node's stream (a socket, as spawn gives, cannot be reopened through /proc: ENXIO).
  const named = namedDescriptor(target);
  if (named === 1) return void process.stdout.write(text);
  if (named === 2) return void process.stderr.write(text);
  let fd: number;
  try {
    fd = fs.openSync(target, 'w');
  } catch (e) {
    if (named === undefined || (e as NodeJS.ErrnoException).code !== 'ENXIO') throw e;
    fs.writeFileSync(named, text);
    return;
  }
  try {
    fs.writeFileSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}

function attempt(p: Prepared, step: () => void): void {
  try {
    step();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'ENOSPC: no space left on the device' : code === 'EEXIST' ? 'EEXIST: its temp file name is taken' : (code ?? (e as Error).message);
    throw new UsageError(`${naming(p.label, p.file)}: cannot write (${why})`);
  }
}
