// Every screen checked with axe-core (WCAG 2.1 A and AA rules and best
// practices), on a desktop and a phone, and keyboard focus kept visible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, watchErrors, audit, answerStatements } from './support.mjs';

const env = serverAndBrowser();

for (const [device, viewport] of [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', { width: 320, height: 640 }],
]) {
  test(`every screen passes the WCAG 2.1 AA checks on a ${device}`, async () => {
    const context = await env.browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url);
    await page.getByRole('button', { name: 'Start the role check' }).waitFor();
    await audit(page, 'start screen');
    await page.getByRole('button', { name: 'Start the role check' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('alert').waitFor();
    await audit(page, 'question with a problem message');
    await page.getByRole('radio', { name: 'I hold this role' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await audit(page, 'title question');
    await page.getByRole('textbox', { name: 'Job title' }).fill('Sales and Marketing Coordinator');
    await page.getByRole('button', { name: 'Next' }).click();
    // Each screen is audited on the way, so this walk is its own; the
    // statements use the shared helper.
    await answerStatements(page, (item, n) => (n % 2 ? 4 : 2), async (n) => {
      if (n === 0) await audit(page, 'scored item');
    });
    await page.getByRole('radio', { name: 'No, they measure the wrong things' }).click();
    await page.getByRole('button', { name: 'See the result' }).click();
    await page.getByRole('heading', { name: 'Where this role sits' }).waitFor();
    await audit(page, 'result');
    await page.getByRole('button', { name: 'Ask to be contacted' }).click();
    await page.getByRole('button', { name: 'Send my details' }).click();
    await page.getByText('Please correct the marked fields.').waitFor();
    await audit(page, 'lead form with errors');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('keyboard focus is always visible', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.getByRole('button', { name: 'Start the role check' }).waitFor();
  await page.keyboard.press('Tab');
  const outline = () =>
    page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
  let o = await outline();
  assert.ok(o.style !== 'none' && o.width >= 2, `the start button shows focus: ${JSON.stringify(o)}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  o = await outline();
  assert.ok(o.style !== 'none' && o.width >= 2, `a radio button shows focus: ${JSON.stringify(o)}`);
  await context.close();
});

test('motion is off for visitors who prefer reduced motion, and an answer never fades in', async () => {
  const context = await env.browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(env.server.url);
  const button = page.getByRole('button', { name: 'Start the role check' });
  await button.waitFor();
  assert.equal(await button.evaluate((b) => getComputedStyle(b).transitionDuration), '0s');
  await context.close();
  const moving = await env.browser.newContext({ reducedMotion: 'no-preference' });
  const other = await moving.newPage();
  await other.goto(env.server.url);
  const b2 = other.getByRole('button', { name: 'Start the role check' });
  await b2.waitFor();
  assert.notEqual(await b2.evaluate((b) => getComputedStyle(b).transitionDuration), '0s');
  // A chosen answer shows at once, for everyone: its fade cost the main
  // thread a frame-by-frame redraw after every choice (see widget.css).
  await b2.click();
  const option = other.getByRole('radio').first();
  await option.check();
  assert.equal(await option.evaluate((r) => getComputedStyle(r.closest('label')).transitionDuration), '0s');
  await moving.close();
});
