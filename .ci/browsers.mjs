#!/usr/bin/env node
/**
 * Finds the browsers the tests run in, and installs them on a Debian/Ubuntu
 * machine when running as root (CI). Browsers always come from the system
 * packages, never from npm downloads (see shared/toolchain.md).
 *
 *   node .ci/browsers.mjs     ensure, then print what was found
 *   import { findBrowsers, ensureBrowsers } from '../.ci/browsers.mjs'
 *
 * Overrides: CHROME_PATH, FIREFOX_PATH, WEBKIT_DRIVER_PATH, MINIBROWSER_PATH.
 * Chromium and Firefox are mandatory; WebKit (WebKitWebDriver + MiniBrowser +
 * Xvfb or an X display) is optional off Debian-as-root and is then skipped
 * with a warning.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { aptInstall, isDebianLike, isExecutable, isRoot, onPath } from './system.mjs';

/** Debian's packages for everything below (`xauth` only for running `xvfb-run` by hand). */
export const APT_PACKAGES = ['chromium', 'firefox-esr', 'webkit2gtk-driver', 'xvfb', 'xauth'];

/** Chromium flags: headless in a sandbox-less container, and quiet on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** MiniBrowser lives in an arch-specific libexec directory: /usr/lib/<triplet>/webkit2gtk-4.x/MiniBrowser. */
function findMiniBrowser() {
  const candidates = [];
  for (const lib of ['/usr/lib', '/usr/libexec', '/usr/lib64']) {
    let entries = [];
    try {
      entries = readdirSync(lib);
    } catch {
      continue;
    }
    for (const version of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
      candidates.push(join(lib, version, 'MiniBrowser'));
      for (const entry of entries) candidates.push(join(lib, entry, version, 'MiniBrowser'));
    }
  }
  return candidates.find(isExecutable);
}

/**
 * An explicit path from the environment wins; it must exist, or it is
 * reported as missing (with the variable named) rather than silently replaced.
 */
function pick(envName, find) {
  const fromEnv = process.env[envName];
  if (fromEnv) return { path: isExecutable(fromEnv) ? fromEnv : undefined, env: fromEnv };
  return { path: find() };
}

/**
 * What is installed, without installing anything. Each entry is a path or
 * undefined; `envProblems` names override variables that point nowhere.
 */
export function findBrowsers() {
  const chromium = pick('CHROME_PATH', () => onPath('chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'));
  const firefox = pick('FIREFOX_PATH', () => onPath('firefox-esr', 'firefox'));
  const webkitDriver = pick('WEBKIT_DRIVER_PATH', () => onPath('WebKitWebDriver'));
  const miniBrowser = pick('MINIBROWSER_PATH', findMiniBrowser);
  const xvfb = onPath('Xvfb');
  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY || undefined;
  const envProblems = [
    ['CHROME_PATH', chromium],
    ['FIREFOX_PATH', firefox],
    ['WEBKIT_DRIVER_PATH', webkitDriver],
    ['MINIBROWSER_PATH', miniBrowser],
  ]
    .filter(([, found]) => found.env && !found.path)
    .map(([name, found]) => `${name}=${found.env} is not an executable file`);
  const found = {
    chromium: chromium.path,
    firefox: firefox.path,
    webkitDriver: webkitDriver.path,
    miniBrowser: miniBrowser.path,
    /** The virtual X server MiniBrowser runs in (.config/web-test-runner.config.mjs starts a private one). */
    xvfb,
    display,
    envProblems,
  };
  return { ...found, webkit: webkitStatus(found) };
}

/**
 * WebKit needs the driver, MiniBrowser, and a display: Xvfb (preferred, the
 * test runner config starts a private one) or an existing DISPLAY.
 */
function webkitStatus({ webkitDriver, miniBrowser, xvfb, display }) {
  const missing = [];
  if (!webkitDriver) missing.push('WebKitWebDriver (Debian: webkit2gtk-driver, or set WEBKIT_DRIVER_PATH)');
  if (!miniBrowser) missing.push('MiniBrowser (Debian: webkit2gtk-driver pulls libwebkit2gtk-4.1, or set MINIBROWSER_PATH)');
  if (!xvfb && !display) missing.push('an X display: Xvfb (Debian: xvfb), or DISPLAY');
  return { available: missing.length === 0, missing };
}

export class BrowsersMissingError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BrowsersMissingError';
  }
}

function mandatoryProblems(found, wanted) {
  const problems = [...found.envProblems];
  if (problems.length > 0) return problems;
  if (wanted.includes('chromium') && !found.chromium) problems.push('Chromium: not found (Debian: apt-get install chromium; or set CHROME_PATH to a Chromium/Chrome binary)');
  if (wanted.includes('firefox') && !found.firefox) problems.push('Firefox: not found (Debian: apt-get install firefox-esr; or set FIREFOX_PATH to a Firefox binary, 128 or newer for WebDriver BiDi)');
  return problems;
}

/**
 * Makes sure the wanted browsers are there. On Debian/Ubuntu as root, a
 * missing one is installed with apt-get (output streamed). Chromium and
 * Firefox are mandatory: throws BrowsersMissingError when one is still
 * missing. WebKit is reported with `webkit.available === false` and a warning.
 *
 * @param {{ wanted?: string[], log?: (line: string) => void, warn?: (line: string) => void }} [options]
 */
export function ensureBrowsers({ wanted = ['chromium', 'firefox', 'webkit'], log = console.log, warn = console.warn } = {}) {
  let found = findBrowsers();
  const needsInstall =
    mandatoryProblems(found, wanted).length > 0 || (wanted.includes('webkit') && !found.webkit.available);
  if (needsInstall && found.envProblems.length === 0) {
    if (isRoot() && isDebianLike()) {
      log(`Installing browsers from the system packages: ${APT_PACKAGES.join(' ')}`);
      try {
        aptInstall(APT_PACKAGES, log);
      } catch (error) {
        warn(`Installing the browsers failed: ${error.message}`);
      }
      found = findBrowsers();
    }
  }
  const problems = mandatoryProblems(found, wanted);
  if (problems.length > 0) {
    const how = found.envProblems.length > 0
      ? 'Fix or unset the variable(s) above.'
      : isDebianLike()
      ? `As root: apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`
      : 'Install Chromium and Firefox (ESR 128 or newer) with your system package manager, or point CHROME_PATH / FIREFOX_PATH at them.';
    throw new BrowsersMissingError(`Browsers needed by the tests are missing:\n  - ${problems.join('\n  - ')}\n${how}`);
  }
  if (wanted.includes('webkit') && !found.webkit.available) {
    warn(
      [
        '',
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        '!!  WARNING: WebKit is NOT tested on this machine. Missing:',
        ...found.webkit.missing.map((item) => `!!    - ${item}`),
        '!!  Debian/Ubuntu, as root: apt-get install webkit2gtk-driver xvfb',
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        '',
      ].join('\n'),
    );
  }
  return found;
}

/** The browsers named by NID_BROWSERS (comma list), or `fallback`. Throws on an unknown name. */
export function browsersFromEnv(fallback = ['chromium', 'firefox']) {
  const raw = process.env.NID_BROWSERS;
  if (!raw || raw.trim() === '') return [...fallback];
  const names = [...new Set(raw.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean))];
  const unknown = names.filter((name) => !['chromium', 'firefox', 'webkit'].includes(name));
  if (unknown.length > 0) throw new Error(`NID_BROWSERS: unknown browser(s) ${unknown.join(', ')}; use chromium, firefox, webkit`);
  return names;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const found = ensureBrowsers({ wanted: browsersFromEnv(['chromium', 'firefox', 'webkit']) });
    console.log(`Chromium:        ${found.chromium ?? '(missing)'}`);
    console.log(`Firefox:         ${found.firefox ?? '(missing)'}`);
    console.log(`WebKitWebDriver: ${found.webkitDriver ?? '(missing)'}`);
    console.log(`MiniBrowser:     ${found.miniBrowser ?? '(missing)'}`);
    console.log(`Xvfb:            ${found.xvfb ?? '(missing)'}${found.display ? ` (DISPLAY=${found.display})` : ''}`);
    console.log(`WebKit:          ${found.webkit.available ? 'available' : 'skipped'}`);
  } catch (error) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
