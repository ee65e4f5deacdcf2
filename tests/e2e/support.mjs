// Shared helpers for the end-to-end tests: the server, the browser, the bank.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fresh temporary folder. */
export function tempDir() {
  return mkdtempSync(path.join(tmpdir(), 'role-quiz-e2e-'));
}

/** A free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built server on loopback (a free port unless one is given), with
 * its own database; resolves to { url, stop } where stop() resolves once the
 * process has exited.
 */
export function startServer({ port = 0, env = {}, db, staticDir = path.join(root, 'dist') } = {}) {
  const binary = path.join(root, 'target', 'server', 'role-quiz-server');
  const child = spawn(binary, ['--listen', `127.0.0.1:${port}`, '--static-dir', staticDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ROLE_QUIZ_DB: db ?? path.join(tempDir(), 'leads.sqlite3'),
      ROLE_QUIZ_RATE_BURST: '100',
      ...env,
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`server did not start: ${out}`));
    }, 15000);
    const onData = (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0], stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

/** Debian's Chromium, headless, with no network of its own. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

let bank = null;

/**
 * The question bank as the core has it (core/examples/bank_json.rs): the
 * scored items in questionnaire order, each with its side, its keying and
 * its key (the pole that agreeing moves the position toward), and the bands.
 */
export function bankData() {
  bank ??= JSON.parse(
    execFileSync('cargo', ['run', '--quiet', '-p', 'role-quiz-core', '--example', 'bank_json'], { cwd: root, encoding: 'utf8' }),
  );
  return bank;
}

/** Every event's full name (`rolequiz:view`, …), from the core's embed contract. */
export function eventNames() {
  const contract = JSON.parse(
    execFileSync('cargo', ['run', '--quiet', '-p', 'role-quiz-core', '--example', 'embed_contract'], { cwd: root, encoding: 'utf8' }),
  );
  return contract.events.map((name) => contract.eventPrefix + name);
}

/** The scored items in questionnaire order. */
export function bankItems() {
  return bankData().items;
}

/** The answer labels, from 1 (strongly disagree) to 5 (strongly agree). */
export const ANSWERS = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];

/** All-out answers toward one pole: 5 on its statements, 1 on the others. */
export const toward = (pole) => (item) => (item.key === pole ? 5 : 1);

/** Answers every statement, from the first: `answer(item, n)` gives 1 to 5. */
export async function answerStatements(scope, answer, onStatement) {
  for (const [n, item] of bankItems().entries()) {
    await scope.getByRole('radio', { name: ANSWERS[answer(item, n) - 1], exact: true }).click();
    if (onStatement) await onStatement(n);
    await scope.getByRole('button', { name: 'Next' }).click();
  }
}

/**
 * Takes the quiz by mouse inside `scope` (a page, or a locator around one
 * widget), from the start screen to the result, found by roles and names:
 * - `perspective`: the answer to "Who is answering?" (null keeps a preselected one);
 * - `title`: the job title to type (undefined leaves the field as it is);
 * - `answer(item, n)`: each statement's answer, 1 to 5;
 * - `measures`: the answer to the closing question;
 * - `start`: whether to press the start button first;
 * - `onStatement(n)`: awaited on each statement's screen once it is answered.
 */
export async function takeQuiz(scope, options) {
  await answerUpToTheResult(scope, options);
  await scope.getByRole('button', { name: 'See the result' }).click();
  await scope.getByRole('heading', { name: 'Where this role sits' }).waitFor();
}

/** [`takeQuiz`] up to the last question, answered, without pressing
 * "See the result". */
export async function answerUpToTheResult(scope, { perspective = 'I hold this role', title, answer, measures = 'Yes, the measures fit the work', start = true, onStatement }) {
  if (start) await scope.getByRole('button', { name: 'Start the role check' }).click();
  if (perspective) await scope.getByRole('radio', { name: perspective }).click();
  await scope.getByRole('button', { name: 'Next' }).click();
  if (title !== undefined) await scope.getByRole('textbox', { name: 'Job title' }).fill(title);
  await scope.getByRole('button', { name: 'Next' }).click();
  await answerStatements(scope, answer, onStatement);
  await scope.getByRole('radio', { name: measures }).click();
}

/** The names of the headings in the page's accessibility tree, as
 * assistive technology gets it from Chromium. */
export async function headingsInTheAccessibilityTree(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored && n.role?.value === 'heading').map((n) => n.name?.value);
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return errors;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core's WCAG 2.1 A/AA and best-practice rules on the element
 * `selector` finds (the widget by default; `html` for a whole page) and
 * fails with the violations found. */
export async function audit(page, screen, selector = '.rq') {
  // Evaluated through the DevTools protocol rather than added as a
  // <script>: the pages' Content-Security-Policy allows no inline script
  // but its own, and the audit must see the page under that policy.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  const result = await page.evaluate(
    (within) =>
      window.axe.run(document.querySelector(within), {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      }),
    selector,
  );
  const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(found, [], `${screen} has accessibility violations`);
  assert.ok(result.passes.length > 10, `${screen}: axe ran its checks`);
}

/**
 * One server and one browser for a test file: started before its tests,
 * stopped after them. Returns an object whose `server` and `browser` are
 * set once the tests run.
 */
export function serverAndBrowser(serverOptions = {}) {
  const shared = { server: null, browser: null };
  before(async () => {
    shared.server = await startServer(serverOptions);
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.stop();
  });
  return shared;
}

/** Waits up to 5 s for `ok()` to hold (checked every 50 ms); fails with
 * `detail()` if it never does. */
export async function eventually(ok, detail) {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(ok(), detail());
}
