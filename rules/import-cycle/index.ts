import {
  defineRule,
  duplicateGroups,
  edgeKey,
  managedClasses,
  runtimeImportGraph,
  shortestPath,
  stronglyConnected,
  type ImportEdge,
  type ProjectIndex,
} from '../../src/api/index.js';

/** At most this many first edges are tried per component when `maxCycleLength` rules the shortest one out. */
const MAX_CANDIDATES = 200;

/** Files declaring a managed class or one of a group of duplicate implementations. */
function conceptFiles(index: ProjectIndex): Set<string> {
  const out = new Set<string>();
  for (const m of managedClasses(index).values()) out.add(m.file);
  for (const g of duplicateGroups(index)) for (const m of g.members) out.add(m.file);
  return out;
}

function byPosition(a: ImportEdge, b: ImportEdge): number {
  return (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || a.at.line - b.at.line || a.at.column - b.at.column || (a.to < b.to ? -1 : a.to > b.to ? 1 : 0);
}

export default defineRule<{ includeDynamic: boolean; maxCycleLength: number; onlyManaged: boolean; includeTests: boolean }>({
  id: 'import-cycle',
  severity: 'warning',
  summary: 'cycles in the runtime import graph (type-only imports excluded)',
  primaryLocation: 'the first import of the cycle, in path order',
  options: {
    includeDynamic: { type: 'boolean', default: false, description: 'count dynamic `import()` and lazy `require()` inside functions as edges' },
    maxCycleLength: { type: 'number', default: 0, description: 'report only cycles of at most this many modules (0: any length)' },
    onlyManaged: {
      type: 'boolean',
      default: false,
      description: 'report only cycles through files that declare a managed class or a duplicate implementation',
    },
    includeTests: { type: 'boolean', default: false, description: 'keep test files in the import graph' },
  },
  check(index, options, report) {
    const graph = runtimeImportGraph(index, {
      includeDynamic: options.includeDynamic,
      ...(options.includeTests ? {} : { skip: (f: string) => index.isTestFile(f) }),
    });
    const { component, components } = stronglyConnected(graph.adjacency);
    const focus = options.onlyManaged ? conceptFiles(index) : undefined;
    const maxEdges = options.maxCycleLength > 0 ? Math.floor(options.maxCycleLength) : 0;
    const edgeOf = (a: number, b: number): ImportEdge => graph.edge.get(edgeKey(graph, a, b))!;

    const cyclic = components.filter((c) => c.length > 1).map((c) => c.sort((x, y) => x - y));
    cyclic.sort((x, y) => x[0]! - y[0]!);
    for (const members of cyclic) {
      if (focus && !members.some((m) => focus.has(graph.files[m]!))) continue;
      const candidates: ImportEdge[] = [];
      for (const m of members) {
        if (focus && !focus.has(graph.files[m]!)) continue;
        for (const t of graph.adjacency[m]!) if (component[t] === component[m]) candidates.push(edgeOf(m, t));
      }
      candidates.sort(byPosition);
      const id = new Map(members.map((m) => [graph.files[m]!, m]));
      for (const first of candidates.slice(0, MAX_CANDIDATES)) {
        // The cycle closes with `first`: a path back from its target to its source.
        const back = shortestPath(graph.adjacency, component, id.get(first.to)!, id.get(first.from)!, maxEdges > 0 ? maxEdges - 1 : 0);
        if (!back) continue;
        const edges = [first, ...back.slice(1).map((to, i) => edgeOf(back[i]!, to))];
        const modules = [first.from, ...edges.map((e) => e.to)];
        const size = members.length;
        report({
          file: first.from,
          at: first.at,
          symbol: first.specifier,
          key: [...new Set(modules)].sort().join('\0'),
          message: `Import cycle of ${edges.length} modules: ${modules.join(' → ')}${size > edges.length ? ` (part of ${size} mutually importing modules)` : ''}; ${index.language(first.from).spelling.cycleEffect}.`,
          cause: { id: [...new Set(modules)].sort().join(' ') },
          related: edges.slice(1).map((e) => ({ file: e.from, line: e.at.line, column: e.at.column, message: `imports '${e.specifier}' (${e.to})` })),
          chain: edges.map((e) => ({ file: e.from, line: e.at.line, column: e.at.column, text: `imports '${e.specifier}' → ${e.to}` })),
        });
        break;
      }
    }
  },
});
