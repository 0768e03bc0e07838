// What the browser scripts share: Chromium started with the test's host names mapped to
// 127.0.0.1, a page per inspector in a context of its own, and look(), which takes screenshots
// and checks a page at a desktop and a phone size.
import { chromium } from 'playwright-core';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export const out = process.env.FIELDWORK_OUT;
export const host = process.env.FIELDWORK_HOST;
export const attacker = process.env.FIELDWORK_ATTACKER;
if (!out || !host || !attacker) {
  console.error('set FIELDWORK_OUT, FIELDWORK_HOST and FIELDWORK_ATTACKER (web/e2e_test.go does)');
  process.exit(2);
}
await mkdir(out, { recursive: true });
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

export const results = { pages: [], failures: [] };
export function check(ok, message) {
  if (!ok) {
    results.failures.push(message);
    console.error('FAIL: ' + message);
  }
}

// launch starts Chromium. Playwright gives every launch a fresh temporary --user-data-dir of
// its own (it refuses one in args), so no profile, cookie or cache survives from an earlier
// run. The host names resolve to 127.0.0.1, the only address a test may reach here.
export function launch(...args) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [`--host-resolver-rules=MAP ${host} 127.0.0.1, MAP ${attacker} 127.0.0.1`,
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', ...args],
  });
}

export const desktop = { width: 1366, height: 768 };
export const phone = { width: 390, height: 844 };

// newPage opens a page in a browser context of its own: its own cookies, as on another
// inspector's computer.
export async function newPage(browser, who, options = {}) {
  const context = await browser.newContext({ viewport: desktop, ...options });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  page.on('console', (msg) => {
    // Chrome logs a page's own 4xx status (422 for a form with faults, 409 for a conflict) as
    // a console error; those statuses are checked where they are expected.
    const where = msg.location().url;
    const own = msg.text().startsWith('Failed to load resource') && (where === page.url() || where === '');
    const expected = page.expectStatus && msg.text().includes(`status of ${page.expectStatus}`);
    if (msg.type() === 'error' && !own && !expected) check(false, `${who}: console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) console.log(`${who}: ${r.request().method()} ${r.url()} -> ${r.status()}`);
  });
  page.on('pageerror', (err) => check(false, `${who}: page error on ${page.url()}: ${err.message}`));
  return page;
}

// The WCAG 2.2 AA rules of axe-core: any violation of them fails the run.
const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// look takes a screenshot of the page and runs axe-core on it, at 1366x768 and again at
// 390x844, where nothing may be wider than the screen (a wide table scrolls in its own box).
// axe goes in through the DevTools protocol, which the page's Content-Security-Policy does not
// block.
export async function look(page, name) {
  const size = page.viewportSize();
  const seen = { name, url: new URL(page.url()).pathname, violations: [] };
  for (const [viewport, suffix] of [[desktop, ''], [phone, '-390']]) {
    await page.setViewportSize(viewport);
    const file = path.join(out, name + suffix + '.png');
    await page.screenshot({ path: file, fullPage: true });
    await page.evaluate(axeSource);
    const axe = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, target: v.nodes[0]?.target }));
    }, wcag);
    seen.violations.push(...axe.map((v) => ({ ...v, viewport: `${viewport.width}x${viewport.height}` })));
    check(axe.length === 0, `${name} at ${viewport.width}px: ${axe.length} WCAG 2.2 AA violations: ${JSON.stringify(axe)}`);
    if (viewport === phone) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      check(wide <= phone.width, `${name} at 390px: the page is ${wide}px wide, wider than the screen`);
      seen.phoneWidth = wide;
    }
  }
  await page.setViewportSize(size);
  results.pages.push(seen);
  console.log(`${name}: ${seen.violations.length} WCAG 2.2 AA violations, ${seen.phoneWidth}px wide at 390px`);
}

// detail takes a screenshot of the window scrolled to selector, for a closer look at part of a
// long page.
export async function detail(page, name, selector) {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(out, name + '.png') });
}

// answer picks an answer to a question: questions are fieldsets named by their legend, which
// starts with the question id.
export function radio(page, question, value) {
  const group = page.locator('fieldset', { has: page.locator(`legend .question-id:text-is("${question}")`) });
  return group.getByRole('radio', { name: value, exact: true });
}
export async function answer(page, question, value) {
  await radio(page, question, value).check();
}

export async function save(page, button) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
}

// finish writes results.json and exits 1 if anything failed.
export async function finish(browsers) {
  for (const b of browsers) await b.close();
  await writeFile(path.join(out, 'results.json'), JSON.stringify(results, null, 2));
  console.log(`${results.pages.length} pages checked, ${results.failures.length} failures`);
  process.exit(results.failures.length === 0 ? 0 : 1);
}
