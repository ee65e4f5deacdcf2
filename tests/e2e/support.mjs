// Shared helpers for the end-to-end tests: the server, the browser, the bank.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Starts the built server on a free loopback port; resolves to { url, stop }. */
export function startServer() {
  const binary = path.join(root, 'target', 'server', 'role-quiz-server');
  const child = spawn(binary, ['--listen', '127.0.0.1:0', '--static-dir', path.join(root, 'dist')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
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

/** The scored items in questionnaire order, with their keying, from content/bank.toml. */
export function bankItems() {
  const text = readFileSync(path.join(root, 'content', 'bank.toml'), 'utf8');
  const items = [];
  for (const block of text.split('[[items]]').slice(1)) {
    const id = block.match(/^id = "([^"]+)"/m)[1];
    const key = block.match(/^key = "([^"]+)"/m)[1];
    items.push({ id, key });
  }
  return items;
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
