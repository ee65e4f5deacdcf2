// Whole journeys through the quiz in a real Chromium, found the way assistive
// technology finds things: by roles, names and visible text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, bankItems, watchErrors, takeQuiz, toward, answerUpToTheResult, headingsInTheAccessibilityTree, eventually } from './support.mjs';

const ITEMS = bankItems();
const TOTAL = ITEMS.length + 3;
/** The start module's Wasm, by its hashed name. */
const START_WASM = /\/role-quiz-[0-9a-f]+_bg\.wasm$/;
const env = serverAndBrowser();

async function openPage(viewport = { width: 1280, height: 900 }) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await page.getByRole('button', { name: 'Start the role check' }).waitFor();
  return { context, page, errors };
}

/** The accessible name of the focused element, or its text. */
function focusedText(page) {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
}

test('a keyboard-only visitor on the sales side gets a sales band', async () => {
  const { context, page, errors } = await openPage();
  await page.keyboard.press('Tab');
  assert.equal(await focusedText(page), 'Start the role check');
  await page.keyboard.press('Enter');

  assert.equal(await focusedText(page), `Question 1 of ${TOTAL}`);
  await page.keyboard.press('Tab'); // into the radio group
  await page.keyboard.press('Space'); // "I hold this role"
  await page.keyboard.press('Enter');

  assert.equal(await focusedText(page), `Question 2 of ${TOTAL}`);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Marketing Manager');
  await page.keyboard.press('Enter');

  for (const [n, item] of ITEMS.entries()) {
    assert.equal(await focusedText(page), `Question ${n + 3} of ${TOTAL}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // "Strongly disagree": the sales pole of a marketing item
    if (item.key === 'sales') {
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown'); // "Strongly agree"
    }
    await page.keyboard.press('Enter');
  }

  assert.equal(await focusedText(page), `Question ${TOTAL} of ${TOTAL}`);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown'); // "No, they measure the wrong things"
  await page.keyboard.press('Enter');

  assert.equal(await focusedText(page), 'Where this role sits');
  assert.equal(await page.locator('.rq-band-name').textContent(), 'Strongly sales');
  await assert.doesNotReject(page.getByText(/^Position (9\d|100) out of 100/).waitFor());
  const picture = page.getByRole('img', { name: /Spectrum from analytical marketing/ });
  assert.match(await picture.getAttribute('aria-label'), /This role is at (9\d|100)/);
  await page.getByText('The title points the other way').waitFor();
  await page.getByText('The current measures are in doubt').waitFor();
  await page.getByRole('link', { name: 'Book a full alignment study' }).waitFor();
  assert.equal(
    await page.getByRole('link', { name: 'Book a full alignment study' }).getAttribute('href'),
    'tel:+16177199530',
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('a mouse visitor on a phone on the marketing side gets a marketing band', async () => {
  const { context, page, errors } = await openPage({ width: 320, height: 640 });
  await takeQuiz(page, { perspective: 'I am hiring for this role', title: 'Brand Analyst', answer: toward('marketing') });
  assert.equal(await page.locator('.rq-band-name').textContent(), 'Strongly marketing');
  assert.equal(await page.locator('[data-flag]').count(), 0, 'a brand title on marketing work raises no flag');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 320 px (overflow ${overflow}px)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reload mid-quiz keeps the answers and the place', async () => {
  const { context, page, errors } = await openPage();
  await page.getByRole('button', { name: 'Start the role check' }).click();
  await page.getByRole('radio', { name: 'I manage this role' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Job title' }).fill('Account Executive');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'Agree', exact: true }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'Disagree', exact: true }).click();
  await page.getByRole('button', { name: 'Next' }).click();

  await page.reload();
  await page.getByRole('heading', { name: `Question 5 of ${TOTAL}` }).waitFor();
  await page.getByRole('button', { name: 'Back' }).click();
  assert.ok(await page.getByRole('radio', { name: 'Disagree', exact: true }).isChecked());
  await page.getByRole('button', { name: 'Back' }).click();
  assert.ok(await page.getByRole('radio', { name: 'Agree', exact: true }).isChecked());
  await page.getByRole('button', { name: 'Back' }).click();
  assert.equal(await page.getByRole('textbox', { name: 'Job title' }).inputValue(), 'Account Executive');
  await page.getByRole('button', { name: 'Back' }).click();
  assert.ok(await page.getByRole('radio', { name: 'I manage this role' }).isChecked());

  // Back from the first question returns to the start, which offers to continue.
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Continue where you left off' }).click();
  await page.getByRole('heading', { name: `Question 5 of ${TOTAL}` }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the result survives a reload, prints without buttons, and restarts clean', async () => {
  const { context, page, errors } = await openPage();
  await takeQuiz(page, { answer: () => 3, measures: "I don't know" });
  assert.equal(await page.locator('.rq-band-name').textContent(), 'Hybrid: both at once');
  await page.getByText(/few people excel at both/i).waitFor();

  await page.reload();
  await page.getByRole('heading', { name: 'Where this role sits' }).waitFor();
  assert.equal(await page.locator('.rq-band-name').textContent(), 'Hybrid: both at once');

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('button', { name: 'Start again' }).isVisible(), false);
  assert.equal(await page.getByRole('heading', { name: 'What this means' }).isVisible(), true);
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('button', { name: 'Start again' }).click();
  await page.getByRole('heading', { name: `Question 1 of ${TOTAL}` }).waitFor();
  assert.equal(await page.getByRole('radio', { name: 'I hold this role' }).isChecked(), false);
  await page.reload();
  await page.getByRole('heading', { name: `Question 1 of ${TOTAL}` }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('on the last question the result is drawn ahead, out of reach of the keyboard and assistive technology, and shown at the last answer', async () => {
  const { context, page, errors } = await openPage();
  await page.evaluate(() => {
    window.completes = 0;
    document.addEventListener('rolequiz:complete', () => window.completes++);
  });
  await answerUpToTheResult(page, { answer: toward('sales'), measures: 'Partly' });
  // Drawn in the page's idle moments, right after the widget (src/prepared.rs).
  const ahead = '#role-quiz + div .rq-title';
  await page.waitForFunction((selector) => document.querySelector(selector), ahead);
  assert.equal(await page.getByRole('heading', { name: 'Where this role sits' }).count(), 0, 'not on screen');
  const headings = await headingsInTheAccessibilityTree(page);
  assert.ok(headings.includes(`Question ${TOTAL} of ${TOTAL}`), headings.join(' | '));
  assert.ok(!headings.includes('Where this role sits'), `not for assistive technology: ${headings.join(' | ')}`);
  for (let n = 0; n < 8; n++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() => Boolean(document.activeElement?.closest('#role-quiz + div')));
    assert.ok(!inside, `Tab ${n + 1} stays out of the result drawn ahead`);
  }
  assert.equal(await page.evaluate(() => window.completes), 0, 'nothing announced ahead');

  await page.getByRole('button', { name: 'See the result' }).click();
  const heading = page.getByRole('heading', { name: 'Where this role sits' });
  await heading.waitFor();
  assert.ok(
    await page.evaluate((selector) => document.activeElement === document.querySelector(selector), ahead),
    'the result drawn ahead is shown, with focus on its heading',
  );
  assert.match(await page.locator('.rq-band-name').textContent(), /sales/);
  await page.waitForFunction(() => window.completes > 0);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.completes), 1, 'the finish is announced once');
  assert.deepEqual(errors, []);
  await context.close();
});

test("the demo page offers its own way to the study when the widget cannot start, and never otherwise", async () => {
  // The usual start: the page's line is gone before anyone sees it.
  const { context, page, errors } = await openPage();
  assert.equal(await page.getByText('If the role check does not appear here').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();

  // The start module cannot be loaded, three tries running: the page's own
  // line shows, and the page's script says why.
  const broken = await env.browser.newContext();
  const visitor = await broken.newPage();
  const tries = [];
  const warnings = [];
  visitor.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await visitor.route(START_WASM, (route) => {
    tries.push(performance.now());
    return route.abort('internetdisconnected');
  });
  await visitor.goto(env.server.url);
  const call = visitor.getByRole('link', { name: '+1-617-719-9530' });
  assert.equal(await call.isVisible(), false, 'out of sight at first, so a usual start never shows it');
  await call.waitFor({ state: 'visible', timeout: 8000 });
  assert.equal(await call.getAttribute('href'), 'tel:+16177199530');
  assert.match(await visitor.locator('main').textContent(), /If the role check does not appear here, you can call\s+\+1-617-719-9530\s+to book an alignment study\./);
  await eventually(() => warnings.some((w) => w.startsWith('role-quiz: the widget could not be loaded')), () => warnings.join('\n'));
  assert.equal(tries.length, 3, 'the first try and the two more');
  assert.ok(tries[2] - tries[1] > tries[1] - tries[0], `the tries wait longer each time: ${tries.map((t) => Math.round(t - tries[0])).join(', ')} ms`);
  await broken.close();
});

test('a visitor without JavaScript sees the demo page\'s own way to the study at once', async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const response = await page.goto(env.server.url);
  // Well inside the 3 s a visitor with JavaScript waits for the widget.
  const call = page.getByRole('link', { name: '+1-617-719-9530' });
  assert.equal(await call.isVisible(), true, 'the line shows as the page loads');
  assert.equal(await call.getAttribute('href'), 'tel:+16177199530');
  // The page's Content-Security-Policy allows its <noscript> style by hash
  // (a refused style would leave the line hidden, and say so in the console).
  assert.match(response.headers()['content-security-policy'], /style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on the demo page, a start module that fails to arrive once starts a moment later all the same', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  let tries = 0;
  await page.route(START_WASM, (route) => (tries++ ? route.continue() : route.abort('internetdisconnected')));
  await page.goto(env.server.url);
  await page.getByRole('button', { name: 'Start the role check' }).click();
  await page.getByRole('heading', { name: `Question 1 of ${TOTAL}` }).waitFor();
  assert.equal(tries, 2);
  assert.equal(await page.getByText('If the role check does not appear here').count(), 0);
  // The blocked download is the only error.
  assert.deepEqual(errors.filter((e) => !/^(console: Failed to load resource|request failed: .*_bg\.wasm)/.test(e)), []);
  await context.close();
});
