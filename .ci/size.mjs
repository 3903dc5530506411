#!/usr/bin/env node
/**
 * `npm run size`: raw, gzip and brotli bytes of the script-tag bundle and of
 * each lazy chunk beside it, checked against the budgets. Fails (exit 1) when
 * a file is over budget or missing. Run `npm run build` first.
 *
 * Budgets are in kB of 1000 bytes, gzip at level 9, as the issues state them
 * or tighter: the initial script-tag bundle (everything a page loads before
 * the first render, English included) under 28 kB with the four elements
 * (the issue allows 30), and each journey's own bundle under what it
 * measured plus about 3%; the phone chunk under 45 kB; the transport chunk
 * (zod, the schemas, fetch: loaded while the first form renders) under 12 kB;
 * each translated locale's module under 4 kB (every one must be there); the
 * oauth chunk (hosted mode's `nid-journeys/oauth` with oauth4webapi, loaded
 * when a hosted-mode button is pressed) under 13.8 kB.
 *
 * `nid-journeys/oauth` is also reported as an npm user's bundler would ship
 * it: dist/esm/oauth/index.js with oauth4webapi, bundled and minified here
 * (in memory, with Vite), against the same budget.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const dist = new URL('../dist/', import.meta.url);

const files = [
  // 26 kB until contract v2, whose journeys (verification by code, the SMS reset and its two calls,
  // settings-src, env-id, the vendor's error shapes) and the smaller base's controllers made the
  // bundle 26.7 kB; 28 kB leaves the 1 kB the hosted-mode call-to-action may add (issue #13).
  { file: 'nid-journeys.js', role: 'script-tag bundle (initial)', budget: 28_000 },
  { file: 'nid-journeys.mjs', role: 'module bundle (initial, same chunks)', budget: 28_000 },
  // Each journey's own script-tag bundle (issue #17), one element instead of four: what they measured when
  // they were added (22.8 to 25.1 kB), plus about 3%. A page that shows one journey loads less than with nid-journeys.js.
  { file: 'nid-register.js', role: 'script-tag bundle, <nid-register> alone (initial)', budget: 25_000 },
  { file: 'nid-activate.js', role: 'script-tag bundle, <nid-activate> alone (initial)', budget: 23_500 },
  { file: 'nid-forgot-password.js', role: 'script-tag bundle, <nid-forgot-password> alone (initial)', budget: 26_000 },
  { file: 'nid-invite-form.js', role: 'script-tag bundle, <nid-invite-form> alone (initial)', budget: 23_500 },
  { file: 'nid-journeys-transport.js', role: 'transport chunk (lazy: zod, schemas, fetch)', budget: 12_000 },
  { file: 'nid-journeys-phone.js', role: 'phone chunk (lazy: libphonenumber-js)', budget: 45_000 },
  // 11.97 kB when it was added (nid-journeys/oauth with the parts of oauth4webapi 3.8.9 it uses), plus ~15%.
  { file: 'nid-journeys-oauth.js', role: 'oauth chunk (lazy: hosted mode, oauth4webapi)', budget: 13_800 },
];
/** Entries of dist/esm measured as a consumer's bundler would ship them: bundled with their dependencies, minified. */
const bundled = [
  { entry: 'esm/oauth/index.js', file: 'nid-journeys/oauth (npm, bundled)', role: 'dist/esm/oauth + oauth4webapi, minified', budget: 13_800 },
];
// The locale modules beside the bundle, one per translated locale.
const { targetLocales } = JSON.parse(readFileSync(new URL('../.config/lit-localize.json', import.meta.url), 'utf8'));
const localeFiles = targetLocales.map((tag) => ({ file: `locales/${tag}.js`, role: 'locale module (lazy)', budget: 4_000 }));

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const rows = [];
let failed = false;
/** One file's row: raw, gzip and brotli bytes against the budget. */
function measure({ file, role, budget }, code) {
  const gzip = gzipSync(code, { level: 9 }).length;
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const over = gzip > budget;
  failed ||= over;
  rows.push({ file, role, raw: kB(code.length), gzip: kB(gzip), brotli: kB(brotli), budget: `${kB(budget)} gzip`, ok: over ? 'OVER' : 'ok' });
}

function measureFiles(list) {
  for (const row of list) {
    const url = new URL(row.file, dist);
    if (!existsSync(url)) {
      console.error(`missing dist/${row.file}: run npm run build first`);
      failed = true;
      continue;
    }
    measure(row, readFileSync(url));
  }
}

measureFiles(files);

for (const row of bundled) {
  const url = new URL(row.entry, dist);
  if (!existsSync(url)) {
    console.error(`missing dist/${row.entry}: run npm run build first`);
    failed = true;
    continue;
  }
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root: fileURLToPath(new URL('..', import.meta.url)),
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      copyPublicDir: false,
      rolldownOptions: { input: fileURLToPath(url), preserveEntrySignatures: 'strict', output: { format: 'es', codeSplitting: false } },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap(({ output: items }) => items).filter((item) => item.type === 'chunk');
  measure(row, Buffer.from(chunks.map((chunk) => chunk.code).join('\n')));
}
measureFiles(localeFiles);
measureFlags();

/**
 * The phone fields' flags (dist/flags/<cc>.svg, issue #16): files fetched one
 * per flag shown, never in the JavaScript. Reported: the typical flag (the
 * median by gzip size, under 1 kB) and the largest (a coat of arms in SVG;
 * lazy in the list, so it costs only whoever scrolls to it).
 */
function measureFlags() {
  const folder = new URL('flags/', dist);
  const names = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.svg')) : [];
  if (names.length < 200) {
    console.error(`dist/flags/ has ${names.length} flags: run npm run build first`);
    failed = true;
    return;
  }
  const sized = names
    .map((name) => ({ name, code: readFileSync(new URL(name, folder)) }))
    .map((flag) => ({ ...flag, gzip: gzipSync(flag.code, { level: 9 }).length }))
    .sort((a, b) => a.gzip - b.gzip);
  const median = sized[Math.floor(sized.length / 2)];
  const largest = sized[sized.length - 1];
  measure({ file: `flags/${median.name}`, role: `typical flag (median of ${sized.length})`, budget: 1_000 }, median.code);
  measure({ file: `flags/${largest.name}`, role: 'largest flag (lazy, fetched only when shown)', budget: 60_000 }, largest.code);
}

const columns = ['file', 'role', 'raw', 'gzip', 'brotli', 'budget', 'ok'];
const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column]).length)));
const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
console.log(line(columns));
for (const row of rows) console.log(line(columns.map((column) => row[column])));

if (failed) {
  console.error('\nsize: over budget (or missing files). See the table above.');
  process.exit(1);
}
