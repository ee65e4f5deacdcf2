// The contract between the widget and its loaders: embed.js and frame.js are
// given, at build time, what the core says (attributes, modes, the outbox
// key, event names, texts). This fails when the built files disagree with
// the core, or when a loader's source keeps a copy of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './support.mjs';

const fromCore = JSON.parse(
  execFileSync('cargo', ['run', '--quiet', '-p', 'role-quiz-core', '--example', 'embed_contract'], {
    cwd: root,
    encoding: 'utf8',
  }),
);

/** Each loader's source in embed/, and the file the build made of it (the
 * popup module's name carries a content hash). */
const LOADERS = [
  ['embed.js', 'embed.js'],
  ['embed-popup.js', readdirSync(path.join(root, 'dist')).find((f) => /^embed-popup-[0-9a-f]{16}\.js$/.test(f))],
  ['frame.js', 'frame.js'],
];

/** The contract a built file carries: the JSON string given to `JSON.parse` (the file is minified). */
function builtContract(file) {
  const text = readFileSync(path.join(root, 'dist', file), 'utf8');
  const found = text.match(/JSON\.parse\(("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\)/);
  assert.ok(found, `${file} has no contract`);
  // A JavaScript string literal holding JSON: evaluated as the literal it is.
  return JSON.parse(new Function(`return ${found[1]}`)());
}

/** The contract keys a loader's source reads. */
function keysRead(file, pattern = /CONTRACT\.(\w+)/g) {
  const source = readFileSync(path.join(root, 'embed', file), 'utf8');
  return [...new Set([...source.matchAll(pattern)].map((m) => m[1]))].sort();
}

/** The core's value for `key`; of the texts per locale, only those `file` reads. */
function partFor(file, key) {
  if (key !== 'texts') return fromCore[key];
  const used = keysRead(file, /\btexts\.(\w+)/g);
  return Object.fromEntries(
    Object.entries(fromCore.texts).map(([locale, texts]) => [locale, Object.fromEntries(used.map((k) => [k, texts[k]]))]),
  );
}

test('the built loaders carry the part of the contract they read, as the core prints it', () => {
  for (const [file, builtFile] of LOADERS) {
    assert.ok(builtFile, `the build made no file of ${file}`);
    const built = builtContract(builtFile);
    const keys = keysRead(file);
    assert.deepEqual(Object.keys(built).sort(), keys, `${file} carries exactly the keys it reads`);
    for (const key of keys) assert.deepEqual(built[key], partFor(file, key), `${file}: ${key}`);
    for (const texts of Object.values(built.texts ?? {})) {
      assert.ok(Object.values(texts).every((t) => typeof t === 'string' && t.length > 0), `${file}: every text it reads is there`);
    }
  }
  assert.ok(keysRead('embed.js').includes('attributes') && keysRead('frame.js').includes('events'));
  assert.ok(fromCore.attributes.includes('launcher-text') && fromCore.attributes.includes('capture'));
  assert.ok(fromCore.events.includes('cta-click'));
  assert.ok(fromCore.modes.includes('popup'), 'embed-popup.js builds a launcher for the popup mode');
  assert.ok(keysRead('embed-popup.js').includes('texts'));
  assert.ok(fromCore.texts.en.launcher.length > 0 && fromCore.texts.en.close.length > 0);
});

/** Reading one attribute or URL parameter by name: logic, not a copy. */
const READS_WITH_NAME = /(?:(?:get|has)Attribute|params\.get)\((['"])([^'"]+)\1/g;
const READS = /(?:(?:get|has)Attribute|params\.get)\((['"])[^'"]+\1/g;

/** Attributes and parameters the loaders use for themselves (the frame's element id), not settings. */
const LOADER_ATTRIBUTES = ['eager', 'id'];

test('the loaders keep no copy of what the contract says, and read only known attributes', () => {
  for (const [file] of LOADERS) {
    const source = readFileSync(path.join(root, 'embed', file), 'utf8');
    // Reading one attribute by name is logic, not a copy: set those apart.
    const reads = [...source.matchAll(READS_WITH_NAME)].map((m) => m[2]);
    for (const name of reads) {
      assert.ok(
        fromCore.attributes.includes(name) || LOADER_ATTRIBUTES.includes(name),
        `${file} reads the attribute ${name}, which the widget does not know`,
      );
    }
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const rest = code.replace(READS, '');
    const literals = [...rest.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2]);
    for (const value of [...fromCore.attributes, fromCore.outboxKey, fromCore.texts.en.launcher, fromCore.texts.en.close]) {
      assert.ok(!literals.includes(value), `${file} spells out ${JSON.stringify(value)}; read it from CONTRACT`);
    }
    for (const name of fromCore.events) {
      assert.ok(!literals.includes(fromCore.eventPrefix + name), `${file} spells out the event ${name}`);
    }
  }
});
