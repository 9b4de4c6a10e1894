/**
 * Preloaded into every measured child (`node --import bench/rss-probe.js …`): at exit, writes the
 * process's peak resident set size (all threads) to $SSOT_BENCH_RSS_FILE.
 */
import fs from 'node:fs';

const out = process.env.SSOT_BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(out, String(process.resourceUsage().maxRSS * 1024));
    } catch {
      /* the measurement is lost, the run is not */
    }
  });
}
