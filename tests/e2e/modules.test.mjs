// The widget's two Wasm modules in a real Chromium: the start screen needs
// the start module alone; the full module arrives once the visitor starts;
// and when it cannot arrive, the finished answers are kept, the visitor is
// told, and trying again brings the result. Screenshots of the message at a
// phone's and a desktop's width go to tests/e2e/artifacts/ (not kept in git).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { serverAndBrowser, watchErrors, takeQuiz, toward, audit, root, eventually } from './support.mjs';

const env = serverAndBrowser();
const artifacts = path.join(root, 'tests', 'e2e', 'artifacts');
const FULL = /\/(role-quiz-full-[0-9a-f]+(_bg\.wasm|\.js)|widget-full-[0-9a-f]+\.css)$/;

/** What the page has fetched whose path matches `pattern`: each file's path
 * and the bytes that crossed the network for it (0 from the cache). */
function fetched(page, pattern) {
  return page.evaluate((source) => {
    const re = new RegExp(source);
    return performance
      .getEntriesByType('resource')
      .map((e) => ({ path: new URL(e.name).pathname, transferred: e.transferSize }))
      .filter((e) => re.test(e.path));
  }, pattern.source);
}

/** Waits until the full module's Wasm has been fetched. */
function fullModuleFetched(page) {
  return page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /role-quiz-full-[0-9a-f]+_bg\.wasm$/.test(e.name)));
}

for (const [device, viewport] of Object.entries({ phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } })) {
  test(`a full module that cannot load keeps the answers and can be tried again (${device})`, async () => {
    mkdirSync(artifacts, { recursive: true });
    const context = await env.browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    let offline = true;
    await page.route(FULL, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(env.server.url);
    await page.getByRole('button', { name: 'Start the role check' }).waitFor();
    assert.deepEqual(requested.filter((p) => FULL.test(p)), [], 'the start screen loads nothing of the full module');

    // takeQuiz waits for the result, which cannot come yet: answer up to it.
    const finishing = takeQuiz(page, { title: 'Account Executive', answer: toward('sales') });
    const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
    await alert.waitFor();
    assert.match(await alert.textContent(), /The answers are kept/);
    await audit(page, `the hand-over message (${device})`);
    await page.screenshot({ path: path.join(artifacts, `handover-failed-${device}.png`), fullPage: true });
    const saved = await page.evaluate(() => localStorage.getItem('role-quiz:progress:role-quiz'));
    assert.match(saved, /;s=result/, 'the finished answers are saved');

    offline = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await finishing;
    assert.equal(await page.locator('.rq-band-name').textContent(), 'Strongly sales');
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      'Where this role sits',
      'focus follows the visitor to the result',
    );
    // The aborted downloads were the browser's and the widget's own warning
    // says so; no error of ours reaches the page (an unhandled rejection
    // would show as a page error).
    assert.deepEqual(errors.filter((e) => !/^console: (Failed to load resource|role-quiz: the full module did not load)/.test(e)), []);
    await context.close();
  });
}

test('the full module is fetched once the visitor starts, once', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await page.getByRole('button', { name: 'Start the role check' }).click();
  await fullModuleFetched(page);
  await takeQuiz(page, { start: false, title: 'Account Executive', answer: toward('sales') });
  const wasm = (await fetched(page, /_bg\.wasm$/)).map((f) => f.path);
  assert.equal(wasm.length, 2, `two modules, each once: ${wasm.join(', ')}`);
  // The later screens' styles came with the full module, once.
  const styles = (await fetched(page, /widget-full-[0-9a-f]+\.css$/)).map((f) => f.path);
  assert.equal(styles.length, 1, `the later screens' stylesheet, once: ${styles.join(', ')}`);
  assert.equal(await page.locator('.rq-band-name').evaluate((e) => getComputedStyle(e).fontWeight), '700', 'the result is styled');
  assert.deepEqual(errors, []);
  await context.close();
});

test("the demo page's loader has the full module report the settings the start module reads silently", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  // Set before the page's module script runs (it runs after parsing).
  await page.addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive') return;
      const widget = document.getElementById('role-quiz');
      widget.setAttribute('privacy-url', 'javascript:alert(1)');
      widget.setAttribute('theme', 'purple');
    });
  });
  await page.goto(env.server.url);
  await page.getByRole('button', { name: 'Start the role check' }).waitFor();
  const counts = () => ['privacy-url', 'theme'].map((name) => warnings.filter((w) => w.includes(`attribute \`${name}\` ignored`)).length);
  assert.deepEqual(counts(), [0, 0], 'the start module reads silently');
  await page.getByRole('button', { name: 'Start the role check' }).click();
  await fullModuleFetched(page);
  await eventually(() => counts().every((n) => n === 1), () => warnings.join('\n'));
  await context.close();
});

test('a returning visitor with saved answers is resumed by the full module, from the cache', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await page.getByRole('button', { name: 'Start the role check' }).click();
  await page.getByRole('radio', { name: 'I hold this role' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Job title' }).waitFor();
  await fullModuleFetched(page);

  await page.reload();
  await page.getByRole('textbox', { name: 'Job title' }).waitFor();
  const wasm = await fetched(page, /_bg\.wasm$/);
  assert.deepEqual(
    wasm.map((w) => FULL.test(w.path)).sort(),
    [false, true],
    'the start module and the full module, each once',
  );
  assert.ok(wasm.every((w) => w.transferred === 0), `both came from the cache: ${JSON.stringify(wasm)}`);
  await page.getByRole('button', { name: 'Back' }).click();
  assert.ok(await page.getByRole('radio', { name: 'I hold this role' }).isChecked());
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [where, file, widgetOf] of [
  ['on the demo page', '', (page) => page],
  ['through the embed snippet', 'plain.html', (page) => page.locator('#first')],
]) {
  test(`a returning visitor whose full module fails to arrive once is resumed all the same, ${where}`, async () => {
    // The first visit saves the visitor's place.
    const before = await env.browser.newContext();
    const first = await before.newPage();
    await first.goto(env.server.url + file);
    const widgetBefore = widgetOf(first);
    await widgetBefore.getByRole('button', { name: 'Start the role check' }).click();
    await widgetBefore.getByRole('radio', { name: 'I hold this role' }).click();
    await widgetBefore.getByRole('button', { name: 'Next' }).click();
    await widgetBefore.getByRole('textbox', { name: 'Job title' }).waitFor();
    const storageState = await before.storageState();
    await before.close();

    // They come back with the answers saved and nothing cached, and the
    // first request for the full module's glue fails, as a busy server's
    // might. The loader tries again by itself a second later, from an
    // address of its own, and the visitor is back at their place.
    const context = await env.browser.newContext({ storageState });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const glue = [];
    await page.route(/\/role-quiz-full-[0-9a-f]+\.js(\?retry=\d+)?$/, (route) => {
      glue.push(new URL(route.request().url()).search);
      return glue.length === 1 ? route.fulfill({ status: 503, body: 'Service Unavailable' }) : route.continue();
    });
    await page.goto(env.server.url + file);
    const widget = widgetOf(page);
    await widget.getByRole('textbox', { name: 'Job title' }).waitFor();
    assert.deepEqual(glue, ['', '?retry=1']);
    assert.equal(await widget.getByRole('heading', { name: /^Question 2 of/ }).count(), 1);
    assert.equal(await widget.getByText('could not be loaded').count(), 0, 'no message: the visitor saw nothing go wrong');
    // The 503 itself, and the browser's line about it, are the only errors.
    const own503 = /^(HTTP 503: .*\/role-quiz-full-[0-9a-f]+\.js|console: Failed to load resource: .*503.*)$/;
    assert.deepEqual(errors.filter((e) => !own503.test(e)), []);
    await context.close();
  });
}

test("the full module's rehearsal of a result is laid out beside the widget, hidden and inert, and gone a task later", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  // Every element added to the page's body, as it was when added, and when
  // it left (the demo page's widget draws in the page, not a shadow root).
  await page.addInitScript(() => {
    window.__added = [];
    document.addEventListener('DOMContentLoaded', () => {
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node.nodeType !== 1) continue;
            const style = getComputedStyle(node);
            window.__added.push({
              node,
              ariaHidden: node.getAttribute('aria-hidden'),
              inert: node.inert,
              visibility: style.visibility,
              position: style.position,
              at: performance.now(),
            });
          }
          for (const node of record.removedNodes) {
            const entry = window.__added.find((e) => e.node === node);
            if (!entry) continue;
            entry.left = performance.now();
            // Drawn once it has left (added empty; the result drawn in a microtask).
            entry.drewResult = Boolean(node.querySelector('.rq-band-name'));
          }
        }
      }).observe(document.body, { childList: true });
    });
  });
  await page.goto(env.server.url);
  await page.getByRole('button', { name: 'Start the role check' }).click();
  const heading = page.getByRole('heading', { name: /^Question 1 of/ });
  await heading.waitFor();
  const focusedBefore = await page.evaluate(() => document.activeElement?.outerHTML);
  await fullModuleFetched(page);
  // Laid out and removed once the page is idle (within a few seconds).
  await page.waitForFunction(() => window.__added.some((e) => e.left !== undefined), null, { timeout: 10000 });
  const added = await page.evaluate(() => window.__added.map(({ node, ...rest }) => rest));
  assert.equal(added.length, 1, JSON.stringify(added));
  const [rehearsal] = added;
  assert.deepEqual(
    [rehearsal.ariaHidden, rehearsal.inert, rehearsal.visibility, rehearsal.position, rehearsal.drewResult],
    ['true', true, 'hidden', 'fixed', true],
  );
  assert.ok(rehearsal.left - rehearsal.at < 1000, 'removed a task later');
  // The visitor's place is untouched: focus where it was, one widget on the page.
  assert.equal(await page.evaluate(() => document.activeElement?.outerHTML), focusedBefore);
  assert.equal(await page.locator('.rq').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});
