/**
 * Heap: creating and releasing 10,000 managers leaves none retained. Each manager is watched through
 * a WeakRef; after release and a forced full GC, every WeakRef must be empty. A control run with a
 * deliberately leaking dispose proves the check can fail.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/registry/index.js';

// `--expose-gc` for this process only, the documented way: set the V8 flag, then fetch `gc` from a fresh context.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

class Manager {
  readonly buffer = new Array<number>(64).fill(0);
  readonly rooms = new Set<string>();
  constructor(readonly userId: string) {}
}

/** Create and release `n` managers; return WeakRefs to all of them (no strong reference survives). */
async function churn(n: number, leak?: Manager[]): Promise<{ refs: WeakRef<Manager>[]; size: number }> {
  const registry = createRegistry<{ userId: string }, Manager>({
    name: 'WebSocketManager',
    key: (ctx) => ctx.userId,
    create: (ctx) => new Manager(ctx.userId),
    dispose: (m) => {
      m.rooms.clear();
      leak?.push(m);
    },
  });
  const refs: WeakRef<Manager>[] = [];
  for (let i = 0; i < n; i++) refs.push(new WeakRef(registry.get({ userId: `user-${i}` })));
  for (let i = 0; i < n; i++) await registry.release({ userId: `user-${i}` });
  return { refs, size: registry.status().size };
}

async function retainedAfterGc(refs: WeakRef<Manager>[]): Promise<number> {
  // WeakRef targets stay alive until the current job ends: yield to a macrotask before collecting.
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return refs.filter((r) => r.deref() !== undefined).length;
}

describe('registry heap', () => {
  it('heap: creating and releasing 10,000 managers leaves no retained manager', async () => {
    const { refs, size } = await churn(10_000);
    expect(size).toBe(0);
    expect(await retainedAfterGc(refs)).toBe(0);
  });

  it('the heap check fails when something keeps released managers (control)', async () => {
    const leak: Manager[] = [];
    const { refs } = await churn(1_000, leak);
    expect(await retainedAfterGc(refs)).toBe(1_000);
    expect(leak.length).toBe(1_000);
  });
});
