// Funnel counts end to end: scripted visitors in a real browser, the
// widget's anonymous reports, and the collector's sums. No cookie is set or
// read on the way, and a browser that signals Global Privacy Control sends
// nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, bankItems, takeQuiz, ANSWERS, watchErrors } from './support.mjs';

const TOKEN = 'funnel-admin-token-2b7e';
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function funnel(server) {
  const r = await fetch(`${server.url}api/funnel`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(r.status, 200);
  return r.json();
}

/** Waits until the summary satisfies `ready` (reports are sent when idle). */
async function funnelWhen(server, ready) {
  let s;
  for (let i = 0; i < 100; i++) {
    s = await funnel(server);
    if (ready(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  return s;
}

/** A fresh visitor, with every funnel report's cookies and answers recorded. */
async function visitor(server, seen, init) {
  const context = await browser.newContext();
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.on('request', (req) => {
    if (req.url().includes('/api/events')) seen.push({ cookie: req.headers().cookie, body: req.postData() });
  });
  page.on('response', async (res) => {
    if (res.url().includes('/api/events')) seen.push({ setCookie: await res.headerValue('set-cookie') });
  });
  await page.goto(`${server.url}?utm_source=newsletter&utm_campaign=winter`);
  return { context, page };
}

test('three views, two starts, one completion and one lead are counted exactly, with the drop-off on the right question', async () => {
  const server = await startServer({ env: { ROLE_QUIZ_ADMIN_TOKEN: TOKEN, ROLE_QUIZ_MIN_FILL_MS: '0' } });
  const seen = [];
  try {
    // 1: looks, and leaves.
    const a = await visitor(server, seen);
    await a.page.getByRole('button', { name: 'Start the role check' }).waitFor();
    await funnelWhen(server, (s) => s.steps.view === 1);
    await a.context.close();

    // 2: starts, answers three statements, and leaves.
    const b = await visitor(server, seen);
    const errors = watchErrors(b.page);
    await b.page.getByRole('button', { name: 'Start the role check' }).click();
    await b.page.getByRole('radio', { name: 'I hold this role' }).click();
    await b.page.getByRole('button', { name: 'Next' }).click();
    await b.page.getByRole('button', { name: 'Next' }).click();
    for (let n = 0; n < 3; n++) {
      await b.page.getByRole('radio', { name: ANSWERS[3], exact: true }).click();
      await b.page.getByRole('button', { name: 'Next' }).click();
    }
    await funnelWhen(server, (s) => s.steps.view === 2 && s.questions[2].reached === 1);
    assert.deepEqual(errors, []);
    await b.context.close();

    // 3: finishes and leaves details.
    const c = await visitor(server, seen);
    await takeQuiz(c.page, { title: 'Growth Lead', answer: (item) => (item.key === 'sales' ? 4 : 2) });
    await c.page.getByRole('button', { name: 'Ask to be contacted' }).click();
    await c.page.getByRole('textbox', { name: 'Your name' }).fill('Grace Hopper');
    await c.page.getByRole('textbox', { name: 'Work e-mail' }).fill('grace@example.com');
    await c.page.getByRole('textbox', { name: 'Company' }).fill('Compilers Inc.');
    await c.page.getByRole('checkbox', { name: /I agree that the consultancy/ }).check();
    await c.page.getByRole('button', { name: 'Send my details' }).click();
    await c.page.getByRole('heading', { name: 'Thank you, your details have arrived' }).waitFor();
    const s = await funnelWhen(server, (x) => x.steps.view === 3 && x.steps.lead === 1);
    await new Promise((r) => setTimeout(r, 500));
    const settled = await funnel(server);
    assert.deepEqual(settled.steps, s.steps, 'nothing more arrives');
    assert.equal(s.steps.view, 3);
    assert.equal(s.steps.start, 2);
    assert.equal(s.steps.complete, 1);
    assert.equal(s.steps.lead, 1);
    const reached = s.questions.map((q) => q.reached);
    const items = bankItems().length;
    assert.deepEqual(reached, [2, 2, 2, ...Array(items - 3).fill(1)], 'two reached the first three statements, one the rest');
    assert.equal(s.bands.reduce((n, b) => n + b.count, 0), 1);
    assert.equal(s.sources[0].utm_source, 'newsletter');
    assert.equal(await c.context.cookies().then((list) => list.length), 0, 'no cookie');
    await c.context.close();

    // The same counts on the admin page's overview.
    const owner = await browser.newContext();
    const page = await owner.newPage();
    await page.goto(`${server.url}admin`);
    await page.getByLabel('Admin secret').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const table = page.getByRole('table', { name: 'Visitors at each step' });
    const cells = async (step) => (await table.getByRole('row', { name: new RegExp(step) }).getByRole('cell').allTextContents());
    assert.deepEqual((await cells('Saw the widget'))[0], '3');
    assert.deepEqual((await cells('Started')).slice(0, 2), ['2', '67%']);
    assert.deepEqual((await cells('Finished')).slice(0, 2), ['1', '50%']);
    assert.deepEqual((await cells('Left details')).slice(0, 2), ['1', '100%']);
    const dropoff = page.getByRole('table', { name: 'How many reached each statement' });
    assert.deepEqual(await dropoff.getByRole('row').nth(3).getByRole('cell').allTextContents(), ['2', '100%'], 'the third statement: both starters');
    assert.deepEqual(await dropoff.getByRole('row').nth(4).getByRole('cell').allTextContents(), ['1', '50%'], 'the fourth: one of them left');
    await owner.close();

    assert.ok(seen.length > 10, `${seen.length} reports seen`);
    for (const r of seen) {
      assert.equal(r.cookie, undefined, 'no report carries a cookie');
      assert.equal(r.setCookie ?? null, null, 'no answer sets one');
      if (r.body) {
        assert.doesNotMatch(r.body, /grace|Growth Lead|answers/i, 'no contact details, title or answers in a report');
      }
    }
  } finally {
    await server.stop();
  }
});

test('a browser that signals Global Privacy Control sends no report', async () => {
  const server = await startServer({ env: { ROLE_QUIZ_ADMIN_TOKEN: TOKEN } });
  const seen = [];
  try {
    const v = await visitor(server, seen, () => {
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
    });
    await v.page.getByRole('button', { name: 'Start the role check' }).click();
    await v.page.getByRole('radio', { name: 'I hold this role' }).click();
    await new Promise((r) => setTimeout(r, 3500));
    await v.context.close();
    assert.deepEqual(seen, []);
    assert.equal((await funnel(server)).steps.view, 0);
  } finally {
    await server.stop();
  }
});
