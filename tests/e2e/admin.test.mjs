// The admin page in a real browser: signing in, the overview with numbers
// from real funnel reports and a lead, axe on every page at desktop and
// phone widths, and the page as it prints. Screenshots go to
// tests/e2e/artifacts/ (not kept in git).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, audit, watchErrors, root, bankData } from './support.mjs';

const TOKEN = 'admin-page-token-5c3d';
const artifacts = path.join(root, 'tests', 'e2e', 'artifacts');
let browser;
before(async () => {
  browser = await launchBrowser();
  mkdirSync(artifacts, { recursive: true });
});
after(async () => {
  await browser?.close();
});

async function report(server, step, detail = '', utm = { utm_source: 'newsletter' }) {
  const perspective = step === 'complete' ? 'manager' : '';
  const body = { step, detail, perspective, page: 'https://landing.example/quiz', utm, instance: 'default', bank_version: bankData().version };
  const r = await fetch(`${server.url}api/events`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'text/plain' } });
  assert.equal(r.status, 204);
}

test('the admin page signs in, shows the funnel and passes axe at desktop and phone widths', async () => {
  const server = await startServer({ env: { ROLE_QUIZ_ADMIN_TOKEN: TOKEN, ROLE_QUIZ_MIN_FILL_MS: '0' } });
  try {
    const items = bankData().items;
    for (let n = 0; n < 12; n++) await report(server, 'view');
    for (let n = 0; n < 7; n++) await report(server, 'start');
    for (const [i, item] of items.entries()) {
      for (let n = 0; n < 7 - Math.min(i, 3); n++) await report(server, 'question', item.id);
    }
    for (let n = 0; n < 4; n++) await report(server, 'complete', n % 2 ? 'leans_sales' : 'hybrid');
    await report(server, 'lead');
    const lead = JSON.parse(readFileSync(path.join(root, 'tests', 'fixtures', 'lead-v1.json'), 'utf8'));
    const posted = await fetch(`${server.url}api/leads`, { method: 'POST', body: JSON.stringify(lead), headers: { 'content-type': 'application/json' } });
    assert.equal(posted.status, 201);

    for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 320, height: 720 }]]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${server.url}admin`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await audit(page, `the sign-in page (${name})`, 'html');
      await page.getByLabel('Admin secret').fill('not it');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'That is not the admin secret.' }).waitFor();
      await page.getByLabel('Admin secret').fill(TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
      const funnel = page.getByRole('table', { name: 'Visitors at each step' });
      assert.match(await funnel.getByRole('row', { name: /Saw the widget/ }).textContent(), /12/);
      assert.match(await funnel.getByRole('row', { name: /Started/ }).textContent(), /7.*58%/);
      const dropoff = page.getByRole('table', { name: 'How many reached each statement' });
      assert.match(await dropoff.getByRole('row').nth(4).textContent(), /^4\./, 'statements in order');
      // The chart names each statement by its text too (clipped), not its id.
      const firstRow = (await dropoff.getByRole('rowheader').first().textContent()).trim();
      const labels = await page.locator('section[aria-labelledby="dropoff"] svg text').allTextContents();
      assert.ok(labels.some((l) => l.startsWith(firstRow.slice(0, 20))), `${firstRow} among ${labels.slice(0, 4)}`);
      assert.match(await page.getByRole('table', { name: 'Results by perspective' }).getByRole('row', { name: /I manage this role/ }).textContent(), /4/);
      await audit(page, `the overview (${name})`, 'html');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `no sideways scrolling at ${viewport.width} px (${width})`);
      // Every table stays inside its section (a wide one scrolls in its own
      // box, which the keyboard can reach), and a day is never broken.
      const outside = await page.evaluate(() => [...document.querySelectorAll('table')]
        .filter((t) => { const box = t.closest('section').getBoundingClientRect(), region = t.closest('[role=region]');
          return !region || region.tabIndex !== 0 || region.getBoundingClientRect().right > box.right + 0.5; })
        .map((t) => t.caption.textContent));
      assert.deepEqual(outside, [], 'tables stay in their sections, in a region that scrolls');
      const day = page.getByRole('table', { name: 'Each day' }).getByRole('rowheader').first();
      const dayLines = await day.evaluate((th) => { const r = document.createRange(); r.selectNodeContents(th); return new Set([...r.getClientRects()].map((l) => Math.round(l.top))).size; });
      assert.equal(dayLines, 1, `the day ${await day.textContent()} is on one line`);
      await page.screenshot({ path: path.join(artifacts, `admin-${name}.png`), fullPage: true });
      await page.screenshot({ path: path.join(artifacts, `admin-${name}-first-screen.png`) });
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.getByRole('button', { name: 'Sign out' }).isVisible(), false, 'printing leaves the controls out');
      await page.emulateMedia({ media: 'screen' });
      // The leads: the list, and the lead's own page with its picture.
      await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Leads' }).click();
      await page.getByRole('heading', { name: 'Leads', level: 1 }).waitFor();
      await audit(page, `the leads list (${name})`, 'html');
      await page.getByLabel('Name, e-mail or company').fill('vera');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/q=vera/);
      await page.getByRole('link', { name: 'Vera Version-One' }).click();
      await page.getByRole('heading', { name: 'Vera Version-One', level: 1 }).waitFor();
      assert.match(await page.getByRole('img', { name: /^Position 81 from 0/ }).getAttribute('aria-label'), /between 72 and 90/);
      assert.match(await page.getByRole('table', { name: 'The comparison' }).textContent(), /69 \(misaligned\)/);
      await page.getByRole('img', { name: /^I hold this role at 81, I manage this role at 41/ }).waitFor();
      await audit(page, `a lead's page (${name})`, 'html');
      const leadWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(leadWidth <= viewport.width, `the lead's page fits ${viewport.width} px (${leadWidth})`);
      await page.screenshot({ path: path.join(artifacts, `admin-lead-${name}.png`), fullPage: true });
      if (name === 'phone') {
        // Last: erase this person from their page, after the confirming tick.
        await page.getByRole('checkbox', { name: /Delete every lead of vera@example\.com/ }).check();
        await page.getByRole('button', { name: 'Erase' }).click();
        await page.getByRole('heading', { name: 'Erased', level: 1 }).waitFor();
        assert.match(await page.getByRole('status').textContent(), /^1 leads, 0 queued forwards/);
        await audit(page, 'the erasure result', 'html');
        const left = await fetch(`${server.url}api/leads`, { headers: { authorization: `Bearer ${TOKEN}` } });
        assert.deepEqual((await left.json()).leads, []);
      }
      await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('table', { name: 'Admin actions' }).waitFor();
      await audit(page, `the audit log (${name})`, 'html');
      await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Overview' }).click();
      await page.getByRole('link', { name: 'Last 7 days' }).click();
      await page.waitForURL(/days=7/);
      assert.equal(await page.getByRole('link', { name: 'Last 7 days' }).getAttribute('aria-current'), 'page');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.deepEqual(errors.filter((e) => !e.includes('401')), []);
      await context.close();
    }
  } finally {
    await server.stop();
  }
});
