// Trunk post-build hook: writes embed.js (and the embedding demo pages) into
// Trunk's staging folder, with the content-hashed names of the glue and the
// stylesheet, the stylesheet's text, and the contract with the widget
// (printed by core/examples/embed_contract.rs) filled in.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';
import { minifyScripts, precompress, shortenNames } from './finish-build.mjs';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('write-embed: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
const files = readdirSync(staging);
const find = (re, what) => {
  const found = files.filter((f) => re.test(f));
  if (found.length !== 1) {
    console.error(`write-embed: expected one ${what} in ${staging}, found ${found.join(', ') || 'none'}`);
    process.exit(1);
  }
  return found[0];
};
const glue = find(/^role-quiz-[0-9a-f]+\.js$/, 'wasm-bindgen glue');
// The full module is built by Trunk as a "worker" (so nothing loads it at
// start), which leaves its names unhashed: hash them here, so they can be
// cached for good like the rest.
const fullGlue = (() => {
  const wasm = readFileSync(path.join(staging, 'role-quiz-full_bg.wasm'));
  const hash = createHash('sha256').update(wasm).update(readFileSync(path.join(staging, 'role-quiz-full.js'))).digest('hex').slice(0, 16);
  renameSync(path.join(staging, 'role-quiz-full_bg.wasm'), path.join(staging, `role-quiz-full-${hash}_bg.wasm`));
  renameSync(path.join(staging, 'role-quiz-full.js'), path.join(staging, `role-quiz-full-${hash}.js`));
  return `role-quiz-full-${hash}.js`;
})();
const css = find(/^widget-[0-9a-f]+\.css$/, 'widget stylesheet');
// The later screens' styles, which arrive with the full module.
const fullCss = find(/^widget-full-[0-9a-f]+\.css$/, 'later screens stylesheet');
// The contract, from the core itself (a native build of the core crate).
const contract = execFileSync('cargo', ['run', '--quiet', '-p', 'role-quiz-core', '--example', 'embed_contract'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
}).trim();
JSON.parse(contract); // fails the build on anything but JSON
const fill = (file, values, from = path.join(root, 'embed', file)) => {
  let text = readFileSync(from, 'utf8');
  for (const [placeholder, value] of Object.entries(values)) {
    if (!text.includes(placeholder)) {
      console.error(`write-embed: ${file} has no ${placeholder}`);
      process.exit(1);
    }
    text = text.replaceAll(placeholder, typeof value === 'function' ? value : () => value);
  }
  writeFileSync(path.join(staging, file), text);
};
/** The glue in `file` (wasm-bindgen's module, names shortened) as the body
 * of a function that returns the exports `used` (`default` is its start),
 * for embed.js to carry (see `startGlue` there). Fails the build when the
 * glue is not laid out as expected or lacks one of them. */
function glueAsFunctionBody(file, used) {
  let text = readFileSync(path.join(staging, file), 'utf8');
  const exported = new Map();
  text = text.replace(/^export function ([\w$]+)/gm, (whole, name) => {
    exported.set(name, name);
    return `function ${name}`;
  });
  text = text.replace(/^export \{([^}]*)\};?[ \t]*$/m, (whole, list) => {
    for (const part of list.split(',')) {
      const [local, as = local] = part.trim().split(/\s+as\s+/);
      exported.set(as, local);
    }
    return '';
  });
  if (/^\s*(export|import)\b/m.test(text)) {
    console.error(`write-embed: ${file} has an import or export that embed.js cannot carry`);
    process.exit(1);
  }
  const missing = used.filter((name) => !exported.has(name));
  if (missing.length) {
    console.error(`write-embed: ${file} does not export ${missing.join(', ')}`);
    process.exit(1);
  }
  return `${text}\nreturn { ${used.map((name) => `${JSON.stringify(name)}: ${exported.get(name)}`).join(', ')} };`;
}

// Each script gets the part of the contract it reads (`CONTRACT.<key>`), so
// the page loads nothing it never uses (embed.js: 0.2 KiB less); of the
// texts per locale, only those it reads (`texts.<key>`: the popup's module
// 0.04 KiB less).
const contractFor = (file) => {
  const whole = JSON.parse(contract);
  const source = readFileSync(path.join(root, 'embed', file), 'utf8');
  const read = (pattern) => [...new Set([...source.matchAll(pattern)].map((m) => m[1]))];
  const keys = read(/CONTRACT\.(\w+)/g);
  for (const key of keys) {
    if (!(key in whole)) {
      console.error(`write-embed: ${file} reads CONTRACT.${key}, which the contract lacks`);
      process.exit(1);
    }
  }
  const part = Object.fromEntries(keys.map((k) => [k, whole[k]]));
  if (part.texts) {
    const used = read(/\btexts\.(\w+)/g);
    for (const [locale, texts] of Object.entries(part.texts)) {
      const missing = used.filter((key) => !(key in texts));
      if (missing.length) {
        console.error(`write-embed: ${file} reads texts.${missing.join(', texts.')}, which locale ${locale} lacks`);
        process.exit(1);
      }
      part.texts[locale] = Object.fromEntries(used.map((key) => [key, texts[key]]));
    }
  }
  return JSON.stringify(JSON.stringify(part));
};
// Short names between each module and its glue (finish-build.mjs), before
// the start module's glue is written into embed.js.
shortenNames(staging, [glue, fullGlue]);
// The popup mode's module, which embed.js names: minified, then named after
// its content, so it is cached for good like the modules.
fill('embed-popup.js', { __CONTRACT__: contractFor('embed-popup.js') });
await minifyScripts(staging, ['embed-popup.js']);
const popup = (() => {
  const hash = createHash('sha256').update(readFileSync(path.join(staging, 'embed-popup.js'))).digest('hex').slice(0, 16);
  renameSync(path.join(staging, 'embed-popup.js'), path.join(staging, `embed-popup-${hash}.js`));
  return `embed-popup-${hash}.js`;
})();
fill('embed.js', {
  "'__POPUP_FILE__'": JSON.stringify(popup),
  "'__START_WASM__'": JSON.stringify(find(/^role-quiz-[0-9a-f]+_bg\.wasm$/, 'start module')),
  '/* __START_GLUE__ */': () => glueAsFunctionBody(glue, ['default', 'mountWidget', 'unmountWidget', 'themeHost']),
  "'__FULL_GLUE__'": JSON.stringify(fullGlue),
  "'__CSS_FILE__'": JSON.stringify(css),
  "'__FULL_CSS_FILE__'": JSON.stringify(fullCss),
  __CSS_TEXT__: JSON.stringify(readFileSync(path.join(staging, css), 'utf8')),
  __CONTRACT__: contractFor('embed.js'),
});
fill('frame.js', { __CONTRACT__: contractFor('frame.js') });
// The demo page: the start module's early download (index.html) and the
// start-up script (Trunk.toml's pattern_script).
const base = process.env.TRUNK_PUBLIC_URL || '/';
fill(
  'index.html',
  {
    __START_WASM__: base + find(/^role-quiz-[0-9a-f]+_bg\.wasm$/, 'start module'),
    __FULL_GLUE__: fullGlue,
    __FULL_WASM__: fullGlue.replace(/\.js$/, '_bg.wasm'),
    __FULL_CSS__: fullCss,
  },
  path.join(staging, 'index.html'),
);
// Trunk linked the later screens' stylesheet in the page's head, to build and
// hash it; it loads with the full module instead.
{
  const page = path.join(staging, 'index.html');
  const html = readFileSync(page, 'utf8');
  const link = new RegExp(`<link[^>]*${fullCss.replace(/[.]/g, '\\.')}[^>]*>`);
  if (!link.test(html)) {
    console.error(`write-embed: index.html has no link to ${fullCss}`);
    process.exit(1);
  }
  // Trunk copies `data-integrity="none"` (index.html) into the page as it is.
  let text = html.replace(link, '').replaceAll(' data-integrity=none', '');
  // The page's module script (Trunk.toml's pattern_script), minified as the
  // glue is.
  const script = /<script type=module>([\s\S]*?)<\/script>/;
  const loader = text.match(script);
  if (!loader) {
    console.error('write-embed: index.html has no module script');
    process.exit(1);
  }
  const { code } = await minify(loader[1], { module: true, compress: true, mangle: true });
  text = text.replace(script, () => `<script type=module>${code}</script>`);
  writeFileSync(page, text);
}
for (const page of readdirSync(path.join(root, 'embed'))) {
  if (!['embed.js', 'embed-popup.js', 'frame.js'].includes(page)) copyFileSync(path.join(root, 'embed', page), path.join(staging, page));
}
// Terser and the compressed copies (finish-build.mjs).
await minifyScripts(staging, [glue, fullGlue, 'embed.js', 'frame.js']);
precompress(staging);
console.log(`write-embed: embed.js uses ${glue}, ${fullGlue}, ${popup}, ${css} and ${fullCss}`);
