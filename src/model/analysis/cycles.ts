/**
 * Cycles in the runtime import graph: strongly connected components (Tarjan, iterative so a
 * 50,000-module chain cannot overflow the stack; linear in nodes + edges) and the shortest cycle
 * through a given edge (breadth-first search inside its component).
 */
import type { ImportEdge, ProjectIndex } from '../project-index.js';

/**
 * Strongly connected components of a graph given as adjacency lists over node ids 0..n-1.
 * Returns the component id of every node and the components (each a list of node ids).
 */
export function stronglyConnected(adjacency: readonly (readonly number[])[]): { component: Int32Array; components: number[][] } {
  const n = adjacency.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const next = new Int32Array(n); // per node: index of the next outgoing edge to visit
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const work: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    work.push(root);
    while (work.length > 0) {
      const v = work[work.length - 1]!;
      const out = adjacency[v]!;
      if (next[v]! < out.length) {
        const w = out[next[v]!++]!;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push(w);
        } else if (onStack[w] && order[w]! < low[v]!) {
          low[v] = order[w]!;
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] === order[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component[w] = components.length;
          members.push(w);
        } while (w !== v);
        components.push(members);
      }
    }
  }
  return { component, components };
}

/**
 * The shortest path `from → … → to` inside one component, as node ids including both ends, or
 * undefined when none exists within `maxEdges` edges (0: no limit).
 */
export function shortestPath(
  adjacency: readonly (readonly number[])[],
  component: Int32Array,
  from: number,
  to: number,
  maxEdges = 0,
): number[] | undefined {
  if (from === to) return [from];
  const comp = component[from];
  const parent = new Map<number, number>([[from, -1]]);
  let frontier = [from];
  for (let depth = 1; frontier.length > 0 && (maxEdges === 0 || depth <= maxEdges); depth++) {
    const nextFrontier: number[] = [];
    for (const v of frontier) {
      for (const w of adjacency[v]!) {
        if (component[w] !== comp || parent.has(w)) continue;
        parent.set(w, v);
        if (w === to) {
          const path = [w];
          for (let x = v; x !== -1; x = parent.get(x)!) path.push(x);
          return path.reverse();
        }
        nextFrontier.push(w);
      }
    }
    frontier = nextFrontier;
  }
  return undefined;
}

export interface RuntimeGraph {
  /** Files, sorted; node id = position. */
  files: string[];
  /** Targets of each node, sorted by path; one entry per distinct target. */
  adjacency: number[][];
  /** The first import statement (by position) for each pair of nodes, keyed by `edgeKey`. */
  edge: Map<number, ImportEdge>;
}

/** The key of the edge `from → to` in `RuntimeGraph.edge` (node ids; one number, no string built). */
export function edgeKey(graph: RuntimeGraph, from: number, to: number): number {
  return from * graph.files.length + to;
}

/** The import graph modules execute at load time: value and side-effect edges (dynamic ones if asked). */
export function runtimeImportGraph(index: ProjectIndex, options: { includeDynamic: boolean; skip?: (file: string) => boolean }): RuntimeGraph {
  const files = index.files.map((f) => f.path).filter((p) => !options.skip?.(p));
  const id = new Map(files.map((f, i) => [f, i]));
  const edge = new Map<number, ImportEdge>();
  const targets: number[][] = files.map(() => []);
  for (const e of index.importEdges()) {
    if (e.kind === 'type' || (e.kind === 'dynamic' && !options.includeDynamic)) continue;
    const a = id.get(e.from);
    const b = id.get(e.to);
    if (a === undefined || b === undefined) continue;
    const key = a * files.length + b;
    const prev = edge.get(key);
    if (!prev) targets[a]!.push(b);
    if (!prev || e.at.line < prev.at.line || (e.at.line === prev.at.line && e.at.column < prev.at.column)) edge.set(key, e);
  }
  // Files are sorted, so sorting ids sorts targets by path: every traversal is deterministic.
  const adjacency = targets.map((t) => t.sort((x, y) => x - y));
  return { files, adjacency, edge };
}
