/** The html report's stylesheet, inlined into the page (no network). Light and dark by the system's setting. */
export const STYLE = `
:root { --bg:#fff; --fg:#1f2328; --muted:#656d76; --line:#d0d7de; --card:#f6f8fa; --err:#cf222e; --warn:#9a6700; --info:#0969da; --ok:#1a7f37; --hl:#fff8c5; --node:#ffffff; --canon:#ddf4ff; }
@media (prefers-color-scheme: dark) { :root { --bg:#0d1117; --fg:#e6edf3; --muted:#8d96a0; --line:#30363d; --card:#161b22; --err:#ff7b72; --warn:#d29922; --info:#58a6ff; --ok:#3fb950; --hl:#3b2e00; --node:#0d1117; --canon:#0c2d6b; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); overflow-wrap: break-word; }
header, main { max-width: 1200px; margin: 0 auto; padding: 12px 20px; }
h1 { font-size: 20px; margin: 8px 0; } h2 { font-size: 17px; margin: 22px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
code, pre, .mono { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted { color: var(--muted); }
.stats { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 110px; }
.stat b { display: block; font-size: 20px; }
.sev-error { color: var(--err); } .sev-warning { color: var(--warn); } .sev-info { color: var(--info); }
table.rules { border-collapse: collapse; } table.rules td { padding: 2px 12px 2px 0; }
.filters { position: sticky; top: 0; z-index: 2; background: var(--bg); border-bottom: 1px solid var(--line); padding: 8px 0; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.filters input, .filters select, button { font: inherit; color: var(--fg); background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
.filters input[type=search] { min-width: 220px; }
button { cursor: pointer; }
details.concept { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; background: var(--card); }
details.concept > summary { cursor: pointer; padding: 8px 12px; list-style-position: inside; }
details.concept > summary .name { font-weight: 600; }
details.concept .body { padding: 4px 12px 12px; background: var(--bg); border-top: 1px solid var(--line); overflow-x: auto; }
.chip { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; margin: 0 3px; font-size: 12px; color: var(--muted); }
.count { font-weight: 600; }
svg.map, svg.ring { display: block; margin: 8px 0; max-width: none; }
svg .node rect { fill: var(--node); stroke: var(--line); stroke-width: 1.2; }
svg .node.canonical rect { fill: var(--canon); stroke: var(--info); stroke-width: 2; }
svg .node.hit rect { stroke: var(--warn); stroke-width: 2; } svg .node.hit-error rect { stroke: var(--err); stroke-width: 2.2; }
svg .node text { fill: var(--fg); font-size: 12px; } svg .node text.sub { fill: var(--muted); font-size: 11px; }
svg .node { cursor: pointer; }
svg .edge line, svg .edge path { stroke: var(--muted); stroke-width: 1.2; fill: none; }
svg .edge.hit line, svg .edge.hit path { stroke: var(--err); stroke-width: 2; stroke-dasharray: 5 3; }
svg .edge text { fill: var(--muted); font-size: 11px; }
svg .badge circle { stroke: none; } svg .badge text { fill: #fff; font-size: 11px; font-weight: 700; }
svg .kind { fill: var(--muted); font-size: 10px; text-transform: uppercase; letter-spacing: .04em; }
.legend { font-size: 12px; color: var(--muted); }
.group { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
.group > .head { padding: 6px 12px; background: var(--card); border-bottom: 1px solid var(--line); }
.group .rule { font-size: 12px; color: var(--muted); }
.finding { padding: 6px 12px; border-top: 1px dashed var(--line); } .finding:first-of-type { border-top: none; }
.loc { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
a { color: var(--info); }
pre.frame { margin: 6px 0; padding: 6px 0; background: var(--card); border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; white-space: pre; }
pre.frame span { display: block; padding: 0 10px; } pre.frame span.at { background: var(--hl); }
pre.frame i { font-style: normal; color: var(--muted); display: inline-block; min-width: 4ch; text-align: right; margin-right: 10px; user-select: none; }
ul.related, ol.chain { margin: 4px 0; padding-left: 22px; font-size: 13px; }
.pager { margin: 12px 0; }
.hidden { display: none !important; }
.flash { outline: 2px solid var(--info); }
.node-findings { font-size: 13px; } .node-findings li { margin: 2px 0; }
.errors li { font-size: 13px; }
`;
