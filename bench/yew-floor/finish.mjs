// Trunk post-build hook of the bench's Yew floor: the same last steps as the
// widget's build (scripts/finish-build.mjs), so the floor ships as the widget
// does.
import { readdirSync } from 'node:fs';
import { minifyScripts, precompress, shortenNames } from '../../scripts/finish-build.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('finish: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
const glues = readdirSync(staging).filter((f) => /^bench-yew-floor-[0-9a-f]+\.js$/.test(f));
if (glues.length !== 1) {
  console.error(`finish: expected one glue in ${staging}, found ${glues.join(', ') || 'none'}`);
  process.exit(1);
}
shortenNames(staging, glues);
await minifyScripts(staging, glues);
precompress(staging);
