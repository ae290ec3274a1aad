// The newsgraph explorer: a hash-routed single page over the JSON API. Views: entity list,
// search, entity profile, network (Cytoscape.js, with filters and GraphML/PNG export),
// document reader, quotes, timeline (with a chart by month), facts new since a date. Built with DOM calls
// only (see dom.js); no data is ever parsed as HTML. When the server was started with --token,
// the API answers 401 until the token is sent: the page then asks for it once and keeps it in
// sessionStorage (this tab only), sending `Authorization: Bearer`.

import { h, s, mount, marked } from './dom.js';
import { drawGraph, pngOf, graphmlOf, download } from './graph.js';

const app = document.getElementById('app');
const PAGE = 50;
const TYPES = ['PER', 'ORG', 'LOC', 'MISC'];
const TOKEN_KEY = 'newsgraph-token';

/** The API refused the request for want of the right token. */
class NeedsToken extends Error {}

let tokenInMemory = null; // when sessionStorage is unavailable

function savedToken() {
  try { return sessionStorage.getItem(TOKEN_KEY) || tokenInMemory; } catch { return tokenInMemory; }
}

function saveToken(t) {
  tokenInMemory = t;
  try { if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY); } catch { /* kept in memory */ }
}

async function api(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const url = '/api' + path + (qs.toString() ? '?' + qs : '');
  const headers = { Accept: 'application/json' };
  const token = savedToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(url, { headers });
  if (res.status === 401) {
    if (token) saveToken(null);
    throw new NeedsToken(token ? 'That token was not accepted.' : 'This server needs an access token.');
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : res.statusText;
    throw new Error(msg);
  }
  return body;
}

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(query || '') };
}

function link(href, ...children) {
  return h('a', { href }, ...children);
}

function docLink(doc, span) {
  const title = doc.title || doc.key;
  const hl = span ? `?hl=${span.char_start}-${span.char_end}` : '';
  return link(`#/doc/${doc.id}${hl}`, title);
}

function typeBadge(t) {
  return h('span', { class: `badge t-${t}` }, t);
}

function section(title, ...body) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...body);
}

function empty(text) {
  return h('p', { class: 'muted' }, text);
}

function pager(offset, count, more, go) {
  return h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: offset === 0 ? 'disabled' : null, onclick: () => go(Math.max(0, offset - PAGE)) }, '← Previous'),
    h('span', { class: 'muted' }, count ? `${offset + 1}–${offset + count}` : '0'),
    h('button', { type: 'button', disabled: more ? null : 'disabled', onclick: () => go(offset + PAGE) }, 'Next →'));
}

function setHash(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined && v !== 0) qs.set(k, String(v));
  location.hash = path + (qs.toString() ? '?' + qs : '');
}

// ---- views ----

async function viewHome(params) {
  const type = params.get('type') || '';
  const q = params.get('q') || '';
  const offset = Number(params.get('offset') || 0);
  const [stats, page] = await Promise.all([api('/stats'), api('/entities', { q, type, limit: PAGE, offset })]);
  const filter = h('input', { type: 'search', value: q, placeholder: 'filter by name', 'aria-label': 'Filter entities' });
  const select = h('select', { 'aria-label': 'Entity type' }, h('option', { value: '' }, 'all types'),
    TYPES.map((t) => h('option', { value: t, selected: t === type ? 'selected' : null }, t)));
  const apply = (o) => setHash('/', { q: filter.value.trim(), type: select.value, offset: o });
  const form = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); apply(0); } }, filter, select, h('button', { type: 'submit' }, 'Filter'));
  select.addEventListener('change', () => apply(0));
  const rows = page.items.map((e) => h('tr', {},
    h('td', {}, link(`#/entity/${e.id}`, e.name)), h('td', {}, typeBadge(e.type)),
    h('td', { class: 'num' }, e.mention_count), h('td', { class: 'muted' }, e.aliases.filter((a) => a !== e.name).slice(0, 4).join(', '))));
  mount(app,
    h('p', { class: 'stats' }, `${stats.documents} documents · ${stats.entities} entities · ${stats.quotes} quotes · ${stats.facts} facts · ${stats.timexes} time expressions`),
    section(`Entities (${page.total})`, form,
      rows.length ? h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'type'), h('th', {}, 'mentions'), h('th', {}, 'aliases'))), h('tbody', {}, rows)) : empty('No entity matches.'),
      pager(offset, page.items.length, page.more, apply)));
}

async function viewSearch(params) {
  const q = params.get('q') || '';
  document.getElementById('search-input').value = q;
  if (!q.trim()) { mount(app, empty('Type something to search.')); return; }
  const r = await api('/search', { q });
  mount(app,
    h('h1', {}, 'Results for ', h('q', {}, q)),
    section('Entities', r.entities.length ? h('ul', { class: 'results', id: 'entity-results' }, r.entities.map((e) =>
      h('li', {}, link(`#/entity/${e.id}`, e.name), ' ', typeBadge(e.type), h('span', { class: 'muted' }, ` ${e.mention_count} mentions`)))) : empty('No entity.')),
    section('Articles', r.documents.length ? h('ul', { class: 'results' }, r.documents.map((d) =>
      h('li', {}, docLink(d.doc), h('div', { class: 'snippet' }, marked(d.snippet))))) : empty('No article.')),
    section('Quotes', r.quotes.length ? quoteList(r.quotes) : empty('No quote.')));
}

function quoteList(quotes) {
  return h('ul', { class: 'quotes' }, quotes.map((q) => h('li', { class: 'quote' },
    h('blockquote', {}, q.direct ? `“${q.text}”` : q.text),
    h('div', { class: 'meta' },
      q.speaker_entity ? link(`#/entity/${q.speaker_entity}`, q.speaker_name || q.speaker_text || '?') : (q.speaker_name || q.speaker_text || 'unattributed'),
      q.cue ? ` ${q.cue} ` : ' · ', docLink(q.doc, q.span), q.doc.published ? ` (${q.doc.published.slice(0, 10)})` : '',
      q.time ? h('span', { class: 'muted', title: q.time }, ` · about ${q.time_label || q.time}${q.time_text ? ` (“${q.time_text}”)` : ''}`) : ''))));
}

// The ontology's readings (GET /api/ontology), fetched once; an empty map when unavailable.
let ontologyPromise = null;
function ontology() {
  if (!ontologyPromise) {
    ontologyPromise = api('/ontology').then((rows) => new Map(rows.map((p) => [p.name, p]))).catch(() => new Map());
  }
  return ontologyPromise;
}

// A fact's predicate read from the shown entity's side, "former" when it has ended.
function reading(f, selfId, predicates) {
  const p = predicates.get(f.predicate);
  const outgoing = !f.subject || f.subject.id === selfId;
  if (!p) return f.predicate.replace(/_/g, ' ');
  const side = outgoing ? p.outgoing : p.incoming;
  return f.status === 'former' ? side.former : side.phrase;
}

function factList(facts, selfId, predicates = new Map()) {
  return h('ul', { class: 'facts' }, facts.map((f) => {
    let obj;
    if (f.object_entity) {
      const other = f.object_entity.id === selfId ? f.subject : f.object_entity;
      obj = link(`#/entity/${other.id}`, other.name);
    } else {
      obj = h('span', {}, f.object_value || '');
    }
    const when = [f.valid_from, f.valid_to].filter(Boolean).join(' – ');
    return h('li', { class: 'fact' },
      h('div', {}, h('strong', {}, reading(f, selfId, predicates)), ' ', obj, when ? h('span', { class: 'muted' }, ` (${when})`) : ''),
      h('div', { class: 'evidence' }, h('span', { class: 'ev-text' }, f.evidence), ' — ', docLink(f.doc, f.span),
        h('span', { class: 'muted' }, ` · ${f.producer} · ${Number(f.confidence).toFixed(2)}`)));
  }));
}

// Facts grouped by type (both directions), each statement with its support, first/last seen
// and evidence; disagreeing accounts are grouped under a warning, side by side.
function factSections(sections) {
  const seen = (f) => {
    const day = (v) => (v || '').slice(0, 10);
    if (!f.first_seen) return '';
    return day(f.first_seen) === day(f.last_seen) ? `seen ${day(f.first_seen)}` : `first seen ${day(f.first_seen)}, last seen ${day(f.last_seen)}`;
  };
  const statement = (f) => h('li', { class: 'fact' },
    h('div', {}, f.phrase, ' ',
      f.other ? link(`#/entity/${f.other.id}`, f.other.name) : h('span', {}, f.object_value ? `“${f.object_value}”` : ''),
      f.other && f.object_value ? h('span', {}, ` (${f.object_value})`) : '',
      f.when ? h('span', { class: 'muted' }, ` (${f.when})`) : ''),
    h('div', { class: 'muted' }, `${f.documents} document${f.documents === 1 ? '' : 's'}, ${f.mentions} mention${f.mentions === 1 ? '' : 's'} · ${seen(f)} · ${Number(f.confidence).toFixed(2)}`),
    ...f.evidence.map((ev) => h('div', { class: 'evidence' }, h('span', { class: 'ev-text' }, ev.sentence), ' — ', docLink(ev.doc, ev.span))));
  return h('div', {}, sections.map((sec) => {
    const inConflict = new Set(sec.conflicts.flatMap((c) => c.facts));
    return h('div', { class: 'fact-section' },
      h('h3', {}, `${sec.title} (${sec.facts.length})`),
      ...sec.conflicts.map((c) => h('div', { class: 'conflict' },
        h('p', {}, h('strong', {}, '⚠ conflicting accounts: '), c.about),
        h('ul', { class: 'facts' }, c.facts.map((i) => sec.facts[i]).filter(Boolean).map(statement)))),
      h('ul', { class: 'facts' }, sec.facts.filter((_, i) => !inConflict.has(i)).map(statement)));
  }));
}

// Why a time expression has its value: the reference time it was read against, and a range's duration.
function timelineWhy(t) {
  const parts = [];
  if (t.anchor === 'expression' && t.anchor_text) parts.push(`read after “${t.anchor_text}”`);
  else if (t.anchor === 'document') parts.push('read from the publication date');
  if (t.duration_label) parts.push(`a range of ${t.duration_label}`);
  return parts.length ? h('span', { class: 'tl-why' }, ` (${parts.join('; ')})`) : '';
}

function timelineList(items) {
  return h('ol', { class: 'timeline' }, items.map((t) => h('li', {},
    h('span', { class: 'tl-value', title: t.value }, t.label || t.value), ' ', h('span', { class: 'badge' }, t.kind), ' ',
    t.speaker ? `${t.speaker}: ` : '', h('strong', {}, t.kind === 'quote' ? `“${t.text}”` : t.text), timelineWhy(t),
    h('div', { class: 'evidence' }, t.evidence, ' — ', docLink(t.doc, t.span)))));
}

async function viewEntity(id) {
  const [d, predicates] = await Promise.all([api(`/entities/${encodeURIComponent(id)}`, { limit: 20 }), ontology()]);
  const e = d.summary;
  const more = d.more || {};
  const chartBox = h('div', { class: 'chart-box' }, empty('Loading chart…'));
  const sourceList = h('ul', { class: 'results', id: 'source-list' }, d.sources.map(sourceItem));
  const moreSources = more.sources ? sourcePager(e.id, sourceList, d.sources.length) : null;
  document.title = `${e.name} · newsgraph`;
  mount(app,
    h('div', { class: 'entity-head' },
      h('h1', { id: 'entity-name' }, e.name, ' ', typeBadge(e.type)),
      h('p', { class: 'muted' }, `${e.mention_count} mentions`, e.aliases.length ? ` · also: ${e.aliases.join(', ')}` : ''),
      h('p', { class: 'actions' }, link(`#/graph/${e.id}`, 'Network'), ' · ', link(`#/timeline?entity=${e.id}`, 'Timeline'), ' · ', link(`#/quotes?by=${e.id}`, 'All quotes'), ' · ', link(`#/graph/${e.id}?depth=2`, 'Network, 2 hops'))),
    h('div', { class: 'grid' },
      h('div', { id: 'roles' }, section('Roles', d.roles.length ? factList(d.roles, e.id, predicates) : empty('No role recorded.'))),
      h('div', { id: 'affiliations' }, section('Affiliations', d.affiliations.length ? factList(d.affiliations, e.id, predicates) : empty('No affiliation recorded.')))),
    h('div', { id: 'facts' }, section('Facts by type', d.facts && d.facts.length ? factSections(d.facts) : empty('No fact recorded.'))),
    h('div', { id: 'quotes' }, section(`Quotes (${d.quotes.length}${more.quotes ? '+' : ''})`, d.quotes.length ? quoteList(d.quotes) : empty('No quote attributed.'),
      more.quotes ? h('p', {}, link(`#/quotes?by=${e.id}`, 'All quotes →')) : '')),
    h('div', { id: 'timeline' }, section('Timeline', chartBox,
      d.timeline.length ? timelineList(d.timeline) : empty('No dated item.'),
      more.timeline ? h('p', {}, link(`#/timeline?entity=${e.id}`, 'The whole timeline →')) : '')),
    h('div', { id: 'sources' }, section(`Sources (${d.sources.length}${more.sources ? '+' : ''})`, sourceList,
      more.sources ? h('p', {}, moreSources) : '')));
  loadChart(chartBox, e.id);
}

// The profile's sources, paged from /api/entities/{id}/sources.
function sourcePager(id, list, shown) {
  let offset = shown;
  const button = h('button', { type: 'button', id: 'more-sources' }, 'More sources');
  button.addEventListener('click', async () => {
    button.disabled = true;
    const page = await api(`/entities/${encodeURIComponent(id)}/sources`, { offset, limit: PAGE });
    offset += page.items.length;
    list.append(...page.items.map(sourceItem));
    if (page.more) button.disabled = false; else button.remove();
  });
  return button;
}

function sourceItem(s) {
  return h('li', {}, docLink(s), s.published ? h('span', { class: 'muted' }, ` ${s.published.slice(0, 10)}`) : '');
}

// ---- timeline chart: dated items by month (stacked: facts, quotes, time expressions) ----

const SERIES = [['facts', 'facts'], ['quotes', 'quotes'], ['timexes', 'time expressions']];

async function loadChart(box, entity) {
  try {
    const m = await api('/timeline/months', { entity });
    mount(box, timelineChart(m.periods));
  } catch (err) {
    mount(box, empty(`No chart: ${err.message}`));
  }
}

/** An SVG bar chart of periods in time order; year-only periods are drawn paler. */
function timelineChart(periods) {
  const rows = periods.filter((p) => p.facts + p.quotes + p.timexes > 0);
  if (!rows.length) return empty('Nothing dated to chart.');
  const W = 900; const H = 180; const pad = { l: 36, r: 8, t: 8, b: 34 };
  const max = Math.max(...rows.map((p) => p.facts + p.quotes + p.timexes));
  const bw = (W - pad.l - pad.r) / rows.length;
  const y = (v) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const bars = [];
  const labels = [];
  const every = Math.max(1, Math.ceil(rows.length / 12));
  rows.forEach((p, i) => {
    let base = 0;
    const x = pad.l + i * bw;
    for (const [key, name] of SERIES) {
      const v = p[key];
      if (!v) continue;
      bars.push(s('rect', { class: `bar ${key}${p.month ? '' : ' year'}`, x: x + bw * 0.1, width: Math.max(1, bw * 0.8), y: y(base + v), height: y(base) - y(base + v) },
        s('title', {}, `${p.period}${p.month ? '' : ' (year only)'}: ${v} ${name}`)));
      base += v;
    }
    if (i % every === 0) labels.push(s('text', { class: 'axis', x: x + bw / 2, y: H - pad.b + 14, 'text-anchor': 'middle' }, p.period));
  });
  const chart = s('svg', { class: 'chart', id: 'timeline-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Dated items by month' },
    s('line', { class: 'axis-line', x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b }),
    s('text', { class: 'axis', x: pad.l - 4, y: pad.t + 10, 'text-anchor': 'end' }, String(max)),
    s('text', { class: 'axis', x: pad.l - 4, y: H - pad.b, 'text-anchor': 'end' }, '0'),
    bars, labels);
  const legend = h('p', { class: 'legend chart-legend' }, SERIES.map(([key, name]) => [h('span', { class: `swatch ${key}` }, ''), ` ${name} `]),
    h('span', { class: 'muted' }, ' · by month; paler bars: dated to a year only'));
  return h('div', { class: 'chart-wrap' }, chart, legend);
}

// The filters of the network view, as hash parameters and as API parameters.
const GRAPH_FILTERS = ['depth', 'predicate', 'type', 'since', 'until', 'min_support', 'max_nodes'];

async function viewGraph(id, params) {
  const f = Object.fromEntries(GRAPH_FILTERS.map((k) => [k, params.get(k) || '']));
  const depth = Number(f.depth || 1);
  const [g, predicates] = await Promise.all([api(`/entities/${encodeURIComponent(id)}/graph`, { ...f, depth }), ontology()]);
  const center = g.nodes.find((n) => n.id === g.center);
  const panel = h('aside', { id: 'evidence', class: 'card evidence-panel' }, h('h2', {}, 'Evidence'), empty('Click an edge to see the sentences behind it; click a node to open the entity.'));
  const box = h('div', { class: 'graph-box', id: 'graph' });
  const chosen = new Set((f.predicate || '').split(',').filter(Boolean));
  const types = new Set((f.type || '').split(',').filter(Boolean));
  const predicateBox = h('select', { id: 'f-predicate', multiple: 'multiple', size: 6, 'aria-label': 'Predicates' },
    [...predicates.keys(), 'co-mention'].map((p) => h('option', { value: p, selected: chosen.has(p) ? 'selected' : null }, p.replace(/_/g, ' '))));
  const typeBoxes = TYPES.map((t) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: t, class: 'f-type', checked: types.has(t) ? 'checked' : null }), ` ${t}`));
  const input = (name, attrs) => h('input', { id: `f-${name}`, name, value: f[name], ...attrs });
  const since = input('since', { placeholder: 'since (2000, 2019-05)', size: 12, 'aria-label': 'Since' });
  const until = input('until', { placeholder: 'until', size: 12, 'aria-label': 'Until' });
  const support = input('min_support', { type: 'number', min: 0, placeholder: 'min. support', 'aria-label': 'Least support (documents)' });
  const nodes = input('max_nodes', { type: 'number', min: 1, max: 500, placeholder: 'max nodes (200)', 'aria-label': 'Most nodes' });
  const depthSel = h('select', { id: 'f-depth', 'aria-label': 'Depth' }, [1, 2, 3].map((d) => h('option', { value: d, selected: d === depth ? 'selected' : null }, `depth ${d}`)));
  const form = h('form', { class: 'graph-filters', id: 'graph-filters', onsubmit: (ev) => {
    ev.preventDefault();
    setHash(`/graph/${id}`, {
      depth: depthSel.value,
      predicate: [...predicateBox.selectedOptions].map((o) => o.value).join(','),
      type: typeBoxes.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value).join(','),
      since: since.value.trim(), until: until.value.trim(), min_support: support.value.trim(), max_nodes: nodes.value.trim(),
    });
  } },
  h('div', {}, h('div', { class: 'muted' }, 'predicates (none chosen: all, with co-mentions)'), predicateBox),
  h('div', { class: 'filter-col' }, depthSel, h('div', {}, typeBoxes), since, until, support, nodes,
    h('div', {}, h('button', { type: 'submit', id: 'apply-filters' }, 'Apply'), ' ', link(`#/graph/${id}`, 'reset'))));
  const pngButton = h('button', { type: 'button', id: 'export-png' }, 'PNG');
  const graphmlButton = h('button', { type: 'button', id: 'export-graphml' }, 'GraphML');
  const facts = g.edges.filter((e) => e.kind === 'fact').length;
  mount(app,
    h('h1', {}, 'Network of ', center ? link(`#/entity/${center.id}`, center.name) : `#${id}`),
    h('details', { class: 'card', open: 'open' }, h('summary', {}, 'Filters'), form),
    h('p', { class: 'muted', id: 'graph-summary' }, `${g.nodes.length} entities · ${g.edges.length} links (${facts} facts)`, g.truncated ? ' (capped)' : '',
      ' · drag to pan, wheel to zoom, hover for names · export: ', graphmlButton, ' ', pngButton),
    h('div', { class: 'graph-wrap' }, box, panel),
    section('Links', linkTable(g, panel)));
  if (g.edges.length === 0) { box.append(empty('No link found around this entity with these filters.')); return; }
  const cy = drawGraph(box, g, {
    onNode: (n) => { location.hash = `/entity/${n.id}`; },
    onEdge: (edge) => showEvidence(panel, g, edge),
  });
  const stem = `network-${id}-depth${depth}`;
  pngButton.addEventListener('click', () => download(pngOf(cy), `${stem}.png`));
  graphmlButton.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([graphmlOf(g)], { type: 'application/graphml+xml' }));
    download(url, `${stem}.graphml`);
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
}

// The graph's edges as a table, best supported first: the same evidence on a click, and a
// way through the graph without a pointer.
function linkTable(g, panel) {
  const name = (id) => (g.nodes.find((n) => n.id === id) || { name: `#${id}` }).name;
  const rows = [...g.edges].sort((a, b) => (b.support - a.support) || (b.weight - a.weight)).slice(0, 100);
  return h('table', { class: 'list', id: 'link-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'from'), h('th', {}, 'link'), h('th', {}, 'to'), h('th', {}, 'documents'), h('th', {}, 'first seen'))),
    h('tbody', {}, rows.map((e) => h('tr', {},
      h('td', {}, name(e.source)),
      h('td', {}, h('a', { href: '#', class: 'edge-link', 'data-edge': e.id, onclick: (ev) => { ev.preventDefault(); showEvidence(panel, g, e); panel.scrollIntoView({ block: 'nearest' }); } },
        e.label.replace(/_/g, ' '))),
      h('td', {}, name(e.target)),
      h('td', { class: 'num' }, e.support),
      h('td', { class: 'muted' }, (e.first_seen || '').slice(0, 10))))));
}

function showEvidence(panel, g, edge) {
  const name = (id) => (g.nodes.find((n) => n.id === id) || { name: `#${id}` }).name;
  mount(panel,
    h('h2', {}, 'Evidence'),
    h('p', {}, link(`#/entity/${edge.source}`, name(edge.source)), ` — ${edge.label} — `, link(`#/entity/${edge.target}`, name(edge.target))),
    h('p', { class: 'muted', id: 'edge-meta' }, `${edge.kind === 'fact' ? 'fact' : 'named in one sentence'} · ${edge.support} document${edge.support === 1 ? '' : 's'}, ${edge.weight} sentence${edge.weight === 1 ? '' : 's'}`,
      edge.when ? ` · ${edge.when}` : '', edge.first_seen ? ` · first seen ${edge.first_seen.slice(0, 10)}` : '', edge.conflicting ? ' · ⚠ other accounts differ' : ''),
    h('ul', { class: 'evidence-list' }, edge.evidence.map((ev) => h('li', { class: 'evidence-item' },
      h('blockquote', {}, ev.text),
      h('div', { class: 'meta' }, docLink(ev.doc, ev.span), ev.producer ? ` · ${ev.producer}` : '')))));
}

const SPEAKER_COLOURS = 8;

async function viewDoc(id, params) {
  const d = await api(`/documents/${encodeURIComponent(id)}`);
  const hl = (params.get('hl') || '').split('-').map(Number);
  const chars = Array.from(d.text);
  const speakers = new Map();
  for (const q of d.quotes) {
    const key = q.speaker_entity !== null ? `e${q.speaker_entity}` : (q.speaker_name || '?');
    if (!speakers.has(key)) speakers.set(key, speakers.size % SPEAKER_COLOURS);
    q.colour = speakers.get(key);
  }
  const cuts = new Set([0, chars.length]);
  const all = [...d.entities, ...d.quotes, ...d.timexes];
  for (const a of all) { cuts.add(a.span.char_start); cuts.add(a.span.char_end); }
  if (hl.length === 2 && hl.every(Number.isFinite)) { cuts.add(hl[0]); cuts.add(hl[1]); }
  const points = [...cuts].filter((c) => c >= 0 && c <= chars.length).sort((a, b) => a - b);
  const covers = (sp, a, b) => sp.char_start <= a && b <= sp.char_end && sp.char_start < sp.char_end;
  const body = h('div', { class: 'doc-text', id: 'doc-text' });
  let hlEl = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]; const b = points[i + 1];
    const text = chars.slice(a, b).join('');
    const ent = d.entities.find((e) => covers(e.span, a, b));
    const q = d.quotes.find((x) => covers(x.span, a, b));
    const sp = d.quotes.find((x) => x.speaker && covers(x.speaker, a, b));
    const tx = d.timexes.find((t) => covers(t.span, a, b));
    const isHl = hl.length === 2 && hl[0] <= a && b <= hl[1];
    if (!ent && !q && !sp && !tx && !isHl) { body.append(text); continue; }
    const classes = [];
    const titles = [];
    if (ent) { classes.push('ent', `t-${ent.type}`); titles.push(`${ent.name} (${ent.type})`); }
    if (q) { classes.push('q', `spk-${q.colour}`); titles.push(`quote: ${q.speaker_name || 'unattributed'}`); }
    if (sp) { classes.push('speaker', `spk-${sp.colour}`); }
    if (tx) { classes.push('tx'); titles.push(`${tx.type} ${tx.value}`); }
    if (isHl) classes.push('hl');
    const attrs = { class: classes.join(' '), title: titles.join(' · ') || null };
    let el;
    if (ent && ent.entity_id !== null) el = h('a', { ...attrs, href: `#/entity/${ent.entity_id}` }, text);
    else el = h('span', attrs, text);
    if (tx) el.dataset.value = tx.value;
    if (isHl && !hlEl) hlEl = el;
    body.append(el);
  }
  const legend = h('p', { class: 'legend' }, h('span', { class: 'ent t-PER' }, 'person'), ' ', h('span', { class: 'ent t-ORG' }, 'organization'), ' ',
    h('span', { class: 'ent t-LOC' }, 'place'), ' ', h('span', { class: 'ent t-MISC' }, 'other'), ' ', h('span', { class: 'tx' }, 'time (hover for value)'),
    [...speakers.entries()].map(([key, c]) => {
      const q = d.quotes.find((x) => (x.speaker_entity !== null ? `e${x.speaker_entity}` : (x.speaker_name || '?')) === key);
      return [' ', h('span', { class: `q spk-${c}` }, `quote: ${(q && q.speaker_name) || 'unattributed'}`)];
    }));
  const meta = [d.doc.published && d.doc.published.slice(0, 10), d.publisher, d.authors.join(', ')].filter(Boolean).join(' · ');
  document.title = `${d.doc.title || d.doc.key} · newsgraph`;
  mount(app,
    h('article', { class: 'card reader' },
      h('h1', {}, d.doc.title || d.doc.key),
      h('p', { class: 'muted' }, meta, d.doc.url ? [' · ', h('a', { href: d.doc.url, rel: 'noopener noreferrer' }, 'original')] : ''),
      legend, body));
  if (hlEl) hlEl.scrollIntoView({ block: 'center' });
}

async function viewQuotes(params) {
  const by = params.get('by') || '';
  const offset = Number(params.get('offset') || 0);
  const page = await api('/quotes', { by, limit: PAGE, offset });
  mount(app, section(by ? 'Quotes by speaker' : 'Quotes', page.items.length ? quoteList(page.items) : empty('No quote.'),
    pager(offset, page.items.length, page.more, (o) => setHash('/quotes', { by, offset: o }))));
}

async function viewTimeline(params) {
  const entity = params.get('entity') || '';
  const offset = Number(params.get('offset') || 0);
  const page = await api('/timeline', { entity, limit: PAGE, offset });
  let title = 'Timeline';
  if (entity) {
    const e = await api(`/entities/${encodeURIComponent(entity)}`, { limit: 1 }).catch(() => null);
    if (e) title = `Timeline of ${e.summary.name}`;
  }
  const chartBox = h('div', { class: 'chart-box' }, empty('Loading chart…'));
  mount(app, section(title, chartBox, h('p', {}, link('#/new', 'Facts new since a date →')),
    page.items.length ? timelineList(page.items) : empty('No dated item.'),
    pager(offset, page.items.length, page.more, (o) => setHash('/timeline', { entity, offset: o }))));
  await loadChart(chartBox, entity);
}

// Facts first seen on or after a date (their earliest document), newest first.
async function viewNew(params) {
  const since = params.get('since') || '';
  const offset = Number(params.get('offset') || 0);
  const input = h('input', { type: 'text', id: 'new-since', value: since, placeholder: 'YYYY-MM-DD', 'aria-label': 'Since', size: 12 });
  const form = h('form', { class: 'filters', id: 'new-form', onsubmit: (e) => { e.preventDefault(); setHash('/new', { since: input.value.trim() }); } },
    h('label', {}, 'First seen on or after ', input), h('button', { type: 'submit' }, 'Show'));
  if (!since) { mount(app, section('New since', form, empty('Give a date (2016, 2016-05 or 2016-05-20).'))); return; }
  const page = await api('/facts/new', { since, offset, limit: PAGE });
  const items = h('ul', { class: 'facts', id: 'new-facts' }, page.items.map((f) => h('li', { class: 'fact' },
    h('div', {}, link(`#/entity/${f.subject.id}`, f.subject.name), ' ', h('strong', {}, f.predicate.replace(/_/g, ' ')), ' ',
      f.object_entity ? link(`#/entity/${f.object_entity.id}`, f.object_entity.name) : '',
      f.object_value ? h('span', {}, ` “${f.object_value}”`) : ''),
    h('div', { class: 'muted' }, `first seen ${f.first_seen.slice(0, 10)}`, f.last_seen !== f.first_seen ? `, last seen ${f.last_seen.slice(0, 10)}` : '',
      ` · ${f.support} document${f.support === 1 ? '' : 's'}`),
    h('div', { class: 'evidence' }, h('span', { class: 'ev-text' }, f.evidence), ' — ', docLink(f.doc, f.span)))));
  mount(app, section(`New since ${since}`, form, page.items.length ? items : empty('Nothing first seen since then.'),
    pager(offset, page.items.length, page.more, (o) => setHash('/new', { since, offset: o }))));
}

// Asks for the access token (the one `newsgraph serve --token` was started with), keeps it for
// this tab, and shows the page again.
function askToken(message) {
  const input = h('input', { type: 'password', id: 'token-input', autocomplete: 'off', 'aria-label': 'Access token', placeholder: 'access token' });
  const form = h('form', { class: 'filters', id: 'token-form', onsubmit: (e) => {
    e.preventDefault();
    const t = input.value.trim();
    if (!t) return;
    saveToken(t);
    render();
  } }, input, h('button', { type: 'submit' }, 'Continue'));
  mount(app, section('Access token', h('p', {}, message, ' It is kept for this tab only.'), form));
  input.focus();
}

async function render() {
  const { parts, params } = route();
  try {
    switch (parts[0]) {
      case undefined: await viewHome(params); break;
      case 'search': await viewSearch(params); break;
      case 'entity': await viewEntity(parts[1]); break;
      case 'graph': await viewGraph(parts[1], params); break;
      case 'doc': await viewDoc(parts[1], params); break;
      case 'quotes': await viewQuotes(params); break;
      case 'timeline': await viewTimeline(params); break;
      case 'new': await viewNew(params); break;
      default: mount(app, empty('Nothing here.'));
    }
  } catch (err) {
    if (err instanceof NeedsToken) { askToken(err.message); return; }
    mount(app, h('p', { class: 'error', role: 'alert' }, `Error: ${err.message}`));
  }
}

document.getElementById('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = document.getElementById('search-input').value.trim();
  location.hash = `/search?q=${encodeURIComponent(q)}`;
});
window.addEventListener('hashchange', render);
render();
