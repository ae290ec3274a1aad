// End-to-end test of the explorer in headless Chromium (playwright-core, Debian's chromium).
// Env: BASE (server URL), PW_DIR (folder where playwright-core is installed with npm),
// CHROMIUM (default /usr/bin/chromium), OUT (screenshot folder).
// Searches "Zakayev", opens his page, checks quotes, affiliations and the timeline chart, opens
// the network (Cytoscape, vendored), clicks an edge on the canvas to reach its evidence, checks
// the filters (predicate, type) against the API, exports GraphML and PNG, follows the evidence
// to the sentence in the reader, checks the new-since view, and checks that the XSS fixture
// renders inert. With TOKEN_BASE and TOKEN (a second server started with --token),
// checks that the API refuses reads without the token and that the page asks for it once.
// Exits non-zero on the first failure.

import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';

const require = createRequire(`${process.env.PW_DIR || '/tmp/newsgraph-e2e-node'}/`);
const { chromium } = require('playwright-core');

const BASE = process.env.BASE || 'http://127.0.0.1:8080';
const BASE_JS = new URL(BASE).origin;
const OUT = process.env.OUT || '/tmp/newsgraph-e2e';
mkdirSync(OUT, { recursive: true });

function check(cond, msg) {
  if (!cond) throw new Error(`FAILED: ${msg}`);
  console.log(`ok - ${msg}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const problems = [];
  page.on('dialog', async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });

  const stats = await (await page.request.get(`${BASE}/api/stats`)).json();

  // Search and open Zakayev.
  await page.goto(`${BASE}/`);
  await page.waitForSelector('table.list');
  await page.fill('#search-input', 'Zakayev');
  await page.press('#search-input', 'Enter');
  await page.waitForSelector('#entity-results a');
  const results = page.locator('#entity-results a', { hasText: 'Zakayev' });
  check(await results.count() > 0, 'search lists an entity named Zakayev');
  await results.first().click();
  await page.waitForSelector('#entity-name');
  check((await page.textContent('#entity-name')).includes('Zakayev'), 'entity page shows his name');
  check(await page.isVisible('#quotes h2'), 'entity page has a quotes section');
  check(await page.isVisible('#affiliations h2'), 'entity page has an affiliations section');
  check(await page.isVisible('#facts h2'), 'entity page has a facts-by-type section');
  check(await page.locator('#facts .fact-section h3').count() > 0, 'facts are grouped by type');
  if (stats.quotes > 0) {
    check(await page.locator('#quotes blockquote').count() > 0, 'entity page shows his quotes');
  }
  await page.screenshot({ path: `${OUT}/entity.png`, fullPage: true });

  // The profile's timeline chart (dated items by month).
  const zid = Number((await page.url()).match(/#\/entity\/(\d+)/)[1]);
  const months = await (await page.request.get(`${BASE}/api/timeline/months?entity=${zid}`)).json();
  await page.waitForSelector('#timeline .chart-box svg, #timeline .chart-box p');
  if (months.periods.length > 0) {
    check(await page.locator('#timeline-chart rect.bar').count() > 0, `entity page charts ${months.periods.length} periods`);
  }

  // Network (Cytoscape on a canvas): the graph library is loaded from our own origin.
  await page.click('a:text-is("Network")');
  await page.waitForSelector('#graph canvas');
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.endsWith('.js')));
  check(scripts.some((u) => u.startsWith(BASE_JS) && u.endsWith('/assets/cytoscape.esm.min.js')), 'the explorer loads the vendored graph library');
  check(scripts.every((u) => u.startsWith(BASE_JS)), 'no script comes from another origin');
  const drawn = await page.evaluate(() => { const cy = document.getElementById('graph').cy; return { nodes: cy.nodes().length, edges: cy.edges().length }; });
  check(drawn.nodes > 1 && drawn.edges > 0, `network shows neighbours (${drawn.nodes} nodes, ${drawn.edges} edges)`);

  // A real click on an edge's midpoint opens its evidence.
  // Navigates to a view and waits until the previous one is gone (`mount` replaces #app's
  // children, so a marked child disappears), so selectors cannot match the old view.
  async function gotoView(url) {
    await page.evaluate(() => { for (const c of document.getElementById('app').children) c.dataset.stale = '1'; });
    await page.goto(url);
    await page.waitForFunction(() => { const cs = [...document.getElementById('app').children]; return cs.length > 0 && cs.every((c) => !c.dataset.stale); });
  }
  // Navigates to a network view and waits for its own drawing: a hash change keeps the page, so
  // the previous view's #graph (and its Cytoscape instance) can still be there for a moment.
  async function gotoGraph(url) {
    await page.evaluate(() => { const g = document.getElementById('graph'); if (g) g.dataset.stale = '1'; });
    await page.goto(url);
    await page.waitForFunction(() => { const g = document.getElementById('graph'); return g && g.cy && !g.dataset.stale; });
  }
  async function clickEdge(selector) {
    const at = await page.evaluate((sel) => {
      const cy = document.getElementById('graph').cy;
      const e = cy.edges(sel).filter((x) => !x.source().same(x.target()))[0];
      if (!e) return null;
      cy.zoom(Math.max(cy.zoom(), 1)); cy.center(e);
      const m = e.renderedMidpoint();
      return { x: m.x, y: m.y, key: e.data('key') };
    }, selector);
    if (!at) return null;
    const box = await page.locator('#graph').boundingBox();
    await page.mouse.click(box.x + at.x, box.y + at.y);
    return at.key;
  }
  const clicked = await clickEdge('');
  await page.waitForSelector('#evidence .evidence-item blockquote');
  const evidence = await page.textContent('#evidence .evidence-item blockquote');
  check(evidence.trim().length > 0, `clicking edge ${clicked} shows its evidence: "${evidence.trim().slice(0, 60)}…"`);
  // Zoom and pan do not break the view.
  const gbox = await page.locator('#graph').boundingBox();
  const zoom0 = await page.evaluate(() => document.getElementById('graph').cy.zoom());
  await page.mouse.move(gbox.x + gbox.width / 2, gbox.y + gbox.height / 2);
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(200);
  const zoom1 = await page.evaluate(() => document.getElementById('graph').cy.zoom());
  check(zoom1 !== zoom0, 'the wheel zooms the network');

  // Depth 2: readable labels (only the important nodes carry one), screenshot.
  await gotoGraph(`${BASE}/#/graph/${zid}?depth=2`);
  await page.waitForSelector('#graph canvas');
  const d2 = await page.evaluate(() => {
    const cy = document.getElementById('graph').cy;
    return { nodes: cy.nodes().length, labelled: cy.nodes().filter((n) => n.data('shown')).length };
  });
  check(d2.labelled >= 1 && d2.labelled <= 25, `depth 2: ${d2.nodes} nodes, ${d2.labelled} labelled`);
  await page.screenshot({ path: `${OUT}/graph-depth2.png` });

  // Filters: the API and the view keep only the chosen predicate.
  const full = await (await page.request.get(`${BASE}/api/entities/${zid}/graph?depth=2`)).json();
  const facts = full.edges.filter((e) => e.kind === 'fact');
  if (facts.length > 0) {
    const pred = facts[0].label;
    await page.selectOption('#f-predicate', [pred]);
    await page.evaluate(() => { document.getElementById('graph').dataset.stale = '1'; });
    await page.click('#apply-filters');
    await page.waitForFunction((p) => location.hash.includes(`predicate=${p}`), pred);
    await page.waitForFunction(() => { const g = document.getElementById('graph'); return g && g.cy && !g.dataset.stale; });
    await page.waitForSelector('#link-table');
    const labels = await page.locator('#link-table .edge-link').allTextContents();
    check(labels.length > 0 && labels.every((l) => l === pred.replace(/_/g, ' ')), `predicate filter keeps only ${pred} (${labels.length} links)`);
    const filtered = await (await page.request.get(`${BASE}/api/entities/${zid}/graph?depth=2&predicate=${pred}`)).json();
    check(filtered.edges.every((e) => e.label === pred), 'the API filter returns only that predicate');
    // The link table opens the same evidence.
    await page.click('#link-table .edge-link');
    await page.waitForSelector('#evidence .evidence-item blockquote');
    check((await page.textContent('#edge-meta')).includes('document'), 'a link row opens its evidence and support');
  }
  await gotoGraph(`${BASE}/#/graph/${zid}?depth=2&type=LOC`);
  const locOnly = await page.evaluate(() => { const cy = document.getElementById('graph')?.cy; return cy ? cy.nodes().filter((n) => !n.hasClass('center')).map((n) => n.data('type')) : []; });
  check(locOnly.every((t) => t === 'LOC'), `type filter keeps LOC neighbours only (${locOnly.length})`);

  // Export: GraphML and PNG of the current view.
  await gotoGraph(`${BASE}/#/graph/${zid}?depth=2`);
  const [gml] = await Promise.all([page.waitForEvent('download'), page.click('#export-graphml')]);
  const gmlText = readFileSync(await gml.path(), 'utf8');
  const gmlNodes = (gmlText.match(/<node /g) || []).length;
  check(gmlText.startsWith('<?xml') && gmlText.includes('<graphml') && gmlNodes === d2.nodes, `GraphML export: ${gmlNodes} nodes`);
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
  const pngBytes = readFileSync(await png.path());
  check(pngBytes.subarray(1, 4).toString() === 'PNG' && pngBytes.length > 1000, `PNG export: ${pngBytes.length} bytes`);

  // Back to the first edge's evidence for the reader check.
  await gotoGraph(`${BASE}/#/graph/${zid}`);
  await clickEdge('');
  await page.waitForSelector('#evidence .evidence-item blockquote');
  const evidenceAgain = await page.textContent('#evidence .evidence-item blockquote');
  check(evidenceAgain === evidence, 'the same edge gives the same evidence');
  await page.screenshot({ path: `${OUT}/graph.png`, fullPage: true });

  // Evidence → the sentence highlighted in the reader.
  await page.click('#evidence .evidence-item .meta a');
  await page.waitForSelector('#doc-text .hl');
  const hl = (await page.locator('#doc-text .hl').allTextContents()).join('');
  check(evidence.includes(hl.trim().slice(0, 20)), 'reader highlights the evidence sentence');
  check(await page.locator('#doc-text .ent').count() > 0, 'reader highlights entities');
  await page.screenshot({ path: `${OUT}/reader.png`, fullPage: true });

  // XSS fixture.
  await gotoView(`${BASE}/#/search?q=onerror`);
  await page.waitForSelector('.results a[href^="#/doc/"]');
  await page.click('.results a[href^="#/doc/"]');
  await page.waitForSelector('#doc-text');
  const text = await page.textContent('#doc-text');
  check(text.includes('<script>alert(1)</script>'), 'script tag shown as text');
  check(text.includes('<img src=x onerror=alert(1)>'), 'img tag shown as text');
  check(text.includes('" onmouseover="alert(1)'), 'attribute break-out shown as text');
  check(await page.locator('#doc-text script, #doc-text img, [onmouseover], [onerror]').count() === 0, 'no element was created from article text');
  await page.hover('#doc-text');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/xss.png`, fullPage: true });

  // Timeline view renders, with its chart.
  await gotoView(`${BASE}/#/timeline`);
  await page.waitForSelector('main section h2');
  check((await page.textContent('main section h2')).startsWith('Timeline'), 'timeline view renders');
  await page.waitForSelector('#timeline-chart rect.bar');
  check(await page.locator('#timeline-chart rect.bar').count() > 0, 'the timeline page charts items by month');
  await page.screenshot({ path: `${OUT}/timeline.png`, fullPage: true });

  // New since: facts first seen on or after a date.
  const since = '1900';
  const fresh = await (await page.request.get(`${BASE}/api/facts/new?since=${since}&limit=50`)).json();
  await gotoView(`${BASE}/#/new`);
  await page.fill('#new-since', since);
  await page.press('#new-since', 'Enter');
  await page.waitForSelector('#new-facts, main p.muted:has-text("Nothing")');
  check(await page.locator('#new-facts li').count() === fresh.items.length, `new-since view lists ${fresh.items.length} facts`);
  const later = await (await page.request.get(`${BASE}/api/facts/new?since=9000`)).json();
  check(later.items.length === 0, 'nothing is new since the far future');

  check(problems.length === 0, `no dialogs or script errors (${problems.join('; ')})`);

  // A server started with --token: the API refuses reads without it, the page asks once.
  if (process.env.TOKEN_BASE && process.env.TOKEN) {
    const TB = process.env.TOKEN_BASE;
    const open = await page.request.get(`${TB}/api/stats`);
    check(open.status() === 401, 'with --token, the API refuses a read without the token');
    const tab = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const tabProblems = [];
    tab.on('dialog', async (d) => { tabProblems.push(`dialog: ${d.message()}`); await d.dismiss(); });
    tab.on('pageerror', (e) => tabProblems.push(`page error: ${e.message}`));
    await tab.goto(`${TB}/`);
    await tab.waitForSelector('#token-form');
    check(true, 'the page asks for the token');
    await tab.fill('#token-input', 'wrong-token');
    await tab.press('#token-input', 'Enter');
    // The form is on the page before and after the refused request: wait for the refusal's
    // message itself, not for the form (that raced the request on a busy machine).
    const refused = await tab
      .waitForFunction(() => (document.querySelector('main')?.textContent || '').includes('not accepted'), null, { timeout: 15000 })
      .then(() => true, () => false);
    await tab.waitForSelector('#token-form');
    check(refused, 'a wrong token is refused and asked again');
    await tab.fill('#token-input', process.env.TOKEN);
    await tab.press('#token-input', 'Enter');
    await tab.waitForSelector('table.list');
    check(true, 'with the token, the entity list loads');
    await tab.goto(`${TB}/#/quotes`);
    await tab.waitForSelector('main section h2');
    check(await tab.locator('#token-form').count() === 0, 'the token is kept for the tab');
    check(tabProblems.length === 0, `no dialogs or script errors with a token (${tabProblems.join('; ')})`);
    await tab.close();
  }
} catch (e) {
  failed = true;
  console.error(e.message);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
