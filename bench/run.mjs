#!/usr/bin/env node
/**
 * `npm run bench`: what the journey elements cost a page, measured in
 * headless Chromium against a plain Lit form (bench/baseline/). A script, not
 * a test: it never fails on a number, it writes bench/results.md and
 * bench/results.json and prints the table.
 *
 * 1. `npm run build`, then a snapshot of dist/ into a temporary directory, so
 *    that another build in the same checkout cannot change files mid-run.
 * 2. Bundles, into that directory, with Vite's API:
 *    - the baseline: IIFE, minified, lit included (as dist/nid-journeys.js is);
 *    - each element's ESM entry the way an npm consumer's bundler would: an
 *      app build of `import '<dist/esm>/register.js'`, minified, lit, zod and
 *      libphonenumber-js bundled. The library's dynamic imports (transport,
 *      phone, locales) become lazy chunks beside the entry, exactly what a
 *      consumer ships. (An import map over dist/esm would measure ~50
 *      unbundled module requests that no production site serves.)
 * 3. A static server on 127.0.0.1 serves the snapshot and generated pages; it
 *    is also the elements' `base-domain`, a stub API that answers 404 (the
 *    measured pages send no API request; any that happens is reported).
 * 4. Each page, BENCH_RUNS times (default 7) in rotating order, each time in a
 *    fresh browser context with the cache disabled; then the typing test.
 *
 * Environment: BENCH_RUNS (default 7; at least 5 for medians worth reading),
 * BENCH_KEYSTROKES (default 200), BENCH_FILTER_KEYSTROKES (default 120), BENCH_SKIP_BUILD=1 (reuse the current
 * dist/), BENCH_KEEP=1 (keep the temporary directory), CHROME_PATH, BENCH_ONLY=register.iife,forgot-password.esm
 * (while working on one page: only those pages and the baseline, no typing or filter test, and the table is
 * printed but bench/results.* are left as they are).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, findBrowsers } from '../.ci/browsers.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 200);
const FILTER_KEYSTROKES = Number(process.env.BENCH_FILTER_KEYSTROKES ?? 120);
const TIMEOUT = 20_000;
const started = performance.now();
const loadBefore = os.loadavg();

// ---------------------------------------------------------------------------
// What is measured
// ---------------------------------------------------------------------------

/** Attributes every journey needs to render a form (see configProblems() in src/core and src/elements). */
const account = (api) => ({ 'base-domain': api, 'client-id': 'bench-client', 'redirect-uri': 'https://app.example/callback' });
const ALL_FIELDS = 'firstName* lastName* gender companyName mobileNumber twoStepMobileNumber securityQuestions*:2';
/** Settings given as the `settings` property: the security questions `securityQuestions*:2` picks from. */
const ALL_FIELDS_SETTINGS = {
  security_questions: [
    { id: 'pet', label: { 'en-US': 'Name of your first pet?' } },
    { id: 'street', label: { 'en-US': 'Street you grew up on?' } },
    { id: 'teacher', label: { 'en-US': 'Your favourite teacher?' } },
  ],
};

/**
 * One journey per entry. `marker` is the control whose appearance counts as
 * "rendered": the first <input> unless a journey says otherwise.
 */
const journeys = [
  { id: 'register', tag: 'nid-register', entry: 'register', attrs: account },
  { id: 'activate', tag: 'nid-activate', entry: 'activate', attrs: account },
  { id: 'forgot-password', tag: 'nid-forgot-password', entry: 'forgot-password', attrs: account },
  { id: 'invite-form', tag: 'nid-invite-form', entry: 'invite-form', attrs: () => ({ action: '/invite' }) },
  {
    id: 'register-all-fields',
    tag: 'nid-register',
    entry: 'register',
    attrs: (api) => ({ ...account(api), fields: ALL_FIELDS, 'terms-url': 'https://app.example/terms', 'privacy-url': 'https://app.example/privacy' }),
    settings: ALL_FIELDS_SETTINGS,
    // Also timed: the whole form usable, i.e. the phone chunk in and the country triggers enabled.
    ready: 'button[part~="country"]:not([disabled])',
  },
];

/**
 * Pages: the baseline, then each journey from the script-tag bundle of all four (nid-journeys.js), from its
 * own script-tag bundle (nid-register.js, ...), and from its ESM entry.
 */
const ONLY = process.env.BENCH_ONLY?.split(',').map((id) => id.trim()).filter(Boolean);
const allScenarios = [
  { id: 'baseline', label: 'baseline (plain Lit, 5 fields)', build: 'script tag', tag: 'bench-baseline-form', attrs: () => ({}), script: 'baseline/baseline.js' },
  ...journeys.flatMap((journey) => [
    { ...journey, id: `${journey.id}.iife`, label: `${journey.tag}${journey.settings ? ' (all fields)' : ''}`, build: 'script tag', script: 'dist/nid-journeys.js' },
    { ...journey, id: `${journey.id}.own`, label: `${journey.tag}${journey.settings ? ' (all fields)' : ''}`, build: `script tag, nid-${journey.entry}.js`, script: `dist/nid-${journey.entry}.js` },
    { ...journey, id: `${journey.id}.esm`, label: `${journey.tag}${journey.settings ? ' (all fields)' : ''}`, build: 'ESM bundled', script: `esm/${journey.entry}/${journey.entry}.js`, module: true },
  ]),
];
const scenarios = ONLY ? allScenarios.filter((scenario) => scenario.id === 'baseline' || ONLY.includes(scenario.id)) : allScenarios;
if (ONLY && scenarios.length !== ONLY.length + 1) {
  throw new Error(`BENCH_ONLY names a page that does not exist; the pages are: ${allScenarios.map((scenario) => scenario.id).join(', ')}`);
}

/** Trace events that are JavaScript on the main thread (DevTools' "Scripting"): compile, run, microtasks, handlers, GC. */
const SCRIPT_EVENTS = new Set([
  'EvaluateScript', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule', 'v8.produceCache', 'v8.produceModuleCache',
  'FunctionCall', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'FireIdleCallback', 'EventDispatch', 'MinorGC', 'MajorGC',
]);
const TRACE_CATEGORIES = ['devtools.timeline', 'v8.execute', 'blink.user_timing'];

// ---------------------------------------------------------------------------
// Build, snapshot, bundle
// ---------------------------------------------------------------------------

function log(line) {
  console.log(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${line}`);
}

const work = mkdtempSync(join(os.tmpdir(), 'nid-bench-'));
// BENCH_KEEP=1 leaves the pages and bundles there for a look.
if (process.env.BENCH_KEEP === '1') console.log(`work directory: ${work}`);
else process.on('exit', () => rmSync(work, { recursive: true, force: true }));

/** What the pages load from dist/; a build elsewhere in the checkout may have emptied it meanwhile. */
const NEEDED = ['nid-journeys.js', 'nid-journeys-transport.js', 'nid-journeys-phone.js', ...journeys.map((journey) => `esm/${journey.entry}.js`)];
for (let attempt = 1; ; attempt++) {
  let problem;
  try {
    if (process.env.BENCH_SKIP_BUILD !== '1') {
      log('npm run build');
      execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    }
    rmSync(join(work, 'dist'), { recursive: true, force: true });
    cpSync(join(root, 'dist'), join(work, 'dist'), { recursive: true, filter: (path) => !path.endsWith('.map') && !path.includes(`${sep}types`) });
    const missing = NEEDED.filter((file) => !existsSync(join(work, 'dist', file)));
    if (missing.length) problem = `dist/ lacks ${missing.join(', ')}`;
  } catch (error) {
    problem = `the build or its copy failed: ${error.message}`;
  }
  if (!problem) break;
  if (attempt === 3 || process.env.BENCH_SKIP_BUILD === '1') throw new Error(`${problem} (another build running at the same time?)`);
  log(`${problem}; probably rebuilt meanwhile by other work: building again`);
}
// The snapshot is the package as npm would install it: its package.json (its `sideEffects`
// list guides tree-shaking) and its dependencies, reached through a node_modules link.
cpSync(join(root, 'package.json'), join(work, 'package.json'));
symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');

/** Vite on its own: none of the project's vite.config.ts (its library modes are not what is built here). */
const standalone = { configFile: false, logLevel: 'warn', publicDir: false };

log('bundling the baseline and the ESM entries');
await build({
  ...standalone,
  root: work,
  build: {
    outDir: join(work, 'baseline'),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    reportCompressedSize: false,
    lib: { entry: join(benchDir, 'baseline', 'baseline-form.js'), formats: ['iife'], name: 'BenchBaseline', fileName: () => 'baseline.js' },
  },
});
for (const entry of new Set(journeys.map((journey) => journey.entry))) {
  const entryFile = join(work, 'entries', `${entry}.js`);
  mkdirSync(dirname(entryFile), { recursive: true });
  // What a consumer writes: `import 'nid-journeys/<entry>'` (the package's exports map it to dist/esm/).
  writeFileSync(entryFile, `import '../dist/esm/${entry}.js';\n`);
  await build({
    ...standalone,
    root: work,
    base: './', // chunks are found relative to the entry, wherever it is served
    build: {
      outDir: join(work, 'esm', entry),
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      reportCompressedSize: false,
      rolldownOptions: { input: { [entry]: entryFile }, output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' } },
    },
  });
}

// ---------------------------------------------------------------------------
// The server: static files of the work directory, and the stub API
// ---------------------------------------------------------------------------

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };
const apiHits = [];
const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  const file = normalize(join(work, path));
  const servable = file.startsWith(work + sep) && !relative(work, file).split(sep).includes('node_modules') && TYPES[extname(file)];
  if (request.method === 'GET' && servable && existsSync(file)) {
    // Served as is: the compressed sizes are computed from the same files, not measured on the wire.
    // Cross-origin isolated, so that performance.now() ticks in 5 µs rather than 100 µs.
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)],
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    response.end(readFileSync(file));
    return;
  }
  apiHits.push(`${request.method} ${path}`);
  response.writeHead(404, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end('{"error":"not_found"}');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------------------
// The pages and their in-page harness
// ---------------------------------------------------------------------------

/**
 * Runs first in <head>. Every shadow root the element attaches gets a
 * MutationObserver: its callback runs in the microtask right after Lit commits
 * the template that contains the marker, so `renderMs` is when the control is
 * in the DOM, in performance.now() (ms since navigation start). `frameMs` is
 * when the first frame containing it has been produced: a message posted from
 * the next requestAnimationFrame callback is handled after that frame's style,
 * layout and paint. The `bench:rendered` mark ends the scripting count in the
 * trace. Typing pages also time keystrokes (see measureTyping).
 */
function harness({ tag, marker, ready }) {
  const bench = (window.__bench = { samples: [] });
  const afterNextFrame = (callback) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback(performance.now());
      channel.port2.postMessage(0);
    });
  let done;
  bench.rendered = new Promise((resolve) => (done = resolve));
  const result = { startMs: performance.now() };
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    if (this.localName !== tag) return root;
    const finish = () => {
      if (result.frameMs === undefined || (ready && result.readyMs === undefined)) return;
      observer.disconnect();
      done(result);
    };
    const observer = new MutationObserver(() => {
      const now = performance.now();
      if (result.renderMs === undefined && root.querySelector(marker)) {
        result.renderMs = now;
        performance.mark('bench:rendered');
        afterNextFrame((frameMs) => {
          result.frameMs = frameMs;
          finish();
        });
      }
      if (ready && result.readyMs === undefined && root.querySelector(ready)) {
        result.readyMs = now;
        finish();
      }
    });
    observer.observe(root, { childList: true, subtree: true, attributes: Boolean(ready) });
    return root;
  };

  // Typing: from the keydown's timeStamp (when Chromium received the key from
  // Playwright) to the `input` event (capturing, at window), to its end
  // (bubbling back to window: the element's handler has reformatted the
  // number), to the element's updateComplete, and to the end of the next
  // frame. Only printable keys are timed: those in the phone number (digits)
  // go to \`samples\`, those in a country list's filter to \`filterSamples\`.
  let keydownAt;
  let waiters = [];
  bench.filterSamples = [];
  addEventListener('keydown', (event) => (keydownAt = event.key.length === 1 ? event.timeStamp : undefined), true);
  let inputAt;
  addEventListener('input', () => (inputAt = performance.now()), true); // capturing: before the element's listener
  addEventListener('input', async (event) => {
    if (keydownAt === undefined) return;
    const filter = event.composedPath()[0]?.getAttribute?.('role') === 'combobox';
    const t0 = keydownAt;
    keydownAt = undefined;
    const now = performance.now(); // bubbling to window: the element's own listener has run
    const dispatchedMs = inputAt - t0;
    const handlerMs = now - inputAt;
    const handledMs = now - t0;
    await document.querySelector(tag).updateComplete;
    const updatedMs = performance.now() - t0;
    afterNextFrame((frameAt) => {
      (filter ? bench.filterSamples : bench.samples).push({ dispatchedMs, handlerMs, handledMs, updatedMs, frameMs: frameAt - t0 });
      const seen = bench.samples.length + bench.filterSamples.length;
      waiters = waiters.filter(([count, resolve]) => (seen >= count ? resolve() : true));
    });
  });
  bench.waitSamples = (count) =>
    new Promise((resolve) => (bench.samples.length + bench.filterSamples.length >= count ? resolve() : waiters.push([count, resolve])));
}

const escapeAttr = (value) => String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

function writePage(scenario) {
  const marker = scenario.marker ?? 'input';
  const attrs = Object.entries(scenario.attrs(origin)).map(([name, value]) => ` ${name}="${escapeAttr(value)}"`).join('');
  // Set before the element is defined: Lit picks up properties set on the un-upgraded element.
  const settings = scenario.settings
    ? `<script>document.querySelector(${JSON.stringify(scenario.tag)}).settings = ${JSON.stringify(scenario.settings)};</script>\n`
    : '';
  const script = `<script${scenario.module ? ' type="module"' : ''} src="/${scenario.script}"></script>`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${scenario.id}</title>
<link rel="icon" href="data:,">
<script>(${harness})(${JSON.stringify({ tag: scenario.tag, marker, ready: scenario.ready })});</script>
</head>
<body>
<${scenario.tag}${attrs}></${scenario.tag}>
${settings}${script}
</body>
</html>
`;
  mkdirSync(join(work, 'pages'), { recursive: true });
  writeFileSync(join(work, 'pages', `${scenario.id}.html`), html);
  return `${origin}/pages/${scenario.id}.html${scenario.query ?? ''}`;
}

// ---------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------

const compressed = new Map();
/** Raw, gzip (level 9) and brotli (quality 11) bytes of a served file. */
function sizesOf(path) {
  if (!compressed.has(path)) {
    const code = readFileSync(join(work, path));
    const gzip = gzipSync(code, { level: 9 }).length;
    const brotli = brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: code.length } }).length;
    compressed.set(path, { raw: code.length, gzip, brotli });
  }
  return compressed.get(path);
}

/**
 * From the trace, between navigation start and the `bench:rendered` mark, on
 * the page's main thread:
 * - `scriptingCpuMs`: the main thread's CPU time in JavaScript events, self
 *   time (what DevTools' summary calls Scripting): an event's time minus its
 *   children's, so that style, layout or HTML parsing forced from inside a
 *   script counts as theirs. CPU time (the events' `tdur`) rather than wall
 *   time, because other work on the machine stretches wall time while the
 *   renderer waits for a core;
 * - `scriptingMs`: the same in wall time;
 * - `jsCallsMs`: wall time inside JavaScript events, that forced work included
 *   (the union of their intervals);
 * and the URLs requested before the mark.
 */
function analyzeTrace(traceBuffer) {
  const events = JSON.parse(traceBuffer.toString('utf8')).traceEvents;
  const mark = events.find((event) => event.name === 'bench:rendered');
  if (!mark) throw new Error('the trace has no bench:rendered mark');
  const end = mark.ts;
  const start = end - mark.args.data.startTime * 1000; // the mark's startTime is its performance.now()
  const clip = (from, to) => Math.max(0, Math.min(to, end) - Math.max(from, start));
  const isScript = (slice) => SCRIPT_EVENTS.has(slice.name) || slice.cat.split(',').some((cat) => cat === 'v8' || cat === 'v8.execute');

  // Complete events of the main thread, parents before their children.
  const slices = events
    .filter((event) => event.ph === 'X' && event.pid === mark.pid && event.tid === mark.tid && event.dur > 0)
    .map((event) => ({ name: event.name, cat: event.cat ?? '', from: event.ts, to: event.ts + event.dur, cpu: event.tdur ?? event.dur, children: 0, childrenCpu: 0 }))
    .sort((a, b) => a.from - b.from || b.to - a.to);
  const stack = [];
  let scripting = 0;
  let scriptingCpu = 0;
  let jsCalls = 0;
  let outermostScript;
  for (const slice of slices) {
    while (stack.length && stack.at(-1).to <= slice.from) stack.pop();
    const parent = stack.at(-1);
    // A child is clipped to its parent too (timestamps are rounded to the microsecond).
    slice.own = parent ? clip(slice.from, Math.min(slice.to, parent.to)) : clip(slice.from, slice.to);
    // CPU time has no timestamps: an event cut by the window keeps the same share of it.
    slice.ownCpu = (slice.cpu * slice.own) / (slice.to - slice.from);
    if (parent) {
      parent.children += slice.own;
      parent.childrenCpu += slice.ownCpu;
    }
    stack.push(slice);
    if (isScript(slice) && !(outermostScript && slice.from < outermostScript.to)) {
      jsCalls += clip(slice.from, slice.to);
      outermostScript = slice;
    }
  }
  const byKind = {};
  for (const slice of slices.filter(isScript)) {
    scripting += Math.max(0, slice.own - slice.children);
    const cpu = Math.max(0, slice.ownCpu - slice.childrenCpu);
    scriptingCpu += cpu;
    byKind[slice.name] = (byKind[slice.name] ?? 0) + cpu / 1000;
  }

  return { scriptingCpuMs: scriptingCpu / 1000, scriptingMs: scripting / 1000, jsCallsMs: jsCalls / 1000, scriptingCpuByKindMs: byKind };
}

async function openPage(browser) {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Performance.enable');
  const problems = [];
  const requests = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(`console: ${message.text()}`));
  page.on('request', (request) => requests.push(request.url()));
  return { context, page, cdp, problems, requests };
}

/** One load of one page: render time, scripting until then, heap, bytes. */
async function measureLoad(browser, scenario, url) {
  const { context, page, cdp, problems, requests } = await openPage(browser);
  let tracing = false;
  try {
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    tracing = true;
    await page.goto(url, { waitUntil: 'commit' });
    const result = await page.evaluate(() => window.__bench.rendered);
    // Let the lazy chunks that the render asked for arrive and run before weighing the heap.
    await page.waitForLoadState('networkidle');
    const trace = await browser.stopTracing();
    tracing = false;
    await cdp.send('HeapProfiler.collectGarbage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
    const { scriptingCpuMs, scriptingMs, jsCallsMs, scriptingCpuByKindMs } = analyzeTrace(trace);
    const files = [...new Set(requests)]
      .filter((request) => request.startsWith(`${origin}/`) && request.split('?')[0].endsWith('.js'))
      .map((request) => {
        const path = new URL(request).pathname.slice(1);
        return { path, ...sizesOf(path) };
      });
    const sum = (key) => files.reduce((total, file) => total + file[key], 0);
    if (problems.length) throw new Error(problems.join('\n'));
    return {
      renderMs: result.renderMs,
      frameMs: result.frameMs,
      readyMs: result.readyMs,
      // From the first script of the page (the harness, in <head>) to the render: leaves out navigation and HTML.
      renderAfterFirstScriptMs: result.renderMs - result.startMs,
      scriptingCpuMs,
      scriptingCpuByKindMs,
      scriptingMs,
      jsCallsMs,
      heapBytes: metrics.JSHeapUsedSize,
      // Cumulative to the heap measurement (after network idle), from Performance.getMetrics.
      scriptDurationMs: metrics.ScriptDuration * 1000,
      taskDurationMs: metrics.TaskDuration * 1000,
      bytes: { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') },
      files,
    };
  } catch (error) {
    throw new Error(`${scenario.id} (${url}): ${error.message}\n${problems.join('\n')}\nnot found: ${apiHits.join(', ')}`);
  } finally {
    if (tracing) await browser.stopTracing().catch(() => undefined);
    await context.close();
  }
}

/** A page (`id`) with <nid-register auth-type="sms"> from the script-tag bundle, opened and rendered: what typing and filtering are timed on. */
async function openSmsRegister(browser, id) {
  const url = writePage({
    id,
    tag: 'nid-register',
    attrs: (api) => ({ ...account(api), 'auth-type': 'sms', 'mobile-default-country': 'US' }),
    script: 'dist/nid-journeys.js',
  });
  const opened = await openPage(browser);
  try {
    await opened.page.goto(url);
    await opened.page.evaluate(() => window.__bench.rendered);
  } catch (error) {
    await opened.context.close();
    throw error;
  }
  return opened;
}

/**
 * Keystrokes in the mobile number of <nid-register auth-type="sms"> once the
 * phone chunk is in (formatting as you type runs on every digit). US national
 * numbers, ten digits each, selected all and deleted between numbers (not timed).
 */
async function measureTyping(browser) {
  const { context, page, problems } = await openSmsRegister(browser, 'typing');
  try {
    await page.locator('nid-register button[part~="country"]:not([disabled])').waitFor();
    const input = page.locator('nid-register input[type="tel"]');
    await input.click();
    const numbers = ['2015550123', '4155552671', '3125550199', '6465550142', '7135550178'];
    const formatted = new Set();
    for (let count = 1; count <= KEYSTROKES; count++) {
      const number = numbers[Math.floor((count - 1) / 10) % numbers.length];
      await page.keyboard.press(number[(count - 1) % 10]);
      await page.evaluate((n) => window.__bench.waitSamples(n), count);
      if (count % 10 === 0 || count === KEYSTROKES) {
        formatted.add(await input.inputValue());
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.press('Backspace');
      }
    }
    if (problems.length) throw new Error(problems.join('\n'));
    const samples = await page.evaluate(() => window.__bench.samples);
    return { keystrokes: samples.length, formattedExamples: [...formatted].slice(0, 5), samples };
  } finally {
    await context.close();
  }
}

/**
 * The country list of the same field (issue #16): keystrokes in its filter,
 * each filtering the 240-odd countries (localized and English names, ISO
 * code, calling code) and drawing the matches; queries typed letter by letter,
 * cleared between them (not timed). Then the filter function alone, called in
 * the page on the same module for every prefix of the same queries.
 */
async function measureFilter(browser) {
  const { context, page, problems } = await openSmsRegister(browser, 'filter');
  try {
    const trigger = page.locator('nid-register button[part~="country"]:not([disabled])');
    await trigger.click();
    const filter = page.locator('nid-register input[role="combobox"]');
    await filter.waitFor();
    const queries = ['united', 'germany', 'island', 'saint', 'korea', 'guinea', 'republic', 'sweden', '+44', 'bosnia'];
    const countries = await page.evaluate(() => document.querySelector('nid-register').shadowRoot.querySelectorAll('[role="option"]').length);
    let count = 0;
    for (let q = 0; count < FILTER_KEYSTROKES; q++) {
      const query = queries[q % queries.length];
      for (const key of query) {
        if (count === FILTER_KEYSTROKES) break;
        await page.keyboard.press(key);
        await page.evaluate((n) => window.__bench.waitSamples(n), ++count);
      }
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Backspace');
    }
    const samples = await page.evaluate(() => window.__bench.filterSamples);
    // The filter function alone: the same module the bundle loaded (same URL, so the same instance).
    const pure = await page.evaluate(async (list) => {
      const phone = await import('/dist/nid-journeys-phone.js');
      const all = phone.countryList('en', []);
      const times = [];
      for (let round = 0; round < 20; round++) {
        for (const query of list) {
          for (let end = 1; end <= query.length; end++) {
            const t0 = performance.now();
            phone.filterCountries(all, query.slice(0, end));
            times.push(performance.now() - t0);
          }
        }
      }
      return { countries: all.preferred.length + all.rest.length, times };
    }, queries);
    if (problems.length) throw new Error(problems.join('\n'));
    return { keystrokes: samples.length, listed: countries, samples, pure };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------

const chromiumPath = findBrowsers().chromium;
if (!chromiumPath) throw new Error('Chromium not found: install it (Debian: chromium) or set CHROME_PATH');
const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
const urls = new Map(scenarios.map((scenario) => [scenario.id, writePage(scenario)]));
const samples = new Map(scenarios.map((scenario) => [scenario.id, []]));

/** A load that fails once (a timeout when the machine is swamped) is tried again; a broken page fails twice. */
async function measure(scenario) {
  try {
    return await measureLoad(browser, scenario, urls.get(scenario.id));
  } catch (error) {
    log(`retrying once: ${error.message.split('\n')[0]}`);
    return measureLoad(browser, scenario, urls.get(scenario.id));
  }
}

// One unrecorded load of each page first: it warms the browser process and fails fast on a broken page.
log(`warm-up: ${scenarios.length} pages`);
for (const scenario of scenarios) await measure(scenario);
for (let run = 0; run < RUNS; run++) {
  log(`run ${run + 1}/${RUNS}`);
  // Rotate the order so that no page always comes first (or right after the same neighbour).
  const order = scenarios.map((_, i) => scenarios[(i + run) % scenarios.length]);
  for (const scenario of order) samples.get(scenario.id).push(await measure(scenario));
}
if (!ONLY) log(`typing: ${KEYSTROKES} keystrokes`);
const typing = ONLY ? undefined : await measureTyping(browser);
if (!ONLY) log(`filter: ${FILTER_KEYSTROKES} keystrokes in the country list`);
const filtering = ONLY ? undefined : await measureFilter(browser);
const chromiumVersion = browser.version();
await browser.close();
server.close();

// ---------------------------------------------------------------------------
// Summaries, ratios, output
// ---------------------------------------------------------------------------

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  return sorted[low] + (sorted[Math.ceil(position)] - sorted[low]) * (position - low);
}
const summarize = (values) => ({ median: quantile(values, 0.5), min: Math.min(...values), max: Math.max(...values), n: values.length });

const METRICS = {
  renderMs: (s) => s.renderMs,
  frameMs: (s) => s.frameMs,
  readyMs: (s) => s.readyMs,
  renderAfterFirstScriptMs: (s) => s.renderAfterFirstScriptMs,
  scriptingCpuMs: (s) => s.scriptingCpuMs,
  scriptingMs: (s) => s.scriptingMs,
  jsCallsMs: (s) => s.jsCallsMs,
  heapBytes: (s) => s.heapBytes,
  scriptDurationMs: (s) => s.scriptDurationMs,
  taskDurationMs: (s) => s.taskDurationMs,
  rawBytes: (s) => s.bytes.raw,
  gzipBytes: (s) => s.bytes.gzip,
  brotliBytes: (s) => s.bytes.brotli,
};
const results = scenarios.map((scenario) => {
  const runs = samples.get(scenario.id);
  const summary = Object.fromEntries(
    Object.entries(METRICS)
      .map(([key, pick]) => [key, runs.map(pick).filter((value) => value !== undefined)])
      .filter(([, values]) => values.length)
      .map(([key, values]) => [key, summarize(values)]),
  );
  return { id: scenario.id, element: scenario.tag, label: scenario.label, build: scenario.build, url: urls.get(scenario.id).replace(origin, ''), summary, files: runs[0].files, runs };
});
const baseline = results[0].summary;
for (const result of results) {
  result.ratioToBaseline = Object.fromEntries(
    Object.keys(result.summary)
      .filter((key) => baseline[key])
      .map((key) => [key, result.summary[key].median / baseline[key].median]),
  );
}
const keystrokeSummary = (list) =>
  Object.fromEntries(
    ['dispatchedMs', 'handlerMs', 'handledMs', 'updatedMs', 'frameMs'].map((key) => {
      const values = list.map((sample) => sample[key]);
      return [key, { ...summarize(values), p95: quantile(values, 0.95) }];
    }),
  );
if (ONLY) {
  // A working run: a few pages, nothing written. The medians' ratios are what is being tuned.
  for (const { id, label, build, summary: s, ratioToBaseline: r } of results) {
    const kinds = [...new Set(samples.get(id).flatMap((sample) => Object.keys(sample.scriptingCpuByKindMs)))];
    const byKind = kinds.map((kind) => [kind, quantile(samples.get(id).map((sample) => sample.scriptingCpuByKindMs[kind] ?? 0), 0.5)]);
    console.log(`${`${label}, ${build}`.padEnd(45)} render ${s.renderMs.median.toFixed(1)} ms ${r.renderMs.toFixed(2)}×  scripting ${s.scriptingCpuMs.median.toFixed(2)} ms ${r.scriptingCpuMs.toFixed(2)}× (min ${s.scriptingCpuMs.min.toFixed(2)})  ${(s.gzipBytes.median / 1000).toFixed(2)} kB gz  heap ${(s.heapBytes.median / 1e6).toFixed(2)} MB`);
    console.log(`  scripting by trace event, medians: ${byKind.filter(([, value]) => value >= 0.05).sort((a, b) => b[1] - a[1]).map(([kind, value]) => `${kind} ${value.toFixed(2)}`).join(', ')}`);
  }
  console.log(`load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')} / ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  process.exit(0);
}
const keystroke = keystrokeSummary(typing.samples);
const filterKeystroke = keystrokeSummary(filtering.samples);
const filterPure = { ...summarize(filtering.pure.times), p95: quantile(filtering.pure.times, 0.95) };

const loadAfter = os.loadavg();
const elapsedS = (performance.now() - started) / 1000;
const machine = {
  cores: os.availableParallelism(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGB: Math.round(os.totalmem() / 1e9),
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadAfter,
};
const date = new Date().toISOString();

const ms = (value) => value.toFixed(1);
const range = (s, format) => `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
const ratio = (value) => (value === undefined ? '' : `${value.toFixed(2)}×`);
const kB = (bytes) => (bytes / 1000).toFixed(1);
const MB = (bytes) => (bytes / 1e6).toFixed(2);

const table = [
  '| page | build | first control rendered, ms | × | next frame, ms | scripting until render, ms CPU | × | JS heap after GC, MB | × | JS requested, kB raw / gzip / brotli | × (brotli) |',
  '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ...results.map(({ label, build, summary: s, ratioToBaseline: r }) =>
    [
      label,
      build,
      range(s.renderMs, ms),
      ratio(r.renderMs),
      range(s.frameMs, ms),
      range(s.scriptingCpuMs, ms),
      ratio(r.scriptingCpuMs),
      range(s.heapBytes, MB),
      ratio(r.heapBytes),
      `${kB(s.rawBytes.median)} / ${kB(s.gzipBytes.median)} / ${kB(s.brotliBytes.median)}`,
      ratio(r.brotliBytes),
    ].join(' | ').replace(/^/, '| ').replace(/$/, ' |'),
  ),
];
const allFields = results.filter((result) => result.summary.readyMs);
const files = results.map(
  ({ label, build, files: list }) =>
    `| ${label} | ${build} | ${list.map((file) => `${file.path.replace(/^esm\/[^/]+\//, '')} (${kB(file.gzip)} kB gz)`).join('<br>')} |`,
);
const typingRows = [
  ['`input` event dispatched (capturing, at window)', keystroke.dispatchedMs],
  ['`input` event done: number reformatted, element updated', keystroke.handledMs],
  ['(of which the element\'s handler and update)', keystroke.handlerMs],
  ['next frame produced', keystroke.frameMs],
].map(([name, s]) => `| ${name} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.min)} | ${ms(s.max)} |`);
const ms2 = (value) => value.toFixed(2);
const filterRows = [
  ['`input` event dispatched (capturing, at window)', filterKeystroke.dispatchedMs],
  ['`input` event done: countries filtered, matches drawn', filterKeystroke.handledMs],
  ['(of which the handler, filter and update)', filterKeystroke.handlerMs],
  ['next frame produced', filterKeystroke.frameMs],
  [`the filter function alone (\`filterCountries\`, ${filtering.pure.countries} countries, ${filtering.pure.times.length} calls)`, filterPure],
].map(([name, s]) => `| ${name} | ${ms2(s.median)} | ${ms2(s.p95)} | ${ms2(s.min)} | ${ms2(s.max)} |`);

const markdown = `<!-- Generated by \`npm run bench\` (bench/run.mjs): do not edit, run it again. -->
# Benchmark results

Generated ${date} by \`npm run bench\`. Chromium ${chromiumVersion} (headless), Node ${process.version},
${machine.cores} cores (${machine.cpu}), ${machine.memoryGB} GB. Load average before / after: ${loadBefore.map((v) => v.toFixed(2)).join(' ')} / ${loadAfter.map((v) => v.toFixed(2)).join(' ')}
(other work shares this machine: read the medians, and the ranges as the noise). ${RUNS} runs per page, each in a fresh
browser context with the cache disabled, pages in rotating order after one unrecorded warm-up load each; ${elapsedS.toFixed(0)} s in all.

Each cell: median (min–max). × is the median's ratio to the baseline's median (first row).

${table.join('\n')}
${allFields.map((result) => `\n${result.label}, ${result.build}: whole form usable (phone chunk in, country triggers enabled) at ${range(result.summary.readyMs, ms)} ms.`).join('')}

## First control, counted from the page's first script

The same loads, without the navigation and the HTML before the harness script in \`<head>\` runs (about the same
for every page, and most of *first control rendered*): what the page's own script costs until the control is there.

| page | build | first script → first control, ms | × |
|---|---|--:|--:|
${results.map(({ label, build, summary: s, ratioToBaseline: r }) => `| ${label} | ${build} | ${range(s.renderAfterFirstScriptMs, ms)} | ${ratio(r.renderAfterFirstScriptMs)} |`).join('\n')}

## Typing in the mobile number of \`<nid-register auth-type="sms">\` (script-tag bundle)

${typing.keystrokes} digit keystrokes (\`keyboard.press\`), formatting as you type on every one (e.g. ${typing.formattedExamples.slice(0, 2).map((text) => `\`${text}\``).join(', ')}).

| from the keydown to | median, ms | p95, ms | min, ms | max, ms |
|---|--:|--:|--:|--:|
${typingRows.join('\n')}

## Filtering the country list of that field (script-tag bundle)

${filtering.keystrokes} keystrokes in the list's filter (${filtering.listed} countries listed when it opens), queries typed
letter by letter and cleared between them. Goals (issue #16): under 2 ms median per keystroke in the number (the
handler and update row above), under 4 ms median per keystroke in the filter.

| from the keydown to | median, ms | p95, ms | min, ms | max, ms |
|---|--:|--:|--:|--:|
${filterRows.join('\n')}

## Files each page requested (until network idle)

| page | build | files (gzip, level 9) |
|---|---|---|
${files.join('\n')}

## Definitions

- **Pages**: one per element and build, the element in the page's markup with the attributes it needs to render its
  form (\`base-domain\` is the bench's own server, a stub API: no page sends it a request), then its script at the end
  of \`<body>\`. *script tag*: \`dist/nid-journeys.js\` (all four elements, IIFE) with its lazy chunks beside it.
  *script tag, nid-<journey>.js*: the element's own script-tag bundle (that element alone, IIFE, the same lazy
  chunks), whose first line is V8's explicit compile hint \`//# allFunctionsCalledOnLoad\` (Chromium compiles the
  file on the thread that streams it in; other engines ignore the comment).
  *ESM bundled*: the element's ESM entry (\`dist/esm/<element>.js\`) bundled as an npm consumer's app would be
  (Vite app build, minified, target es2022, lit / @lit/localize / zod / libphonenumber-js bundled); the library's
  dynamic imports stay lazy chunks, as in the consumer's build. Not an import map over \`dist/esm\`: that would time
  ~50 unbundled module requests that no production site serves. The baseline (\`bench/baseline/\`) is built like the
  script-tag bundle (IIFE, minified, lit included). \`nid-activate\` has \`?token=\` in its address; \`nid-invite-form\`
  has \`action\`; \`nid-register (all fields)\` has \`fields="${ALL_FIELDS}"\`, \`terms-url\`, \`privacy-url\` and a
  \`settings\` property with three security questions (checking it loads the transport chunk before the form shows).
- **first control rendered**: \`performance.now()\` (ms from navigation start) in the microtask where the element's
  shadow root first contains an \`<input>\` (for \`nid-activate\`, whose first view has none, its \`<button>\`),
  seen by a MutationObserver that an inline harness script in \`<head>\` attaches to the root as it is created.
  Includes navigation, the HTML, the script's download (localhost), compile and run, and the first render.
- **next frame**: when the first frame containing that control has been produced: a message posted from the next
  \`requestAnimationFrame\` callback, handled after that frame's style, layout and paint.
- **scripting until render**: main-thread JavaScript from navigation start to that moment, from a Chromium trace
  (\`devtools.timeline\`, \`v8.execute\`, recorded during every measured load): the self time of the
  ${[...SCRIPT_EVENTS].join(', ')} and V8 events, as DevTools' "Scripting" counts it (style, layout and HTML parsing
  forced from inside a script are not included), in the main thread's **CPU time** (the events' thread durations):
  on a busy machine wall time also counts the time the renderer waited for a core. results.json also has it in wall
  time (\`scriptingMs\`) and as wall time inside JavaScript with the forced work (\`jsCallsMs\`).
- **JS heap after GC**: \`JSHeapUsedSize\` (CDP \`Performance.getMetrics\`) after the page reached network idle (lazy
  chunks in) and a forced GC (\`HeapProfiler.collectGarbage\`).
- **JS requested**: the JavaScript files the page requested until network idle, summed: raw, gzip (level 9) and brotli
  (quality 11) computed with node:zlib from the served files (served uncompressed on localhost, so bytes do not
  change the times above).
- **Typing**: from the keydown event's \`timeStamp\` (Chromium received the key from Playwright) to: the \`input\`
  event's capturing listener on \`window\`; its bubbling listener on \`window\` (the element's own handler has
  reformatted the number and, in the microtask checkpoint after it, Lit has updated the element: the difference is
  their time; the element's \`updateComplete\`, kept in results.json, is then already resolved); the end of the
  next frame (as above). Only digits are timed, after the phone chunk is in. Pages are cross-origin
  isolated (COOP/COEP headers), so \`performance.now()\` has 5 µs resolution instead of 100 µs.
- results.json has every run's figures (the first-script count above included), scripting split by trace event, and
  \`Performance.getMetrics\` ScriptDuration / TaskDuration until network idle.
`;

writeFileSync(join(benchDir, 'results.md'), markdown);
writeFileSync(
  join(benchDir, 'results.json'),
  `${JSON.stringify({ generatedBy: 'npm run bench (bench/run.mjs)', date, chromium: chromiumVersion, node: process.version, machine, runs: RUNS, elapsedSeconds: elapsedS, apiRequests: apiHits, scenarios: results, typing: { ...typing, summary: keystroke }, filter: { ...filtering, summary: filterKeystroke, pureSummary: filterPure } }, null, 2)}\n`,
);
console.log(`\n${markdown}`);
if (apiHits.length) console.warn(`Requests to the stub API (none expected): ${apiHits.join(', ')}`);
log('wrote bench/results.md and bench/results.json');
