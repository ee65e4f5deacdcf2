// The one-snippet embed: isolation from hostile pages, a strict CSP, several
// instances, the events, the popup, the iframe page, and failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, bankItems, watchErrors, takeQuiz, toward, eventNames, eventually, answerUpToTheResult } from './support.mjs';

const ITEMS = bankItems();

const env = serverAndBrowser();

async function newPage(viewport = { width: 1100, height: 900 }) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** Serves `html` as the page `name` beside the collector's own, for a host
 * page a test writes itself; returns its address. */
async function hostPage(page, name, html) {
  const address = `${env.server.url}${name}`;
  await page.route(address, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  return address;
}

/** Computed styles of named parts of the widget with the given id. */
function widgetStyles(page, id) {
  return page.evaluate((id) => {
    const root = document.getElementById(id).shadowRoot;
    const parts = { frame: '.rq', title: '.rq-title', lead: '.rq-lead', note: '.rq-note', button: '.rq-button.rq-primary' };
    const props = ['font-family', 'font-size', 'font-weight', 'color', 'background-color', 'letter-spacing', 'text-transform',
      'line-height', 'padding-top', 'padding-left', 'margin-top', 'border-top-width', 'border-top-style', 'border-radius'];
    const out = {};
    for (const [name, selector] of Object.entries(parts)) {
      const style = getComputedStyle(root.querySelector(selector));
      out[name] = Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
    }
    return out;
  }, id);
}

test('a hostile page with global CSS and a strict CSP leaves the widget as on a plain page', async () => {
  const { context, page, errors } = await newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const csp = (await fetch(`${env.server.url}hostile.html`)).headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' http:\/\/localhost:\d+ 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);

  await page.goto(`${env.server.url}hostile.html`);
  await page.getByRole('button', { name: 'Start the role check' }).waitFor();
  const hostile = await widgetStyles(page, 'hostile');
  const hostText = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector('.host-title'));
    return { font: s.fontFamily, color: s.color, transform: s.textTransform };
  });
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation');

  const plain = await newPage();
  await plain.page.goto(`${env.server.url}plain.html`);
  await plain.page.getByRole('button', { name: 'Start the role check' }).first().waitFor();
  assert.deepEqual(hostile, await widgetStyles(plain.page, 'first'));
  assert.match(hostText.font, /Comic Sans/, "the page's own elements keep the page's styles");
  assert.equal(hostText.color, 'rgb(255, 0, 170)');
  assert.equal(hostText.transform, 'uppercase');

  // The whole quiz still works there, with the later screens' styles that
  // come with the full module.
  await takeQuiz(page, { answer: toward('sales') });
  const bandName = page.locator('.rq-band-name');
  assert.equal(await bandName.textContent(), 'Strongly sales');
  assert.equal(await bandName.evaluate((e) => getComputedStyle(e).fontWeight), '700', 'the result is styled');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
  await plain.context.close();
});

test('two instances on one page keep separate progress', async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${env.server.url}plain.html`);
  const first = page.locator('#first');
  const second = page.locator('#second');
  await first.getByRole('button', { name: 'Start the role check' }).click();
  await first.getByRole('radio', { name: 'I hold this role' }).click();
  await first.getByRole('button', { name: 'Next' }).click();
  await first.getByRole('textbox', { name: 'Job title' }).waitFor();
  await second.getByRole('button', { name: 'Start the role check' }).scrollIntoViewIfNeeded();
  await second.getByRole('button', { name: 'Start the role check' }).waitFor();

  await page.reload();
  await first.getByRole('textbox', { name: 'Job title' }).waitFor();
  await second.getByRole('button', { name: 'Start the role check' }).scrollIntoViewIfNeeded();
  await second.getByRole('button', { name: 'Start the role check' }).waitFor();
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('role-quiz:progress:')).sort());
  assert.deepEqual(keys, ['role-quiz:progress:first']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the funnel events fire in order with their details and reach the dataLayer', async () => {
  const { context, page, errors } = await newPage();
  // Every event the core defines, by the names the loaders are built with.
  await page.addInitScript((names) => {
    window.dataLayer = [];
    window.__events = [];
    for (const name of names) {
      document.addEventListener(name, (e) => window.__events.push({ name: e.type, target: e.target.id, detail: e.detail }));
    }
  }, eventNames());
  await page.goto(`${env.server.url}plain.html`);
  const first = page.locator('#first');
  await takeQuiz(first, { answer: toward('sales'), measures: 'Partly' });
  await first.getByRole('link', { name: 'Book a full alignment study' }).evaluate((a) => a.addEventListener('click', (e) => e.preventDefault()));
  await first.getByRole('link', { name: 'Book a full alignment study' }).click();

  const events = (await page.evaluate(() => window.__events)).filter((e) => e.target === 'first');
  const names = events.map((e) => e.name);
  assert.deepEqual(names, [
    'rolequiz:view',
    'rolequiz:start',
    ...ITEMS.map(() => 'rolequiz:answer'),
    'rolequiz:complete',
    'rolequiz:cta-click',
  ]);
  assert.deepEqual(events[2].detail, { item: ITEMS[0].id, step: 3 });
  assert.deepEqual(events.at(-2).detail, { band: 'strongly_sales', position: 100, perspective: 'holder' });
  assert.deepEqual(events.at(-1).detail, { target: 'booking' });
  const layer = await page.evaluate(() => window.dataLayer.map((e) => e.event));
  assert.ok(layer.includes('rolequiz:complete') && layer.includes('rolequiz:start'));
  const pushed = await page.evaluate(() => window.dataLayer.find((e) => e.event === 'rolequiz:complete'));
  assert.deepEqual(pushed, { event: 'rolequiz:complete', band: 'strongly_sales', position: 100, perspective: 'holder' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the popup moves focus in, keeps it there, and gives it back on Esc', async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${env.server.url}embed.html`);
  const launcher = page.getByRole('button', { name: 'Is your role marketing or sales?' });
  // Drawn as the widget's own buttons are: the accent, and the widget's type.
  const look = await launcher.evaluate((b) => {
    const style = getComputedStyle(b);
    return [style.backgroundColor, style.color, style.fontFamily.startsWith('system-ui'), style.minHeight];
  });
  assert.deepEqual(look, ['rgb(27, 79, 138)', 'rgb(255, 255, 255)', true, '44px']);
  await launcher.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Start the role check' }).waitFor();
  const focusInDialog = () =>
    page.evaluate(() => {
      const host = document.getElementById('guide-popup');
      const active = host.shadowRoot.activeElement;
      return Boolean(active && host.shadowRoot.querySelector('dialog').contains(active));
    });
  assert.ok(await focusInDialog(), 'focus moved into the dialog');
  for (let n = 0; n < 6; n++) {
    await page.keyboard.press('Tab');
    assert.ok(await focusInDialog(), `focus stays in the dialog after ${n + 1} Tab presses`);
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  const backOnLauncher = await page.evaluate(
    () => document.getElementById('guide-popup').shadowRoot.activeElement?.textContent,
  );
  assert.equal(backOnLauncher, 'Is your role marketing or sales?');
  assert.deepEqual(errors, []);
  await context.close();
});

test("on a popup's last question Tab stays in the dialog, past the result drawn ahead", async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${env.server.url}embed.html`);
  await page.getByRole('button', { name: 'Is your role marketing or sales?' }).click();
  const dialog = page.getByRole('dialog');
  await answerUpToTheResult(dialog, { answer: toward('marketing') });
  const where = () =>
    page.evaluate(() => {
      const shadow = document.getElementById('guide-popup').shadowRoot;
      const active = shadow.activeElement;
      const ahead = shadow.querySelector('.rq-title')?.closest('dialog > div');
      return {
        ahead: Boolean(ahead) && getComputedStyle(ahead).contentVisibility === 'hidden',
        inDialog: Boolean(active && shadow.querySelector('dialog').contains(active)),
        inAhead: Boolean(active && ahead?.contains(active)),
      };
    });
  await page.waitForFunction(() => document.getElementById('guide-popup').shadowRoot.querySelector('.rq-title'));
  assert.equal((await where()).ahead, true, 'the result is drawn ahead, hidden, inside the dialog');
  for (let n = 0; n < 10; n++) {
    await page.keyboard.press('Tab');
    const now = await where();
    assert.ok(now.inDialog && !now.inAhead, `after ${n + 1} Tab presses focus is in the dialog and not in the hidden result`);
  }
  await dialog.getByRole('button', { name: 'See the result' }).click();
  await dialog.getByRole('heading', { name: 'Where this role sits' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the iframe page posts its height to the parent', async () => {
  const { context, page } = await newPage();
  const address = await hostPage(
    page,
    'parent-test.html',
    `<!doctype html><html><body><iframe id="f" title="Role check" style="width:100%;border:0;height:900px"
        src="${env.server.url}frame.html?booking-url=https%3A%2F%2Fexample.com%2Fbook&amp;utm_source=partner"></iframe></body></html>`,
  );
  await page.addInitScript(() => {
    window.__messages = [];
    addEventListener('message', (e) => window.__messages.push(e.data));
  });
  await page.goto(address);
  const frame = page.frameLocator('#f');
  await frame.getByRole('button', { name: 'Start the role check' }).waitFor();
  await page.waitForFunction(() => window.__messages.some((m) => m.type === 'rolequiz:height' && m.height > 200));
  const before = await page.evaluate(() => window.__messages.filter((m) => m.type === 'rolequiz:height').at(-1).height);
  await frame.getByRole('button', { name: 'Start the role check' }).click();
  await frame.getByRole('heading', { name: /^Question 1 of/ }).waitFor();
  await page.waitForFunction(
    (h) => window.__messages.filter((m) => m.type === 'rolequiz:height').at(-1).height !== h,
    before,
  );
  const types = await page.evaluate(() => window.__messages.map((m) => m.type));
  assert.ok(types.includes('rolequiz:view') && types.includes('rolequiz:start'), types.join(','));
  await context.close();
});

test('a malformed attribute falls back; attributes change live; destroy leaves nothing', async () => {
  const { context, page } = await newPage();
  await page.goto(`${env.server.url}plain.html`);
  await page.locator('#first').getByRole('button', { name: 'Start the role check' }).waitFor();
  const result = await page.evaluate(async () => {
    const slot = document.createElement('div');
    slot.id = 'api-slot';
    document.body.append(slot);
    const quiz = window.RoleQuiz.mount(slot, { id: 'api', accent: 'red;} body {display:none', mode: 'sideways' });
    for (let i = 0; i < 100 && !quiz.element.shadowRoot?.querySelector('.rq-start'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const accent = getComputedStyle(quiz.element.shadowRoot.querySelector('.rq-button.rq-primary')).backgroundColor;
    quiz.element.setAttribute('theme', 'dark');
    await new Promise((r) => setTimeout(r, 100));
    const theme = quiz.element.shadowRoot.querySelector('.rq').dataset.theme;
    // A dark-blue accent does not read on the dark background: the dark default is used there.
    quiz.element.setAttribute('accent', '#1b4f8a');
    quiz.element.setAttribute('theme', 'auto');
    await new Promise((r) => setTimeout(r, 100));
    const primary = () => getComputedStyle(quiz.element.shadowRoot.querySelector('.rq-button.rq-primary')).backgroundColor;
    const autoLight = primary();
    quiz.destroy();
    return { accent, theme, autoLight, left: slot.childNodes.length, bodyShown: getComputedStyle(document.body).display };
  });
  assert.equal(result.accent, 'rgb(27, 79, 138)', 'the default accent');
  assert.equal(result.theme, 'dark', 'a changed attribute took effect without a reload');
  assert.equal(result.autoLight, 'rgb(27, 79, 138)', 'the accent applies in light colours');
  assert.equal(result.left, 0, 'destroy left no nodes');
  assert.equal(result.bodyShown, 'block');
  await context.close();
});

test('malformed settings are reported by name once, when the full module arrives, and not again at the hand-over', async () => {
  const { context, page } = await newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(`${env.server.url}plain.html`);
  await page.locator('#first').getByRole('button', { name: 'Start the role check' }).waitFor();
  await page.evaluate(() => {
    const slot = document.createElement('div');
    document.body.append(slot);
    window.RoleQuiz.mount(slot, { id: 'later', accent: 'red', mode: 'sideways', contactEmail: 'nobody', capture: 'utm source' });
  });
  const widget = page.locator('#later');
  await widget.getByRole('button', { name: 'Start the role check' }).waitFor();
  const names = ['accent', 'mode', 'contact-email', 'capture'];
  const counts = () => names.map((name) => warnings.filter((w) => w.includes(`attribute \`${name}\` ignored`)).length);
  // The start module reads its settings silently (it falls back all the same).
  assert.deepEqual(counts(), [0, 0, 0, 0], warnings.join('\n'));
  await widget.getByRole('button', { name: 'Start the role check' }).click();
  await widget.getByRole('heading', { name: /^Question 1 of/ }).waitFor();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /role-quiz-full-[0-9a-f]+_bg\.wasm$/.test(e.name) && e.responseEnd > 0));
  await eventually(() => counts().every((n) => n === 1), () => warnings.join('\n'));
  // Further moves ask for the same load, and the full module takes over at
  // the end having reported already: nothing is reported twice.
  await takeQuiz(widget, { answer: toward('marketing'), start: false });
  await page.waitForTimeout(300);
  assert.deepEqual(counts(), [1, 1, 1, 1], warnings.join('\n'));
  await context.close();
});

test('a blocked Wasm load leaves the page content and reports an error', async () => {
  const { context, page } = await newPage();
  await page.route('**/*.wasm', (route) => route.abort('blockedbyclient'));
  await page.addInitScript(() => {
    window.__errors = [];
    document.addEventListener('rolequiz:error', (e) => window.__errors.push(e.detail));
  });
  await page.goto(`${env.server.url}plain.html`);
  await page.waitForFunction(() => window.__errors.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__errors[0]), { reason: 'load' });
  const fallback = page.locator('#first').getByRole('link', { name: /Call \+1-617-719-9530/ });
  assert.ok(await fallback.isVisible(), 'the element shows its own content');
  await context.close();
});

test('only a popup fetches the popup module; a popup whose module cannot load keeps the page content and reports an error', async () => {
  const inline = await newPage();
  await inline.page.goto(`${env.server.url}plain.html`);
  await inline.page.locator('#first').getByRole('button', { name: 'Start the role check' }).waitFor();
  const fetched = await inline.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.ok(!fetched.some((name) => /embed-popup-[0-9a-f]+\.js$/.test(name)), fetched.join('\n'));
  await inline.context.close();

  const { context, page } = await newPage();
  // Every try: the loader's own two more come from addresses of their own.
  await page.route(/embed-popup-[0-9a-f]+\.js(\?retry=\d+)?$/, (route) => route.abort('blockedbyclient'));
  await page.addInitScript(() => {
    window.__errors = [];
    document.addEventListener('rolequiz:error', (e) => window.__errors.push([e.target.id, e.detail]));
  });
  await page.goto(`${env.server.url}embed.html`);
  await page.waitForFunction(() => window.__errors.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__errors), [['guide-popup', { reason: 'load' }]]);
  assert.equal(await page.getByRole('button', { name: 'Is your role marketing or sales?' }).count(), 0, 'no launcher without its module');
  // The inline widget beside it is unaffected.
  await page.locator('#guide-inline').getByRole('button', { name: 'Start the role check' }).waitFor();
  await context.close();
});

test("a popup's widget is fetched while the launcher waits, and counted as seen only once opened; the launcher takes the page's accent meanwhile, and a changed one", async () => {
  const { context, page, errors } = await newPage();
  const address = await hostPage(
    page,
    'popup-only.html',
    `<!doctype html><html lang="en"><head><title>A popup alone</title><script type="module" src="/embed.js"></script></head>
        <body><main><h1>A popup alone</h1><role-quiz id="alone" mode="popup" accent="#b91c1c"><a href="tel:+16177199530">Call us</a></role-quiz></main></body></html>`,
  );
  await page.addInitScript(() => {
    window.__seen = [];
    document.addEventListener('rolequiz:view', (e) => window.__seen.push(e.target.id));
  });
  await page.goto(address);
  const launcher = page.getByRole('button', { name: 'Is this role marketing or sales?' });
  await launcher.waitFor();
  const startWasm = () => performance.getEntriesByType('resource').filter((e) => /\/role-quiz-[0-9a-f]+_bg\.wasm$/.test(e.name)).length;
  // Nobody has pressed the launcher: the start module comes in an idle moment.
  await page.waitForFunction(startWasm, null, { timeout: 10000 });
  const background = () => launcher.evaluate((b) => getComputedStyle(b).backgroundColor);
  await page.waitForFunction(
    () => getComputedStyle(document.getElementById('alone').shadowRoot.querySelector('button')).backgroundColor === 'rgb(185, 28, 28)',
    null,
    { timeout: 10000 },
  );
  assert.equal(await background(), 'rgb(185, 28, 28)', "the page's accent before the first press");
  // The page changes its accent before anyone opens the popup: the launcher follows.
  await page.evaluate(() => document.getElementById('alone').setAttribute('accent', '#0f766e'));
  await page.waitForFunction(
    () => getComputedStyle(document.getElementById('alone').shadowRoot.querySelector('button')).backgroundColor === 'rgb(15, 118, 110)',
    null,
    { timeout: 5000 },
  );
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__seen), [], 'not counted as seen while closed');
  assert.equal(await page.evaluate(() => document.getElementById('alone').shadowRoot.querySelector('.rq')), null, 'nothing mounted yet');
  await launcher.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start the role check' }).waitFor();
  assert.equal(await page.evaluate(startWasm), 1, 'fetched once, before the launcher was used');
  await page.waitForFunction(() => window.__seen.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__seen), ['alone'], 'seen once opened');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a page written right to left, the widget, its launcher and its dialog read left to right, as their texts do', async () => {
  // The page's direction reaches the shadow root (`all` leaves `direction`
  // alone): without a direction of their own, the English texts had their
  // question marks and full stops at the start of the line.
  const { context, page, errors } = await newPage();
  const address = await hostPage(
    page,
    'rtl-page.html',
    `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8" /><title>صفحة</title><script type="module" src="/embed.js"></script></head>
        <body><main><h1>صفحة</h1><role-quiz id="inline"><a href="tel:+16177199530">Call us</a></role-quiz>
        <role-quiz id="pop" mode="popup"><a href="tel:+16177199530">Call us</a></role-quiz></main></body></html>`,
  );
  await page.goto(address);
  /** Whether the text's last character (its punctuation) is drawn right of its first. */
  const endsOnTheRight = (locator) =>
    locator.evaluate((el) => {
      const text = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      const at = (i) => {
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect().left;
      };
      const trimmed = text.textContent.trimEnd();
      return at(trimmed.length - 1) > at(text.textContent.length - text.textContent.trimStart().length);
    });
  const inline = page.locator('#inline');
  await inline.getByRole('heading', { name: 'Is this role marketing or sales at heart?' }).waitFor();
  assert.equal(await endsOnTheRight(inline.getByRole('heading', { name: 'Is this role marketing or sales at heart?' })), true, 'the title');
  assert.equal(await endsOnTheRight(inline.getByText('About three minutes.')), true, 'the note under it');
  const launcher = page.getByRole('button', { name: 'Is this role marketing or sales?' });
  await launcher.waitFor();
  assert.equal(await endsOnTheRight(launcher), true, 'the launcher');
  await launcher.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Start the role check' }).waitFor();
  const [close, box] = await Promise.all([dialog.getByRole('button', { name: 'Close' }).boundingBox(), dialog.boundingBox()]);
  assert.ok(close.x + close.width > box.x + box.width - 4, 'Close at the dialog\'s right end');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const dir of ['ltr', 'rtl']) {
  test(`on a phone, a popup opens in sight on a page wider than the screen, its start screen and a question too (${dir})`, async () => {
    // A page whose content overflows a phone's width (a wide table, say)
    // widens the layout viewport a modal dialog is placed in: centred there,
    // the dialog sat partly off screen, its right edge and, on a question,
    // its Next button out of sight. A right-to-left page opens at its right
    // end, so the box the dialog keeps to is that end's.
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const address = await hostPage(
      page,
      'wide-page.html',
      `<!doctype html><html lang="en" dir="${dir}"><head><meta name="viewport" content="width=device-width, initial-scale=1" /><title>A wide page</title>
          <script type="module" src="/embed.js"></script></head>
          <body><main><h1>A wide page</h1><p><img alt="" width="600" height="40" src="data:,"></p>
          <role-quiz id="wide" mode="popup"><a href="tel:+16177199530">Call us</a></role-quiz></main></body></html>`,
    );
    await page.goto(address);
    assert.ok(await page.evaluate(() => innerWidth > visualViewport.width), 'the page is wider than the screen');
    // Playwright's taps miss on a right-to-left page scrolled to its end
    // (any button there, the page's own too), so that page is pressed by a
    // click event on the element itself.
    const press = (locator) => (dir === 'rtl' ? locator.dispatchEvent('click') : locator.tap());
    const inSight = (name) =>
      page.getByRole('dialog').evaluate((dialog, name) => {
        const box = dialog.getBoundingClientRect();
        const seen = { left: visualViewport.offsetLeft, top: visualViewport.offsetTop, right: visualViewport.offsetLeft + visualViewport.width, bottom: visualViewport.offsetTop + visualViewport.height };
        const off = box.left < seen.left || box.right > seen.right || box.top < seen.top || box.bottom > seen.bottom;
        return off ? `${name}: the dialog at ${JSON.stringify(box)} leaves the screen ${JSON.stringify(seen)}` : '';
      }, name);
    await press(page.getByRole('button', { name: 'Is this role marketing or sales?' }));
    const dialog = page.getByRole('dialog');
    await press(dialog.getByRole('button', { name: 'Start the role check' }));
    await dialog.getByRole('heading', { name: /^Question 1 of/ }).waitFor();
    assert.equal(await inSight('the first question'), '');
    // The tallest start a question has: the answers and both buttons, in sight.
    await press(dialog.getByRole('radio').first());
    await press(dialog.getByRole('button', { name: 'Next' }));
    await dialog.getByRole('heading', { name: /^Question 2 of/ }).waitFor();
    assert.equal(await inSight('the second question'), '');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a widget switched to the popup and back, or taken off the page and put back, is drawn again each time', async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${env.server.url}plain.html`);
  const widget = page.locator('#first');
  await widget.getByRole('button', { name: 'Start the role check' }).waitFor();
  await page.evaluate(() => document.getElementById('first').setAttribute('mode', 'popup'));
  await widget.getByRole('button', { name: 'Is this role marketing or sales?' }).waitFor();
  assert.equal(await widget.getByRole('button', { name: 'Start the role check' }).isVisible(), false, 'the start screen waits in the closed dialog');
  await page.evaluate(() => document.getElementById('first').setAttribute('mode', 'inline'));
  await widget.getByRole('button', { name: 'Start the role check' }).waitFor({ state: 'visible' });
  assert.equal(await widget.getByRole('button', { name: 'Is this role marketing or sales?' }).count(), 0);
  // Taken off the page and put back, it is drawn again.
  await page.evaluate(() => {
    const element = document.getElementById('first');
    element.remove();
    document.body.append(element);
  });
  await widget.getByRole('button', { name: 'Start the role check' }).waitFor({ state: 'visible' });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a fault inside the widget stays inside it and never reaches the page's error handlers", async () => {
  const { context, page } = await newPage();
  await page.addInitScript(() => {
    window.__pageErrors = [];
    window.onerror = (message) => window.__pageErrors.push(String(message));
    window.addEventListener('error', (e) => window.__pageErrors.push(`listener: ${e.message}`));
    window.__widgetErrors = [];
    document.addEventListener('rolequiz:error', (e) => window.__widgetErrors.push(e.detail));
  });
  await page.goto(`${env.server.url}plain.html`);
  const start = page.locator('#first').getByRole('button', { name: 'Start the role check' });
  await start.waitFor();
  // A listener added the way the widget adds its own, which then fails.
  await page.evaluate(() => {
    const container = [...document.getElementById('first').shadowRoot.children].find((el) => el.tagName === 'DIV');
    container.addEventListener('click', () => {
      throw new Error('a fault in a widget listener');
    }, true);
  });
  await start.click();
  await page.locator('#first').getByRole('heading', { name: /^Question 1 of/ }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__pageErrors), [], 'the page heard nothing');
  assert.deepEqual(await page.evaluate(() => window.__widgetErrors), [{ reason: 'fault' }]);
  await context.close();
});

test('in dark colours an accent that would not read there gives way to the dark default', async () => {
  const context = await env.browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(`${env.server.url}plain.html`);
  const colours = await page.evaluate(async () => {
    const make = (accent) => {
      const slot = document.createElement('div');
      document.body.append(slot);
      return window.RoleQuiz.mount(slot, { id: `dark-${accent.slice(1)}`, accent, theme: 'auto' });
    };
    const dim = make('#1b4f8a');
    const light = make('#8ab4f8');
    const ready = (q) => q.element.shadowRoot?.querySelector('.rq-button.rq-primary');
    for (let i = 0; i < 100 && !(ready(dim) && ready(light)); i++) await new Promise((r) => setTimeout(r, 50));
    const bg = (q) => getComputedStyle(ready(q)).backgroundColor;
    return { dim: bg(dim), light: bg(light) };
  });
  assert.equal(colours.dim, 'rgb(138, 180, 248)', 'the dark default, #8ab4f8');
  assert.equal(colours.light, 'rgb(138, 180, 248)', 'an accent that reads on dark is used');
  await context.close();
});
