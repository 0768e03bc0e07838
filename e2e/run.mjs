// The entry form in a real browser. web/e2e_test.go starts `fieldwork serve`'s handler on
// 127.0.0.1 for two inspections, each with a database built for it, then runs:
//
//   node e2e/run.mjs
//
// with FIELDWORK_URL (the first inspection's server, by a host name mapped to 127.0.0.1),
// FIELDWORK_CASE (a case of it with no answers yet), FIELDWORK_OTHER_URL (the second
// inspection's server on the same computer, which has a case whose id is "..") and
// FIELDWORK_OUT (a folder for screenshots and results.json). It signs in with the keyboard
// alone, answers a standard, saves, sees the progress change, then has a second inspector save
// a stale copy and checks the conflict page. Then, one by one, what a team on a network needs:
// a site posing as the server by DNS rebinding gets nothing; sign-in never leads off the site;
// Enter saves the standard the focus is in (and nothing with JavaScript off); a save returns to
// its standard and a reload does not save again; leaving with answers not saved warns, and the
// draft kept in the browser is offered back; two inspections on one computer keep their own
// sign-ins; a case with the id ".." opens; a copied cookie is worthless after sign-out. Every
// page gets screenshots and an axe-core check at 1366x768 and 390x844; a WCAG 2.2 AA violation,
// a page wider than a phone, a console error (a CSP violation shows as one) or a failed step
// fails the run with exit status 1.
import { results, check, launch, newPage, look, detail, radio, answer, save, finish, attacker } from './lib.mjs';

const base = process.env.FIELDWORK_URL;
const other = process.env.FIELDWORK_OTHER_URL;
const caseID = process.env.FIELDWORK_CASE;
if (!base || !other || !caseID) {
  console.error('run.mjs: set FIELDWORK_URL, FIELDWORK_OTHER_URL and FIELDWORK_CASE');
  process.exit(2);
}
const browser = await launch();

async function progressOf(page) {
  await page.goto(base + '/');
  const row = page.locator('tbody tr', { has: page.locator(`a:text-is("${caseID}")`) });
  return (await row.locator('td.numeric').innerText()).trim();
}

// signIn signs in with the keyboard alone: Tab to the name field, type, Enter.
async function signIn(page, name, at = base) {
  await page.goto(at + '/cases/' + encodeURIComponent(caseID));
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


const caseURL = () => base + '/cases/' + encodeURIComponent(caseID);

// signInAs signs in by the sign-in page of the server at url.
async function signInAs(page, name, url = base) {
  await page.goto(url + '/sign-in');
  await page.getByLabel('Your name').fill(name);
  await save(page, 'Sign in');
}

async function whatATeamNeeds(a, b) {
  // A site posing as the server by DNS rebinding (its name resolves to the server's address)
  // gets no page, even with the inspector's cookies in the browser.
  // Chrome reports the 421 on the console, at a moment of its own: only this page gives 421,
  // so it is expected from here on.
  console.log('step: A site posing as the server by DNS rebinding (its name resol');
  a.expectStatus = 421;
  const rebound = await a.goto(base.replace(process.env.FIELDWORK_HOST, attacker) + '/cases/' + encodeURIComponent(caseID));
  check(rebound.status() === 421, `a page asked for as ${attacker} is refused with 421 (got ${rebound.status()})`);
  check((await a.locator('body').innerText()).includes('--host'), 'the refusal says how to allow a name');

  // Signing in never leads off the site, however the address is disguised.
  console.log('step: Signing in never leads off the site, however the address is ');
  await a.goto(base + '/sign-in?next=/%09/evil.example/');
  check(new URL(a.url()).host === new URL(base).host && new URL(a.url()).pathname === '/', `next=/%09/evil.example/ stays on the site (got ${a.url()})`);

  // Enter in a standard saves that standard, and the page returns to it; reloading it then
  // sends no form again.
  console.log('step: Enter in a standard saves that standard, and the page return');
  await a.goto(caseURL());
  await answer(a, '2.2.2', 'Yes');
  await radio(a, '2.2.2', 'Yes').focus();
  await Promise.all([a.waitForNavigation(), a.keyboard.press('Enter')]);
  check((await a.locator('.notification--success').innerText()).includes('Saved: 2.2 Planning'), 'Enter in 2.2 saves 2.2 Planning');
  check(new URL(a.url()).hash === '#standard-2', `after the save the page returns to 2.2 (got ${a.url()})`);
  check(await a.locator('#standard-2 + .saved-here').isVisible(), 'standard 2.2 says it was saved');
  await look(a, '11-saved-by-enter');
  let posts = 0;
  const count = (req) => { if (req.method() === 'POST') posts++; };
  a.on('request', count);
  await a.reload();
  a.off('request', count);
  check(posts === 0, `reloading the page after a save sends ${posts} forms, want none`);

  // With JavaScript off the form still works: Enter saves nothing and says so, the Save button
  // of a standard saves it.
  console.log('step: With JavaScript off the form still works: Enter saves nothin');
  const c = await newPage(browser, 'Inspector C', { javaScriptEnabled: false });
  await signInAs(c, 'Inspector C');
  await c.goto(caseURL());
  await answer(c, '2.3.2', 'No');
  await radio(c, '2.3.2', 'No').focus();
  await Promise.all([c.waitForNavigation(), c.keyboard.press('Enter')]);
  check((await c.locator('#nothing-saved-title').innerText()).includes('Nothing saved yet'), 'Enter with JavaScript off saves nothing and says so');
  check(await radio(c, '2.3.2', 'No').isChecked(), 'the answer is kept after Enter with JavaScript off');
  // axe needs script in the page: the same page is checked where form.js comes empty.
  const d = await newPage(browser, 'Inspector D');
  await d.route('**/static/form.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await signInAs(d, 'Inspector D');
  await d.goto(caseURL());
  await answer(d, '2.3.3', 'Yes');
  await radio(d, '2.3.3', 'Yes').focus();
  await Promise.all([d.waitForNavigation(), d.keyboard.press('Enter')]);
  check(await d.locator('#nothing-saved-title').isVisible(), 'Enter without form.js saves nothing and says so');
  await look(d, '12-enter-without-javascript');
  await d.context().close();
  await save(c, 'Save 2.3 Implementation and delivery');
  check((await c.locator('.notification--success').innerText()).includes('Saved: 2.3 Implementation and delivery'), 'with JavaScript off a standard is saved by its button');
  check(new URL(c.url()).hash === '#standard-3', `with JavaScript off the save returns to 2.3 (got ${c.url()})`);

  // Leaving with answers not saved warns; the draft kept in the browser is offered back and
  // restored.
  console.log('step: Leaving with answers not saved warns; the draft kept in the ');
  await a.goto(caseURL());
  await answer(a, '2.4.1', 'No');
  await a.getByLabel('Note on 2.4.1 (optional)').fill('Reviewed with the SPO.');
  let warned = '';
  a.once('dialog', async (d) => { warned = d.type(); await d.accept(); });
  await Promise.all([a.waitForNavigation(), a.getByRole('link', { name: 'Back to all cases' }).click()]);
  check(warned === 'beforeunload', `leaving with answers not saved warns first (got ${warned || 'no warning'})`);
  check(new URL(a.url()).pathname === '/', 'leaving goes ahead once the inspector says so');
  await a.goto(caseURL());
  check(await a.locator('#draft-offer').isVisible(), 'the draft is offered back when the case is opened again');
  check((await a.locator('#draft-count').innerText()) === '2 answers or notes', 'the offer says how much the draft holds');
  check(!(await radio(a, '2.4.1', 'No').isChecked()), 'the draft is not put in the form unasked');
  await look(a, '13-draft-offered');
  await a.getByRole('button', { name: 'Restore them' }).click();
  check(await radio(a, '2.4.1', 'No').isChecked() && (await a.getByLabel('Note on 2.4.1 (optional)').inputValue()) === 'Reviewed with the SPO.', 'restoring puts the answer and the note back');
  check(!(await radio(a, '2.1.1', 'No').isChecked()), "restoring does not undo answers the draft did not change");
  await save(a, 'Save 2.4 Reviewing');
  check((await a.locator('.notification--success').innerText()).includes('Saved: 2.4 Reviewing'), 'the restored draft is saved');
  check(!(await a.locator('#draft-offer').isVisible()), 'once saved, the draft is not offered again');

  // Two inspections served on one computer: signing in to one keeps the other's sign-in.
  console.log('step: Two inspections served on one computer: signing in to one ke');
  await signInAs(a, 'Inspector A', other);
  check(new URL(a.url()).pathname === '/', `signed in to the other inspection (got ${a.url()})`);
  await a.goto(base + '/');
  check(new URL(a.url()).pathname === '/', `still signed in to the first inspection (got ${a.url()})`);
  await a.goto(other + '/');
  check(new URL(a.url()).pathname === '/', `still signed in to the other inspection (got ${a.url()})`);

  // A case whose id is ".." opens from the list and saves.
  console.log('step: A case whose id is ".." opens from the list and saves.');
  await Promise.all([a.waitForNavigation(), a.getByRole('link', { name: '..', exact: true }).click()]);
  check((await a.locator('h1').innerText()) === '..', `the case ".." opens (got ${a.url()})`);
  await answer(a, '2.1.1', 'Yes');
  await save(a, 'Save 2.1 Assessment');
  check((await a.locator('.notification--success').innerText()).includes('Saved: 2.1 Assessment'), 'the case ".." saves');
  await look(a, '14-case-dot-dot');
  await a.getByRole('link', { name: 'History of changes to this case' }).click();
  check((await a.locator('tbody').innerText()).includes('Inspector A'), 'the history of ".." opens');

  // A copied cookie is worthless once its inspector has signed out.
  console.log('step: A copied cookie is worthless once its inspector has signed o');
  const copied = await b.context().cookies();
  await b.goto(base + '/');
  await Promise.all([b.waitForNavigation(), b.getByRole('button', { name: 'Sign out' }).click()]);
  check(new URL(b.url()).pathname === '/sign-in', 'signing out leads to the sign-in page');
  const thief = await newPage(browser, 'copied cookie');
  await thief.context().addCookies(copied);
  await thief.goto(base + '/');
  check(new URL(thief.url()).pathname === '/sign-in', `a cookie copied before sign-out signs nobody in (got ${thief.url()})`);
  await look(thief, '15-signed-out');
}

try {
  const a = await newPage(browser, 'Inspector A');

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
  const b = await newPage(browser, 'Inspector B');
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

  // From here on, what a team on a network needs.
  await whatATeamNeeds(a, b);
} catch (err) {
  check(false, 'the run stopped: ' + (err.stack || err));
} finally {
  await finish([browser]);
}
