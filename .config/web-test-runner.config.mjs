/**
 * web-test-runner: the browser unit and component tests (test/**\/*.test.ts,
 * except the Node tests in test/node and the end-to-end tests in test/e2e).
 *
 * Browsers: NID_BROWSERS=chromium,firefox,webkit (comma list; default
 * chromium,firefox). All come from the system packages (.ci/browsers.mjs):
 *   - Chromium through puppeteer (chromeLauncher), headless;
 *   - Firefox through puppeteer-core over WebDriver BiDi (no geckodriver);
 *   - WebKit: MiniBrowser through a WebKitWebDriver this config starts on a
 *     free port, in a private Xvfb display it also starts (MiniBrowser has no
 *     headless mode); both are stopped when the runner exits.
 *
 * `npm test` runs everything; for a quick loop: `NID_BROWSERS=chromium npm run test:browser`,
 * one file: `npm run test:browser -- test/unit/client.test.ts`.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import puppeteerCore from 'puppeteer-core';
import { CHROMIUM_ARGS, browsersFromEnv, findBrowsers } from '../.ci/browsers.mjs';
import { strictCspServer } from '../test/csp/strict-csp-server.mjs';
import { ssrPlugin } from '../test/ssr/ssr-plugin.mjs';
import { reactPlugin } from '../test/helpers/react-plugin.mjs';
import { referenceServerPlugin } from '../test/helpers/reference-server-plugin.mjs';

const wanted = browsersFromEnv(['chromium', 'firefox']);
const found = findBrowsers();

function fail(message) {
  console.error(`\n[web-test-runner.config] ${message}\nRun \`node .ci/browsers.mjs\` to check or install the browsers.\n`);
  process.exit(1);
}

if (found.envProblems.length > 0) fail(found.envProblems.join('\n'));

/** A TCP port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Helper processes (Xvfb, WebKitWebDriver), stopped in reverse order when this process ends, however it ends. */
const helpers = [];
function stopHelpers() {
  for (const child of helpers.reverse()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  helpers.length = 0;
}
process.on('exit', stopHelpers);
// web-test-runner handles SIGINT itself (stops, then exits); exit here only if it has not hooked in yet.
process.on('SIGINT', () => {
  stopHelpers();
  if (process.listenerCount('SIGINT') === 1) process.exit(130);
});
for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    stopHelpers();
    process.exit(code);
  });
}

function startHelper(command, args, extraFds = 0) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe', ...Array(extraFds).fill('pipe')] });
  helpers.push(child);
  child.stderrTail = '';
  child.stderr.on('data', (chunk) => {
    child.stderrTail = (child.stderrTail + chunk).slice(-4000);
  });
  return child;
}

/**
 * A private virtual display for MiniBrowser (it has no headless mode). Xvfb
 * picks a free display number itself and reports it on fd 3. (xvfb-run is not
 * used: on these machines it now and then fails its own clean-up with exit
 * code 5 after a green run, and then leaves its Xvfb running.)
 */
function startXvfb(xvfbPath) {
  const xvfb = startHelper(xvfbPath, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], 1);
  return new Promise((resolve) => {
    let number = '';
    const timer = setTimeout(() => fail(`Xvfb did not start within 15 s.\n${xvfb.stderrTail}`), 15_000);
    xvfb.stdio[3].on('data', (chunk) => {
      number += chunk;
      if (number.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${number.trim()}`);
      }
    });
    xvfb.on('exit', (code) => {
      clearTimeout(timer);
      if (!number.includes('\n')) fail(`Xvfb exited with code ${code} before it was ready.\n${xvfb.stderrTail}`);
    });
  });
}

/** Starts WebKitWebDriver on a free port and waits until it answers /status. */
async function startWebKitDriver(driverPath) {
  const port = await freePort();
  const driver = startHelper(driverPath, [`--port=${port}`, '--host=127.0.0.1']);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && driver.exitCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return port;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fail(`WebKitWebDriver (${driverPath}) did not start on port ${port}.\n${driver.stderrTail}`);
  return undefined;
}

const browsers = [];

if (wanted.includes('chromium')) {
  if (!found.chromium) fail('Chromium not found: install it (Debian: chromium) or set CHROME_PATH.');
  browsers.push(
    chromeLauncher({
      launchOptions: { executablePath: found.chromium, headless: true, args: CHROMIUM_ARGS },
    }),
  );
}

if (wanted.includes('firefox')) {
  if (!found.firefox) fail('Firefox not found: install it (Debian: firefox-esr) or set FIREFOX_PATH.');
  browsers.push(
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: found.firefox, headless: true },
    }),
  );
}

if (wanted.includes('webkit')) {
  if (!found.webkit.available) fail(`WebKit cannot run here. Missing:\n  - ${found.webkit.missing.join('\n  - ')}`);
  // A private Xvfb even when a desktop DISPLAY exists: no windows popping up. MiniBrowser inherits
  // DISPLAY through WebKitWebDriver. NID_USE_DISPLAY=1 shows the browser on your own display instead.
  if (found.xvfb && !(process.env.NID_USE_DISPLAY && found.display)) {
    process.env.DISPLAY = await startXvfb(found.xvfb);
    delete process.env.WAYLAND_DISPLAY;
  }
  const port = await startWebKitDriver(found.webkitDriver);
  browsers.push(
    webdriverLauncher({
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: found.miniBrowser, args: ['--automation'] },
      },
    }),
  );
}

if (browsers.length === 0) fail('NID_BROWSERS selects no browser.');

/** The repository root: this config lives in .config/, the paths below are the project's. */
const rootDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * The phone fields' flags, `/flags/<cc>.svg`: where the sources look for them
 * (src/phone/load-phone.ts: beside src/, as dist/flags/ is beside dist/esm/),
 * served from flag-icons as the build copies them.
 */
async function flagFiles(ctx, next) {
  const match = /^\/flags\/([a-z]{2})\.svg$/.exec(ctx.path);
  if (!match) return next();
  try {
    ctx.body = await readFile(new URL(`../node_modules/flag-icons/flags/4x3/${match[1]}.svg`, import.meta.url));
    ctx.type = 'image/svg+xml';
  } catch {
    ctx.status = 404;
  }
}

/** test/csp/strict-csp.test.ts: its pages under /csp/ with the strict policy as a header, and a stand-in service on its own origin. */
const strictCsp = strictCspServer();

export default {
  rootDir,
  files: ['test/**/*.test.ts', '!test/node/**', '!test/e2e/**', '!test/consumer/**'],
  nodeResolve: true,
  // Before web-test-runner's own middleware and plugins: the /csp/ pages leave exactly as served.
  middleware: [strictCsp.middleware, flagFiles],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: `${rootDir}tsconfig.json`, target: 'es2022' }),
    // The real reference server for test/oauth/reference-server.test.ts (started on first use).
    referenceServerPlugin(),
    strictCsp.plugin,
    // Server-rendered pages for test/ssr/hydration.test.ts (rendered in a child process on first use).
    ssrPlugin(),
    // React (CommonJS) for the browser, and React's server rendering in Node: test/frameworks/react.test.ts.
    reactPlugin(),
  ],
  browsers,
  // WebKitWebDriver drives one MiniBrowser window: one test file at a time.
  // (Never `concurrency: undefined`: the runner then hangs.)
  ...(wanted.includes('webkit') ? { concurrency: 1 } : {}),
  // Lit's dev-mode notice appears once per test file in every browser: noise.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].startsWith('Lit is in dev mode')),
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  testFramework: {
    config: { timeout: 10_000, ui: 'bdd' },
  },
};
