// Cross-engine journeys: Chromium, Firefox ESR and WebKitGTK, driven over
// W3C WebDriver with selenium-webdriver. Each driver is started here from an
// explicit path (Debian's chromedriver and WebKitWebDriver, geckodriver from
// `cargo install`), and sessions connect to it with `usingServer`, so nothing
// ever looks for, or downloads, a browser or driver of its own.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { before, after, test } from 'node:test';
import { Builder, By, Key, until } from 'selenium-webdriver';
import { startServer, freePort, tempDir, root } from '../e2e/support.mjs';

export { By, until };
export { bankItems, ANSWERS, toward } from '../e2e/support.mjs';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const GECKODRIVER = process.env.GECKODRIVER || path.join(homedir(), '.cargo', 'bin', 'geckodriver');

/** How to start each engine's driver and ask it for a session. */
export const ENGINES = {
  chromium: {
    driver: process.env.CHROMEDRIVER || '/usr/bin/chromedriver',
    args: (port) => [`--port=${port}`],
    capabilities: {
      browserName: 'chrome',
      // The driver's log of the page's console, read after each journey.
      'goog:loggingPrefs': { browser: 'SEVERE' },
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM || '/usr/bin/chromium',
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    },
  },
  firefox: {
    driver: GECKODRIVER,
    args: (port) => ['--port', String(port), '--binary', '/usr/bin/firefox-esr'],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': {
        args: ['-headless'],
        // No network of its own: no updates, telemetry or remote settings.
        prefs: {
          'app.update.enabled': false,
          'browser.shell.checkDefaultBrowser': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'toolkit.telemetry.enabled': false,
          'network.captive-portal-service.enabled': false,
          'browser.safebrowsing.malware.enabled': false,
          'browser.safebrowsing.phishing.enabled': false,
          'extensions.update.enabled': false,
        },
      },
    },
  },
  webkit: {
    driver: process.env.WEBKITWEBDRIVER || '/usr/bin/WebKitWebDriver',
    args: (port) => [`--port=${port}`],
    capabilities: {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    },
  },
};

/** The engines to run: all three, or those named in ENGINES=chromium,webkit. */
export function enginesToRun() {
  const wanted = (process.env.ENGINES || Object.keys(ENGINES).join(',')).split(',').map((e) => e.trim()).filter(Boolean);
  for (const name of wanted) {
    if (!ENGINES[name]) throw new Error(`unknown engine ${name}; known: ${Object.keys(ENGINES).join(', ')}`);
  }
  return wanted;
}

/** Starts a driver on a free loopback port; resolves once it answers. */
async function startDriver(engine) {
  const port = await freePort();
  const child = spawn(engine.driver, engine.args(port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${engine.driver} exited: ${output}`);
    try {
      const r = await fetch(`${url}/status`);
      if (r.ok) return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${engine.driver} did not start: ${output}`);
}

/** Runs before any other script on every page: keeps script errors,
 * rejected promises and Content-Security-Policy violations for the test. */
const CAPTURE = `window.__rqErrors = [];
addEventListener('error', (e) => __rqErrors.push('error: ' + (e.message || (e.target && (e.target.src || e.target.href)) || e.type)), true);
addEventListener('unhandledrejection', (e) => __rqErrors.push('unhandled rejection: ' + ((e.reason && e.reason.message) || e.reason)));
addEventListener('securitypolicyviolation', (e) => __rqErrors.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
`;

/** A copy of the built site with the capture script first in every page. */
function siteWithCapture() {
  const dir = path.join(tempDir(), 'dist');
  cpSync(path.join(root, 'dist'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'rq-test-capture.js'), CAPTURE);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(path.join(dir, file), 'utf8');
    // Right after <html …>: the built pages are minified, and a minified
    // page may leave out its optional <head> tag.
    const withCapture = html.replace(/<html[^>]*>/i, (tag) => `${tag}<script src="/rq-test-capture.js"></script>`);
    if (withCapture === html) throw new Error(`${file} has no <html> tag to put the capture script after`);
    writeFileSync(path.join(dir, file), withCapture);
  }
  return dir;
}

/** The collector with the captured site, and one driver per engine, for a test file. */
export function enginesAndServer(serverOptions = {}) {
  const shared = { server: null, drivers: {} };
  before(async () => {
    // Every journey in three engines reports its funnel from one address,
    // faster than any one visitor could.
    const env = { ROLE_QUIZ_REPORT_BURST: '5000', ...serverOptions.env };
    shared.server = await startServer({ ...serverOptions, env, staticDir: siteWithCapture() });
    for (const name of enginesToRun()) shared.drivers[name] = await startDriver(ENGINES[name]);
  });
  after(async () => {
    for (const d of Object.values(shared.drivers)) d.stop();
    await shared.server?.stop();
  });
  return shared;
}

/** A fresh session (its own profile) in `engine`, at 1280 × 900. */
export async function session(shared, engine) {
  const driver = await new Builder()
    .usingServer(shared.drivers[engine].url)
    .withCapabilities(ENGINES[engine].capabilities)
    .build();
  await driver.manage().setTimeouts({ implicit: 0, pageLoad: 30000, script: 30000 });
  await driver.manage().window().setRect({ width: 1280, height: 900 });
  driver.engine = engine;
  return driver;
}

/**
 * Activates a button as a visitor would. In WebKitGTK the pointer is used
 * for everything else, but WebKitWebDriver (2.50) misplaces a click's release
 * when focus moves from a focused heading to the button: it reports element
 * rectangles about 34 px lower than the page lays them out (MiniBrowser's
 * toolbar), so the release lands beside a 48 px button and no click fires.
 * No page code runs in between (checked with a mutation observer and the
 * button's own rectangle), so buttons there are pressed with Enter, the other
 * way a visitor activates them.
 */
export async function activate(driver, element) {
  if (driver.engine === 'webkit') await element.sendKeys(Key.ENTER);
  else await element.click();
}

/** A second person's session, in a driver process of its own (WebKitWebDriver
 * serves one session at a time); `close()` ends both. */
export async function secondSession(engine) {
  const process = await startDriver(ENGINES[engine]);
  try {
    const driver = await session({ drivers: { [engine]: process } }, engine);
    return { driver, close: async () => { await driver.quit(); process.stop(); } };
  } catch (error) {
    process.stop();
    throw error;
  }
}

/** Registers `body(driver, engine)` as one test per engine, each in a fresh session. */
export function inEveryEngine(shared, name, body) {
  for (const engine of enginesToRun()) {
    test(`${name} [${engine}]`, async () => {
      const driver = await session(shared, engine);
      try {
        await body(driver, engine);
        assert.deepEqual(await driverLog(driver), [], `${engine}'s driver logged errors`);
      } catch (error) {
        await screenshot(driver, `${engine}-failure-${name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => {});
        throw error;
      } finally {
        await driver.quit();
      }
    });
  }
}

const ARTIFACTS = path.join(root, 'tests', 'engines', 'artifacts');

/** Saves a screenshot under tests/engines/artifacts/. */
export async function screenshot(driver, name) {
  if (!existsSync(ARTIFACTS)) mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, `${name}.png`), await driver.takeScreenshot(), 'base64');
}

/** Errors the driver itself logged from the page, where it keeps such a
 * log (chromedriver does; geckodriver and WebKitWebDriver have none). */
export async function driverLog(driver) {
  if (driver.engine !== 'chromium') return [];
  const entries = await driver.manage().logs().get('browser');
  return entries.filter((e) => e.level.name === 'SEVERE').map((e) => e.message);
}

/** Script errors, rejections and CSP violations the page has seen so far. */
export function pageErrors(driver) {
  return driver.executeScript('return window.__rqErrors || ["the capture script did not run"]');
}

const WAIT = 15000;
const text = (s) => JSON.stringify(s).replace(/^"|"$/g, '');
const literal = (s) => (s.includes('"') ? `'${s}'` : `"${text(s)}"`);

/** The button whose visible text is `name`, once it is there. */
export function button(driver, name) {
  return driver.wait(until.elementLocated(By.xpath(`//button[normalize-space(.)=${literal(name)}]`)), WAIT, `no button ${name}`);
}

/** The radio button whose label reads `label`. */
export function radio(driver, label) {
  return driver.wait(
    until.elementLocated(By.xpath(`//label[normalize-space(.)=${literal(label)}]//input[@type="radio"]`)),
    WAIT,
    `no radio button ${label}`,
  );
}

/** The text field labelled `label`. */
export async function textbox(driver, label) {
  const l = await driver.wait(until.elementLocated(By.xpath(`//label[normalize-space(.)=${literal(label)}]`)), WAIT);
  return driver.findElement(By.id(await l.getAttribute('for')));
}

/** Waits for a heading (h1 to h4) whose text is `name`. */
export function heading(driver, name) {
  return driver.wait(
    until.elementLocated(By.xpath(`//*[self::h1 or self::h2 or self::h3 or self::h4][normalize-space(.)=${literal(name)}]`)),
    WAIT,
    `no heading ${name}`,
  );
}

/** Waits until some element's visible text contains `part`. */
export function textOnPage(driver, part) {
  return driver.wait(
    until.elementLocated(By.xpath(`//*[contains(normalize-space(.), ${literal(part)}) and not(*[contains(normalize-space(.), ${literal(part)})])]`)),
    WAIT,
    `no text ${part}`,
  );
}

/** The text of the focused element. */
export function focusedText(driver) {
  return driver.executeScript('return (document.activeElement && document.activeElement.textContent || "").trim()');
}

/**
 * How often each of the widget's two Wasm modules was fetched by the page:
 * `{ start, full }` (the full module loads while the visitor answers).
 */
export async function wasmFetches(driver) {
  const names = await driver.executeScript(
    `return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('_bg.wasm'))`,
  );
  return {
    start: names.filter((p) => /\/role-quiz-[0-9a-f]+_bg\.wasm$/.test(p)).length,
    full: names.filter((p) => /\/role-quiz-full-[0-9a-f]+_bg\.wasm$/.test(p)).length,
  };
}

/**
 * A front for the collector at `target`, as a struggling server or CDN in
 * between would be: the first `times` requests whose path matches `pattern`
 * get 503 Service Unavailable, and everything else passes through unchanged
 * (headers included, so the collector sees the page's own origin).
 * `requests` lists the matching requests' paths and queries in order.
 */
export async function frontFailing(target, pattern, times) {
  const requests = [];
  const server = http.createServer((request, response) => {
    if (pattern.test(new URL(request.url, target).pathname)) {
      requests.push(request.url);
      if (requests.length <= times) {
        response.writeHead(503, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
        response.end('Service Unavailable');
        return;
      }
    }
    const upstream = http.request(new URL(request.url, target), { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
