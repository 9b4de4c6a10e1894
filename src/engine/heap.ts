/**
 * One full garbage collection at the point of a large run where most of the heap is garbage.
 *
 * Reading the fact cache parses ~30 MB segments whose text, packed spans and duplicate strings are
 * garbage as soon as each segment is decoded, and extraction leaves the main thread's syntax trees
 * and the workers' JSON behind. V8 grows a large heap by up to 4× before its next full collection,
 * so that garbage was still there when linking and rules doubled the live data: a 50,000-file run
 * peaked at 1.6 GB with ~0.9 GB live. Collecting once, between extraction and linking, costs one
 * full mark (a few hundred ms at 50,000 files) and leaves the rules the room.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Below this much heap in use a collection is not worth its time: at 10,000 files (~300 MB) V8
 * would not have collected before the end of the run, so a forced collection only adds its cost.
 */
const MIN_HEAP_BYTES = 512 * 1024 * 1024;

let gc: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (gc !== undefined) return gc;
  try {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  } catch {
    gc = null;
  }
  return gc;
}

/** Collect now if the heap holds more than MIN_HEAP_BYTES. */
export function collectGarbage(): void {
  if (process.memoryUsage().heapUsed < MIN_HEAP_BYTES) return;
  collector()?.();
}
