/**
 * Preloaded into every measured child (`node --import bench/rss-probe.js …`): at exit, writes the
 * process's peak resident set size (all threads) and its CPU time (user + system, all threads, ms)
 * to $SSOT_BENCH_RSS_FILE, as `<rss bytes> <cpu ms>`.
 */
import fs from 'node:fs';

const out = process.env.SSOT_BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      fs.writeFileSync(out, `${u.maxRSS * 1024} ${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}`);
    } catch {
      /* the measurement is lost, the run is not */
    }
  });
}
