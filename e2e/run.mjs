// The entry form in a real browser. web/e2e_test.go starts `fieldwork serve`'s handler on
// 127.0.0.1 with a database built from the Bradford & Calderdale example, then runs:
//
//   node e2e/run.mjs
//
// with FIELDWORK_URL (the server), FIELDWORK_CASE (a case with no answers yet) and
// FIELDWORK_OUT (a folder for screenshots and results.json). It signs in with the keyboard
// alone, answers a standard, saves, sees the progress change, then has a second inspector save
// a stale copy and checks the conflict page. Every page gets a screenshot and an axe-core check;
// a serious or critical accessibility violation, a console error (a CSP violation shows as one)
// or a failed step fails the run with exit status 1.
import { chromium } from 'playwright-core';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const base = process.env.FIELDWORK_URL;
const caseID = process.env.FIELDWORK_CASE;
const out = process.env.FIELDWORK_OUT;
if (!base || !caseID || !out) {
  console.error('run.mjs: set FIELDWORK_URL, FIELDWORK_CASE and FIELDWORK_OUT');
  process.exit(2);
}
await mkdir(out, { recursive: true });
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

const results = { pages: [], failures: [] };
function check(ok, message) {
  if (!ok) {
    results.failures.push(message);
    console.error('FAIL: ' + message);
  }
}

// Playwright gives every launch a fresh temporary --user-data-dir of its own (it refuses one in
// args), so no profile, cookie or cache survives from an earlier run.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [`--host-resolver-rules=MAP ${process.env.FIELDWORK_HOST} 127.0.0.1, MAP ${process.env.FIELDWORK_ATTACKER} 127.0.0.1`,
    '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});

async function newPage(who) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.on('console', (msg) => {
    // Chrome logs a page's own 4xx status (422 for a form with faults, 409 for a conflict) as
    // a console error; those statuses are checked where they are expected.
    const own = msg.text().startsWith('Failed to load resource') && msg.location().url === page.url();
    if (msg.type() === 'error' && !own) check(false, `${who}: console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) console.log(`${who}: ${r.request().method()} ${r.url()} -> ${r.status()}`); });
  page.on('pageerror', (err) => check(false, `${who}: page error on ${page.url()}: ${err.message}`));
  return page;
}

// look takes a screenshot of the page and runs axe-core on it. axe goes in through the
// DevTools protocol, which the page's Content-Security-Policy (no scripts) does not block.
async function look(page, name) {
  const file = path.join(out, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  await page.evaluate(axeSource);
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, target: v.nodes[0]?.target }));
  });
  const bad = axe.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  results.pages.push({ name, url: new URL(page.url()).pathname, screenshot: file, violations: axe });
  check(bad.length === 0, `${name}: ${bad.length} serious or critical accessibility violations: ${JSON.stringify(bad)}`);
  console.log(`${name}: ${axe.length} axe violations (${bad.length} serious or critical), screenshot ${file}`);
}

// detail takes a screenshot of the window scrolled to selector, for a closer look at part of a
// long page.
async function detail(page, name, selector) {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(out, name + '.png') });
}

async function progressOf(page) {
  await page.goto(base + '/');
  const row = page.locator('tbody tr', { has: page.locator(`a:text-is("${caseID}")`) });
  return (await row.locator('td.numeric').innerText()).trim();
}

// signIn signs in with the keyboard alone: Tab to the name field, type, Enter.
async function signIn(page, name) {
  await page.goto(base + '/cases/' + encodeURIComponent(caseID));
  check(new URL(page.url()).pathname === '/sign-in', `a visitor who is not signed in is sent to sign in (got ${page.url()})`);
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'name')) break;
  }
  check(await page.evaluate(() => document.activeElement?.id === 'name'), 'Tab reaches the name field');
  await page.keyboard.type(name);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(new URL(page.url()).pathname === '/cases/' + caseID, `signing in returns to the page asked for (got ${page.url()})`);
}

async function answer(page, question, value) {
  // Questions are fieldsets named by their legend, which starts with the question id.
  const group = page.locator('fieldset', { has: page.locator(`legend .question-id:text-is("${question}")`) });
  await group.getByRole('radio', { name: value, exact: true }).check();
}

async function save(page, button) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
}

try {
  const a = await newPage('Inspector A');

  // Sign-in page, its security headers and its error summary.
  const resp = await a.goto(base + '/sign-in');
  const h = resp.headers();
  check((h['content-security-policy'] || '').includes("frame-ancestors 'none'"), 'the Content-Security-Policy header is set');
  check(h['x-content-type-options'] === 'nosniff', 'X-Content-Type-Options is nosniff');
  await look(a, '01-sign-in');
  await a.keyboard.press('Tab');
  check(await a.evaluate(() => document.activeElement?.classList.contains('skip-link')), 'the first Tab reaches the skip link');
  const skipShown = await a.evaluate(() => document.activeElement.getBoundingClientRect().left >= 0);
  check(skipShown, 'the skip link is visible when focused');
  await save(a, 'Sign in');
  check((await a.locator('.error-summary').innerText()).includes('Enter your name'), 'signing in without a name shows the error summary');
  check(await a.evaluate(() => document.activeElement?.classList.contains('error-summary')), 'the error summary takes focus');
  await look(a, '02-sign-in-error');
  await a.locator('.error-summary a[href="#name"]').click();
  check(await a.evaluate(() => document.activeElement?.id === 'name'), 'the error summary links to the field in error');

  await signIn(a, 'Inspector A');
  const before = await progressOf(a);
  await look(a, '03-cases');

  // Answer standard 2.1: every key question yes, and under 2.1.1 every prompt no, which
  // CheckCase warns about after the save.
  await a.goto(base + '/cases/' + encodeURIComponent(caseID));
  await look(a, '04-case');
  // The first answer with the keyboard alone: Tab to 2.1.1's first radio (Yes), Space selects it.
  for (let i = 0; i < 40; i++) {
    await a.keyboard.press('Tab');
    if (await a.evaluate(() => document.activeElement?.name === 'a:2.1.1')) break;
  }
  await a.keyboard.press('Space');
  check(await a.evaluate(() => document.activeElement?.name === 'a:2.1.1' && document.activeElement.value === 'yes' && document.activeElement.checked),
    'Tab reaches the first question and Space answers it');
  const focusRing = await a.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return s.outlineStyle !== 'none' && s.boxShadow !== 'none';
  });
  check(focusRing, 'the radio focused with the keyboard shows a focus ring');
  await detail(a, '04-case-keyboard-focus', 'fieldset');
  for (const q of ['2.1.2', '2.1.3']) await answer(a, q, 'Yes');
  for (const q of ['2.1.1a', '2.1.1b', '2.1.1c']) await answer(a, q, 'No');
  for (const q of ['2.1.2a', '2.1.2b']) await answer(a, q, 'Yes');
  for (const q of ['2.1.3a', '2.1.3b', '2.1.3c']) await answer(a, q, 'Not applicable');
  await a.getByLabel('Note on 2.1.1 (optional)').fill('Assessment read with the practitioner.');
  await save(a, 'Save 2.1 Assessment');
  check((await a.locator('.notification--success').innerText()).includes('Saved: 2.1 Assessment'), 'the save is confirmed');
  check((await a.locator('.warning-panel').innerText()).includes('Key question 2.1.1 is yes but every answered prompt'), 'the contradiction is shown as a warning');
  await look(a, '05-case-saved');
  await detail(a, '05-case-saved-top', 'h1');
  const after = await progressOf(a);
  check(before !== after && after.startsWith('11 of'), `progress changes after the save (${before} -> ${after})`);
  await look(a, '06-cases-after-save');
  results.progress = { before, after };

  await a.goto(base + '/cases/' + encodeURIComponent(caseID));
  await a.getByRole('link', { name: 'History of changes to this case' }).click();
  check((await a.locator('tbody').innerText()).includes('Inspector A'), 'the history records who answered');
  await look(a, '07-history');
  await a.getByRole('link', { name: 'Results' }).click();
  check((await a.locator('caption').first().innerText()).includes('Ratings'), 'the results page shows the ratings table');
  await look(a, '08-results');

  // Two inspectors on one case: B opens it, A saves, B saves the stale copy.
  const b = await newPage('Inspector B');
  await signIn(b, 'Inspector B');
  await a.goto(base + '/cases/' + encodeURIComponent(caseID));
  await answer(a, '2.2.1', 'Yes');
  await save(a, 'Save 2.2 Planning');
  await answer(b, '2.2.1', 'No');
  await answer(b, '2.3.1', 'Yes');
  const conflict = await Promise.all([
    b.waitForNavigation(),
    b.getByRole('button', { name: 'Save all answers on this page' }).click(),
  ]).then(([r]) => r);
  check(conflict.status() === 409, `the stale save is refused with 409 (got ${conflict.status()})`);
  const notice = await b.locator('.notification--conflict').innerText();
  check(notice.includes('Inspector A saved this case while you were working on it'), 'the conflict page says who saved meanwhile');
  check((await b.locator('.error-summary').innerText()).includes('2.2.1: Inspector A saved Yes; your answer, not saved yet, is No'), 'the clash is in the error summary');
  check(await b.locator('#' + (await b.locator('fieldset', { has: b.locator('legend .question-id:text-is("2.2.1")') }).getByRole('radio', { name: 'No', exact: true }).getAttribute('id'))).isChecked(), "B's unsaved answer to 2.2.1 is kept");
  check(await b.locator('fieldset', { has: b.locator('legend .question-id:text-is("2.3.1")') }).getByRole('radio', { name: 'Yes', exact: true }).isChecked(), "B's unsaved answer to 2.3.1 is kept");
  check(await b.locator('fieldset', { has: b.locator('legend .question-id:text-is("2.1.1")') }).getByRole('radio', { name: 'Yes', exact: true }).isChecked(), "A's saved answer to 2.1.1 is shown");
  await look(b, '09-conflict');
  await detail(b, '09-conflict-top', '.notification--conflict');
  await detail(b, '09-conflict-2.2.1', '.conflict-message');

  // B has seen both and keeps theirs: now the save goes through.
  await save(b, 'Save all answers on this page');
  check((await b.locator('.notification--success').innerText()).includes('Saved: all answers'), 'the save after the conflict goes through');
  await look(b, '10-case-saved-after-conflict');
} catch (err) {
  check(false, 'the run stopped: ' + (err.stack || err));
} finally {
  await browser.close();
  await writeFile(path.join(out, 'results.json'), JSON.stringify(results, null, 2));
}
console.log(`${results.pages.length} pages checked, ${results.failures.length} failures`);
process.exit(results.failures.length === 0 ? 0 : 1);
