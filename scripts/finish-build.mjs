// The last steps of every build that ships Wasm: short names between each
// module and its glue, scripts minified with terser, and each file written
// once more compressed. Used by the widget's build (write-embed.mjs) and by
// the bench's Yew floor (bench/yew-floor/finish.mjs), so both ship alike.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { minify } from 'terser';
import { shortenWasmNames } from './shorten-wasm-names.mjs';

/** Short names between each glue in `glues` and its `_bg.wasm` (see
 * shorten-wasm-names.mjs). */
export function shortenNames(staging, glues) {
  for (const file of glues) {
    shortenWasmNames(path.join(staging, file), path.join(staging, file.replace(/\.js$/, '_bg.wasm')));
  }
}

/** Minifies `files` in place with terser: Trunk's own JavaScript minifier
 * leaves the wasm-bindgen glue as it is. Measured: the start module's glue
 * 6.8 -> 5.0 KiB brotli, embed.js 6.5 -> 4.2. */
export async function minifyScripts(staging, files) {
  for (const file of files) {
    const source = readFileSync(path.join(staging, file), 'utf8');
    const { code } = await minify(source, { module: true, compress: true, mangle: true });
    writeFileSync(path.join(staging, file), code);
  }
}

/** Compresses every script, module, stylesheet and icon once, at brotli's
 * best and gzip's, beside each file: the collector serves these when the
 * browser accepts them (ServeDir's precompressed files), instead of
 * compressing every answer on the fly at brotli quality 4 (tower-http's
 * default), which made the start module 106 KiB on the wire instead of 90.
 * HTML pages are left out: the collector reads each page to write its
 * Content-Security-Policy. */
export function precompress(staging) {
  const { BROTLI_PARAM_QUALITY, BROTLI_MAX_QUALITY, BROTLI_PARAM_SIZE_HINT } = zlib.constants;
  for (const file of readdirSync(staging)) {
    if (!/\.(js|wasm|css|svg)$/.test(file)) continue;
    const data = readFileSync(path.join(staging, file));
    writeFileSync(
      path.join(staging, `${file}.br`),
      zlib.brotliCompressSync(data, { params: { [BROTLI_PARAM_QUALITY]: BROTLI_MAX_QUALITY, [BROTLI_PARAM_SIZE_HINT]: data.length } }),
    );
    writeFileSync(path.join(staging, `${file}.gz`), zlib.gzipSync(data, { level: 9 }));
  }
}
