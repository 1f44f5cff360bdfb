// SPDX-License-Identifier: MIT
// Peer benchmark: npm @microsoft/recognizers-text-suite (Chinese culture)
// over the same article texts as bench_pipeline's text mode: numbers,
// percentages, currency and dimensions, the nearest match to our claims.
// usage: node peer_recognizers.js MODULE_DIR REPEAT TEXT...   ("key value")
'use strict';
const fs = require('fs');
const path = require('path');
const [moduleDir, repeatArg, ...files] = process.argv.slice(2);
const R = require(path.join(moduleDir, 'node_modules',
                            '@microsoft/recognizers-text-suite'));
const culture = R.Culture.Chinese;
const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
const bytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);
const fns = [R.recognizeNumber, R.recognizePercentage, R.recognizeCurrency,
             R.recognizeDimension].filter((f) => typeof f === 'function');
// warm-up builds the models (not timed), and drops a function the Chinese
// culture does not support
const usable = fns.filter((f) => {
  try { f('约72%和4400万吨', culture); return true; } catch (e) { return false; }
});
const repeat = parseInt(repeatArg, 10);
let found = 0;
const t0 = process.hrtime.bigint();
for (let r = 0; r < repeat; r++) {
  for (const t of texts) {
    for (const f of usable) found += f(t, culture).length;
  }
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`functions ${usable.length}`);
console.log(`seconds ${s.toFixed(4)}`);
console.log(`mb_per_s ${(bytes * repeat / s / 1e6).toFixed(3)}`);
console.log(`results ${Math.round(found / repeat)}`);
