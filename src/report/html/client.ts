/**
 * The html report's script, inlined into the page. It reads the data embedded once as JSON
 * (`<script type="application/json" id="ssot-data">`, see html.ts for its shape) and builds the
 * page with DOM calls only: every string from the data goes through textContent or an attribute,
 * never through innerHTML, so nothing in a file name, message or line of code can become markup.
 * Rendering is lazy so that 10,000 findings and 500 concepts open in well under 2 s: concept cards
 * are collapsed and draw their SVG when first opened, findings and concepts are shown a page at a
 * time, filters recompute only the visible page.
 *
 * Plain ES2020 in a string (no backticks or template placeholders in it).
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('ssot-data').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  var PAGE = 50, CONCEPT_PAGE = 100, CYCLE_PAGE = 30;
  var state = { rule: '', sev: '', path: '', text: '' };
  var ruleIndex = {};
  D.rules.forEach(function (r, i) { ruleIndex[r.id] = i; });

  // Control characters and bidirectional overrides shown as escapes (as the text report does): a
  // file name with a newline or a Trojan Source override reads as what it is.
  var CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  function show(s) {
    return String(s).replace(CONTROL, function (c) {
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      var code = c.charCodeAt(0), h = code.toString(16);
      return code <= 0xff ? '\\x' + ('0' + h).slice(-2) : '\\u' + ('000' + h).slice(-4);
    });
  }
  function el(tag, props, children) {
    var e = document.createElement(tag);
    if (props) for (var k in props) {
      var v = props[k];
      if (v === undefined || v === null) continue;
      if (k === 'text') e.textContent = show(v);
      else if (k === 'cls') e.className = v;
      else if (k === 'on') for (var ev in v) e.addEventListener(ev, v[ev]);
      else e.setAttribute(k, k === 'title' ? show(v) : v);
    }
    if (children) children.forEach(function (c) { if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(show(c)) : c); });
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = tag === 'title' ? text : show(text);
    return e;
  }
  function plural(n, w) { return n + ' ' + w + (n === 1 ? '' : 's'); }
  function file(i) { return D.files[i]; }
  function encodePath(p) { return p.split('/').map(encodeURIComponent).join('/'); }
  function href(fi, line) {
    var f = file(fi);
    if (D.repo && /^https?:\/\//.test(D.repo.fileBase)) return D.repo.fileBase + encodePath(D.prefix + f) + D.repo.lineAnchor + line;
    var abs = D.root.replace(/\/$/, '') + '/' + f;
    return 'file://' + (abs.charAt(0) === '/' ? '' : '/') + encodePath(abs);
  }
  function loc(fi, line, col) {
    return el('a', { cls: 'loc', href: href(fi, line), text: file(fi) + ':' + line + (col ? ':' + col : ''), title: D.repo ? 'open in the repository' : 'open the file' });
  }
  function sevRank(s) { return s === 'error' ? 2 : s === 'warning' ? 1 : 0; }
  function worst(list) {
    var best = -1, s = '';
    list.forEach(function (fi) { var f = D.findings[fi]; if (sevRank(f.s) > best) { best = sevRank(f.s); s = f.s; } });
    return s;
  }
  var SEV_COLOUR = { error: '#cf222e', warning: '#bf8700', info: '#0969da' };

  // ---------- filters ----------
  function matches(fi) {
    var f = D.findings[fi];
    if (state.rule !== '' && String(f.r) !== state.rule) return false;
    if (state.sev !== '' && f.s !== state.sev) return false;
    if (state.path !== '') {
      var p = state.path, hit = file(f.f).toLowerCase().indexOf(p) >= 0;
      if (!hit && f.rel) for (var i = 0; i < f.rel.length && !hit; i++) hit = file(f.rel[i][0]).toLowerCase().indexOf(p) >= 0;
      if (!hit) return false;
    }
    if (state.text !== '') {
      var g = D.groups[f.g];
      var hay = f.m + '\n' + (f.t || '') + '\n' + (f.y || '') + '\n' + (g.title || '') + '\n' + D.rules[f.r].id + '\n' + file(f.f);
      // The proof chain and the related places count too (a re-export's text, a canonical path).
      if (f.ch) for (var c = 0; c < f.ch.length; c++) hay += '\n' + f.ch[c][3];
      if (f.rel) for (var r = 0; r < f.rel.length; r++) hay += '\n' + (f.rel[r][3] || '');
      hay = hay.toLowerCase();
      if (hay.indexOf(state.text) < 0) return false;
    }
    return true;
  }

  // ---------- summary ----------
  function renderSummary() {
    var s = D.summary, box = document.getElementById('summary');
    function stat(label, value, cls) { return el('div', { cls: 'stat' }, [el('b', { cls: cls || '', text: String(value) }), label]); }
    var stats = el('div', { cls: 'stats' }, [
      stat('findings', s.findings), stat('errors', s.bySeverity.error, 'sev-error'), stat('warnings', s.bySeverity.warning, 'sev-warning'),
      stat('info', s.bySeverity.info, 'sev-info'), stat('causes', s.causes), stat('files scanned', s.filesScanned),
      stat('suppressed', s.suppressed), stat('concepts', D.concepts.length), stat('import cycles', D.cycles.length)
    ]);
    if (s.unresolved > 0) stats.appendChild(stat('unresolved imports', s.unresolved, 'sev-warning'));
    if (s.fileErrors > 0) stats.appendChild(stat('files not analysed', s.fileErrors, 'sev-warning'));
    box.appendChild(stats);
    var notes = [];
    if (s.suppressed > 0) notes.push('Suppressed: ' + s.suppressedBy.inline + ' inline, ' + s.suppressedBy.file + ' per file, ' + s.suppressedBy.baseline + ' by the baseline.');
    if (s.baseline) notes.push('Baseline ' + s.baseline.file + ': ' + s.baseline.matched + ' known (' + s.baseline.moved + ' after a move), ' + s.findings + ' new, ' + s.baseline.stale + ' stale entries.');
    if (s.changed) notes.push('Changed files only: ' + s.changed.files + ' files changed since ' + s.changed.ref + '; ' + s.changed.omitted + ' findings in unchanged files left out.');
    if (s.unresolved > 0) notes.push(plural(s.unresolved, 'import') + ' of project modules could not be resolved: the analysis is partial.');
    notes.forEach(function (n) { box.appendChild(el('p', { cls: 'muted', text: n })); });
    var table = el('table', { cls: 'rules' });
    s.byRule.forEach(function (pair) {
      var r = D.rules[pair[0]];
      table.appendChild(el('tr', null, [
        el('td', null, [el('a', { href: r.helpUri, text: r.id })]),
        el('td', { cls: 'count', text: String(pair[1]) }),
        el('td', { cls: 'sev-' + r.severity, text: r.severity }),
        el('td', { cls: 'muted', text: r.summary })
      ]));
    });
    if (s.byRule.length > 0) box.appendChild(table);
    if (D.errors.length > 0) {
      var list = el('ul', { cls: 'errors' });
      D.errors.forEach(function (e) { list.appendChild(el('li', null, [loc(e.f, e.l || 1), ' ' + e.kind + ': ' + e.m])); });
      box.appendChild(el('details', null, [el('summary', { text: plural(D.errors.length, 'file') + ' could not be analysed' }), list]));
    }
    var sel = document.getElementById('f-rule');
    s.byRule.forEach(function (pair) { sel.appendChild(el('option', { value: String(pair[0]), text: D.rules[pair[0]].id + ' (' + pair[1] + ')' })); });
  }

  // ---------- concept map (SVG) ----------
  var KIND = { canonical: 'canonical', implementation: 'duplicate', name: 'name', path: 'import path', factory: 'factory', registry: 'registry' };
  var NODE_W = 190, NODE_H = 52, GAP_X = 22, GAP_Y = 64, PER_ROW = 5;
  function cut(s, n) { return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }

  // Layered: the canonical on top, each other node one layer below the node it points to (the
  // duplicates, factories, registry, names and paths of the canonical in the second layer, the names
  // and paths of a duplicate under it); a layer wider than PER_ROW wraps; in each row the nodes are
  // ordered by where their target sits, so edges cross little.
  function layout(map) {
    var target = map.nodes.map(function () { return -1; });
    map.edges.forEach(function (e) { if (target[e.from] < 0) target[e.from] = e.to; });
    var layer = [];
    map.nodes.forEach(function (n, i) { layer[i] = target[i] < 0 ? (n.kind === 'canonical' ? 0 : 1) : -1; });
    for (var pass = 0; pass < map.nodes.length; pass++) {
      map.nodes.forEach(function (n, i) { if (layer[i] < 0 && layer[target[i]] >= 0) layer[i] = layer[target[i]] + 1; });
    }
    var tiers = [];
    map.nodes.forEach(function (n, i) { var l = layer[i] < 0 ? 1 : layer[i]; (tiers[l] = tiers[l] || []).push(i); });
    var rows = [];
    tiers.forEach(function (t) { if (t) for (var i = 0; i < t.length; i += PER_ROW) rows.push(t.slice(i, i + PER_ROW)); });
    var widest = Math.max.apply(null, rows.map(function (r) { return r.length; }).concat([1]));
    var width = widest * (NODE_W + GAP_X) + GAP_X;
    var pos = [];
    var centreX = (width - NODE_W) / 2;
    rows.forEach(function (r, ri) {
      // Each node as close to above-its-target as the row allows: wanted x, then pushed apart, then back inside.
      var want = function (i) { var t = pos[target[i]]; return t ? t.x : centreX; };
      r.sort(function (a, b) { return want(a) - want(b) || a - b; });
      var xs = r.map(want), step = NODE_W + GAP_X;
      for (var k = 1; k < xs.length; k++) xs[k] = Math.max(xs[k], xs[k - 1] + step);
      xs[xs.length - 1] = Math.min(xs[xs.length - 1], width - GAP_X - NODE_W);
      for (k = xs.length - 2; k >= 0; k--) xs[k] = Math.min(xs[k], xs[k + 1] - step);
      xs[0] = Math.max(xs[0], GAP_X);
      for (k = 1; k < xs.length; k++) xs[k] = Math.max(xs[k], xs[k - 1] + step);
      r.forEach(function (ni, k) { pos[ni] = { x: xs[k], y: 16 + ri * (NODE_H + GAP_Y) }; });
    });
    return { pos: pos, width: width, height: 16 + rows.length * (NODE_H + GAP_Y) - GAP_Y + 16 };
  }

  function badge(g, x, y, list) {
    if (list.length === 0) return;
    var b = svg('g', { 'class': 'badge' });
    b.appendChild(svg('circle', { cx: x, cy: y, r: 10, fill: SEV_COLOUR[worst(list)] }));
    b.appendChild(svg('text', { x: x, y: y + 4, 'text-anchor': 'middle' }, String(list.length)));
    b.appendChild(svg('title', null, plural(list.length, 'finding')));
    g.appendChild(b);
  }

  function drawMap(map, id, onNode) {
    var L = layout(map);
    var s = svg('svg', { 'class': 'map', width: L.width, height: L.height, viewBox: '0 0 ' + L.width + ' ' + L.height, role: 'img' });
    s.appendChild(svg('title', null, 'Concept map of ' + map.name));
    var defs = svg('defs');
    var marker = svg('marker', { id: 'arrow-' + id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8c959f' }));
    defs.appendChild(marker); s.appendChild(defs);
    map.edges.forEach(function (e) {
      var a = L.pos[e.from], b = L.pos[e.to];
      var g = svg('g', { 'class': 'edge' + (e.findings.length ? ' hit' : '') });
      var ax = a.x + NODE_W / 2, bx = b.x + NODE_W / 2, ay, by, path;
      if (a.y === b.y) {
        ay = by = a.y;
        path = 'M' + ax + ',' + ay + ' Q' + (ax + bx) / 2 + ',' + (ay - 40) + ' ' + bx + ',' + by;
      } else {
        ay = a.y > b.y ? a.y : a.y + NODE_H; by = a.y > b.y ? b.y + NODE_H : b.y;
        path = 'M' + ax + ',' + ay + ' L' + bx + ',' + by;
      }
      g.appendChild(svg('path', { d: path, 'marker-end': 'url(#arrow-' + id + ')' }));
      var mx = (ax + bx) / 2, my = (ay + by) / 2 - (a.y === b.y ? 20 : 0);
      g.appendChild(svg('text', { x: mx + 4, y: my - 3 }, e.label));
      g.appendChild(svg('title', null, map.nodes[e.from].label + ' \u2192 ' + map.nodes[e.to].label + ': ' + e.label + (e.findings.length ? ' (' + plural(e.findings.length, 'finding') + ')' : '')));
      badge(g, mx - 8, my + 2, e.findings);
      s.appendChild(g);
    });
    map.nodes.forEach(function (n, i) {
      var p = L.pos[i], sev = worst(n.findings);
      var g = svg('g', { 'class': 'node ' + n.kind + (n.findings.length ? ' hit' + (sev === 'error' ? ' hit-error' : '') : ''), transform: 'translate(' + p.x + ',' + p.y + ')', tabindex: 0, 'data-node': i });
      g.appendChild(svg('rect', { width: NODE_W, height: NODE_H, rx: 6 }));
      g.appendChild(svg('text', { 'class': 'kind', x: 8, y: 13 }, KIND[n.kind]));
      g.appendChild(svg('text', { x: 8, y: 30, 'font-weight': 600 }, cut(n.label, 23)));
      g.appendChild(svg('text', { 'class': 'sub', x: 8, y: 45 }, cut(file(n.f).split('/').pop() + ':' + n.l + ' \u00b7 ' + n.detail, 30)));
      g.appendChild(svg('title', null, KIND[n.kind] + ' ' + n.label + '\n' + file(n.f) + ':' + n.l + '\n' + n.detail + (n.findings.length ? '\n' + plural(n.findings.length, 'finding') : '')));
      badge(g, NODE_W - 4, 4, n.findings);
      g.addEventListener('click', function () { onNode(i); });
      g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); onNode(i); } });
      s.appendChild(g);
    });
    return s;
  }

  function findingLine(fi) {
    var f = D.findings[fi];
    return el('li', { 'data-fi': fi }, [el('span', { cls: 'sev-' + f.s, text: f.s }), ' ', loc(f.f, f.l, f.c), ' ', f.m, ' ', el('span', { cls: 'chip', text: D.rules[f.r].id })]);
  }

  function renderConceptBody(map, ci, body) {
    var lists = [];
    body.appendChild(el('p', { cls: 'legend', text: 'Arrows point to what a node stands for or reaches; red dashed edges and red badges carry findings. Click a node to see its findings.' }));
    body.appendChild(drawMap(map, ci, function (i) {
      var target = lists[i];
      if (!target) return;
      lists.forEach(function (li) { li.classList.remove('flash'); });
      target.scrollIntoView({ block: 'nearest' });
      target.classList.add('flash');
    }));
    var ul = el('ul', { cls: 'node-findings' });
    map.nodes.forEach(function (n, i) {
      var li = el('li', null, [el('b', { text: KIND[n.kind] + ' ' + n.label }), ' ', loc(n.f, n.l), el('span', { cls: 'muted', text: ' \u00b7 ' + n.detail + (n.findings.length ? ' \u00b7 ' + plural(n.findings.length, 'finding') : '') })]);
      if (n.findings.length) { var sub = el('ul'); n.findings.forEach(function (fi) { sub.appendChild(findingLine(fi)); }); li.appendChild(sub); }
      lists[i] = li;
      ul.appendChild(li);
    });
    if (map.elsewhere.length) {
      var other = el('ul');
      map.elsewhere.forEach(function (fi) { other.appendChild(findingLine(fi)); });
      ul.appendChild(el('li', null, [el('b', { text: 'elsewhere' }), ' ' + plural(map.elsewhere.length, 'finding') + ' about it in other files', other]));
    }
    body.appendChild(ul);
  }

  function conceptFindings(map) {
    var all = map.elsewhere.slice();
    map.nodes.forEach(function (n) { all = all.concat(n.findings); });
    return all;
  }

  function conceptMatches(map) {
    if (state.rule !== '' || state.sev !== '') {
      if (!conceptFindings(map).some(function (fi) { var f = D.findings[fi]; return (state.rule === '' || String(f.r) === state.rule) && (state.sev === '' || f.s === state.sev); })) return false;
    }
    if (state.path !== '' && !map.nodes.some(function (n) { return file(n.f).toLowerCase().indexOf(state.path) >= 0; })) return false;
    if (state.text !== '' && map.name.toLowerCase().indexOf(state.text) < 0 && !map.nodes.some(function (n) { return n.label.toLowerCase().indexOf(state.text) >= 0; })) return false;
    return true;
  }

  var conceptShown = 0, conceptList = [];
  function renderConcepts(reset) {
    var box = document.getElementById('concept-list');
    if (reset) { box.textContent = ''; conceptShown = 0; conceptList = []; D.concepts.forEach(function (m, i) { if (conceptMatches(m)) conceptList.push(i); }); }
    var end = Math.min(conceptList.length, conceptShown + CONCEPT_PAGE);
    for (var k = conceptShown; k < end; k++) box.appendChild(conceptCard(conceptList[k]));
    conceptShown = end;
    document.getElementById('concept-count').textContent = conceptList.length === D.concepts.length ? plural(D.concepts.length, 'concept') + ', worst first' : conceptList.length + ' of ' + plural(D.concepts.length, 'concept');
    document.getElementById('concept-more').classList.toggle('hidden', conceptShown >= conceptList.length);
  }

  function conceptCard(ci) {
    var map = D.concepts[ci];
    var chips = Object.keys(map.byRule).map(function (r) { return el('span', { cls: 'chip', text: r + ' ' + map.byRule[r] }); });
    var summary = el('summary', null, [el('span', { cls: 'name', text: map.name }), ' ',
      el('span', { cls: map.total ? 'count sev-' + (worst(conceptFindings(map)) || 'warning') : 'count', text: map.total ? plural(map.total, 'finding') : 'no findings' }), ' '].concat(chips).concat([
      el('span', { cls: 'muted', text: ' ' + plural(map.nodes.length, 'node') + ' \u00b7 ' + map.sources.join(', ') + (map.suppressed ? ' \u00b7 ' + map.suppressed + ' suppressed' : '') })]));
    var body = el('div', { cls: 'body' });
    var card = el('details', { cls: 'concept', 'data-concept': map.name }, [summary, body]);
    var drawn = false;
    card.addEventListener('toggle', function () { if (card.open && !drawn) { drawn = true; renderConceptBody(map, ci, body); } });
    return card;
  }

  // ---------- findings by cause ----------
  var groupShown = 0, groupList = [], matching = 0;
  function frameFor(f) {
    var frames = D.frames[f.f];
    if (!frames) return null;
    for (var i = 0; i < frames.length; i++) {
      var fr = frames[i];
      if (f.l >= fr[0] && f.l < fr[0] + fr[1].length) {
        var pre = el('pre', { cls: 'frame' });
        fr[1].forEach(function (text, k) {
          var n = fr[0] + k;
          pre.appendChild(el('span', { cls: n === f.l ? 'at' : '' }, [el('i', { text: String(n) }), text]));
        });
        return pre;
      }
    }
    return null;
  }
  function findingCard(fi) {
    var f = D.findings[fi];
    var div = el('div', { cls: 'finding', 'data-fi': fi, 'data-rule': D.rules[f.r].id, 'data-severity': f.s }, [
      el('div', null, [el('span', { cls: 'sev-' + f.s, text: f.s }), ' ', loc(f.f, f.l, f.c), ' ', el('span', { cls: 'message', text: f.m })])
    ]);
    var frame = frameFor(f);
    if (frame) div.appendChild(frame);
    if (f.rel && f.rel.length) {
      var ul = el('ul', { cls: 'related' });
      f.rel.forEach(function (r) { ul.appendChild(el('li', null, [loc(r[0], r[1], r[2]), ' ', r[3]])); });
      div.appendChild(ul);
    }
    if (f.ch && f.ch.length) {
      var ol = el('ol', { cls: 'chain' });
      f.ch.forEach(function (s) { ol.appendChild(el('li', null, [loc(s[0], s[1], s[2]), ' ', s[3]])); });
      div.appendChild(el('details', null, [el('summary', { cls: 'muted', text: 'how ssot-lint resolved it (' + plural(f.ch.length, 'step') + ')' }), ol]));
    }
    return div;
  }
  function groupCard(entry) {
    var g = D.groups[entry.g];
    var r = D.rules[g.r];
    var head = el('div', { cls: 'head' }, [
      el('span', { cls: 'sev-' + g.s, text: g.s }), ' ', el('b', { text: g.title !== undefined ? g.title : D.findings[g.items[0]].m }), ' ',
      el('span', { cls: 'rule' }, [el('a', { href: r.helpUri, text: r.id })]),
      g.items.length > 1 ? el('span', { cls: 'muted', text: ' \u00b7 ' + plural(g.items.length, 'site') + (entry.items.length < g.items.length ? ', ' + entry.items.length + ' shown' : '') }) : null
    ]);
    var box = el('div', { cls: 'group', 'data-rule': r.id }, [head]);
    entry.items.forEach(function (fi) { box.appendChild(findingCard(fi)); });
    return box;
  }
  function renderFindings(reset) {
    var box = document.getElementById('finding-list');
    if (reset) {
      box.textContent = ''; groupShown = 0; groupList = []; matching = 0;
      D.groups.forEach(function (g, gi) {
        var items = g.items.filter(matches);
        if (items.length) { groupList.push({ g: gi, items: items }); matching += items.length; }
      });
    }
    var end = Math.min(groupList.length, groupShown + PAGE);
    for (var k = groupShown; k < end; k++) box.appendChild(groupCard(groupList[k]));
    groupShown = end;
    var count = document.getElementById('finding-count');
    count.setAttribute('data-matching', String(matching));
    count.textContent = (matching === D.findings.length ? plural(matching, 'finding') : matching + ' of ' + plural(D.findings.length, 'finding')) + ' in ' + plural(groupList.length, 'cause') + (groupShown < groupList.length ? ' (first ' + groupShown + ' causes shown)' : '');
    document.getElementById('finding-more').classList.toggle('hidden', groupShown >= groupList.length);
  }

  // ---------- import cycles (rings) ----------
  function drawRing(ring, id) {
    var n = ring.modules.length, R = Math.max(90, n * 34), W = 2 * R + 260, H = 2 * R + 80, cx = W / 2, cy = H / 2;
    var s = svg('svg', { 'class': 'ring', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    s.appendChild(svg('title', null, 'Import cycle of ' + plural(n, 'module')));
    var defs = svg('defs'), marker = svg('marker', { id: 'ring-arrow-' + id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#cf222e' })); defs.appendChild(marker); s.appendChild(defs);
    var pts = ring.modules.map(function (m, i) { var a = -Math.PI / 2 + 2 * Math.PI * i / n; return { x: cx + R * Math.cos(a), y: cy + R * Math.sin(a) }; });
    pts.forEach(function (p, i) {
      var q = pts[(i + 1) % n], dx = q.x - p.x, dy = q.y - p.y, len = Math.sqrt(dx * dx + dy * dy) || 1, trim = 24;
      var g = svg('g', { 'class': 'edge hit' });
      var x1 = p.x + dx / len * trim, y1 = p.y + dy / len * trim, x2 = q.x - dx / len * trim, y2 = q.y - dy / len * trim;
      var mx = (x1 + x2) / 2 + (cx - (x1 + x2) / 2) * -0.15, my = (y1 + y2) / 2 + (cy - (y1 + y2) / 2) * -0.15;
      g.appendChild(svg('path', { d: 'M' + x1 + ',' + y1 + ' Q' + mx + ',' + my + ' ' + x2 + ',' + y2, 'marker-end': 'url(#ring-arrow-' + id + ')' }));
      g.appendChild(svg('text', { x: mx + 4, y: my }, 'line ' + ring.edges[i][0]));
      g.appendChild(svg('title', null, file(ring.modules[i]) + ':' + ring.edges[i][0] + ' ' + ring.edges[i][1]));
      s.appendChild(g);
    });
    pts.forEach(function (p, i) {
      var name = file(ring.modules[i]).split('/').pop();
      var w = Math.min(200, 16 + name.length * 7);
      var g = svg('g', { 'class': 'node hit', transform: 'translate(' + (p.x - w / 2) + ',' + (p.y - 14) + ')' });
      g.appendChild(svg('rect', { width: w, height: 28, rx: 14 }));
      g.appendChild(svg('text', { x: w / 2, y: 18, 'text-anchor': 'middle' }, cut(name, 26)));
      g.appendChild(svg('title', null, file(ring.modules[i])));
      s.appendChild(g);
    });
    return s;
  }
  var cycleShown = 0;
  function renderCycles() {
    var box = document.getElementById('cycle-list');
    var end = Math.min(D.cycles.length, cycleShown + CYCLE_PAGE);
    for (var k = cycleShown; k < end; k++) {
      var ring = D.cycles[k], body = el('div', { cls: 'body' });
      var card = el('details', { cls: 'concept', 'data-cycle': k }, [el('summary', null, [el('span', { cls: 'name', text: 'Cycle of ' + plural(ring.modules.length, 'module') }), ' ', el('span', { cls: 'muted', text: ring.modules.map(function (m) { return file(m); }).join(' \u2192 ') })]), body]);
      (function (ring, k, card, body) {
        var drawn = false;
        card.addEventListener('toggle', function () {
          if (!card.open || drawn) return;
          drawn = true;
          body.appendChild(drawRing(ring, k));
          var ol = el('ol', { cls: 'chain' });
          ring.modules.forEach(function (m, i) { ol.appendChild(el('li', null, [loc(m, ring.edges[i][0]), ' ' + ring.edges[i][1]])); });
          body.appendChild(ol);
        });
      })(ring, k, card, body);
      box.appendChild(card);
    }
    cycleShown = end;
    document.getElementById('cycle-more').classList.toggle('hidden', cycleShown >= D.cycles.length);
    if (D.cycles.length === 0) box.textContent = 'No import cycles reported.';
  }

  // ---------- wiring ----------
  function apply() { renderConcepts(true); renderFindings(true); }
  var timer = 0;
  function later() { clearTimeout(timer); timer = setTimeout(apply, 120); }
  document.getElementById('f-rule').addEventListener('change', function (e) { state.rule = e.target.value; apply(); });
  document.getElementById('f-sev').addEventListener('change', function (e) { state.sev = e.target.value; apply(); });
  document.getElementById('f-path').addEventListener('input', function (e) { state.path = e.target.value.trim().toLowerCase(); later(); });
  document.getElementById('f-text').addEventListener('input', function (e) { state.text = e.target.value.trim().toLowerCase(); later(); });
  document.getElementById('concept-more').addEventListener('click', function () { renderConcepts(false); });
  document.getElementById('finding-more').addEventListener('click', function () { renderFindings(false); });
  document.getElementById('cycle-more').addEventListener('click', renderCycles);
  document.getElementById('f-expand').addEventListener('click', function () {
    var cards = document.querySelectorAll('#concept-list details.concept');
    var open = !(cards[0] && cards[0].open);
    for (var i = 0; i < cards.length && i < 20; i++) cards[i].open = open;
  });
  document.getElementById('meta').textContent = 'ssot-lint ' + D.tool + ' \u00b7 ' + D.root + ' \u00b7 ' + plural(D.summary.filesScanned, 'file') + ' scanned in ' + (D.summary.durationMs / 1000).toFixed(2) + ' s';
  renderSummary();
  apply();
  renderCycles();
  var first = document.querySelector('#concept-list details.concept');
  if (first && D.concepts.length <= 50) first.open = true;
  document.body.setAttribute('data-ready', '1');
})();
`;
