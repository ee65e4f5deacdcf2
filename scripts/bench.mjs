// Prints the shipped files' sizes (raw, gzip, brotli) and the start-up times
// in headless Chromium: navigation to an interactive start screen, and to the
// first question after pressing Start (median of several fresh loads).
//
// Run with `make bench` (it builds the release widget first).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, launchBrowser, root } from '../tests/e2e/support.mjs';

const LOADS = Number(process.env.BENCH_LOADS || 9);
const dist = path.join(root, 'dist');

function kb(bytes) {
  return (bytes / 1024).toFixed(1).padStart(8);
}

const rows = readdirSync(dist)
  .filter((f) => statSync(path.join(dist, f)).isFile())
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
// What a start screen needs: the page, what it links, and the Wasm its glue loads.
const wasmFile = rows.find((r) => r.file.endsWith('_bg.wasm'))?.file;
const glueFile = wasmFile?.replace('_bg.wasm', '.js');
const linked = (page) => {
  const html = readFileSync(path.join(dist, page), 'utf8');
  return [...html.matchAll(/(?:href|src)="\/?([^"#?]+)"/g)].map((m) => m[1]).filter((f) => rows.some((r) => r.file === f));
};
const sets = {
  'demo page (index.html)': ['index.html', ...linked('index.html'), glueFile, wasmFile],
  'embed snippet (embed.js)': ['embed.js', glueFile, wasmFile],
};
for (const [name, files] of Object.entries(sets)) {
  const chosen = rows.filter((r) => new Set(files).has(r.file));
  const total = chosen.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
  console.log(`${('start screen, ' + name).padEnd(44)}${kb(total.raw)}${kb(total.gzip)}${kb(total.brotli)}`);
}

const server = await startServer();
const browser = await launchBrowser();
const interactive = [];
const firstQuestion = [];
try {
  for (let n = 0; n < LOADS; n++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'commit' });
    const start = page.getByRole('button', { name: 'Start the role check' });
    await start.waitFor();
    interactive.push(await page.evaluate(() => performance.now()));
    await start.click();
    await page.getByRole('heading', { name: /^Question 1 of/ }).waitFor();
    firstQuestion.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const fmt = (xs) =>
  `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, ${xs.length} loads)`;
console.log('\nStart-up in headless Chromium, from navigation, on loopback with a fresh cache');
console.log(`start screen interactive: ${fmt(interactive)}`);
console.log(`first question shown:     ${fmt(firstQuestion)}`);
