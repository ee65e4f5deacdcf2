// Leads end to end: the form in the widget, the collector and its database,
// and the outbox when the collector is down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, bankItems, watchErrors, tempDir, freePort, root, takeQuiz, answerUpToTheResult } from './support.mjs';

const TOKEN = 'e2e-admin-token-7c41';
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const collectorEnv = { ROLE_QUIZ_ADMIN_TOKEN: TOKEN, ROLE_QUIZ_MIN_FILL_MS: '0' };

/** Runs `body` with a collector of its own and a fresh page, then stops both.
 * `prepare` may set up the browser context before the page opens. */
async function withCollector(body, prepare = async () => {}) {
  const server = await startServer({ env: collectorEnv });
  const context = await browser.newContext();
  try {
    await prepare(context);
    const page = await context.newPage();
    await body({ server, page });
  } finally {
    await context.close();
    await server.stop();
  }
}

async function leadsIn(server) {
  const response = await fetch(`${server.url}api/leads`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200);
  return (await response.json()).leads;
}

/** Takes the quiz on the sales side and opens the lead form. */
async function finishQuizAndOpenForm(page) {
  await takeQuiz(page, {
    perspective: 'I manage this role',
    title: 'Marketing Manager',
    answer: (item) => (item.key === 'sales' ? 4 : 2),
    measures: 'Partly',
  });
  await page.getByRole('button', { name: 'Ask to be contacted' }).click();
  await page.getByRole('form', { name: 'Ask for an alignment study' }).waitFor();
}

async function fillForm(page) {
  await page.getByRole('textbox', { name: 'Your name' }).fill('Grace Hopper');
  await page.getByRole('textbox', { name: 'Work e-mail' }).fill('grace@example.com');
  await page.getByRole('textbox', { name: 'Company' }).fill('Compilers Inc.');
  await page.getByRole('checkbox', { name: /I agree that the consultancy/ }).check();
}

test('a lead submitted after the quiz lands in the database with its result, once', () =>
  withCollector(async ({ server, page }) => {
    const errors = watchErrors(page);
    await page.goto(`${server.url}?utm_source=newsletter&utm_campaign=q4`);
    await finishQuizAndOpenForm(page);
    assert.equal(await page.getByRole('textbox', { name: 'Role title' }).inputValue(), 'Marketing Manager', 'prefilled');

    // Nothing is sent without the required fields and consent.
    await page.getByRole('textbox', { name: 'Work e-mail' }).fill('grace@');
    await page.getByRole('button', { name: 'Send my details' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please correct the marked fields.' }).waitFor();
    const name = page.getByRole('textbox', { name: 'Your name' });
    assert.equal(await name.evaluate((el) => el === document.activeElement), true, 'focus on the first invalid field');
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    const described = await page.getByRole('textbox', { name: 'Work e-mail' }).getAttribute('aria-describedby');
    assert.match(await page.locator(`[id="${described}"]`).textContent(), /name@company\.com/);
    await page.getByText('Please tick the box so the consultancy may contact you.').waitFor();
    assert.equal((await leadsIn(server)).length, 0);

    await fillForm(page);
    await page.getByRole('textbox', { name: 'Phone (optional)' }).fill('+1 617 555 0100');
    await page.getByRole('radio', { name: 'By phone' }).check();
    // Pressing twice quickly sends one lead.
    await page.getByRole('button', { name: 'Send my details' }).dblclick();
    await page.getByRole('heading', { name: 'Thank you, your details have arrived' }).waitFor();
    await page.getByText(/contact you by phone/).waitFor();

    const leads = await leadsIn(server);
    assert.equal(leads.length, 1);
    const lead = leads[0].lead;
    assert.equal(lead.contact.name, 'Grace Hopper');
    assert.equal(lead.contact.preferred_channel, 'phone');
    assert.equal(lead.result.perspective, 'manager');
    assert.equal(lead.result.title, 'Marketing Manager');
    assert.equal(lead.result.band, 'leans_sales');
    assert.equal(lead.result.position, 75);
    assert.equal(Object.keys(lead.result.answers).length, bankItems().length);
    // One step off neutral on every statement leaves the work facet's
    // interval reaching into the middle band: too uncertain for a flag.
    assert.ok(!lead.result.flags.includes('title_mismatch'));
    assert.equal(lead.schema, 'role-quiz.lead/2');
    assert.ok(lead.result.band_likelihood > 0.8 && lead.result.band_likelihood <= 1, `${lead.result.band_likelihood}`);
    assert.equal(lead.result.neighbour_band, undefined);
    assert.equal(lead.result.acquiescence, 0);
    assert.equal(lead.result.response_style, undefined);
    assert.equal(lead.result.sales_demand_interval.length, 2);
    assert.deepEqual(lead.context.params, { utm_campaign: 'q4', utm_source: 'newsletter' });
    assert.equal(lead.consent.given, true);

    const csv = await fetch(`${server.url}api/leads.csv`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.match(await csv.text(), /"Grace Hopper","grace@example\.com","Compilers Inc\."/);
    assert.deepEqual(errors, []);
  }));

test('with the collector down the lead waits in the browser and arrives exactly once later', async () => {
  const port = await freePort();
  const db = path.join(tempDir(), 'leads.sqlite3');
  let server = await startServer({ port, db, env: collectorEnv });
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.url);
    await finishQuizAndOpenForm(page);
    await fillForm(page);
    await server.stop();

    await page.getByRole('button', { name: 'Send my details' }).click();
    await page.getByRole('heading', { name: 'Your details will be sent' }).waitFor();
    const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('role-quiz:outbox')));
    assert.equal(queued.entries.length, 1);

    server = await startServer({ port, db, env: collectorEnv });
    await page.reload();
    await page.getByRole('heading', { name: 'Where this role sits' }).waitFor();
    let leads = [];
    for (let i = 0; i < 100 && leads.length === 0; i++) {
      leads = await leadsIn(server);
      if (leads.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(leads.length, 1);
    assert.equal(leads[0].lead_id, queued.entries[0].lead_id);
    await page.waitForFunction(() => localStorage.getItem('role-quiz:outbox') === null);

    // A second reload sends nothing more.
    await page.reload();
    await page.getByRole('heading', { name: 'Where this role sits' }).waitFor();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await leadsIn(server)).length, 1);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('a version 1 lead waiting in an outbox from before the upgrade still arrives, once', () =>
  withCollector(async ({ server, page }) => {
    const errors = watchErrors(page);
    const body = readFileSync(path.join(root, 'tests', 'fixtures', 'lead-v1.json'), 'utf8').trim();
    const leadId = JSON.parse(body).lead_id;
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Start the role check' }).waitFor();
    // The outbox as the first widget left it: the request kept byte for byte.
    await page.evaluate(
      ({ url, body, leadId }) =>
        localStorage.setItem(
          'role-quiz:outbox',
          JSON.stringify({
            version: 1,
            entries: [
              {
                lead_id: leadId,
                request: { url, body, idempotency_key: leadId },
                created_ms: Date.now() - 3600_000,
                attempts: 3,
                next_attempt_ms: 0,
              },
            ],
          }),
        ),
      { url: new URL('api/leads', server.url).href, body, leadId },
    );
    await page.reload();
    await page.getByRole('button', { name: 'Start the role check' }).waitFor();
    await page.waitForFunction(() => localStorage.getItem('role-quiz:outbox') === null, null, { timeout: 10_000 });
    const leads = await leadsIn(server);
    assert.equal(leads.length, 1);
    assert.equal(leads[0].lead_id, leadId);
    assert.equal(leads[0].lead.schema, 'role-quiz.lead/1');
    assert.equal(leads[0].lead.contact.email, 'vera@example.com');
    assert.deepEqual(leads[0].lead.comparison.disputed, ['w1', 'm2', 's3']);
    await page.reload();
    await page.getByRole('button', { name: 'Start the role check' }).waitFor();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await leadsIn(server)).length, 1, 'sent once');
    assert.deepEqual(errors, []);
  }));

test('a lead the destination refuses shows its reason and stays editable', () =>
  withCollector(async ({ server, page }) => {
    await page.goto(server.url);
    await finishQuizAndOpenForm(page);
    await fillForm(page);
    await page.route('**/api/leads', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'invalid_lead', message: 'the e-mail domain does not accept mail' }),
      }),
    );
    await page.getByRole('button', { name: 'Send my details' }).click();
    await page.getByRole('alert').filter({ hasText: 'the e-mail domain does not accept mail' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Send my details' }).isVisible(), 'the form stays open');
    assert.equal(await page.evaluate(() => localStorage.getItem('role-quiz:outbox')), null, 'a refused lead is not retried');
    await page.unroute('**/api/leads');
    await page.getByRole('button', { name: 'Send my details' }).click();
    await page.getByRole('heading', { name: 'Thank you, your details have arrived' }).waitFor();
    assert.equal((await leadsIn(server)).length, 1);
  }));

test('without storage and without a connection the visitor gets the details to send', () =>
  withCollector(
    async ({ server, page }) => {
      // The page as a marketer might configure it, with a contact address.
      await page.route(server.url, async (route) => {
        const response = await route.fetch();
        // The built page is minified: find the attribute, however written.
        const html = (await response.text()).replace(/\bdata-role-quiz\b(="")?/, 'data-role-quiz contact-email="studies@example.com"');
        assert.notEqual(html, await response.text(), 'the widget element is in the page');
        await route.fulfill({ response, body: html });
      });
      await page.goto(server.url);
      await page.getByText('Your browser does not let this page store data').waitFor();
      await finishQuizAndOpenForm(page);
      await fillForm(page);
      await page.route('**/api/leads', (route) => route.abort('internetdisconnected'));
      await page.getByRole('button', { name: 'Send my details' }).click();
      await page.getByText('This browser will not let the page keep your details').waitFor();
      const mail = page.getByRole('link', { name: 'Write an e-mail with these details' });
      const href = decodeURIComponent(await mail.getAttribute('href'));
      assert.ok(href.startsWith('mailto:studies@example.com?subject='), href);
      assert.match(href, /Grace Hopper\ngrace@example\.com\nCompilers Inc\./);
      await page.getByRole('link', { name: 'Or call +1-617-719-9530' }).waitFor();
    },
    // A browser that refuses to store anything new, as in some privacy modes.
    (context) =>
      context.addInitScript(() => {
        Storage.prototype.setItem = () => {
          throw new DOMException('blocked', 'SecurityError');
        };
      }),
  ));

test('the form times its filling in from when it is opened, on a result drawn ahead too', () =>
  withCollector(async ({ server, page }) => {
    const errors = watchErrors(page);
    await page.goto(server.url);
    await answerUpToTheResult(page, { answer: (item) => (item.key === 'sales' ? 4 : 2) });
    // The result is drawn ahead while the visitor is on the last question.
    await page.waitForFunction(() => document.querySelector('#role-quiz + div .rq-title'));
    await page.getByRole('button', { name: 'See the result' }).click();
    await page.getByRole('heading', { name: 'Where this role sits' }).waitFor();
    // The visitor reads the result for a while before asking to be contacted.
    await page.waitForTimeout(2500);
    const opened = Date.now();
    await page.getByRole('button', { name: 'Ask to be contacted' }).click();
    await fillForm(page);
    await page.getByRole('button', { name: 'Send my details' }).click();
    await page.getByRole('heading', { name: 'Thank you, your details have arrived' }).waitFor();
    const took = Date.now() - opened;
    const [{ lead }] = await leadsIn(server);
    assert.ok(lead.form.elapsed_ms <= took, `${lead.form.elapsed_ms} ms counted, ${took} ms from opening the form to its answer`);
    assert.ok(lead.form.elapsed_ms < 2500, 'not the time spent reading the result, nor on the last question');
    assert.deepEqual(errors, []);
  }));
