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
