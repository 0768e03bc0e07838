// A whole team at one server over HTTPS: cmd/fieldwork's TestBrowserTeam adds four accounts
// with `fieldwork users add` (the lead, two inspectors, a quality lead), runs
// `fieldwork serve --tls-self-signed --host fieldwork-office` and then
//
//   node e2e/team.mjs
//
// with FIELDWORK_URL, FIELDWORK_SPKI (as https.mjs has them), FIELDWORK_PASSWORD (every
// account's), FIELDWORK_CASES (two cases with no answers, comma-separated) and FIELDWORK_OUT.
// Each member works in a browser context of their own: the lead allocates a case to each
// inspector; each inspector finds it in their own list and saves; the quality lead enters a
// second reading and moderates where the readings differ; the lead checks the answers and
// signs the case off; an inspector's change to it is then refused. Every page is checked with
// axe-core at 1366x768 and 390x844 (look), and the case's print view is printed to A4.
import { check, launch, newPage, look, answer, save, finish, out } from './lib.mjs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const base = process.env.FIELDWORK_URL;
const spki = process.env.FIELDWORK_SPKI;
const password = process.env.FIELDWORK_PASSWORD;
const [one, two] = (process.env.FIELDWORK_CASES || '').split(',');
if (!base || !spki || !password || !one || !two) {
  console.error('team.mjs: set FIELDWORK_URL, FIELDWORK_SPKI, FIELDWORK_PASSWORD and FIELDWORK_CASES');
  process.exit(2);
}
const caseURL = (id) => base + '/cases/' + encodeURIComponent(id);
const browser = await launch(`--ignore-certificate-errors-spki-list=${spki}`);

async function signIn(page, name) {
  await page.goto(base + '/sign-in');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Your password').fill(password);
  await save(page, 'Sign in');
  check(new URL(page.url()).pathname === '/', `${name} signs in with their own account (got ${page.url()})`);
}

async function allocate(lead, id, to) {
  await lead.goto(caseURL(id));
  await lead.getByLabel('Allocate this case to').selectOption(to);
  await save(lead, 'Allocate');
  check((await lead.locator('.notification--success').innerText()).includes('Allocated to ' + to), `the lead allocates ${id} to ${to}`);
}

try {
  const lead = await newPage(browser, 'Lee');
  const ann = await newPage(browser, 'Ann');
  const bob = await newPage(browser, 'Bob');
  const quinn = await newPage(browser, 'Quinn');
  await lead.goto(base + '/sign-in');
  await look(lead, 'team-01-sign-in');
  await Promise.all([signIn(lead, 'Lee'), signIn(ann, 'Ann'), signIn(bob, 'Bob'), signIn(quinn, 'Quinn')]);
  await look(lead, 'team-02-cases-lead');

  await allocate(lead, one, 'Ann');
  await look(lead, 'team-03-case-lead');
  await allocate(lead, two, 'Bob');

  // Each inspector's list opens with their own case, each standard with its status.
  for (const [page, id, who] of [[ann, one, 'Ann'], [bob, two, 'Bob']]) {
    await page.goto(base + '/');
    const caption = await page.locator('#cases-caption').innerText();
    check(caption.startsWith('My cases: 1 of'), `${who}'s list opens with their one case (got ${caption})`);
    check(await page.getByRole('link', { name: id, exact: true }).count() === 1, `${who}'s list holds ${id}`);
  }
  await look(ann, 'team-04-my-cases');
  await ann.goto(caseURL(one));
  await bob.goto(caseURL(two));
  await look(ann, 'team-05-case-inspector');
  for (const q of ['2.1.1', '2.1.2', '2.1.3']) await answer(ann, q, 'Yes');
  for (const q of ['2.1.1', '2.1.2', '2.1.3']) await answer(bob, q, 'No');
  await Promise.all([save(ann, 'Save 2.1 Assessment'), save(bob, 'Save 2.1 Assessment')]);
  for (const [page, who] of [[ann, 'Ann'], [bob, 'Bob']]) {
    check((await page.locator('.notification--success').innerText()).includes('Saved: 2.1 Assessment'), `${who}'s save is confirmed`);
  }
  // Bob may read Ann's case, not change it.
  await bob.goto(caseURL(one));
  check(await bob.locator('fieldset.fieldset--locked[disabled]').count() === 1, "Ann's case is read-only to Bob");
  await look(bob, 'team-06-colleagues-case');

  // The quality lead reads Ann's case again and settles where the readings differ.
  await quinn.goto(caseURL(one));
  await quinn.getByRole('link', { name: 'Second reading and moderation' }).click();
  await quinn.waitForLoadState();
  const second = quinn.locator(`form[action$="/second"]`);
  const group = (form, q) => form.locator('fieldset', { has: quinn.locator(`legend .question-id:text-is("${q}")`) });
  await group(second, '2.1.1').getByRole('radio', { name: 'No', exact: true }).check();
  await group(second, '2.1.2').getByRole('radio', { name: 'Yes', exact: true }).check();
  await save(quinn, 'Save the second reading');
  check((await quinn.locator('.notification--success').innerText()).includes('Second reading saved'), "Quinn's second reading is saved");
  await look(quinn, 'team-07-second-reading');
  const moderation = quinn.locator(`form[action$="/moderate"]`);
  await group(moderation, '2.1.1').getByRole('radio', { name: 'No', exact: true }).check();
  await moderation.getByLabel('What the readers agreed, and why').fill('No plan for the victim was in the record');
  await save(quinn, 'Save the moderation');
  check((await quinn.locator('.notification--success').innerText()).includes('Moderation saved'), "Quinn's moderation is saved");

  // Ann has her case open as the lead signs it off.
  await ann.goto(caseURL(one));
  await lead.goto(caseURL(one));
  await lead.getByRole('link', { name: 'Check the answers and sign the case off' }).click();
  await lead.waitForLoadState();
  await look(lead, 'team-08-check-answers');
  await save(lead, 'Sign off case ' + one);
  check((await lead.locator('.notification--success').innerText()).includes('Signed off'), 'the lead signs the case off');
  await look(lead, 'team-09-signed-off');
  await answer(ann, '2.1.3', 'No');
  ann.expectStatus = 409;
  const refused = await Promise.all([ann.waitForNavigation(), ann.getByRole('button', { name: 'Save 2.1 Assessment', exact: true }).click()]).then(([r]) => r);
  check(refused.status() === 409, `Ann's change to the signed-off case is refused (got ${refused.status()})`);
  check((await ann.locator('.error-summary').innerText()).includes('signed off'), 'the refusal says the case is signed off');
  await look(ann, 'team-10-refused');

  await lead.goto(base + '/qa');
  await look(lead, 'team-11-qa');
  await lead.goto(base + '/evidence');
  await lead.getByLabel('Kind', { exact: true }).selectOption('interview');
  await lead.getByLabel('How many (optional)', { exact: true }).fill('12');
  await lead.getByLabel('Summary', { exact: true }).fill('Interviews with middle managers');
  await save(lead, 'Add evidence');
  check((await lead.locator('.notification--success').innerText()).includes('Evidence added'), 'the lead adds evidence in the form');
  check((await lead.locator('table').innerText()).includes('Interviews with middle managers'), 'the evidence added is listed');
  await look(lead, 'team-12-evidence');
  await lead.goto(base + '/results');
  await look(lead, 'team-13-results');
  await lead.goto(caseURL(one) + '/history');
  await look(lead, 'team-14-history');
  await lead.goto(caseURL(one) + '/print');
  await look(lead, 'team-15-print');
  const pdf = path.join(out, 'team-case-record.pdf');
  await lead.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
  const pages = ((await readFile(pdf, 'latin1')).match(/\/Type\s*\/Page[^s]/g) || []).length;
  check(pages >= 1 && pages <= 2, `the case record prints on 1-2 sheets of A4 (got ${pages})`);
  console.log(`case record: ${pages} A4 pages`);
} catch (err) {
  check(false, 'the run stopped: ' + (err.stack || err));
} finally {
  await finish([browser]);
}
