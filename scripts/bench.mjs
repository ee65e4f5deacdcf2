// Prints the shipped files' sizes (raw, gzip, brotli); what each page fetches
// before its start screen is interactive; start-up in headless Chromium at
// 4x CPU, unthrottled and on slow 4G, beside a hand-written page of the same
// start screen (bench/reference.html) and the same start screen in the
// smallest Yew app (bench/yew-floor, the framework's floor); the JS heap; Wasm fetches per page;
// the time each answer takes to render; and the admin page's speed.
//
// Run with `make bench` (it builds the release widget and the Yew floor first).
import { copyFileSync, cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, launchBrowser, root, tempDir } from '../tests/e2e/support.mjs';

const LOADS = Number(process.env.BENCH_LOADS || 9);
// Visits whose every answer is timed (about 10 s each).
const ANSWER_VISITS = Number(process.env.BENCH_ANSWER_VISITS || 3);
// Another build's files can be measured instead (BENCH_DIST), to compare two
// builds on the same machine.
const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(root, 'dist');

function kb(bytes) {
  return (bytes / 1024).toFixed(1).padStart(8);
}

// The .br and .gz copies the build writes beside each file are what the
// collector sends; they are counted as the brotli column.
const rows = readdirSync(dist)
  .filter((f) => statSync(path.join(dist, f)).isFile() && !/\.(br|gz)$/.test(f))
  .map((f) => {
    const data = readFileSync(path.join(dist, f));
    return {
      file: f,
      raw: data.length,
      gzip: zlib.gzipSync(data, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(data, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
      }).length,
    };
  })
  .sort((a, b) => b.raw - a.raw);

console.log('Shipped files (KiB)');
console.log(`${'file'.padEnd(44)}${'raw'.padStart(8)}${'gzip'.padStart(8)}${'brotli'.padStart(8)}`);
for (const r of rows) console.log(`${r.file.padEnd(44)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);

// The pages compared, served together by one collector: the demo page, one
// widget through the embed snippet, and the hand-written reference page of
// the same start screen (bench/).
const site = tempDir();
cpSync(dist, site, { recursive: true });
for (const f of ['reference.html', 'embed.html']) copyFileSync(path.join(root, 'bench', f), path.join(site, `bench-${f}`));
// The popup page is the embed page with the popup mode, and nothing else
// changed, so the two differ only in what the mode costs.
{
  const inline = readFileSync(path.join(root, 'bench', 'embed.html'), 'utf8');
  const popup = inline.replace('<role-quiz id="bench">', '<role-quiz id="bench" mode="popup">');
  if (popup === inline) throw new Error('bench/embed.html has no <role-quiz id="bench"> to make a popup of');
  writeFileSync(path.join(site, 'bench-popup.html'), popup);
}
// The Yew floor (bench/yew-floor) and the bare Yew counter the performance
// issue takes as the framework's floor (the same crate with its `counter`
// feature), both built by `make bench`: their files beside the widget's, their
// pages as bench-yew-floor.html and bench-yew-counter.html. Both builds name
// their files after the crate; the hashes tell them apart.
for (const build of ['bench-yew-floor', 'bench-yew-counter']) {
  const dir = path.join(root, 'target', build);
  for (const f of readdirSync(dir)) copyFileSync(path.join(dir, f), path.join(site, f === 'index.html' ? `${build}.html` : f));
}
const PAGES = {
  'hand-written page': 'bench-reference.html',
  'bare Yew counter': 'bench-yew-counter.html',
  'Yew floor': 'bench-yew-floor.html',
  'demo page': '',
  'embed snippet': 'bench-embed.html',
  // A popup: the launcher first, pressed as soon as it appears; its start
  // screen is then the dialog's.
  'popup snippet': 'bench-popup.html',
};
const PROFILES = {
  unthrottled: null,
  'slow 4G': { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (0.75e6 / 8) * 0.9 },
};
const CPU_SLOWDOWN = 4;

// Marks, from inside the page: when the start button is on screen (in the
// page or a widget's shadow root), and when the first question is, with
// the start button clicked as soon as it appeared.
const PROBE = `(() => {
  const marks = (window.__bench = {});
  document.addEventListener('rolequiz:start', () => {
    marks.started = true;
  });
  const roots = [document];
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const shadow = attach.call(this, init);
    roots.push(shadow);
    observer.observe(shadow, { childList: true, subtree: true, characterData: true });
    return shadow;
  };
  const find = (selector, test) => {
    for (const r of roots) for (const el of r.querySelectorAll(selector)) if (test(el)) return el;
    return null;
  };
  const check = () => {
    if (!marks.launcher) {
      const launcher = find('button.rq-launcher', () => true);
      if (launcher) {
        marks.launcher = performance.now();
        launcher.click();
      }
    }
    if (!marks.pressing) {
      const start = find('button', (b) => b.textContent.trim() === 'Start the role check');
      if (start) {
        // A button that is drawn but not yet handled does not count: the
        // click is repeated until one is handled. The widget says so at
        // once, from the click's handler (its rolequiz:start event); the
        // other pages, by bringing the first question. (Waiting for the
        // question alone counted a slow first render as an unhandled
        // click, and the next press as the first interactive moment.)
        const press = () => {
          if (marks.question || marks.started || !start.isConnected) return;
          marks.interactive = performance.now();
          start.click();
          if (!marks.started) setTimeout(press, 50);
        };
        marks.pressing = true;
        press();
      }
    }
    if (marks.pressing && !marks.question && find('h2', (h) => h.textContent.startsWith('Question 1 of'))) {
      marks.question = performance.now();
      // Told through the console, which costs the page nothing: waiting with
      // Playwright's waitForFunction would inject its own script (about
      // 50 ms of the main thread at 4x CPU) while the page is starting.
      console.debug('role-quiz-bench');
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

const brotli = (data) =>
  zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }).length;
const brotliOf = new Map(readdirSync(site).filter((f) => statSync(path.join(site, f)).isFile() && !/\.(br|gz)$/.test(f)).map((f) => [f, brotli(readFileSync(path.join(site, f)))]));
const server = await startServer({ staticDir: site, env: { ROLE_QUIZ_REPORT_BURST: '100000' } });
const browser = await launchBrowser();

async function load(url, network, countFetches) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  await page.addInitScript(PROBE);
  const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'role-quiz-bench', timeout: 60000 });
  await page.goto(url, { waitUntil: 'commit' });
  await done;
  const heap = await cdp.send('Runtime.getHeapUsage');
  if (countFetches) {
    // Every Wasm fetch of the visit's start: the full module follows the
    // click on Start.
    await page.waitForFunction(
      () => !document.querySelector('[data-role-quiz], role-quiz') || performance.getEntriesByType('resource').some((e) => /role-quiz-full-[0-9a-f]+_bg\.wasm$/.test(e.name)),
      null,
      { timeout: 60000, polling: 100 },
    );
  }
  const result = await page.evaluate(() => {
    const { interactive, question, launcher } = window.__bench;
    const early = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource').filter((e) => e.startTime <= interactive)];
    const before = early.filter((e) => e.entryType === 'resource').map((e) => new URL(e.name).pathname.slice(1));
    // The bodies as they came over the network, compressed as the
    // collector sent them.
    const wire = early.reduce((t, e) => t + e.encodedBodySize, 0);
    const wasm = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('_bg.wasm')).map((e) => new URL(e.name).pathname.slice(1));
    return { interactive, question, launcher, before, wasm, wire };
  });
  const document = new URL(page.url()).pathname.slice(1) || 'index.html';
  await context.close();
  return { ...result, before: [document, ...result.before], heap: heap.usedSize };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const fmt = (xs) =>
  `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, ${xs.length} loads)`;

const results = {};
try {
  for (const [profile, network] of Object.entries(PROFILES)) {
    results[profile] = Object.fromEntries(Object.keys(PAGES).map((p) => [p, []]));
    // Interleaved, so a busy moment of the machine falls on every page alike.
    for (let n = 0; n < LOADS; n++) {
      for (const [name, file] of Object.entries(PAGES)) results[profile][name].push(await load(server.url + file, network, n === 0));
    }
  }

  console.log(`\nWhat each page fetches before its start screen is interactive (KiB, first load: the files at brotli's best, and the bodies as the collector sent them)`);
  for (const name of Object.keys(PAGES)) {
    const first = results.unthrottled[name][0];
    const files = [...new Set(first.before)].filter((f) => brotliOf.has(f));
    const total = files.reduce((t, f) => t + brotliOf.get(f), 0);
    console.log(`${name.padEnd(20)}${kb(total)} brotli, ${kb(first.wire).trim()} on the wire  ${files.join(', ')}`);
  }
  console.log(`\nWasm fetches per page in Chromium, once the full module has followed the click on Start (each module at most once)`);
  for (const name of Object.keys(PAGES)) {
    const counts = {};
    for (const f of results.unthrottled[name][0].wasm) counts[f] = (counts[f] || 0) + 1;
    console.log(`${name.padEnd(20)}${Object.entries(counts).map(([f, c]) => `${f.replace(/-[0-9a-f]{8,16}/, '-<hash>')} x${c}`).join(', ') || 'none'}`);
  }
  for (const [profile, byPage] of Object.entries(results)) {
    const reference = median(byPage['hand-written page'].map((r) => r.interactive));
    const floorMedian = median(byPage['Yew floor'].map((r) => r.interactive));
    console.log(`\nStart-up in headless Chromium, CPU ${CPU_SLOWDOWN}x slower, network ${profile}${PROFILES[profile] ? ' (150 ms RTT, 1.6 Mbit/s)' : ' (loopback)'}, fresh cache`);
    for (const [name, runs] of Object.entries(byPage)) {
      const interactive = runs.map((r) => r.interactive);
      const toFloor = name === 'demo page' || name === 'embed snippet' ? `, ${(median(interactive) / floorMedian).toFixed(2)}x the Yew floor` : '';
      if (runs[0].launcher !== undefined) {
        console.log(`${name.padEnd(20)}launcher           ${fmt(runs.map((r) => r.launcher))}, on screen and pressed at once`);
        console.log(`${''.padEnd(20)}first interactive ${fmt(interactive)}, in the dialog, ${(median(interactive) / reference).toFixed(2)}x the hand-written page`);
      } else {
        console.log(`${name.padEnd(20)}first interactive ${fmt(interactive)}, ${(median(interactive) / reference).toFixed(2)}x the hand-written page${toFloor}`);
      }
      console.log(`${''.padEnd(20)}first question     ${fmt(runs.map((r) => r.question))}, clicked as the button appeared`);
      console.log(`${''.padEnd(20)}JS heap            median ${(median(runs.map((r) => r.heap)) / 1048576).toFixed(2)} MB at the first question`);
    }
  }

  // Each answer, at 4x CPU: choosing an option, and moving on, for every
  // statement and the closing question; the last move shows the result.
  // Several fresh visits, since a single answer's time on a 2-core machine
  // varies about twofold from one run to the next.
  const answers = { choose: [], next: [], result: [] };
  for (let visit = 0; visit < ANSWER_VISITS; visit++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Start the role check' }).click();
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(/Question 3 of/).waitFor();
    // Let the full module arrive, as it does while a visitor reads.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('role-quiz-full-') && e.name.endsWith('_bg.wasm') && e.responseEnd > 0));
    // A visitor reading the question leaves the page idle for a few
    // seconds: the work queued for idle moments (funnel reports, the full
    // module's rehearsal of the result) runs then, before the next answer.
    // (It waits at most 3 s for an idle moment; headless Chromium gives
    // few.)
    await page.waitForTimeout(3500);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const times = await page.evaluate(async () => {
      const heading = () => document.querySelector('h2')?.textContent;
      // The work an action causes: the click's handlers and the render they
      // schedule (Yew renders in a microtask), up to the last change to the
      // page (Yew's scheduler yields to the browser after 16 ms and finishes
      // in a later task, which a single wait would not count), and then the
      // browser's drawing of the next frame: from that frame's
      // requestAnimationFrame to a message posted there, which runs once
      // the frame's style, layout and paint are done. The wait for the
      // frame is idle time and is not counted. Each click comes on a
      // settled page, as a visitor's does after reading, so the last
      // click's frame is not counted again in this one.
      let lastChange = 0;
      const changes = new MutationObserver(() => {
        lastChange = performance.now();
      });
      changes.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
      const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
      const settled = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))));
      const drawing = () =>
        new Promise((resolve) =>
          requestAnimationFrame(() => {
            const start = performance.now();
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now() - start);
            channel.port2.postMessage(0);
          }),
        );
      const work = async (act) => {
        await settled();
        const t0 = performance.now();
        act();
        await nextTask();
        let end = performance.now();
        // Done once a task passes without a change.
        for (let seen = lastChange; ; seen = lastChange) {
          await nextTask();
          if (lastChange === seen) break;
          end = Math.max(end, lastChange);
        }
        return end - t0 + (await drawing());
      };
      const choose = [];
      const next = [];
      for (let guard = 0; guard < 40; guard++) {
        const radios = document.querySelectorAll('input[type=radio]');
        const button = [...document.querySelectorAll('button')].find((b) => /^(Next|See the result)$/.test(b.textContent.trim()));
        if (!button || !radios.length) break;
        const last = button.textContent.trim() === 'See the result';
        choose.push(await work(() => radios[radios.length === 5 ? 3 : 0].click()));
        const before = heading();
        next.push(await work(() => button.click()));
        if (heading() === before && !last) throw new Error(`Next did not move on from ${before}`);
        if (last) break;
      }
      return { choose, next };
    });
    await context.close();
    answers.choose.push(...times.choose);
    answers.next.push(...times.next.slice(0, -1));
    answers.result.push(times.next.at(-1));
  }
  const withinFrame = (xs) => `${xs.filter((x) => x <= 16).length} of ${xs.length} within 16 ms`;
  console.log(`\nEach answer at ${CPU_SLOWDOWN}x CPU, ${ANSWER_VISITS} visits: the work a click causes, its handlers, the render and the next frame's drawing (one frame is 16 ms)`);
  console.log(`choosing an option:      ${fmt(answers.choose).replace(/loads/, 'answers')}; ${withinFrame(answers.choose)}`);
  console.log(`moving to the next step: ${fmt(answers.next).replace(/loads/, 'steps')}; ${withinFrame(answers.next)}`);
  console.log(`the last one, to result: ${fmt(answers.result).replace(/loads/, 'visits')}`);
} finally {
  await browser.close();
  await server.stop();
}

// The admin page with 10,000 leads: the overview and the leads list, timed
// from the request to the last byte (the pages need no script).
{
  const LEADS = Number(process.env.BENCH_ADMIN_LEADS || 10000);
  const token = 'bench-admin-token';
  const admin = await startServer({
    env: { ROLE_QUIZ_ADMIN_TOKEN: token, ROLE_QUIZ_MIN_FILL_MS: '0', ROLE_QUIZ_RATE_BURST: String(LEADS + 10) },
  });
  try {
    const sample = JSON.parse(readFileSync(path.join(root, 'tests', 'fixtures', 'lead-v1.json'), 'utf8'));
    const hex = (n) => n.toString(16).padStart(12, '0');
    let next = 0;
    const worker = async () => {
      while (next < LEADS) {
        const n = next++;
        const lead = { ...sample, lead_id: `0b6f2a3e-4c1d-4e8f-9a7b-${hex(n)}`, contact: { ...sample.contact, name: `Person ${n}` } };
        const r = await fetch(`${admin.url}api/leads`, { method: 'POST', body: JSON.stringify(lead), headers: { 'content-type': 'application/json' } });
        if (r.status !== 201) throw new Error(`lead ${n}: ${r.status} ${await r.text()}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const signIn = await fetch(`${admin.url}admin/sign-in`, {
      method: 'POST',
      body: `secret=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    const cookie = signIn.headers.get('set-cookie').split(';')[0];
    const time = async (url) => {
      const times = [];
      for (let n = 0; n < 9; n++) {
        const t = performance.now();
        const r = await fetch(url, { headers: { cookie } });
        await r.text();
        if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
        times.push(performance.now() - t);
      }
      return times;
    };
    console.log(`\nThe admin page with ${LEADS} leads (server side, loopback)`);
    console.log(`overview, 90 days:    ${fmt(await time(`${admin.url}admin?days=90`))}`);
    console.log(`leads list:           ${fmt(await time(`${admin.url}admin/leads`))}`);
    console.log(`leads list, searched: ${fmt(await time(`${admin.url}admin/leads?q=person%209999`))}`);
  } finally {
    await admin.stop();
  }
}
