// The entry form over HTTPS, as a team serves it: cmd/fieldwork's TestBrowserOverHTTPS runs
// `fieldwork serve --tls-self-signed --host fieldwork-office --password-file F` and then
//
//   node e2e/https.mjs
//
// with FIELDWORK_URL (https://fieldwork-office:PORT), FIELDWORK_SPKI (the SHA-256 of the
// public key of the certificate the server presented, whose fingerprint the test has checked
// against the one serve printed), FIELDWORK_PASSWORD, FIELDWORK_CASE (a case with no answers)
// and FIELDWORK_OUT. Chromium trusts that one key and no other certificate
// (--ignore-certificate-errors-spki-list), the way an inspector accepts the certificate after
// checking its fingerprint; without it the site is refused. Three people in browser contexts
// of their own sign in at once (the lead and two inspectors); the inspectors save, the lead
// reads the results; cookies are Secure; plain HTTP to the port gets nothing.
import { results, check, launch, newPage, look, answer, save, finish } from './lib.mjs';

const base = process.env.FIELDWORK_URL;
const spki = process.env.FIELDWORK_SPKI;
const password = process.env.FIELDWORK_PASSWORD;
const caseID = process.env.FIELDWORK_CASE;
if (!base || !spki || !password || !caseID) {
  console.error('https.mjs: set FIELDWORK_URL, FIELDWORK_SPKI, FIELDWORK_PASSWORD and FIELDWORK_CASE');
  process.exit(2);
}
const caseURL = base + '/cases/' + encodeURIComponent(caseID);

const untrusting = await launch();
const browser = await launch(`--ignore-certificate-errors-spki-list=${spki}`);

async function signIn(page, name) {
  await page.goto(base + '/sign-in');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Inspection password').fill(password);
  await save(page, 'Sign in');
  check(new URL(page.url()).pathname === '/', `${name} is signed in over HTTPS (got ${page.url()})`);
}

try {
  // Without the team's check of the fingerprint, the browser does not trust the certificate.
  const stranger = await newPage(untrusting, 'an untrusting browser');
  const refused = await stranger.goto(base + '/sign-in').then(() => '', (err) => err.message);
  check(refused.includes('ERR_CERT'), `a browser that has not accepted the certificate refuses the site (got ${refused || 'the page'})`);

  const lead = await newPage(browser, 'Lead inspector');
  const a = await newPage(browser, 'Inspector A');
  const b = await newPage(browser, 'Inspector B');
  const first = await lead.goto(base + '/sign-in');
  check(first.headers()['cross-origin-opener-policy'] === 'same-origin', 'over HTTPS the page isolates itself (Cross-Origin-Opener-Policy)');
  await look(lead, 'https-01-sign-in');
  // All three at once, each in a context of their own.
  await Promise.all([signIn(lead, 'Lead inspector'), signIn(a, 'Inspector A'), signIn(b, 'Inspector B')]);
  for (const [who, page] of [['Lead inspector', lead], ['Inspector A', a], ['Inspector B', b]]) {
    const cookies = await page.context().cookies();
    check(cookies.length >= 2 && cookies.every((c) => c.secure && c.httpOnly && c.sameSite === 'Strict'),
      `${who}'s cookies are Secure, HttpOnly and SameSite=Strict: ${JSON.stringify(cookies.map((c) => [c.name, c.secure, c.httpOnly, c.sameSite]))}`);
  }
  await look(lead, 'https-02-cases');

  await a.goto(caseURL);
  await b.goto(caseURL);
  await look(a, 'https-03-case');
  for (const q of ['2.1.1', '2.1.2', '2.1.3']) await answer(a, q, 'Yes');
  await save(a, 'Save 2.1 Assessment');
  check((await a.locator('.notification--success').innerText()).includes('Saved: 2.1 Assessment'), "Inspector A's save over HTTPS is confirmed");
  // B's page is older than A's save: B's save of another standard is refused, then goes through.
  await answer(b, '2.2.1', 'No');
  const stale = await Promise.all([b.waitForNavigation(), b.getByRole('button', { name: 'Save 2.2 Planning', exact: true }).click()]).then(([r]) => r);
  check(stale.status() === 409, `B's save on a page older than A's is refused (got ${stale.status()})`);
  await save(b, 'Save 2.2 Planning');
  check((await b.locator('.notification--success').innerText()).includes('Saved: 2.2 Planning'), "Inspector B's save over HTTPS is confirmed");

  await lead.goto(base + '/results');
  check((await lead.locator('caption').first().innerText()).includes('Ratings'), 'the lead reads the results');
  await look(lead, 'https-04-results');

  // Plain HTTP to the HTTPS port is answered with nothing of the form.
  lead.expectStatus = 400;
  const plain = await lead.goto(base.replace('https://', 'http://') + '/sign-in').then((r) => r.status(), (err) => err.message);
  check(plain !== 200, `plain HTTP to the HTTPS port gets no page (got ${plain})`);
} catch (err) {
  check(false, 'the run stopped: ' + (err.stack || err));
} finally {
  await finish([untrusting, browser]);
}
