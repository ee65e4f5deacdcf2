// Short names for what a Wasm module and its wasm-bindgen glue call each
// other by. wasm-bindgen names every import after its function plus a
// 16-digit hash (`__wbg_addEventListener_3acb0aad4aa1bf2b`), written once in
// the module and once in the glue; the hashes are random, so brotli cannot
// shrink them. binaryen's `--minify-imports-and-exports-and-modules` renames
// them all to one or two letters and prints the mapping, which is applied to
// the glue here. Measured on the start module: 2 KiB less in the Wasm and
// 0.9 KiB less in the glue, brotli. The same pass drops the `producers` and
// `target_features` sections, which browsers ignore.
//
// The glue is checked afterwards against the module itself: every import it
// provides must be one the module asks for and the other way round, and every
// export it uses must exist. Anything else fails the build.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// binaryen's wasm-opt from npm (scripts/install-tools.sh), as Trunk uses it;
// Debian's is too old.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const local = path.join(root, 'node_modules', '.bin', 'wasm-opt');
const WASM_OPT = existsSync(local) ? local : 'wasm-opt';

/** Renames the imports and exports of `wasmPath` and applies the new names
 * to the glue at `gluePath` (not yet minified: wasm-bindgen's own layout). */
export function shortenWasmNames(gluePath, wasmPath) {
  const printed = execFileSync(
    WASM_OPT,
    [wasmPath, '--minify-imports-and-exports-and-modules', '--strip-producers', '--strip-target-features', '-o', wasmPath],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const mapping = JSON.parse(printed);
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const imports = WebAssembly.Module.imports(module);
  const moduleNames = [...new Set(imports.map((i) => i.module))];
  if (moduleNames.length !== 1) fail(gluePath, `expected one import module, found ${moduleNames.join(', ')}`);

  let glue = readFileSync(gluePath, 'utf8');
  // The object of imports: `    const import0 = { __proto__: null, name: function(…) {…}, … };`
  // and the modules it is given as: `"./<name>_bg.js": import0`.
  const renamedImports = new Map(mapping.imports.map(([, from, to]) => [from, to]));
  glue = glue.replace(/^( {8})([\w$]+)(: function\()/gm, (whole, indent, name, rest) => {
    const to = renamedImports.get(name);
    if (to === undefined) fail(gluePath, `the glue provides ${name}, which the module does not import`);
    return `${indent}${JSON.stringify(to)}${rest}`;
  });
  const oldModules = [...new Set(mapping.imports.map(([from]) => from))];
  for (const from of oldModules) {
    const key = `${JSON.stringify(from)}: import0`;
    if (!glue.includes(key)) fail(gluePath, `no ${key} in the glue`);
    glue = glue.replace(key, `${JSON.stringify(moduleNames[0])}: import0`);
  }
  const renamedExports = new Map(mapping.exports);
  glue = glue.replace(/\bwasm\.([\w$]+)/g, (whole, name) => {
    const to = renamedExports.get(name);
    if (to === undefined) fail(gluePath, `the glue uses the export ${name}, which the module lacks`);
    return `wasm.${to}`;
  });

  // The check: the glue as rewritten against the module as renamed.
  const provided = new Set([...glue.matchAll(/^ {8}"([\w$]+)": function\(/gm)].map((m) => m[1]));
  const asked = new Set(imports.map((i) => i.name));
  for (const name of asked) if (!provided.has(name)) fail(gluePath, `the module imports ${name}, which the glue lacks`);
  for (const name of provided) if (!asked.has(name)) fail(gluePath, `the glue provides ${name}, which the module does not import`);
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  for (const [, name] of glue.matchAll(/\bwasm\.([\w$]+)/g)) {
    if (!exported.has(name)) fail(gluePath, `the glue uses the export ${name}, which the module lacks`);
  }
  writeFileSync(gluePath, glue);
}

function fail(gluePath, problem) {
  console.error(`shorten-wasm-names: ${gluePath}: ${problem}`);
  process.exit(1);
}
