/**
 * Preload (`node --import ./bench/thread-cpu.js bin/ssot-lint.js --no-cache --threads 1 <dir>`):
 * at exit, prints on stderr the CPU time of the main thread and of the whole process (every
 * thread still alive: V8's garbage-collector and compiler helpers), from /proc/self/task (Linux).
 * Their ratio is `cpuPerThread` in src/engine/workers.ts: how many cores one extracting thread keeps
 * busy. (Workers have exited by then; run it with --threads 1.)
 */
import fs from 'node:fs';

process.on('exit', () => {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let main = 0;
  let total = 0;
  let threads = 0;
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond; // utime + stime
      total += ms;
      threads++;
      if (Number(tid) === process.pid) main = ms;
    }
  } catch {
    process.stderr.write('thread-cpu: /proc/self/task is not readable here\n');
    return;
  }
  process.stderr.write(`thread-cpu: main ${main} ms, all ${threads} threads ${total} ms, ratio ${(total / main).toFixed(2)}\n`);
});
