/** The cycle finder: strongly connected components and shortest cycles, on graphs too deep for recursion. */
import { describe, expect, it } from 'vitest';
import { shortestPath, stronglyConnected } from '../src/model/analysis/cycles.js';

describe('stronglyConnected', () => {
  it('finds the components of a small graph', () => {
    // 0 → 1 → 2 → 0, 2 → 3, 3 → 4 → 3, 5 alone
    const adj = [[1], [2], [0, 3], [4], [3], []];
    const { component, components } = stronglyConnected(adj);
    const sets = components.map((c) => [...c].sort()).sort((a, b) => a[0]! - b[0]!);
    expect(sets).toEqual([[0, 1, 2], [3, 4], [5]]);
    expect(component[0]).toBe(component[2]);
    expect(component[3]).not.toBe(component[0]);
  });

  it('handles a 50,000-module ring and chain without recursion', () => {
    const n = 50_000;
    const ring = Array.from({ length: n }, (_, i) => [(i + 1) % n]);
    expect(stronglyConnected(ring).components.filter((c) => c.length > 1).map((c) => c.length)).toEqual([n]);
    const chain = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
    expect(stronglyConnected(chain).components.every((c) => c.length === 1)).toBe(true);
  });
});

describe('shortestPath', () => {
  // 0 → 1 → 2 → 3 → 0 and a shortcut 1 → 3
  const adj = [[1], [2, 3], [3], [0]];
  const { component } = stronglyConnected(adj);

  it('returns the shortest path inside the component', () => {
    expect(shortestPath(adj, component, 1, 0)).toEqual([1, 3, 0]);
    expect(shortestPath(adj, component, 0, 3)).toEqual([0, 1, 3]);
  });

  it('respects the edge limit', () => {
    expect(shortestPath(adj, component, 0, 3, 1)).toBeUndefined();
    expect(shortestPath(adj, component, 0, 3, 2)).toEqual([0, 1, 3]);
  });
});
