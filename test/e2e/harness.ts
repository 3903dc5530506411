/**
 * Shared set-up of the end-to-end tests (not a test file itself: `*.test.ts`
 * are): the reference server in-process on ephemeral ports, Chromium through
 * playwright-core with the CI's flags, pages watched for errors and API
 * requests, and the outbox.
 *
 * Needs the built bundle (`npm run build`) and Chromium (CHROME_PATH, default
 * /usr/bin/chromium). NID_DIST_DIR points at another build directory.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowsers } from '../../.ci/browsers.mjs';
import {
  startReferenceServer,
  type ReferenceServer,
  type ReferenceServerOptions,
} from '../../demo/server/reference-server.js';

export const distDir = process.env['NID_DIST_DIR'] || fileURLToPath(new URL('../../dist', import.meta.url));
export const bundle = join(distDir, 'nid-journeys.js');
export const TIMEOUT = 15_000;

export let server: ReferenceServer;
export let browser: Browser;
export let context: BrowserContext;
let counter = 0;

/** A unique address per run and test. */
export const newEmail = () => `e2e.${Date.now().toString(36)}.${++counter}@example.com`;

export interface Watched {
  page: Page;
  /** Uncaught exceptions, console errors and CSP / Trusted Types violations. */
  problems: string[];
  /** Requests the page sent to the Journeys API (across navigations). */
  apiRequests: Request[];
  /** Every request of the page, from its first (scripts, locale files, API). */
  requests: Request[];
}

/** Starts the server and Chromium before the file's tests, and stops them after. */
export function useBrowser(options: ReferenceServerOptions = {}): void {
  before(async () => {
    assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build first`);
    server = await startReferenceServer({ sitePort: 0, apiPort: 0, distDir, log: () => {}, ...options });
    const executablePath = findBrowsers().chromium;
    assert.ok(executablePath, 'Chromium not found: install it (Debian: chromium) or set CHROME_PATH');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ locale: 'en-US' });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });
}

/** Opens a demo page (path on the demo site, or an absolute link) in a new, watched tab. */
export async function openPage(pathOrUrl: string): Promise<Watched> {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems: string[] = [];
  const apiRequests: Request[] = [];
  const requests: Request[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  // Every Content-Security-Policy or Trusted Types violation, reported as a console error (above CSP: an init script).
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`securitypolicyviolation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`),
    ),
  );
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    requests.push(request);
    if (request.url().startsWith(server.apiUrl)) apiRequests.push(request);
  });
  await page.goto(pathOrUrl.startsWith('http') ? pathOrUrl : `${server.siteUrl}${pathOrUrl}`);
  return { page, problems, apiRequests, requests };
}

/** The POST requests to one API path, in order. */
export function requestsTo(requests: Request[], path: string): Request[] {
  return requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === path);
}

/** Opens /outbox in `page` and returns the newest link to `to` whose address matches `pattern`. */
export async function linkFor(page: Page, to: string, pattern: RegExp): Promise<string> {
  await page.goto(`${server.siteUrl}/outbox`);
  const message = page.locator('article.message', { hasText: to }).filter({ has: page.getByRole('link', { name: pattern }) }).first();
  await message.waitFor();
  const href = await message.getByRole('link', { name: pattern }).getAttribute('href');
  assert.ok(href, `the outbox message to ${to} has a link`);
  return href;
}

/** Waits until the page is on the demo app (the journey's redirect) and returns what it received. */
export async function landedOnApp(page: Page): Promise<{ code: string; state: string; url: URL }> {
  await page.waitForURL((url) => url.origin === server.siteUrl && url.pathname === '/app.html');
  const url = new URL(page.url());
  const code = (await page.locator('#param-code').textContent()) ?? '';
  const state = (await page.locator('#param-state').textContent()) ?? '';
  return { code, state, url };
}

/** A POST to the API from Node (no Origin header: not a browser). */
export async function api(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${server.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}
