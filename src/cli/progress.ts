/**
 * The progress line on stderr: files parsed / total, from cache, elapsed. Shown on a TTY once a run
 * has taken about a second; never with --quiet, when stderr is not a TTY, or in CI, unless asked
 * for with --progress (then, off a TTY, as a plain line every few seconds).
 */
import type { ExtractStats } from '../engine/extract-all.js';

export interface ProgressOptions {
  /** --progress (true) / --no-progress (false); undefined = decide from the environment. */
  requested?: boolean;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

export interface Progress {
  update(stats: ExtractStats): void;
  done(): void;
}

const NONE: Progress = { update() {}, done() {} };

export function isCI(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const tty = stream.isTTY === true;
  const enabled = options.requested ?? (tty && !options.quiet && !isCI(env));
  if (!enabled) return NONE;
  const started = performance.now();
  const delay = options.requested ? 0 : 1000;
  let shown = false;
  let lastPlain = 0;
  const write = (text: string): void => {
    const elapsed = performance.now() - started;
    if (elapsed < delay) return;
    if (tty) {
      stream.write(`\r\x1b[K${text}`);
      shown = true;
    } else if (elapsed - lastPlain >= 2000 || lastPlain === 0) {
      lastPlain = elapsed || 1;
      stream.write(`${text}\n`);
    }
  };
  const line = (s: ExtractStats, tail = ''): string =>
    `ssot-lint: parsed ${s.parsed}/${s.total - s.cached} files${s.cached > 0 ? `, ${s.cached} from cache` : ''}${s.workers > 0 ? `, ${s.workers + 1} threads` : ''}, ${((performance.now() - started) / 1000).toFixed(1)}s${tail}`;
  return {
    update(stats) {
      write(line(stats, stats.parsed + stats.cached >= stats.total ? '; linking and running rules' : ''));
    },
    done() {
      if (shown && tty) stream.write('\r\x1b[K');
    },
  };
}
