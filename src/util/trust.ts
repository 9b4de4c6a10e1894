/**
 * What the caches may trust. Nothing under the analysed tree (`node_modules/.cache/ssot-lint`), in
 * a restored CI cache or at `--cache-location` is trusted: a pull request can commit or plant files
 * there. So:
 * - compiled code (the V8 code cache of TypeScript) is read only from the per-user directory
 *   (`$SSOT_LINT_USER_CACHE`, else `$XDG_CACHE_HOME/ssot-lint`, else `~/.cache/ssot-lint`), and only
 *   when that directory and the file are owned by this user and not group/world-writable;
 * - fact segments and result entries, wherever they are, carry an HMAC-SHA256 under a per-user
 *   secret kept outside the tree (`<user dir>/secret`, 32 random bytes, or `$SSOT_LINT_CACHE_SECRET`),
 *   so what the repository holds can only be what this user's own runs wrote.
 * A check that fails is a cache miss, never an error. See docs/ci.md, "Trust model of the caches".
 */
import { createHmac, randomBytes, timingSafeEqual, type Hmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Overrides the per-user directory (tests; a CI that wants it elsewhere). */
export const USER_CACHE_ENV = 'SSOT_LINT_USER_CACHE';
/** The MAC secret, for CI systems that restore the cache across machines (set it from a CI secret). */
export const SECRET_ENV = 'SSOT_LINT_CACHE_SECRET';

const SECRET_BYTES = 32;

/** Where the per-user directory is (it may not exist yet), or undefined when there is no home. */
export function userCacheDirPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env[USER_CACHE_ENV];
  if (override) return path.resolve(override);
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec: a relative value is invalid and is ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'ssot-lint');
  let home = '';
  try {
    home = os.homedir();
  } catch {
    return undefined;
  }
  return home ? path.join(home, '.cache', 'ssot-lint') : undefined;
}

/**
 * Owned by this user and not writable by group or others (`secret`: not readable by them either).
 * Where there are no uids (Windows) the file system's ACLs decide and this says yes.
 */
export function isPrivate(st: fs.Stats, secret = false): boolean {
  if (typeof process.getuid !== 'function') return true;
  return st.uid === process.getuid() && (st.mode & (secret ? 0o077 : 0o022)) === 0;
}

/** The per-user directory, created 0700 if missing; undefined if it cannot be had or is not private. */
export function trustedUserDir(): string | undefined {
  const dir = userCacheDirPath();
  if (!dir) return undefined;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.statSync(dir);
    return st.isDirectory() && isPrivate(st) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Read a file from the per-user directory: not through a symlink, and only if the opened file is a
 * regular file that isPrivate. Undefined otherwise.
 */
export function readPrivateFile(file: string, secret = false): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || !isPrivate(st, secret)) return undefined;
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Write `data` to `file` atomically (a private temp file renamed into place); false if it could not. */
export function writePrivateFile(file: string, data: Buffer): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx', mode: 0o600 });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    fs.rmSync(tmp, { force: true });
    return false;
  }
}

/**
 * The key the fact and result caches are authenticated with: `$SSOT_LINT_CACHE_SECRET`, else the
 * 32 bytes of `<user dir>/secret` (made on first use: 0600, created exclusively and linked into
 * place, so two first runs agree on one). Undefined when neither can be had: the run then uses no
 * fact or result cache.
 */
export function cacheSecret(): Buffer | undefined {
  const fromEnv = process.env[SECRET_ENV];
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const dir = trustedUserDir();
  if (!dir) return undefined;
  const file = path.join(dir, 'secret');
  const existing = readPrivateFile(file, true);
  if (existing?.length === SECRET_BYTES) return existing;
  if (existing === undefined && fs.existsSync(file)) return undefined; // someone else's, or not private: not ours to replace
  const fresh = randomBytes(SECRET_BYTES);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, fresh, { flag: 'wx', mode: 0o600 });
    if (existing === undefined) {
      try {
        fs.linkSync(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        // Another run made it first: use that one.
        const theirs = readPrivateFile(file, true);
        return theirs?.length === SECRET_BYTES ? theirs : undefined;
      }
    } else {
      // Ours, private, but not 32 bytes: replaced (its caches just stop matching).
      fs.renameSync(tmp, file);
    }
    return fresh;
  } catch {
    return undefined;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

const MAC_PREFIX = 'hmac-sha256:';

/** A running HMAC-SHA256 for one kind of cache file: `domain` (its format string) goes first. */
export function macStream(secret: Buffer, domain: string): Hmac {
  return createHmac('sha256', secret).update(`${domain}\0`);
}

export function macText(mac: Hmac): string {
  return `${MAC_PREFIX}${mac.digest('hex')}`;
}

/** Whether `stored` (from the file) is the MAC `mac` computed; constant-time. */
export function macMatches(mac: Hmac, stored: unknown): boolean {
  if (typeof stored !== 'string') return false;
  const expected = Buffer.from(macText(mac));
  const got = Buffer.from(stored);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
