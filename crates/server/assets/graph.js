// A small SVG network view: a deterministic force layout computed up front (the API caps the
// graph at a few hundred nodes), pan by dragging, zoom with the wheel, click a node or an edge.

import { s } from './dom.js';

const W = 900;
const H = 640;

function layout(nodes, edges, centerId) {
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const pos = nodes.map((node, i) => {
    if (node.id === centerId) return { x: 0, y: 0 };
    const a = (2 * Math.PI * i) / Math.max(1, n);
    const r = 120 * (node.depth || 1);
    return { x: r * Math.cos(a), y: r * Math.sin(a) };
  });
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined);
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.6;
  for (let it = 0; it < 300; it++) {
    const t = 40 * (1 - it / 300) + 1;
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x; let dy = pos[i].y - pos[j].y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
        const f = (k * k) / d2;
        disp[i].x += dx * f; disp[i].y += dy * f;
        disp[j].x -= dx * f; disp[j].y -= dy * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x; const dy = pos[a].y - pos[b].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = d / k;
      disp[a].x -= dx * f; disp[a].y -= dy * f;
      disp[b].x += dx * f; disp[b].y += dy * f;
    }
    for (let i = 0; i < n; i++) {
      if (nodes[i].id === centerId) continue;
      const d = Math.sqrt(disp[i].x ** 2 + disp[i].y ** 2) || 1;
      pos[i].x += (disp[i].x / d) * Math.min(d, t);
      pos[i].y += (disp[i].y / d) * Math.min(d, t);
    }
  }
  return pos;
}

/** Draws graph `g` ({nodes, edges, center}) into `box`; calls onNode(node) / onEdge(edge). */
export function drawGraph(box, g, { onNode, onEdge }) {
  const pos = layout(g.nodes, g.edges, g.center);
  const at = new Map(g.nodes.map((n, i) => [n.id, pos[i]]));
  const view = { x: 0, y: 0, k: 1 };
  const root = s('g', { class: 'viewport' });
  const svg = s('svg', { class: 'graph', viewBox: `${-W / 2} ${-H / 2} ${W} ${H}`, role: 'img', 'aria-label': 'Entity network' }, root);
  const apply = () => root.setAttribute('transform', `translate(${view.x} ${view.y}) scale(${view.k})`);

  const edgeLayer = s('g', { class: 'edges' });
  const nodeLayer = s('g', { class: 'nodes' });
  root.append(edgeLayer, nodeLayer);
  const maxW = Math.max(1, ...g.edges.map((e) => e.weight));
  for (const e of g.edges) {
    const a = at.get(e.source); const b = at.get(e.target);
    if (!a || !b) continue;
    const width = 1 + (3 * e.weight) / maxW;
    const line = s('line', { class: `edge ${e.kind}`, x1: a.x, y1: a.y, x2: b.x, y2: b.y, 'stroke-width': width });
    const hit = s('line', { class: 'edge-hit', x1: a.x, y1: a.y, x2: b.x, y2: b.y, 'data-edge': e.id },
      s('title', {}, `${e.label} (${e.weight})`));
    hit.addEventListener('click', (ev) => {
      ev.stopPropagation();
      for (const el of edgeLayer.querySelectorAll('.edge.selected')) el.classList.remove('selected');
      line.classList.add('selected');
      onEdge(e);
    });
    edgeLayer.append(line, hit);
    if (e.kind === 'fact') {
      edgeLayer.append(s('text', { class: 'edge-label', x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 3 }, e.label.replace(/_/g, ' ')));
    }
  }
  for (const n of g.nodes) {
    const p = at.get(n.id);
    const r = n.id === g.center ? 14 : 6 + Math.min(8, Math.log2(1 + n.mention_count));
    const node = s('g', { class: `node t-${n.type}${n.id === g.center ? ' center' : ''}`, transform: `translate(${p.x} ${p.y})`, 'data-node': n.id, tabindex: 0 },
      s('circle', { r }), s('text', { x: r + 3, y: 4 }, n.name), s('title', {}, `${n.name} (${n.type}, ${n.mention_count} mentions)`));
    node.addEventListener('click', (ev) => { ev.stopPropagation(); onNode(n); });
    node.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') onNode(n); });
    nodeLayer.append(node);
  }

  // Pan and zoom. Screen pixels are converted to viewBox units.
  const scale = () => W / (svg.getBoundingClientRect().width || W);
  let drag = null;
  svg.addEventListener('pointerdown', (ev) => {
    if (ev.target.closest('.node') || ev.target.classList.contains('edge-hit')) return;
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const f = scale();
    view.x = drag.vx + (ev.clientX - drag.x) * f;
    view.y = drag.vy + (ev.clientY - drag.y) * f;
    apply();
  });
  const end = () => { drag = null; };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const rect = svg.getBoundingClientRect();
    const f = scale();
    const mx = (ev.clientX - rect.left) * f - W / 2;
    const my = (ev.clientY - rect.top) * f - H / 2;
    const k = Math.min(8, Math.max(0.2, view.k * Math.exp(-ev.deltaY * 0.001)));
    view.x = mx - ((mx - view.x) * k) / view.k;
    view.y = my - ((my - view.y) * k) / view.k;
    view.k = k;
    apply();
  }, { passive: false });
  // Start with the whole graph in view (labels included, roughly).
  const xs = g.nodes.map((n) => at.get(n.id));
  const minX = Math.min(...xs.map((p) => p.x)) - 20;
  const maxX = Math.max(...g.nodes.map((n) => at.get(n.id).x + 24 + 7 * Math.min(30, n.name.length)));
  const minY = Math.min(...xs.map((p) => p.y)) - 20;
  const maxY = Math.max(...xs.map((p) => p.y)) + 20;
  if (Number.isFinite(minX) && maxX > minX && maxY > minY) {
    view.k = Math.min(1.5, W / (maxX - minX), H / (maxY - minY));
    view.x = -((minX + maxX) / 2) * view.k;
    view.y = -((minY + maxY) / 2) * view.k;
  }
  apply();
  box.append(svg);
}
