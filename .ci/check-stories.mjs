#!/usr/bin/env node
/**
 * The Storybook catalogue, checked in Chromium: it builds (npm run
 * build-storybook), then every story of storybook-static/index.json is opened
 * on its own page and must
 *
 *   - render, and its play function (filling and sending the form) pass;
 *   - log no console error and throw no uncaught exception, and load no
 *     resource that fails (no server runs: a request that escaped the
 *     stories' mocked service would show here);
 *   - pass axe (WCAG 2.x A and AA rules, shadow DOM included).
 *
 * Stories tagged `check-themes` are checked again right to left in the dark
 * theme (locale ar, theme dark) and in the customer brand (he, brand); each
 * element needs at least one. Each docs page, which renders all of an
 * element's stories in one iframe with one mocked fetch, must render them
 * without an error too.
 *
 *   node .ci/check-stories.mjs                build, then check every story
 *   node .ci/check-stories.mjs --no-build     check the existing storybook-static/
 *   node .ci/check-stories.mjs [--no-build] register activate--expired
 *                                             only the stories whose id contains one of these
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowsers } from './browsers.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const staticDir = join(root, 'storybook-static');
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Pages checked at once: enough to keep 2 cores busy while one page waits for its play function. */
const PAGES = 3;
/** The longest a story may take to render and play (a locale and the phone chunk load on first use). */
const STORY_TIMEOUT = 30_000;
const THEME_TAG = 'check-themes';
const THEME_VARIANTS = ['locale:ar;theme:dark', 'locale:he;theme:brand'];
const AXE_PATH = '/__check-stories/axe.min.js';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const only = args.filter((arg) => !arg.startsWith('--'));

function runBuild() {
  console.log('$ npm run build-storybook');
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build-storybook'], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build-storybook exited with code ${code}`))));
  });
}

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** storybook-static/ over HTTP on a free loopback port (file: URLs would not load its modules). */
function serveStatic() {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    // Chromium asks every top-level page for one; the build has an SVG icon only, and a 404 would read as a failure.
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    // axe from this server rather than inlined into each page: cached, it is compiled once rather than on every page.
    const file = path === AXE_PATH ? axeSource : join(staticDir, path.endsWith('/') ? `${path}index.html` : path);
    if (request.method !== 'GET' || (file !== axeSource && !file.startsWith(staticDir + sep))) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      // Cacheable, so that each page after the first takes the preview's scripts, compiled, from Chromium's caches.
      response
        .writeHead(200, { 'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'max-age=3600' })
        .end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** What to open: every story, the theme variants of the tagged ones, every docs page. */
function plan() {
  const entries = Object.values(JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')).entries);
  const stories = entries.filter((entry) => entry.type === 'story');
  const untested = [...new Set(stories.map((story) => story.title))].filter(
    (title) => !stories.some((story) => story.title === title && story.tags?.includes(THEME_TAG)),
  );
  const jobs = [
    ...stories.map((story) => ({ id: story.id, kind: 'story' })),
    ...stories
      .filter((story) => story.tags?.includes(THEME_TAG))
      .flatMap((story) => THEME_VARIANTS.map((globals) => ({ id: story.id, kind: 'story', globals }))),
    ...entries.filter((entry) => entry.type === 'docs').map((entry) => ({ id: entry.id, kind: 'docs' })),
  ];
  return { stories, untested, jobs: jobs.filter((job) => only.length === 0 || only.some((part) => job.id.includes(part))) };
}

/** A problem in at most a dozen lines: a stack or a DOM dump would bury the list. */
const brief = (text) => {
  const lines = text.split('\n');
  return lines.length > 12 ? [...lines.slice(0, 12), `… (${lines.length - 12} more lines)`].join('\n') : text;
};

const label = (job) => `${job.id}${job.globals ? ` [${job.globals}]` : ''}`;

/** Events of Storybook's preview that tell how a story went. */
const STORY_EVENTS = ['storyFinished', 'storyMissing', 'storyErrored', 'storyThrewException', 'playFunctionThrewException'];

/**
 * Runs in each page before Storybook: records the preview's events as the
 * preview sets up its channel, so that none is missed however fast it goes.
 */
function recordStoryEvents(names) {
  const events = (window.__storyEvents = []);
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      for (const name of names) value.on(name, (payload) => events.push({ name, payload }));
    },
  });
}

/** Storybook shows its error display instead of the story or docs page: nothing more will render. */
const ERROR_DISPLAY = 'sb-show-errordisplay';

/** A story has finished once its play function and Storybook's checks after it have ("storyFinished"). */
function storyFinished({ id, errorDisplay }) {
  return (
    document.body.classList.contains(errorDisplay) ||
    window.__storyEvents.some(({ name, payload }) => (name === 'storyFinished' && payload?.storyId === id) || name === 'storyMissing')
  );
}

/** A docs page has rendered once its stories have, and no new one started for a moment. */
function docsFinished(errorDisplay) {
  if (document.body.classList.contains(errorDisplay)) return true;
  const renders = window.__STORYBOOK_PREVIEW__?.storyRenders ?? [];
  const done = document.querySelector('#storybook-docs .sbdocs') !== null && renders.length > 0 && renders.every((render) => render.phase === 'finished');
  const state = (window.__docsCheck ??= { count: -1, since: 0 });
  if (!done || state.count !== renders.length) {
    Object.assign(state, { count: done ? renders.length : -1, since: performance.now() });
    return false;
  }
  return performance.now() - state.since > 500;
}

/** What went wrong, by the page and the recorded events: an exception in a render or a play function, a missing story. */
function storyFailures(errorDisplay) {
  const failures = [];
  if (document.body.classList.contains(errorDisplay)) {
    failures.push(`Storybook shows an error: ${document.getElementById('error-message')?.textContent ?? ''}`);
  }
  for (const { name, payload } of window.__storyEvents) {
    if (name === 'storyFinished') {
      if (payload?.status === 'error') failures.push(`${payload.storyId} finished with errors`);
    } else if (name === 'storyMissing') {
      failures.push('Storybook has no such story');
    } else if (name === 'storyErrored') {
      failures.push(`render error: ${payload?.title}\n${payload?.description ?? ''}`);
    } else {
      failures.push(`${name === 'playFunctionThrewException' ? 'play function' : 'render'} threw: ${payload?.message}\n${payload?.stack ?? ''}`);
    }
  }
  return failures;
}

async function axeViolations(page) {
  await page.addScriptTag({ url: AXE_PATH });
  return page.evaluate(async (tags) => {
    const { violations } = await window.axe.run(document.querySelector('#storybook-root'), {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return violations.map(({ id, impact, help, nodes }) => {
      // A node inside a shadow root is targeted by its path of selectors, host first.
      const targets = nodes.slice(0, 3).map(({ target }) => target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : part)).join(' '));
      return `axe ${impact} ${id}: ${help} (${nodes.length}x: ${targets.join(' | ')})`;
    });
  }, AXE_TAGS);
}

async function check(context, baseUrl, job) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const started = Date.now();
  try {
    const query = new URLSearchParams({ id: job.id, viewMode: job.kind });
    if (job.globals) query.set('globals', job.globals);
    await page.goto(`${baseUrl}/iframe.html?${query}`);
    const finished =
      job.kind === 'docs'
        ? page.waitForFunction(docsFinished, ERROR_DISPLAY, { timeout: STORY_TIMEOUT, polling: 100 })
        : page.waitForFunction(storyFinished, { id: job.id, errorDisplay: ERROR_DISPLAY }, { timeout: STORY_TIMEOUT, polling: 100 });
    // An uncaught exception fails the story anyway: no need to wait for a render that may never finish
    // (a broken preview would otherwise cost the timeout for every story).
    const crashed = new Promise((resolve) => page.once('pageerror', resolve));
    finished.catch(() => undefined); // it loses the race when the page crashes, and rejects as the page closes
    await Promise.race([finished, crashed]);
    const failures = await page.evaluate(storyFailures, ERROR_DISPLAY);
    problems.push(...failures);
    if (failures.length === 0 && job.kind === 'story') problems.push(...(await axeViolations(page)));
  } catch (error) {
    problems.push(error.name === 'TimeoutError' ? `did not finish rendering within ${STORY_TIMEOUT / 1000} s` : String(error.message ?? error));
  } finally {
    // Requests cut short by the closing would read as failures of the story.
    page.removeAllListeners();
    await page.close();
  }
  return { job, problems, ms: Date.now() - started };
}

const started = Date.now();
if (build) await runBuild();
if (!existsSync(join(staticDir, 'index.json'))) {
  console.error('check-stories: storybook-static/index.json is missing: run npm run build-storybook (or leave out --no-build)');
  process.exit(1);
}
const executablePath = findBrowsers().chromium;
if (!executablePath) {
  console.error('check-stories: Chromium not found (Debian: apt-get install chromium; or set CHROME_PATH)');
  process.exit(1);
}

const { stories, untested, jobs } = plan();
if (jobs.length === 0) {
  console.error(`check-stories: no story id contains ${only.join(' or ')}`);
  process.exit(1);
}
const server = await serveStatic();
const baseUrl = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const checkStarted = Date.now();
const results = [];
try {
  // One context per worker: pages share its HTTP cache (the preview's 1 MB of scripts), never their state.
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: Math.min(PAGES, queue.length) }, async () => {
      const context = await browser.newContext({ locale: 'en-US' });
      await context.addInitScript(recordStoryEvents, STORY_EVENTS);
      for (let job = queue.shift(); job; job = queue.shift()) {
        const result = await check(context, baseUrl, job);
        results.push(result);
        const mark = result.problems.length ? 'FAIL' : 'ok  ';
        console.log(`${mark} ${label(job).padEnd(72)} ${(result.ms / 1000).toFixed(1).padStart(5)} s`);
      }
      await context.close();
    }),
  );
} finally {
  await browser.close();
  server.close();
}

const failed = results.filter((result) => result.problems.length > 0);
const problems = [
  ...untested.map((title) => `${title}: no story is tagged '${THEME_TAG}', so nothing checks it right to left in the dark theme`),
  ...failed.map(({ job, problems: list }) => `${label(job)}\n${list.map((line) => `    ${brief(line).replace(/\n/g, '\n    ')}`).join('\n')}`),
];
const counts = `${stories.length} stories, ${results.length} pages checked in ${((Date.now() - checkStarted) / 1000).toFixed(1)} s (total ${((Date.now() - started) / 1000).toFixed(1)} s)`;
if (problems.length > 0) {
  console.error(`\ncheck-stories: ${problems.length} problem(s); ${counts}\n`);
  for (const problem of problems) console.error(`- ${problem}\n`);
  process.exitCode = 1; // not exit(): it would cut a long report written to a pipe
} else {
  console.log(`\ncheck-stories: ${counts}, all clean`);
}
