/** The progress line: only on a TTY, not in CI, not with --quiet, unless asked for. */
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/cli/progress.js';
import type { ExtractStats } from '../src/engine/extract-all.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; out: string[] } {
  const out: string[] = [];
  return { stream: { isTTY, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WriteStream, out };
}

const stats: ExtractStats = { total: 100, parsed: 40, cached: 50, workers: 1, parsedInWorkers: 20 };

describe('progress line', () => {
  it('stays silent off a TTY, in CI, with --quiet and with --no-progress', () => {
    for (const [isTTY, env, quiet, requested] of [
      [false, {}, false, undefined],
      [true, { CI: 'true' }, false, undefined],
      [true, {}, true, undefined],
      [true, {}, false, false],
    ] as const) {
      const { stream, out } = fakeStream(isTTY);
      const p = createProgress({ stream, env, quiet, ...(requested !== undefined ? { requested } : {}) });
      p.update(stats);
      p.done();
      expect(out, JSON.stringify({ isTTY, env, quiet, requested })).toEqual([]);
    }
  });

  it('waits about a second on a TTY before showing anything', () => {
    const { stream, out } = fakeStream(true);
    const p = createProgress({ stream, env: {} });
    p.update(stats);
    expect(out).toEqual([]);
  });

  it('with --progress shows files parsed / to parse, from cache and threads, and clears the line at the end', () => {
    const { stream, out } = fakeStream(true);
    const p = createProgress({ stream, env: { CI: '1' }, requested: true });
    p.update(stats);
    p.done();
    expect(out[0]).toMatch(/^\r\x1b\[Kssot-lint: parsed 40\/50 files, 50 from cache, 2 threads, \d+\.\ds$/);
    expect(out.at(-1)).toBe('\r\x1b[K');
  });

  it('with --progress off a TTY writes plain lines', () => {
    const { stream, out } = fakeStream(false);
    const p = createProgress({ stream, env: {}, requested: true });
    p.update({ ...stats, parsed: 50 });
    p.done();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/parsed 50\/50 files, 50 from cache, 2 threads, .*linking and running rules\n$/);
  });
});
