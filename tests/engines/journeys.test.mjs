// Whole journeys in Chromium, Firefox ESR and WebKitGTK, one suite written
// once, found by visible text and labels. Every page carries a capture of
// script errors, rejected promises and CSP violations installed before the
// widget loads (see support.mjs); any of them fails the journey.
import assert from 'node:assert/strict';
import { Key } from 'selenium-webdriver';
import {
  enginesAndServer,
  inEveryEngine,
  secondSession,
  activate,
  button,
  radio,
  textbox,
  heading,
  textOnPage,
  focusedText,
  wasmFetches,
  pageErrors,
  screenshot,
  driverLog,
  frontFailing,
  bankItems,
  ANSWERS,
  By,
} from './support.mjs';

const TOKEN = 'engines-admin-token-9e2b';
const shared = enginesAndServer({ env: { ROLE_QUIZ_ADMIN_TOKEN: TOKEN, ROLE_QUIZ_MIN_FILL_MS: '0' } });
const ITEMS = bankItems();
const TOTAL = ITEMS.length + 3;
const url = (page = '') => `${shared.server.url}${page}`;

/** Takes the quiz by mouse on the demo page: `answer(item)` gives 1 to 5.
 * With `pause`, the visitor waits on the last question until the result is
 * drawn ahead (src/prepared.rs), which must stay out of sight until "See
 * the result" shows that very drawing, with focus on its heading. */
async function takeQuiz(driver, { perspective = 'I hold this role', title = '', answer, measures = 'Yes, the measures fit the work', pause = false }) {
  // Each step waits for the new question's heading, as a person would see it
  // before acting, so no click lands on the screen that is going away.
  await activate(driver, await button(driver, 'Start the role check'));
  await heading(driver, `Question 1 of ${TOTAL}`);
  if (perspective) await (await radio(driver, perspective)).click();
  await activate(driver, await button(driver, 'Next'));
  await heading(driver, `Question 2 of ${TOTAL}`);
  if (title) await (await textbox(driver, 'Job title')).sendKeys(title);
  await activate(driver, await button(driver, 'Next'));
  for (const [n, item] of ITEMS.entries()) {
    await heading(driver, `Question ${n + 3} of ${TOTAL}`);
    await (await radio(driver, ANSWERS[answer(item) - 1])).click();
    await activate(driver, await button(driver, 'Next'));
  }
  await heading(driver, `Question ${TOTAL} of ${TOTAL}`);
  await (await radio(driver, measures)).click();
  const ahead = () => driver.executeScript(`
    const title = document.querySelector('#role-quiz + div .rq-title');
    return title ? { shown: title.checkVisibility(), focused: document.activeElement === title } : null;`);
  if (pause) {
    await driver.wait(ahead, 10000, 'the result is drawn ahead on the last question');
    assert.deepEqual(await ahead(), { shown: false, focused: false }, 'out of sight until asked for');
  }
  await activate(driver, await button(driver, 'See the result'));
  await heading(driver, 'Where this role sits');
  if (pause) assert.deepEqual(await ahead(), { shown: true, focused: true }, 'the drawing made ahead is shown, with focus on its heading');
}

const bandName = (driver) => driver.findElement(By.css('.rq-band-name')).getText();

async function noHorizontalScroll(driver) {
  return driver.executeScript('return document.documentElement.scrollWidth - window.innerWidth');
}

inEveryEngine(shared, 'the quiz by mouse reaches a sales band, looks right at two widths, and loads the Wasm once', async (driver, engine) => {
  await driver.get(url());
  await button(driver, 'Start the role check');
  assert.deepEqual(await wasmFetches(driver), { start: 1, full: 0 }, 'the start screen needs the start module alone, fetched once');
  await screenshot(driver, `${engine}-start-1280`);
  // The narrowest window the driver allows (each engine has its own floor).
  await driver.manage().window().setRect({ width: 390, height: 900 });
  const width = await driver.executeScript('return window.innerWidth');
  assert.ok(width <= 520, `${engine} narrowed the window to ${width}px`);
  assert.ok((await noHorizontalScroll(driver)) <= 0, `no sideways scrolling on the start screen at ${width}px`);
  await screenshot(driver, `${engine}-start-${width}`);
  await driver.manage().window().setRect({ width: 1280, height: 900 });
  await takeQuiz(driver, { title: 'Account Executive', answer: (item) => (item.key === 'sales' ? 5 : 1), pause: true });
  assert.equal(await bandName(driver), 'Strongly sales');
  assert.deepEqual(await wasmFetches(driver), { start: 1, full: 1 }, 'each module fetched once');
  await textOnPage(driver, 'likely, given these answers.');
  await screenshot(driver, `${engine}-result-1280`);
  await driver.manage().window().setRect({ width: 390, height: 900 });
  assert.ok((await noHorizontalScroll(driver)) <= 0, `no sideways scrolling on the result at ${width}px`);
  await screenshot(driver, `${engine}-result-${width}`);
  await driver.navigate().refresh();
  await heading(driver, 'Where this role sits');
  assert.ok((await noHorizontalScroll(driver)) <= 0);
  assert.deepEqual(await wasmFetches(driver), { start: 1, full: 1 }, 'a reload fetches each module once too');
  assert.deepEqual(await pageErrors(driver), []);
});

/**
 * Answers every question by keyboard alone, from the first question to
 * Enter on "See the result": Tab to the answers, Space to choose, Enter to
 * move on. Statements about marketing get "Strongly agree" (Space picks
 * "Strongly disagree", four arrows down reach it), the others "Strongly
 * disagree". `at(name)` waits for each new heading and checks focus is on it.
 */
async function answerByKeyboard(driver, at) {
  const press = (...keys) => driver.actions().sendKeys(...keys).perform();
  await at(`Question 1 of ${TOTAL}`);
  await press(Key.TAB, Key.SPACE, Key.ENTER); // "I hold this role"
  await at(`Question 2 of ${TOTAL}`);
  await press(Key.TAB, 'Brand Manager', Key.ENTER);
  for (const [n, item] of ITEMS.entries()) {
    await at(`Question ${n + 3} of ${TOTAL}`);
    const keys = [Key.TAB, Key.SPACE];
    if (item.key === 'marketing') keys.push(Key.ARROW_DOWN, Key.ARROW_DOWN, Key.ARROW_DOWN, Key.ARROW_DOWN);
    await press(...keys, Key.ENTER);
  }
  await at(`Question ${TOTAL} of ${TOTAL}`);
  await press(Key.TAB, Key.SPACE, Key.ENTER); // "Yes, the measures fit the work"
}

/** Waits for a heading on the page and checks focus is on it. */
const atHeading = (driver) => async (name) => {
  await heading(driver, name);
  assert.equal(await focusedText(driver), name);
};

inEveryEngine(shared, 'the keyboard alone reaches a marketing band, with focus on each new heading', async (driver) => {
  await driver.get(url());
  await button(driver, 'Start the role check');
  await driver.actions().sendKeys(Key.TAB).perform();
  assert.equal(await focusedText(driver), 'Start the role check');
  await driver.actions().sendKeys(Key.ENTER).perform();
  await answerByKeyboard(driver, atHeading(driver));
  await atHeading(driver)('Where this role sits');
  assert.equal(await bandName(driver), 'Strongly marketing');
  assert.deepEqual(await pageErrors(driver), []);
});

inEveryEngine(shared, 'a reload mid-quiz keeps the answers and the place', async (driver) => {
  await driver.get(url());
  await activate(driver, await button(driver, 'Start the role check'));
  await heading(driver, `Question 1 of ${TOTAL}`);
  await (await radio(driver, 'I manage this role')).click();
  await activate(driver, await button(driver, 'Next'));
  await heading(driver, `Question 2 of ${TOTAL}`);
  await (await textbox(driver, 'Job title')).sendKeys('Account Executive');
  await activate(driver, await button(driver, 'Next'));
  await heading(driver, `Question 3 of ${TOTAL}`);
  await (await radio(driver, 'Agree')).click();
  await activate(driver, await button(driver, 'Next'));
  await heading(driver, `Question 4 of ${TOTAL}`);
  await driver.navigate().refresh();
  await heading(driver, `Question 4 of ${TOTAL}`);
  await activate(driver, await button(driver, 'Back'));
  await heading(driver, `Question 3 of ${TOTAL}`);
  assert.ok(await (await radio(driver, 'Agree')).isSelected());
  await activate(driver, await button(driver, 'Back'));
  assert.equal(await (await textbox(driver, 'Job title')).getAttribute('value'), 'Account Executive');
  assert.deepEqual(await pageErrors(driver), []);
});

/** Takes the quiz on the page open in `driver`, asks to be contacted and
 * sends the form as `email`. */
async function sendLead(driver, engine, email) {
  await takeQuiz(driver, { answer: (item) => (item.key === 'sales' ? 4 : 2), measures: 'Partly' });
  await activate(driver, await button(driver, 'Ask to be contacted'));
  await (await textbox(driver, 'Your name')).sendKeys(`Ada ${engine}`);
  await (await textbox(driver, 'Work e-mail')).sendKeys(email);
  await (await textbox(driver, 'Company')).sendKeys('Engines Ltd');
  await (await driver.findElement(By.css('.rq-consent input[type=checkbox]'))).click();
  await activate(driver, await button(driver, 'Send my details'));
}

/** The leads the collector has stored from `email`. */
async function leadsFrom(email) {
  const leads = await (await fetch(url('api/leads'), { headers: { authorization: `Bearer ${TOKEN}` } })).json();
  return leads.leads.filter((l) => l.lead.contact.email === email);
}

inEveryEngine(shared, 'the lead form confirms and the lead lands in the collector once', async (driver, engine) => {
  await driver.get(url(`?utm_source=${engine}`));
  const email = `lead-${engine}@example.com`;
  await sendLead(driver, engine, email);
  await heading(driver, 'Thank you, your details have arrived');
  const mine = await leadsFrom(email);
  assert.equal(mine.length, 1, 'one lead');
  assert.equal(mine[0].lead.schema, 'role-quiz.lead/2');
  assert.equal(mine[0].lead.context.params.utm_source, engine);
  assert.deepEqual(await pageErrors(driver), []);
});

inEveryEngine(shared, 'a lead the collector cannot take at first waits in the browser and arrives once after a reload', async (driver, engine) => {
  // The front answers the lead's first delivery with 503, as a collector
  // being restarted would.
  const front = await frontFailing(url(), /^\/api\/leads$/, 1);
  try {
    const email = `waiting-${engine}@example.com`;
    const arrived = () => leadsFrom(email);
    await driver.get(front.url);
    await sendLead(driver, engine, email);
    await heading(driver, 'Your details will be sent');
    assert.deepEqual(await arrived(), [], 'not yet');
    const waiting = await driver.executeScript('return JSON.parse(localStorage.getItem("role-quiz:outbox")).entries.length');
    assert.equal(waiting, 1, 'kept in the browser');

    await driver.navigate().refresh();
    await heading(driver, 'Where this role sits');
    await driver.wait(async () => (await arrived()).length > 0, 15000, 'the lead arrives after the reload');
    await driver.wait(() => driver.executeScript('return localStorage.getItem("role-quiz:outbox") === null'), 10000, 'and leaves the outbox');
    assert.equal((await arrived()).length, 1, 'once');
    assert.equal(front.requests.length, 2, 'one refused delivery, one accepted');
    const logged = await driverLog(driver);
    assert.deepEqual(logged.filter((m) => !/api\/leads .*503/.test(m)), []);
    assert.deepEqual(await pageErrors(driver), []);
  } finally {
    await front.close();
  }
});

/** Runs `script` with the shadow root of the element with id `host` as its first argument. */
const inShadow = (driver, host, script, ...args) =>
  driver.executeScript(`const root = document.getElementById(arguments[0]).shadowRoot; ${script}`, host, ...args);

/** The button with this text inside `host`'s shadow root, as a WebDriver element. */
async function shadowButton(driver, host, name) {
  await driver.wait(async () => inShadow(driver, host, 'return !!root && [...root.querySelectorAll("button")].some((b) => b.textContent.trim() === arguments[1])', name), 15000, `no button ${name} in #${host}`);
  return inShadow(driver, host, 'return [...root.querySelectorAll("button")].find((b) => b.textContent.trim() === arguments[1])', name);
}

/** Waits for a heading in `host`'s shadow root and checks focus is on it. */
const atShadowHeading = (driver, host) => async (name) => {
  const present = 'return [...root.querySelectorAll("h1, h2, h3, h4")].some((h) => h.textContent.trim() === arguments[1])';
  await driver.wait(() => inShadow(driver, host, present, name), 15000, `no heading ${name} in #${host}`);
  const focused = 'return ((root.activeElement && root.activeElement.textContent) || "").trim()';
  assert.equal(await inShadow(driver, host, focused), name);
};

/** The full module's glue, which the widget imports while the visitor answers. */
const FULL_GLUE = /\/role-quiz-full-[0-9a-f]+\.js$/;

/** The queries (`?retry=N`, or none) of the requests a front saw for one script. */
const queriesOf = (front) => front.requests.map((r) => r.replace(/^.*\.js/, ''));

/**
 * Checks what the front saw of the full module's glue, and lets through the
 * errors Chromium's log holds for it (the 503s; the other engines' drivers
 * keep no log): the loader's first try and its own two more, then the one
 * "Try again" made, each from an address of its own after a failure, which
 * Firefox needs: it keeps a failed import's error for the page's life, so
 * trying the same address again could never bring the result there.
 */
async function triedFourTimes(driver, front) {
  assert.deepEqual(
    queriesOf(front),
    ['', '?retry=1', '?retry=2', '?retry=3'],
    `the glue's requests: ${front.requests.join(', ')}`,
  );
  const logged = await driverLog(driver);
  assert.deepEqual(logged.filter((m) => !/role-quiz-full-[0-9a-f]+\.js(\?retry=\d)? .*503/.test(m)), []);
  assert.deepEqual(await pageErrors(driver), []);
}

inEveryEngine(shared, 'a full module that fails to arrive three times comes with "Try again" on the demo page', async (driver) => {
  const front = await frontFailing(url(), FULL_GLUE, 3);
  try {
    await driver.get(front.url);
    await activate(driver, await button(driver, 'Start the role check'));
    await answerByKeyboard(driver, atHeading(driver));
    await textOnPage(driver, 'the result could not be loaded');
    await activate(driver, await button(driver, 'Try again'));
    await atHeading(driver)('Where this role sits');
    assert.equal(await bandName(driver), 'Strongly marketing');
    await triedFourTimes(driver, front);
  } finally {
    await front.close();
  }
});

inEveryEngine(shared, 'a full module that fails to arrive three times comes with "Try again" through the embed snippet', async (driver) => {
  const front = await frontFailing(url(), FULL_GLUE, 3);
  try {
    await driver.get(`${front.url}plain.html`);
    await activate(driver, await shadowButton(driver, 'first', 'Start the role check'));
    await answerByKeyboard(driver, atShadowHeading(driver, 'first'));
    const alert = 'return ((root.querySelector("[role=alert]") || {}).textContent || "")';
    await driver.wait(async () => /could not be loaded/.test(await inShadow(driver, 'first', alert)), 15000, 'the widget says the result could not be loaded');
    await activate(driver, await shadowButton(driver, 'first', 'Try again'));
    await atShadowHeading(driver, 'first')('Where this role sits');
    assert.equal(await inShadow(driver, 'first', 'return root.querySelector(".rq-band-name").textContent'), 'Strongly marketing');
    await triedFourTimes(driver, front);
  } finally {
    await front.close();
  }
});

inEveryEngine(shared, '/plain.html renders two independent widgets in shadow roots, fetching the Wasm once', async (driver) => {
  await driver.get(url('plain.html'));
  await shadowButton(driver, 'first', 'Start the role check');
  await shadowButton(driver, 'second', 'Start the role check');
  await activate(driver, await shadowButton(driver, 'first', 'Start the role check'));
  await driver.wait(() => inShadow(driver, 'first', 'return !!root.querySelector("h2.rq-step-heading")'), 15000);
  const second = await inShadow(driver, 'second', 'return root.querySelector("h2").textContent');
  assert.equal(second, 'Is this role marketing or sales at heart?', 'the other widget did not move');
  await driver.wait(async () => (await wasmFetches(driver)).full === 1, 15000, 'starting loads the full module');
  assert.deepEqual(await wasmFetches(driver), { start: 1, full: 1 }, 'two widgets, one download of each module');
  assert.deepEqual(await pageErrors(driver), []);
});

inEveryEngine(shared, 'the popup opens, keeps focus inside, and gives it back', async (driver) => {
  await driver.get(url('embed.html'));
  const launcher = await shadowButton(driver, 'guide-popup', 'Is your role marketing or sales?');
  await activate(driver, launcher);
  await shadowButton(driver, 'guide-popup', 'Start the role check');
  // The guide page's inline widget and its popup share the start module.
  assert.deepEqual(await wasmFetches(driver), { start: 1, full: 0 }, 'the popup fetches the start module once');
  const focusInDialog = () =>
    inShadow(driver, 'guide-popup', 'const a = root.activeElement; return !!(a && root.querySelector("dialog").contains(a))');
  await driver.wait(focusInDialog, 5000, 'focus moved into the dialog');
  for (let n = 0; n < 6; n++) {
    await driver.actions().sendKeys(Key.TAB).perform();
    assert.ok(await focusInDialog(), `focus stays in the dialog after ${n + 1} Tab presses`);
  }
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await driver.wait(() => inShadow(driver, 'guide-popup', 'return !root.querySelector("dialog").open'), 5000, 'the dialog closed');
  assert.equal(await inShadow(driver, 'guide-popup', 'return root.activeElement && root.activeElement.textContent'), 'Is your role marketing or sales?');
  assert.deepEqual(await pageErrors(driver), []);
});

inEveryEngine(shared, "a popup whose module fails to arrive once shows its launcher a moment later", async (driver) => {
  const front = await frontFailing(url(), /\/embed-popup-[0-9a-f]+\.js$/, 1);
  try {
    await driver.get(`${front.url}embed.html`);
    const launcher = await shadowButton(driver, 'guide-popup', 'Is your role marketing or sales?');
    await activate(driver, launcher);
    await shadowButton(driver, 'guide-popup', 'Start the role check');
    // The loader's second try, from an address of its own (Firefox keeps a
    // failed import's error for the page's life).
    assert.deepEqual(queriesOf(front), ['', '?retry=1']);
    const logged = await driverLog(driver);
    assert.deepEqual(logged.filter((m) => !/embed-popup-[0-9a-f]+\.js .*503/.test(m)), []);
    assert.deepEqual(await pageErrors(driver), []);
  } finally {
    await front.close();
  }
});

inEveryEngine(shared, 'an invitation opened in a second profile shows the comparison', async (driver, engine) => {
  await driver.get(url());
  await takeQuiz(driver, { title: 'Marketing Manager', answer: (item) => (item.key === 'sales' ? 4 : 2) });
  await activate(driver, await button(driver, 'Compare with your manager'));
  const field = await textbox(driver, 'Invitation link');
  const invitation = await field.getAttribute('value');
  assert.match(invitation, /#rq=[A-Za-z0-9_-]+$/);
  const { driver: manager, close } = await secondSession(engine);
  try {
    await manager.get(invitation);
    await heading(manager, 'You are invited to compare views');
    // The manager agrees one step more with every statement: a level
    // difference, not a different view of the role.
    await takeQuiz(manager, { perspective: null, answer: (item) => (item.key === 'sales' ? 5 : 3) });
    await heading(manager, 'How your views compare');
    await textOnPage(manager, 'Aligned');
    await textOnPage(manager, 'Manager agreed more with the statements overall');
    assert.deepEqual(await pageErrors(manager), []);
  } catch (error) {
    await screenshot(manager, `${engine}-failure-invited-person`).catch(() => {});
    throw error;
  } finally {
    await close();
  }
  assert.deepEqual(await pageErrors(driver), []);
});

inEveryEngine(shared, 'the hostile CSP page renders the widget with no CSP violation', async (driver) => {
  await driver.get(url('hostile.html'));
  await shadowButton(driver, 'hostile', 'Start the role check');
  assert.deepEqual(await wasmFetches(driver), { start: 1, full: 0 }, 'the embed snippet fetches the start module once');
  assert.deepEqual(await pageErrors(driver), []);
});
