// Trunk post-build hook: writes embed.js (and the embedding demo pages) into
// Trunk's staging folder, with the content-hashed names of the glue and the
// stylesheet and the stylesheet's text filled in.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
const css = find(/^widget-[0-9a-f]+\.css$/, 'widget stylesheet');
const template = readFileSync(path.join(root, 'embed', 'embed.js'), 'utf8');
const embed = template
  .replace("'__GLUE__'", JSON.stringify(glue))
  .replace("'__CSS_FILE__'", JSON.stringify(css))
  .replace('__CSS_TEXT__', JSON.stringify(readFileSync(path.join(staging, css), 'utf8')));
writeFileSync(path.join(staging, 'embed.js'), embed);
for (const page of readdirSync(path.join(root, 'embed'))) {
  if (page !== 'embed.js') copyFileSync(path.join(root, 'embed', page), path.join(staging, page));
}
console.log(`write-embed: embed.js uses ${glue} and ${css}`);
