// End-to-end test of the explorer in headless Chromium (playwright-core, Debian's chromium).
// Env: BASE (server URL), PW_DIR (folder where playwright-core is installed with npm),
// CHROMIUM (default /usr/bin/chromium), OUT (screenshot folder).
// Searches "Zakayev", opens his page, checks quotes and affiliations, opens the network,
// clicks an edge to reach its evidence and the sentence in the reader, and checks that the
// XSS fixture renders inert. With TOKEN_BASE and TOKEN (a second server started with --token),
// checks that the API refuses reads without the token and that the page asks for it once.
// Exits non-zero on the first failure.

import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';

const require = createRequire(`${process.env.PW_DIR || '/tmp/newsgraph-e2e-node'}/`);
const { chromium } = require('playwright-core');

const BASE = process.env.BASE || 'http://127.0.0.1:8080';
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

  // Network: click an edge, see its evidence.
  await page.click('a:text-is("Network")');
  await page.waitForSelector('svg.graph .node');
  check(await page.locator('svg.graph .node').count() > 1, 'network shows neighbours');
  const edge = page.locator('svg.graph .edge-hit').first();
  await edge.dispatchEvent('click');
  await page.waitForSelector('#evidence .evidence-item blockquote');
  const evidence = await page.textContent('#evidence .evidence-item blockquote');
  check(evidence.trim().length > 0, `edge evidence shown: "${evidence.trim().slice(0, 60)}…"`);
  await page.screenshot({ path: `${OUT}/graph.png`, fullPage: true });
  // Zoom and pan do not break the view.
  const box = await page.locator('svg.graph').boundingBox();
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.wheel(0, -300);
  await page.mouse.down();
  await page.mouse.move(box.x + 80, box.y + 60);
  await page.mouse.up();
  check((await page.getAttribute('svg.graph g.viewport', 'transform')).includes('scale('), 'pan and zoom transform the view');

  // Evidence → the sentence highlighted in the reader.
  await page.click('#evidence .evidence-item .meta a');
  await page.waitForSelector('#doc-text .hl');
  const hl = (await page.locator('#doc-text .hl').allTextContents()).join('');
  check(evidence.includes(hl.trim().slice(0, 20)), 'reader highlights the evidence sentence');
  check(await page.locator('#doc-text .ent').count() > 0, 'reader highlights entities');
  await page.screenshot({ path: `${OUT}/reader.png`, fullPage: true });

  // XSS fixture.
  await page.goto(`${BASE}/#/search?q=onerror`);
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

  // Timeline view renders.
  await page.goto(`${BASE}/#/timeline`);
  await page.waitForSelector('main section h2');
  check((await page.textContent('main section h2')).startsWith('Timeline'), 'timeline view renders');

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
