// The network view, drawn with Cytoscape.js (vendored: cytoscape.esm.min.js, see VENDORED.md).
// Edge thickness follows support (documents); labels are shown for the important nodes only
// (the centre and the best connected, those that do not overlap a better one at the current
// zoom), at one screen size whatever the zoom, the others on hover or selection, so a graph of
// hundreds of nodes stays readable. Clicking a node or an edge calls back; the view exports
// itself as PNG (Cytoscape's renderer) and GraphML (written here, every value escaped).
// Names and sentences only ever reach Cytoscape as data (it draws them on a canvas).

import cytoscape from './cytoscape.esm.min.js';

const COLOURS = { PER: '#1f5fbf', ORG: '#2e8b57', LOC: '#b8610a', MISC: '#7a4fb5' };
// How many node labels are always shown (beyond those, labels appear on hover/selection).
const LABELLED = 25;

// Cytoscape adds a <style> element for its container class unless an element with this id
// exists; the page's CSP forbids inline style, so the rule lives in style.css instead.
function claimStylesheet() {
  const id = '__________cytoscape_stylesheet';
  if (!document.getElementById(id)) {
    const marker = document.createElement('meta');
    marker.id = id;
    document.head.append(marker);
  }
}

/** Which nodes get a permanent label: the centre, then the best connected (by degree and
 * support, then mentions), at most LABELLED. */
export function labelled(g) {
  const score = new Map(g.nodes.map((n) => [n.id, 0]));
  for (const e of g.edges) {
    const w = 1 + Math.log2(1 + (e.support || 1));
    score.set(e.source, (score.get(e.source) || 0) + w);
    score.set(e.target, (score.get(e.target) || 0) + w);
  }
  const ranked = [...g.nodes].sort((a, b) => (score.get(b.id) - score.get(a.id)) || (b.mention_count - a.mention_count) || (a.id - b.id));
  const keep = new Set([g.center]);
  for (const n of ranked) {
    if (keep.size >= LABELLED) break;
    keep.add(n.id);
  }
  return keep;
}

function elements(g) {
  const maxSupport = Math.max(1, ...g.edges.map((e) => e.support || 1));
  const keep = labelled(g);
  const rank = new Map([...keep].map((id, i) => [id, i]));
  const byDepth = new Map();
  for (const n of g.nodes) byDepth.set(n.depth, (byDepth.get(n.depth) || 0) + 1);
  const seen = new Map();
  const nodes = g.nodes.map((n) => {
    // Start on rings by depth (a deterministic start for the force layout).
    const i = seen.get(n.depth) || 0;
    seen.set(n.depth, i + 1);
    const a = (2 * Math.PI * i) / Math.max(1, byDepth.get(n.depth));
    const r = 160 * n.depth;
    return {
      group: 'nodes',
      data: {
        id: `n${n.id}`, entity: n.id, name: n.name, type: n.type, depth: n.depth,
        label: keep.has(n.id) ? n.name : '', rank: rank.get(n.id) ?? Infinity, shown: false,
        size: n.id === g.center ? 34 : 12 + Math.min(18, 3 * Math.log2(1 + n.mention_count)),
        colour: COLOURS[n.type] || COLOURS.MISC,
      },
      classes: n.id === g.center ? 'center' : '',
      position: { x: r * Math.cos(a), y: r * Math.sin(a) },
    };
  });
  const edges = g.edges.map((e) => ({
    group: 'edges',
    data: {
      id: `e${e.id}`, key: e.id, source: `n${e.source}`, target: `n${e.target}`,
      label: e.kind === 'fact' ? e.label.replace(/_/g, ' ') : '',
      width: 1 + (7 * Math.log2(1 + (e.support || 1))) / Math.log2(1 + maxSupport),
    },
    classes: e.kind === 'fact' ? 'fact' : 'co',
  }));
  return [...nodes, ...edges];
}

// Screen sizes (pixels) of labels and borders, whatever the zoom: styles divide by it.
const FONT = 13;
const px = (v) => (ele) => v / ele.cy().zoom();

const STYLE = [
  { selector: 'node', style: {
    'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)',
    label: (n) => (n.data('shown') ? n.data('name') : ''), 'font-size': px(FONT), color: '#1d232a', 'text-valign': 'bottom', 'text-margin-y': px(3),
    'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': px(2),
    'text-background-shape': 'roundrectangle', 'border-width': px(1.5), 'border-color': '#ffffff',
  } },
  { selector: 'node.center', style: { 'border-width': px(3), 'border-color': '#111111', 'font-weight': 'bold', 'font-size': px(FONT + 2), 'z-index': 20 } },
  { selector: 'node.hover, node:selected', style: { label: 'data(name)', 'z-index': 30, 'border-color': '#d1495b', 'border-width': px(3) } },
  { selector: 'edge', style: {
    width: 'data(width)', 'line-color': '#9aa5b1', 'curve-style': 'bezier', opacity: 0.75,
    'font-size': px(11), color: '#56606b', 'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 0.85,
  } },
  { selector: 'edge.co', style: { 'line-style': 'dashed', opacity: 0.5 } },
  { selector: 'edge.fact', style: { 'line-color': '#56606b', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#56606b', 'arrow-scale': 0.8 } },
  { selector: 'edge.hover, edge:selected', style: { label: 'data(label)', 'line-color': '#d1495b', 'target-arrow-color': '#d1495b', opacity: 1, 'z-index': 30 } },
];

const LAYOUT = {
  name: 'cose', animate: false, randomize: false, fit: true, padding: 40,
  nodeDimensionsIncludeLabels: true, nodeOverlap: 20, gravity: 0.1, numIter: 2500, componentSpacing: 80,
  // Facts pull their ends closer than co-mentions; strong repulsion spreads the hubs apart.
  idealEdgeLength: (e) => (e.hasClass('fact') ? 100 : 200), nodeRepulsion: () => 200000, edgeElasticity: () => 80,
};

/** Shows the labels of the important nodes (`label` set, best first) whose label does not
 * overlap one already shown, at the current zoom (labels are FONT pixels high on screen). */
function declutter(cy) {
  const boxes = [];
  const candidates = cy.nodes().filter((n) => n.data('label')).sort((a, b) => a.data('rank') - b.data('rank'));
  cy.batch(() => {
    for (const n of candidates) {
      const p = n.renderedPosition();
      const w = 0.62 * FONT * n.data('name').length + 6;
      const top = p.y + (n.data('size') * cy.zoom()) / 2;
      const box = { x1: p.x - w / 2, x2: p.x + w / 2, y1: top, y2: top + FONT * 1.45 };
      const free = n.hasClass('center') || !boxes.some((b) => b.x1 < box.x2 && box.x1 < b.x2 && b.y1 < box.y2 && box.y1 < b.y2);
      if (free) boxes.push(box);
      n.data('shown', free);
    }
  });
}

/** Draws graph `g` ({nodes, edges, center}) into `box`; calls onNode(node) / onEdge(edge).
 * Returns the Cytoscape instance. */
export function drawGraph(box, g, { onNode, onEdge }) {
  claimStylesheet();
  const nodeOf = new Map(g.nodes.map((n) => [`n${n.id}`, n]));
  const edgeOf = new Map(g.edges.map((e) => [`e${e.id}`, e]));
  const cy = cytoscape({
    container: box,
    elements: elements(g),
    style: STYLE,
    layout: { name: 'preset' },
    minZoom: 0.02, maxZoom: 6, wheelSensitivity: 0.3, boxSelectionEnabled: false,
    selectionType: 'single',
  });
  cy.layout(LAYOUT).run();
  // Label sizes follow the zoom (styles divide by it) and labels that would overlap hide.
  let pending = null;
  const relabel = () => { pending = null; cy.style().update(); declutter(cy); };
  cy.on('zoom', () => { if (!pending) pending = setTimeout(relabel, 60); });
  relabel();
  cy.on('mouseover', 'node, edge', (ev) => {
    ev.target.addClass('hover');
    if (ev.target.isNode()) ev.target.closedNeighborhood().addClass('hover');
  });
  cy.on('mouseout', 'node, edge', () => { cy.elements().removeClass('hover'); });
  cy.on('tap', 'node', (ev) => { const n = nodeOf.get(ev.target.id()); if (n) onNode(n); });
  cy.on('tap', 'edge', (ev) => { const e = edgeOf.get(ev.target.id()); if (e) onEdge(e); });
  // For tests and the keyboard-less: the instance hangs off its container.
  Object.defineProperty(box, 'cy', { value: cy, configurable: true });
  return cy;
}

/** The drawn view as a PNG data URL (white background, twice the screen resolution). */
export function pngOf(cy) {
  return cy.png({ full: true, scale: 2, bg: '#ffffff', maxWidth: 8000, maxHeight: 8000 });
}

const XML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML attribute or element (control characters XML forbids dropped). */
export function xmlEscape(v) {
  return String(v)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** The graph `g` as GraphML: nodes with name, type, mentions and depth; edges with kind,
 * predicate, support, first/last seen, time and the first evidence sentence and document. */
export function graphmlOf(g) {
  const keys = [
    ['name', 'node', 'string'], ['type', 'node', 'string'], ['mentions', 'node', 'int'], ['depth', 'node', 'int'],
    ['kind', 'edge', 'string'], ['predicate', 'edge', 'string'], ['support', 'edge', 'int'], ['sentences', 'edge', 'int'],
    ['first_seen', 'edge', 'string'], ['last_seen', 'edge', 'string'], ['valid_from', 'edge', 'string'], ['valid_to', 'edge', 'string'],
    ['evidence', 'edge', 'string'], ['source_document', 'edge', 'string'],
  ];
  const data = (k, v) => (v === null || v === undefined || v === '' ? '' : `      <data key="${k}">${xmlEscape(v)}</data>\n`);
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n';
  for (const [id, scope, type] of keys) out += `  <key id="${id}" for="${scope}" attr.name="${id}" attr.type="${type}"/>\n`;
  out += `  <graph id="G" edgedefault="directed">\n`;
  for (const n of g.nodes) {
    out += `    <node id="n${xmlEscape(n.id)}">\n${data('name', n.name)}${data('type', n.type)}${data('mentions', n.mention_count)}${data('depth', n.depth)}    </node>\n`;
  }
  for (const e of g.edges) {
    const ev = (e.evidence || [])[0];
    const doc = ev ? (ev.doc.url || ev.doc.key) : '';
    out += `    <edge id="${xmlEscape(e.id)}" source="n${xmlEscape(e.source)}" target="n${xmlEscape(e.target)}">\n`
      + data('kind', e.kind) + data('predicate', e.label) + data('support', e.support) + data('sentences', e.weight)
      + data('first_seen', e.first_seen) + data('last_seen', e.last_seen) + data('valid_from', e.valid_from) + data('valid_to', e.valid_to)
      + data('evidence', ev ? ev.text : '') + data('source_document', doc) + '    </edge>\n';
  }
  out += '  </graph>\n</graphml>\n';
  return out;
}

/** Offers `href` (a data: or blob: URL) as a download named `name`. */
export function download(href, name) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}
