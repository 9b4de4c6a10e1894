/**
 * Worker thread entry (see workers.ts): take indexes from the shared counter, read, hash and
 * extract each file, post the cache entry as JSON. Never throws at the main thread: a failure is
 * posted as a message and the main thread redoes whatever is missing.
 */
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { CTL_DONE, CTL_NEXT, CTL_POSTED, type PoolItem, type PoolMessage } from './workers.js';
import { extractEntry } from './extract-all.js';
import { encodeEntry } from '../cache/fact-cache.js';
import { LANGUAGES } from '../frontends/index.js';

const { items, control, port, codeCache } = workerData as { items: PoolItem[]; control: SharedArrayBuffer; port: MessagePort; codeCache?: string };
// TypeScript is loaded on the first file, with the main thread's code cache (never written here).
for (const language of LANGUAGES) language.codeCache?.use(codeCache);
const ctl = new Int32Array(control);

const post = (m: PoolMessage): void => {
  port.postMessage(m);
  Atomics.add(ctl, CTL_POSTED, 1);
  Atomics.notify(ctl, CTL_POSTED);
};

try {
  for (;;) {
    const i = Atomics.add(ctl, CTL_NEXT, 1);
    if (i >= items.length) break;
    const item = items[i]!;
    const r = extractEntry({ abs: item.abs, rel: item.rel });
    if ('entry' in r) post([i, encodeEntry(r.entry)]);
    else post([i, undefined, JSON.stringify(r.error)]);
  }
} catch (e) {
  post([-1, undefined, (e as Error).message]);
} finally {
  Atomics.add(ctl, CTL_DONE, 1);
  Atomics.notify(ctl, CTL_POSTED);
  port.close();
}
